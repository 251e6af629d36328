package account

import (
	"errors"
	"fmt"
	"html/template"
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

// emailChangedHTML is the HTML part of the email change notice.
var emailChangedHTML = template.Must(template.New("email-changed").Parse(`<!doctype html>
<html lang="en"><body>
<p>Hello {{.Name}},</p>
<p>The email address of your Incido account was changed from
<strong>{{.Old}}</strong> to <strong>{{.New}}</strong> on {{.When}}.</p>
<p>If you made this change, there is nothing more to do. Incido now signs you in and writes
to the new address, and password-reset links sent before the change no longer work.</p>
<p><strong>If you did not make this change</strong>, whoever did knows your password. Contact
your Incido administrator at once to get your account back.</p>
</body></html>
`))

// EmailChangedNotice is the message that tells the old address its
// account now uses another one. It carries no link: a reset link would go
// to the new address, which may be the intruder's.
func EmailChangedNotice(u *User, oldEmail string, at time.Time) (mail.Message, error) {
	data := struct{ Name, Old, New, When string }{
		Name: u.GivenName, Old: oldEmail, New: u.Email, When: zone.Human(at, u.Location()),
	}
	var html strings.Builder
	if err := emailChangedHTML.Execute(&html, data); err != nil {
		return mail.Message{}, fmt.Errorf("account: email notice: %w", err)
	}
	text := fmt.Sprintf("Hello %s,\n\n"+
		"The email address of your Incido account was changed from %s to %s on %s.\n\n"+
		"If you made this change, there is nothing more to do. Incido now signs you in and\n"+
		"writes to the new address, and password-reset links sent before the change no\n"+
		"longer work.\n\n"+
		"If you did not make this change, whoever did knows your password. Contact your\n"+
		"Incido administrator at once to get your account back.\n",
		data.Name, data.Old, data.New, data.When)
	return mail.Message{
		To:      oldEmail,
		Subject: "Your Incido email address was changed",
		Text:    text,
		HTML:    html.String(),
	}, nil
}
