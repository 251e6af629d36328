package account

import (
	"errors"
	netmail "net/mail"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"

	"github.com/incido/incido/app/mail"
	"github.com/incido/incido/app/zone"
)

// ErrInvalidEmail is returned for anything that is not one plain address.
var ErrInvalidEmail = errors.New("enter an email address such as name@example.com")

// ErrEmailTooLong is returned for addresses over 254 bytes once encoded.
var ErrEmailTooLong = errors.New("an email address can be at most 254 characters")

var domainProfile = idna.New(
	idna.MapForLookup(),
	idna.BidiRule(),
	idna.VerifyDNSLength(true),
	idna.StrictDomainName(true),
)

// NormalizeEmail trims surrounding spaces and tabs, refuses display names,
// control and invisible characters, and returns the address with its
// domain lowercased in its ASCII (IDNA) form: the form stored and compared.
func NormalizeEmail(raw string) (string, error) {
	s := strings.Trim(raw, " \t")
	if s == "" || !utf8.ValidString(s) {
		return "", ErrInvalidEmail
	}
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return "", ErrInvalidEmail
		}
	}
	addr, err := netmail.ParseAddress(s)
	if err != nil || addr.Name != "" || addr.Address != s {
		return "", ErrInvalidEmail
	}

	at := strings.LastIndexByte(s, '@')
	local, domain := s[:at], s[at+1:]
	if local == "" || !strings.Contains(domain, ".") {
		return "", ErrInvalidEmail
	}
	ascii, err := domainProfile.ToASCII(strings.ToLower(domain))
	if err != nil {
		return "", ErrInvalidEmail
	}
	// ToASCII accepts some malformed xn-- labels; decoding them must work too.
	if _, err := idna.Lookup.ToUnicode(ascii); err != nil {
		return "", ErrInvalidEmail
	}
	email := local + "@" + ascii
	if len(email) > 254 || len(local) > 64 {
		return "", ErrEmailTooLong
	}
	return email, nil
}

// EmailChangedNotice is the message that tells the old address its
// account now uses another one. It carries no link: a reset link would go
// to the new address, which may be the intruder's.
func EmailChangedNotice(u *User, oldEmail string, at time.Time) (mail.Message, error) {
	return notices.Compose(oldEmail, "Your Incido email address was changed", "email-changed",
		map[string]string{"Name": u.GivenName, "Old": oldEmail, "New": u.Email,
			"When": zone.Long(at, u.Location())})
}
