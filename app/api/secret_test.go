package api_test

import (
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
