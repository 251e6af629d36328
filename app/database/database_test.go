package database_test

import (
	"testing"

	"github.com/incido/incido/app/database"
)

func TestAnIDHasOneSpelling(t *testing.T) {
	for _, s := range []string{"3", "42", "9223372036854775807"} {
		if _, ok := database.ParseID(s); !ok {
			t.Errorf("%q refused", s)
		}
	}
	for _, s := range []string{"", "0", "-1", "+3", "03", "0003", "1e3", "3 ", " 3", "3.0", "0x3",
		"9223372036854775808", "٣"} {
		if id, ok := database.ParseID(s); ok {
			t.Errorf("%q accepted as %d", s, id)
		}
	}
}
