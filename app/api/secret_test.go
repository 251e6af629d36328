package api_test

import (
	"strconv"
	"testing"

	"github.com/incido/incido/app/token"
)

func validSecret(t *testing.T) string {
	s, err := token.NewSecret()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
