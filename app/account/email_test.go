package account_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/incido/incido/app/account"
)

func TestNormalizeEmailTrimsAndLowercasesTheDomainInItsASCIIForm(t *testing.T) {
	cases := map[string]string{
		"ops@example.com":           "ops@example.com",
		"  ops@example.com\t":       "ops@example.com",
		"\t\tOps@Example.COM  ":     "Ops@example.com",
		"bob@xn--bcher-kva.example": "bob@xn--bcher-kva.example",
		"bob@BÜCHER.example":        "bob@xn--bcher-kva.example",
		"bob@bücher.example":        "bob@xn--bcher-kva.example",
		"bob@XN--BCHER-KVA.example": "bob@xn--bcher-kva.example",
		"first.last+tag@example.co": "first.last+tag@example.co",
	}
	for in, want := range cases {
		got, err := account.NormalizeEmail(in)
		if err != nil || got != want {
			t.Errorf("NormalizeEmail(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestNormalizeEmailRefusesWhatIsNotOnePlainAddress(t *testing.T) {
	for name, in := range map[string]string{
		"empty":                "",
		"spaces only":          "  \t ",
		"zero-width space":     "ops\u200b@example.com",
		"zero-width joiner":    "ops@exa\u200dmple.com",
		"byte-order mark":      "\ufeffops@example.com",
		"no-break space":       "ops@example.com\u00a0",
		"inner no-break space": "ops\u00a0x@example.com",
		"narrow no-break":      "\u202fops@example.com",
		"inner space":          "ops x@example.com",
		"CR LF":                "ops@example.com\r\n",
		"LF inside":            "ops@exam\nple.com",
		"CR":                   "ops@example.com\rBcc: x@evil.example",
		"NUL":                  "ops@example.com\x00",
		"display name":         "Ops <ops@example.com>",
		"angle brackets":       "<ops@example.com>",
		"two addresses":        "a@example.com,b@example.com",
		"no at":                "ops.example.com",
		"no domain dot":        "ops@localhost",
		"empty local":          "@example.com",
		"bad punycode":         "bob@xn--bcher-kva-.example",
		"bad punycode digits":  "bob@xn--99999999999.example",
		"punycode of ASCII":    "bob@xn--example-.com",
		"ip literal":           "ops@[127.0.0.1]",
		"underscore domain":    "ops@exa_mple.com",
		"invalid UTF-8":        "ops@ex\xffample.com",
	} {
		if got, err := account.NormalizeEmail(in); err == nil {
			t.Errorf("%s: NormalizeEmail(%q) = %q, want an error", name, in, got)
		}
	}
}

func TestNormalizeEmailAllowsAtMost254Bytes(t *testing.T) {
	domain := "@" + strings.Repeat("d", 60) + "." + strings.Repeat("e", 60) + "." +
		strings.Repeat("f", 60) + ".example"
	local := strings.Repeat("l", 254-len(domain))
	if len(local) > 64 {
		t.Fatalf("test setup: local part %d bytes", len(local))
	}
	ok := local + domain
	if got, err := account.NormalizeEmail(ok); err != nil || len(got) != 254 {
		t.Errorf("a 254-byte address: %d bytes, %v", len(got), err)
	}
	if _, err := account.NormalizeEmail("l" + ok); !errors.Is(err, account.ErrEmailTooLong) {
		t.Errorf("a 255-byte address: %v, want ErrEmailTooLong", err)
	}
	// The limit counts the stored (ASCII) form, which is longer for an
	// internationalised domain.
	short := strings.Repeat("l", 40) + "@" + strings.Repeat("ü", 60) + "." +
		strings.Repeat("ü", 60) + "." + strings.Repeat("ü", 50) + ".example"
	if _, err := account.NormalizeEmail(short); err == nil {
		t.Errorf("an address over 254 bytes once encoded was accepted")
	}
}

func TestNormalizePersonName(t *testing.T) {
	ok := map[string]string{
		"  Dana ":                  "Dana",
		"José María":               "José María",
		"O'Brien-Smith":            "O'Brien-Smith",
		"\u0645\u0647\u200c\u0633": "\u0645\u0647\u200c\u0633", // ZWNJ in a Persian name
		strings.Repeat("é", 100):   strings.Repeat("é", 100),
	}
	for in, want := range ok {
		if got, err := account.NormalizePersonName(in); err != nil || got != want {
			t.Errorf("NormalizePersonName(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for name, in := range map[string]string{
		"empty":             "",
		"blank":             " \t ",
		"101 characters":    strings.Repeat("é", 101),
		"tab inside":        "Da\tna",
		"line break":        "Da\nna",
		"line separator":    "Da\u2028na",
		"NUL":               "Da\x00na",
		"escape":            "Da\x1b[31mna",
		"right-to-left ovr": "Dana\u202egpj.exe",
		"zero-width space":  "Da\u200bna",
		"invalid UTF-8":     "Da\xffna",
	} {
		if got, err := account.NormalizePersonName(in); err == nil {
			t.Errorf("%s: NormalizePersonName(%q) = %q, want an error", name, in, got)
		}
	}
}
