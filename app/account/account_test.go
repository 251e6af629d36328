package account_test

import (
	"os"
	"testing"

	"github.com/incido/incido/app/database/dbtest"
)

var db *dbtest.Database

func TestMain(m *testing.M) {
	os.Exit(dbtest.Run(m, &db))
}
