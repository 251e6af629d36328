package token

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestNewSecretHasTheDocumentedFormat(t *testing.T) {
	format := regexp.MustCompile(`^incido_pat_[0-9A-Za-z]{38}$`)
	seen := map[string]bool{}
	for range 200 {
		s, err := NewSecret()
		if err != nil {
			t.Fatal(err)
		}
		if !format.MatchString(s) {
			t.Fatalf("%q does not match the format", s)
		}
		if err := Verify(s); err != nil {
			t.Fatalf("a fresh secret fails its own checksum: %v", err)
		}
		if seen[s] {
			t.Fatal("duplicate secret")
		}
		seen[s] = true
	}
}

func TestDamagedSecretIsRefusedByChecksumWithoutTheDatabase(t *testing.T) {
	secret, _ := NewSecret()
	flip := func(i int) string {
		b := []byte(secret)
		switch c := b[i]; {
		case c >= 'a' && c <= 'z':
			b[i] = c - 32
		case c >= 'A' && c <= 'Z':
			b[i] = c + 32
		default:
			b[i] = '0' + (c-'0'+1)%10
		}
		return string(b)
	}
	damaged := map[string]string{
		"last character cut": secret[:len(secret)-1],
		"extra character":    secret + "A",
		"wrong prefix":       "incido_pot_" + secret[11:],
		"not base62":         secret[:20] + "-" + secret[21:],
		"empty":              "",
	}
	for i := len(Prefix); i < len(secret); i++ {
		damaged["flipped at "+string(rune('0'+i/10))+string(rune('0'+i%10))] = flip(i)
	}

	// A repository without a database panics if it is touched: the
	// checksum must refuse these first.
	var noDB Tokens
	for name, s := range damaged {
		if err := Verify(s); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: Verify = %v, want ErrMalformed", name, err)
		}
		if _, err := noDB.Authenticate(context.Background(), s, "", time.Now()); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: Authenticate = %v", name, err)
		}
	}
	if strings.ToUpper(secret) == secret {
		t.Skip("no letters to flip")
	}
}

func TestTokenIsValidUntilTheInstantOfExpiry(t *testing.T) {
	at := time.Date(2026, 3, 29, 0, 30, 0, 0, time.UTC)
	tok := Token{ExpiresAt: &at}
	if tok.State(at.Add(-time.Nanosecond)) != Active {
		t.Error("refused before its instant")
	}
	if tok.State(at) != Expired {
		t.Error("accepted at its instant")
	}
	never := Token{}
	if never.State(at.AddDate(50, 0, 0)) != Active {
		t.Error("a never-expiring token expired")
	}
}
