package api_test

import (
	"os"
	"testing"

	"github.com/incido/incido/app/access"
	"github.com/incido/incido/app/database/dbtest"
)

var db *dbtest.Database

var allScopes = access.Grant{All: true}

func TestMain(m *testing.M) {
	os.Exit(dbtest.Run(m, &db))
}
