package account

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/incido/incido/app/audit"
	"github.com/incido/incido/app/database"
)

// ResetLinkLifetime is how long a password-reset link works.
const ResetLinkLifetime = 30 * time.Minute

// resetSecretLength is the length of a reset secret: 32 random bytes in
// unpadded base64url.
const resetSecretLength = 43

// ErrLinkSpent is returned when a reset link was used, replaced or
// expired between showing the form and submitting it.
var ErrLinkSpent = errors.New("account: reset link no longer valid")

// ResetLink is one emailed password-reset link. Only the digest of its
// secret is stored; the secret exists only in the mail.
type ResetLink struct {
	ID        int64      `db:"id"`
	UserID    int64      `db:"user_id"`
	ExpiresAt time.Time  `db:"expires_at"`
	UsedAt    *time.Time `db:"used_at"`
	CreatedAt time.Time  `db:"created_at"`
}

// LinkState is what a reset link can still do.
type LinkState string

// The states of a reset link.
const (
	LinkValid   LinkState = "valid"
	LinkExpired LinkState = "expired"
	// LinkUsed covers links used, and links killed by a password change,
	// an email change or the use of another link.
	LinkUsed LinkState = "used"
)

// State says whether the link still works at now.
func (l *ResetLink) State(now time.Time) LinkState {
	switch {
	case l.UsedAt != nil:
		return LinkUsed
	case !now.Before(l.ExpiresAt):
		return LinkExpired
	}
	return LinkValid
}

// ResetDigest is the stored form of a reset secret, or nil when the text
// cannot be one (so garbage never reaches the database).
func ResetDigest(secret string) []byte {
	if len(secret) != resetSecretLength {
		return nil
	}
	if _, err := base64.RawURLEncoding.DecodeString(secret); err != nil {
		return nil
	}
	sum := sha256.Sum256([]byte(secret))
	return sum[:]
}

// ResetLinks is the repository of password-reset links.
type ResetLinks struct {
	DB *sqlx.DB
}

// CreateResetLink stores a new link for the user, valid from now for
// ResetLinkLifetime, and returns its secret. A plain SHA-256 digest is
// enough: the secret has 256 random bits and lives half an hour.
func (r *ResetLinks) CreateResetLink(
	ctx context.Context,
	userID int64,
	now time.Time,
) (string, *ResetLink, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", nil, fmt.Errorf("account: reset secret: %w", err)
	}
	secret := base64.RawURLEncoding.EncodeToString(raw)

	var l ResetLink
	err := r.DB.GetContext(ctx, &l, `
		INSERT INTO password_reset_tokens (user_id, digest, expires_at, created_at)
		VALUES ($1, $2, $3, $4)
		RETURNING id, user_id, expires_at, used_at, created_at`,
		userID, ResetDigest(secret), now.Add(ResetLinkLifetime), now)
	if err != nil {
		return "", nil, fmt.Errorf("account: create reset link: %w", err)
	}
	return secret, &l, nil
}

// ResetLinkByDigest returns the link with that digest and its user, when
// the user is active; ErrNotFound otherwise. The link may be spent: see
// its State.
func (r *ResetLinks) ResetLinkByDigest(
	ctx context.Context,
	digest []byte,
) (*ResetLink, *User, error) {
	if digest == nil {
		return nil, nil, ErrNotFound
	}
	var row struct {
		ResetLink
		User `db:"u"`
	}
	err := r.DB.GetContext(ctx, &row, `
		SELECT t.id, t.user_id, t.expires_at, t.used_at, t.created_at,
		       u.id "u.id", u.email "u.email", u.given_name "u.given_name",
		       u.family_name "u.family_name", u.timezone "u.timezone",
		       u.password_hash "u.password_hash", u.created_at "u.created_at",
		       u.updated_at "u.updated_at", u.deactivated_at "u.deactivated_at"
		FROM password_reset_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.digest = $1 AND u.deactivated_at IS NULL`, digest)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, ErrNotFound
	}
	if err != nil {
		return nil, nil, fmt.Errorf("account: reset link: %w", err)
	}
	return &row.ResetLink, &row.User, nil
}

// ResetPassword spends the link and sets the password hash, in one
// transaction that also signs out every session of the user, kills the
// account's other reset links and records the audit event. It returns
// ErrLinkSpent when the link was used or expired meanwhile, so two
// submissions of one link can never both set a password.
func (r *ResetLinks) ResetPassword(
	ctx context.Context,
	digest []byte,
	hash string,
	now time.Time,
	ip string,
) (int64, error) {
	var userID int64
	err := database.InTx(ctx, r.DB, func(tx *sqlx.Tx) error {
		err := tx.GetContext(ctx, &userID, `UPDATE password_reset_tokens SET used_at = $2
			WHERE digest = $1 AND used_at IS NULL AND expires_at > $2
			RETURNING user_id`, digest, now)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrLinkSpent
		}
		if err != nil {
			return fmt.Errorf("account: use reset link: %w", err)
		}
		email, err := replacePassword(ctx, tx, userID, hash)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Actor{UserID: userID, IP: ip}, nil,
			"password.reset", "user:"+email, nil)
	})
	return userID, err
}

// InvalidateResetLinks kills every pending password-reset link of the
// user, through q so it can share a transaction with the change that
// calls for it (a new password, a new email).
func InvalidateResetLinks(ctx context.Context, q sqlx.ExecerContext, userID int64) error {
	_, err := q.ExecContext(ctx, `UPDATE password_reset_tokens SET used_at = now()
		WHERE user_id = $1 AND used_at IS NULL`, userID)
	if err != nil {
		return fmt.Errorf("account: invalidate reset links: %w", err)
	}
	return nil
}
