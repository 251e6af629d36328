package account

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/incido/incido/app/audit"
	"github.com/incido/incido/app/database"
)

// Browser is where a request came from, as a new session records it.
type Browser struct {
	IP        string
	UserAgent string
}

// ChangePassword stores the new hash and, in one transaction, signs out
// every session of the user, kills the account's pending reset links,
// opens a new session for the browser that made the change and records
// the audit event. That browser stays signed in under the returned
// session, while any copy of its old cookie is signed out with the rest.
func (r *Users) ChangePassword(
	ctx context.Context,
	userID int64,
	hash string,
	b Browser,
	now time.Time,
) (*Session, error) {
	var s *Session
	err := database.InTx(ctx, r.DB, func(tx *sqlx.Tx) error {
		email, err := replacePassword(ctx, tx, userID, hash)
		if err != nil {
			return err
		}
		if s, err = insertSession(ctx, tx, userID, b, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Actor{UserID: userID, IP: b.IP}, nil,
			"password.changed", "user:"+email, nil)
	})
	return s, err
}

// replacePassword sets the hash, revokes every session and kills pending
// reset links: what any new password entails. It returns the account's
// email, for the audit record.
func replacePassword(ctx context.Context, tx *sqlx.Tx, userID int64, hash string) (string, error) {
	var email string
	err := tx.GetContext(ctx, &email, `UPDATE users SET password_hash = $2, updated_at = now()
		WHERE id = $1 AND deactivated_at IS NULL RETURNING email`, userID, hash)
	if err != nil {
		return "", fmt.Errorf("account: set password: %w", err)
	}
	if _, err := revokeSessions(ctx, tx, userID, 0); err != nil {
		return "", err
	}
	return email, InvalidateResetLinks(ctx, tx, userID)
}
