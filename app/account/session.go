package account

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/incido/incido/app/audit"
	"github.com/incido/incido/app/database"
	"github.com/jmoiron/sqlx"
)

// Session lifetimes, enforced on the server whatever the cookie says.
const (
	IdleTimeout     = 12 * time.Hour
	AbsoluteTimeout = 7 * 24 * time.Hour
	// touchEvery limits last_seen_at writes to one a minute per session.
	touchEvery = time.Minute
)

// Session is one signed-in browser.
type Session struct {
	ID                int64      `db:"id"`
	UserID            int64      `db:"user_id"`
	CreatedAt         time.Time  `db:"created_at"`
	LastSeenAt        time.Time  `db:"last_seen_at"`
	IP                string     `db:"ip"`
	UserAgent         string     `db:"user_agent"`
	RevokedAt         *time.Time `db:"revoked_at"`
	TZBannerDismissed bool       `db:"tz_banner_dismissed"`
}

const sessionColumns = `id, user_id, created_at, last_seen_at, ip, user_agent,
	revoked_at, tz_banner_dismissed`

// Sessions is the repository of browser sessions.
type Sessions struct {
	DB *sqlx.DB
}

// CreateSession records a new sign-in from the browser at now.
func (r *Sessions) CreateSession(
	ctx context.Context,
	userID int64,
	b Browser,
	now time.Time,
) (*Session, error) {
	return insertSession(ctx, r.DB, userID, b, now)
}

// insertSession records a session through q, which may be the
// transaction of a password change.
func insertSession(
	ctx context.Context,
	q sqlx.QueryerContext,
	userID int64,
	b Browser,
	now time.Time,
) (*Session, error) {
	var s Session
	err := sqlx.GetContext(ctx, q, &s, `
		INSERT INTO sessions (user_id, ip, user_agent, created_at, last_seen_at)
		VALUES ($1, $2, $3, $4, $4)
		RETURNING `+sessionColumns, userID, b.IP, truncate(b.UserAgent, 512), now)
	if err != nil {
		return nil, fmt.Errorf("account: create session: %w", err)
	}
	return &s, nil
}

// ActiveSession returns the session and its user when the session is
// neither revoked nor timed out and the user is active, and marks it seen.
func (r *Sessions) ActiveSession(
	ctx context.Context,
	id int64,
	now time.Time,
) (*Session, *User, error) {
	var row struct {
		Session
		User `db:"u"`
	}
	err := r.DB.GetContext(ctx, &row, `
		SELECT s.id, s.user_id, s.created_at, s.last_seen_at, s.ip, s.user_agent,
		       s.revoked_at, s.tz_banner_dismissed,
		       u.id "u.id", u.email "u.email", u.given_name "u.given_name",
		       u.family_name "u.family_name", u.timezone "u.timezone",
		       u.password_hash "u.password_hash", u.created_at "u.created_at",
		       u.updated_at "u.updated_at", u.deactivated_at "u.deactivated_at"
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.id = $1 AND s.revoked_at IS NULL AND u.deactivated_at IS NULL
		  AND s.last_seen_at > $2 AND s.created_at > $3`,
		id, now.Add(-IdleTimeout), now.Add(-AbsoluteTimeout))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, ErrNotFound
	}
	if err != nil {
		return nil, nil, fmt.Errorf("account: session: %w", err)
	}
	if now.Sub(row.Session.LastSeenAt) >= touchEvery {
		_, err := r.DB.ExecContext(ctx,
			`UPDATE sessions SET last_seen_at = $2 WHERE id = $1`, id, now)
		if err != nil {
			return nil, nil, fmt.Errorf("account: touch session: %w", err)
		}
		row.Session.LastSeenAt = now
	}
	return &row.Session, &row.User, nil
}

// ActiveSessions lists the user's signed-in browsers, most recent first.
func (r *Sessions) ActiveSessions(
	ctx context.Context,
	userID int64,
	now time.Time,
) ([]Session, error) {
	var list []Session
	err := r.DB.SelectContext(ctx, &list, `SELECT `+sessionColumns+` FROM sessions
		WHERE user_id = $1 AND revoked_at IS NULL
		  AND last_seen_at > $2 AND created_at > $3
		ORDER BY last_seen_at DESC, id DESC`,
		userID, now.Add(-IdleTimeout), now.Add(-AbsoluteTimeout))
	if err != nil {
		return nil, fmt.Errorf("account: sessions: %w", err)
	}
	return list, nil
}

// RevokeSession signs out one session of the user. It reports whether a
// live session was revoked.
func (r *Sessions) RevokeSession(ctx context.Context, userID, id int64) (bool, error) {
	res, err := r.DB.ExecContext(ctx, `UPDATE sessions SET revoked_at = now()
		WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL`, id, userID)
	if err != nil {
		return false, fmt.Errorf("account: revoke session: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// EndOtherBrowser signs out one of the user's sessions at their request,
// from another of their browsers, and audits it in the same transaction.
// It reports whether a live session was revoked; nothing is recorded
// otherwise.
func (r *Sessions) EndOtherBrowser(ctx context.Context, userID, id int64,
	actor audit.Actor) (bool, error) {
	revoked := false
	err := database.InTx(ctx, r.DB, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE sessions SET revoked_at = now()
			WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL`, id, userID)
		if err != nil {
			return fmt.Errorf("account: revoke session: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return nil
		}
		revoked = true
		return audit.Record(ctx, tx, actor, nil, "session.revoked",
			"session:"+strconv.FormatInt(id, 10), nil)
	})
	return revoked, err
}

// RevokeOtherSessions signs out every session of the user but keep, and
// audits it with how many it ended, in one transaction.
func (r *Sessions) RevokeOtherSessions(ctx context.Context, u *User, keep int64,
	actor audit.Actor) error {
	return database.InTx(ctx, r.DB, func(tx *sqlx.Tx) error {
		n, err := revokeSessions(ctx, tx, u.ID, keep)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, nil, "session.revoked_others", "user:"+u.Email,
			map[string]any{"count": n})
	})
}

// revokeSessions signs out every session of the user but keep (0 keeps
// none) through q, so that it shares the transaction of the change that
// calls for it, and returns how many it ended.
func revokeSessions(ctx context.Context, q sqlx.ExecerContext, userID, keep int64) (int64, error) {
	res, err := q.ExecContext(ctx, `UPDATE sessions SET revoked_at = now()
		WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL`, userID, keep)
	if err != nil {
		return 0, fmt.Errorf("account: revoke sessions: %w", err)
	}
	return res.RowsAffected()
}

// DismissTimezoneBanner hides the timezone banner for the rest of the session.
func (r *Sessions) DismissTimezoneBanner(ctx context.Context, id int64) error {
	_, err := r.DB.ExecContext(ctx,
		`UPDATE sessions SET tz_banner_dismissed = true WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("account: dismiss banner: %w", err)
	}
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
