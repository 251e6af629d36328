package account

import (
	"embed"
	"time"

	"github.com/incido/incido/app/mail"
	"github.com/incido/incido/app/zone"
)

//go:embed notices
var noticeFiles embed.FS

var notices = mail.MustParseNotices(noticeFiles, "notices")

// ResetLinkNotice is the mail that carries a reset link, the only secret
// any Incido mail holds.
func ResetLinkNotice(u *User, link string, l *ResetLink) (mail.Message, error) {
	loc := u.Location()
	return notices.Compose(u.Email, "Reset your Incido password", "reset-link", map[string]string{
		"Name":      u.GivenName,
		"Email":     u.Email,
		"Link":      link,
		"Requested": zone.Long(l.CreatedAt, loc),
		"Expires":   zone.Long(l.ExpiresAt, loc),
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
	return notices.Compose(u.Email, "Your Incido password was "+how, "password-changed", map[string]string{
		"Name":      u.GivenName,
		"Email":     u.Email,
		"How":       how,
		"When":      zone.Long(ch.At, u.Location()),
		"IP":        ch.IP,
		"Browser":   ch.Browser,
		"TokensURL": ch.TokensURL,
		"ForgotURL": ch.ForgotURL,
	})
}
