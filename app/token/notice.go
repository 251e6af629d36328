package token

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/incido/incido/app/mail"
)

// ExpiryNotice is a token about to expire and the owner to tell.
type ExpiryNotice struct {
	TokenID   int64     `db:"id"`
	Name      string    `db:"name"`
	ExpiresAt time.Time `db:"expires_at"`
	Email     string    `db:"email"`
	GivenName string    `db:"given_name"`
	Timezone  string    `db:"timezone"`
}

// noticeWindows are how long before expiry the owner is told, and the
// column that records it.
var noticeWindows = []struct {
	before time.Duration
	column string
	label  string
}{
	{7 * 24 * time.Hour, "notice_7d_sent_at", "in 7 days"},
	{24 * time.Hour, "notice_1d_sent_at", "within a day"},
}

// ClaimExpiryNotices marks as sent, and returns, the notices due at now
// for active tokens. Claiming is one UPDATE, so instances running at once
// never send the same notice twice.
func (r *Tokens) ClaimExpiryNotices(ctx context.Context, now time.Time) ([]ExpiryNotice, []string, error) {
	var all []ExpiryNotice
	var labels []string
	for _, w := range noticeWindows {
		var due []ExpiryNotice
		err := r.DB.SelectContext(ctx, &due, `
			UPDATE api_tokens t SET `+w.column+` = $1
			FROM users u
			WHERE u.id = t.user_id AND u.deactivated_at IS NULL
			  AND t.revoked_at IS NULL AND t.`+w.column+` IS NULL
			  AND t.expires_at > $1 AND t.expires_at <= $2
			RETURNING t.id, t.name, t.expires_at, u.email, u.given_name, u.timezone`,
			now, now.Add(w.before))
		if err != nil {
			return nil, nil, fmt.Errorf("token: claim expiry notices: %w", err)
		}
		for range due {
			labels = append(labels, w.label)
		}
		all = append(all, due...)
	}
	return all, labels, nil
}

// Notifier mails owners before their tokens expire.
type Notifier struct {
	Tokens *Tokens
	Mail   mail.Sender
	Log    *slog.Logger
	Now    func() time.Time
}

// Run sends due notices every interval until ctx ends.
func (n *Notifier) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if err := n.SendDue(ctx); err != nil {
			n.Log.Error("token expiry notices", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// SendDue claims and sends the notices due now.
func (n *Notifier) SendDue(ctx context.Context) error {
	due, labels, err := n.Tokens.ClaimExpiryNotices(ctx, n.Now())
	if err != nil {
		return err
	}
	for i, d := range due {
		loc, err := time.LoadLocation(d.Timezone)
		if err != nil {
			loc = time.UTC
		}
		when := d.ExpiresAt.In(loc).Format("Monday 2 January 2006, 15:04 MST")
		err = n.Mail.Send(ctx, mail.Message{
			To:      d.Email,
			Subject: fmt.Sprintf("Your Incido token “%s” expires %s", d.Name, labels[i]),
			Text: fmt.Sprintf("Hello %s,\n\nYour personal access token “%s” expires on %s.\n"+
				"Anything using it will then get 401 answers. Create a replacement on the\n"+
				"API tokens page of your Incido profile, and revoke the old one once it is unused.\n",
				d.GivenName, d.Name, when),
		})
		if err != nil {
			n.Log.Error("token expiry notice not sent", "token_id", d.TokenID, "error", err)
			continue
		}
		n.Log.Info("token expiry notice sent", "token_id", d.TokenID)
	}
	return nil
}

// CreatedNotice is the mail that tells an owner a token was created.
func CreatedNotice(email, givenName string, t *Token, loc *time.Location) mail.Message {
	expires := "never expires"
	if t.ExpiresAt != nil {
		expires = "expires on " + t.ExpiresAt.In(loc).Format("Monday 2 January 2006, 15:04 MST")
	}
	scopes := t.Grant().String()
	return mail.Message{
		To:      email,
		Subject: fmt.Sprintf("A new Incido token “%s” was created", t.Name),
		Text: fmt.Sprintf("Hello %s,\n\nA personal access token named “%s” was created for your\n"+
			"Incido account on %s. It has %s and %s.\n\n"+
			"If this was not you, revoke it on the API tokens page and change your password.\n",
			givenName, t.Name, t.CreatedAt.In(loc).Format("Monday 2 January 2006, 15:04 MST"),
			scopes, expires),
	}
}
