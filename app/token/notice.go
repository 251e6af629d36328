package token

import (
	"context"
	"embed"
	"fmt"
	"log/slog"
	"time"

	"github.com/incido/incido/app/mail"
	"github.com/incido/incido/app/zone"
)

// ExpiryNotice is a token about to expire and the owner to tell.
type ExpiryNotice struct {
	TokenID   int64     `db:"id"`
	Name      string    `db:"name"`
	ExpiresAt time.Time `db:"expires_at"`
	Email     string    `db:"email"`
	GivenName string    `db:"given_name"`
	Timezone  string    `db:"timezone"`
	// column is the notice's sent-at column, to release a claim whose
	// mail could not be sent.
	column string
}

// noticeWindow is how long before expiry an owner is told. A token whose
// whole life is shorter than the window gets no such notice: its owner
// chose the expiry a moment ago, and the created notice says it.
type noticeWindow struct {
	before time.Duration
	column string
	// set marks the claim; the one-day claim also fills the seven-day
	// column, so a stale seven-day notice never follows it.
	set string
}

// The windows, nearest first, so a notifier that was down for a week
// sends the one-day notice and never the seven-day one after it.
var noticeWindows = []noticeWindow{
	{24 * time.Hour, "notice_1d_sent_at",
		"notice_1d_sent_at = $1, notice_7d_sent_at = coalesce(t.notice_7d_sent_at, $1)"},
	{7 * 24 * time.Hour, "notice_7d_sent_at", "notice_7d_sent_at = $1"},
}

// ClaimExpiryNotices marks as sent, and returns, the notices due at now
// for active tokens. Each claim is one UPDATE, so instances running at
// once never send the same notice twice.
func (r *Tokens) ClaimExpiryNotices(ctx context.Context, now time.Time) ([]ExpiryNotice, error) {
	var all []ExpiryNotice
	for _, w := range noticeWindows {
		var due []ExpiryNotice
		err := r.DB.SelectContext(ctx, &due, `
			UPDATE api_tokens t SET `+w.set+`
			FROM users u
			WHERE u.id = t.user_id AND u.deactivated_at IS NULL
			  AND t.revoked_at IS NULL AND t.deleted_at IS NULL AND t.`+w.column+` IS NULL
			  AND t.expires_at > $1 AND t.expires_at <= $2
			  AND t.expires_at - t.created_at > $3 * interval '1 second'
			RETURNING t.id, t.name, t.expires_at, u.email, u.given_name, u.timezone`,
			now, now.Add(w.before), w.before.Seconds())
		if err != nil {
			return nil, fmt.Errorf("token: claim expiry notices: %w", err)
		}
		for i := range due {
			due[i].column = w.column
		}
		all = append(all, due...)
	}
	return all, nil
}

// releaseExpiryNotice gives a claimed notice back, so the next run tries
// to send it again.
func (r *Tokens) releaseExpiryNotice(ctx context.Context, n ExpiryNotice) error {
	_, err := r.DB.ExecContext(ctx, `UPDATE api_tokens SET `+n.column+` = NULL
		WHERE id = $1`, n.TokenID)
	if err != nil {
		return fmt.Errorf("token: release expiry notice: %w", err)
	}
	return nil
}

// Notifier mails owners before their tokens expire. Any number of
// instances may run one.
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
		if err := n.SendDue(ctx); err != nil && ctx.Err() == nil {
			n.Log.Error("token expiry notices", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// SendDue claims and sends the notices due now. A notice that cannot be
// sent is released for the next run.
func (n *Notifier) SendDue(ctx context.Context) error {
	now := n.Now()
	due, err := n.Tokens.ClaimExpiryNotices(ctx, now)
	if err != nil {
		return err
	}
	for _, d := range due {
		msg, err := expiryMessage(d, now)
		if err == nil {
			err = n.Mail.Send(ctx, msg)
		}
		if err == nil {
			n.Log.Info("token expiry notice sent", "token_id", d.TokenID)
			continue
		}
		n.Log.Error("token expiry notice not sent", "token_id", d.TokenID, "error", err)
		if err := n.Tokens.releaseExpiryNotice(context.WithoutCancel(ctx), d); err != nil {
			return err
		}
	}
	return nil
}

// noticeTime writes an instant in the owner's zone, as every notice
// does; a zone that cannot be loaded reads as UTC.
func noticeTime(t time.Time, zoneName string) string {
	loc, err := zone.Load(zoneName)
	if err != nil {
		loc = time.UTC
	}
	return zone.Long(t, loc)
}

type noticeData struct {
	GivenName string
	Name      string
	Scopes    string
	Created   string
	Expires   string
	In        string
}

// The notices never carry a secret, only the token's name.
//
//go:embed notices
var noticeFiles embed.FS

var notices = mail.MustParseNotices(noticeFiles, "notices")

func expiryMessage(d ExpiryNotice, now time.Time) (mail.Message, error) {
	data := noticeData{GivenName: d.GivenName, Name: d.Name,
		Expires: noticeTime(d.ExpiresAt, d.Timezone),
		In:      timeLeft(d.ExpiresAt.Sub(now))}
	return notices.Compose(d.Email,
		fmt.Sprintf("Your Incido token “%s” expires %s", d.Name, data.In), "expiry", data)
}

// timeLeft words the time until expiry the way a person would say it.
func timeLeft(d time.Duration) string {
	switch days := int((d + 12*time.Hour) / (24 * time.Hour)); {
	case d <= 24*time.Hour:
		return "within a day"
	case days == 1:
		return "in a day"
	default:
		return fmt.Sprintf("in %d days", days)
	}
}

// CreatedNotice is the mail that tells an owner a token was created.
func CreatedNotice(email, givenName, timezone string, t *Token) (mail.Message, error) {
	data := noticeData{GivenName: givenName, Name: t.Name, Scopes: t.Grant().String(),
		Created: noticeTime(t.CreatedAt, timezone), Expires: "never expires"}
	if t.ExpiresAt != nil {
		data.Expires = "expires on " + noticeTime(*t.ExpiresAt, timezone)
	}
	return notices.Compose(email,
		fmt.Sprintf("A new Incido token “%s” was created", t.Name), "created", data)
}
