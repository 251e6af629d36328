package account

import (
	"bytes"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"text/template"
	"time"

	"github.com/incido/incido/app/mail"
)

//go:embed notices
var noticeFiles embed.FS

// The notices are parsed once; they are embedded, so a broken one fails
// every test at start-up rather than a request.
var (
	textNotices = template.Must(template.ParseFS(noticeFiles, "notices/*.txt"))
	htmlNotices = htmltemplate.Must(htmltemplate.ParseFS(noticeFiles, "notices/*.html"))
)

// noticeTime is how mails write an instant: in the user's own timezone,
// named, so "09:30 CET (Europe/Berlin)" cannot be misread.
func noticeTime(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("Monday 2 January 2006 at 15:04 MST") + " (" + loc.String() + ")"
}

// ResetLinkNotice is the mail that carries a reset link, the only secret
// any Incido mail holds.
func ResetLinkNotice(u *User, link string, l *ResetLink) (mail.Message, error) {
	loc := u.Location()
	return notice(u.Email, "Reset your Incido password", "reset-link", map[string]string{
		"Name":      u.GivenName,
		"Email":     u.Email,
		"Link":      link,
		"Requested": noticeTime(l.CreatedAt, loc),
		"Expires":   noticeTime(l.ExpiresAt, loc),
	})
}

// PasswordChange describes a password change for its notice.
type PasswordChange struct {
	// Reset is true when an emailed link set the password.
	Reset   bool
	At      time.Time
	IP      string
	Browser string
	// TokensURL and ForgotURL are absolute links into the Dashboard.
	TokensURL string
	ForgotURL string
}

// PasswordChangedNotice is the mail that tells the owner their password
// changed, and what to do if they did not change it.
func PasswordChangedNotice(u *User, ch PasswordChange) (mail.Message, error) {
	how := "changed"
	if ch.Reset {
		how = "reset with an emailed link"
	}
	return notice(u.Email, "Your Incido password was "+how, "password-changed", map[string]string{
		"Name":      u.GivenName,
		"Email":     u.Email,
		"How":       how,
		"When":      noticeTime(ch.At, u.Location()),
		"IP":        ch.IP,
		"Browser":   ch.Browser,
		"TokensURL": ch.TokensURL,
		"ForgotURL": ch.ForgotURL,
	})
}

func notice(to, subject, name string, data map[string]string) (mail.Message, error) {
	var text, html bytes.Buffer
	if err := textNotices.ExecuteTemplate(&text, name+".txt", data); err != nil {
		return mail.Message{}, fmt.Errorf("account: notice %s: %w", name, err)
	}
	if err := htmlNotices.ExecuteTemplate(&html, name+".html", data); err != nil {
		return mail.Message{}, fmt.Errorf("account: notice %s: %w", name, err)
	}
	return mail.Message{To: to, Subject: subject, Text: text.String(), HTML: html.String()}, nil
}
