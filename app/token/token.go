package token

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/incido/incido/app/access"
	"github.com/incido/incido/app/audit"
	"github.com/incido/incido/app/database"
	"github.com/incido/incido/app/text"
)

// Limits on tokens.
const (
	MaxActive     = 10
	MaxNameLength = 100
	MinExpiryDays = 1
	MaxExpiryDays = 365
	// touchEvery bounds how stale last_used_at may get, and so how often a
	// token's use is written.
	touchEvery = time.Minute
)

// Errors a create request can get, in words for the user.
var (
	ErrLimit     = fmt.Errorf("you have %d active tokens, the most allowed: revoke one you no longer need first", MaxActive)
	ErrNameTaken = errors.New("you already have an active token with this name")
	ErrNotFound  = errors.New("token: not found")
)

// State is where a token is in its life.
type State string

// The states a token can be in.
const (
	Active  State = "active"
	Expired State = "expired"
	Revoked State = "revoked"
)

// Token is a personal access token, without its secret.
type Token struct {
	ID         int64          `db:"id"`
	UserID     int64          `db:"user_id"`
	Name       string         `db:"name"`
	Prefix     string         `db:"prefix"`
	AllScopes  bool           `db:"all_scopes"`
	Scopes     pq.StringArray `db:"scopes"`
	ExpiresAt  *time.Time     `db:"expires_at"`
	RevokedAt  *time.Time     `db:"revoked_at"`
	LastUsedAt *time.Time     `db:"last_used_at"`
	LastUsedIP *string        `db:"last_used_ip"`
	CreatedAt  time.Time      `db:"created_at"`
}

const columns = `id, user_id, name, prefix, all_scopes, scopes, expires_at, revoked_at,
	last_used_at, last_used_ip, created_at`

// Grant is what the token may do.
func (t *Token) Grant() access.Grant {
	return access.Grant{All: t.AllScopes, Scopes: t.Scopes}
}

// State tells whether the token is active, expired or revoked at now. A
// token is valid while now is before expires_at.
func (t *Token) State(now time.Time) State {
	switch {
	case t.RevokedAt != nil:
		return Revoked
	case t.ExpiresAt != nil && !now.Before(*t.ExpiresAt):
		return Expired
	}
	return Active
}

// ExpiresSoon reports whether an active token expires within seven days.
func (t *Token) ExpiresSoon(now time.Time) bool {
	return t.State(now) == Active && t.ExpiresAt != nil && t.ExpiresAt.Sub(now) <= 7*24*time.Hour
}

// ExpiryAfter is when a token made at now for that many days expires:
// exactly days×24 hours later, whatever the clocks on the wall do.
func ExpiryAfter(now time.Time, days int) time.Time {
	return now.Add(time.Duration(days) * 24 * time.Hour).UTC()
}

// NormalizeName trims a token name and checks its length and characters.
func NormalizeName(raw string) (string, error) {
	name := strings.TrimSpace(raw)
	switch {
	case name == "":
		return "", errors.New("give the token a name, such as the script that will use it")
	case utf8.RuneCountInString(name) > MaxNameLength:
		return "", fmt.Errorf("a name can be at most %d characters", MaxNameLength)
	case strings.IndexFunc(name, text.IsBreakOrControl) >= 0 || !utf8.ValidString(name):
		return "", errors.New("a name cannot contain control characters or line breaks")
	case strings.IndexFunc(name, text.IsHiddenFormat) >= 0:
		return "", errors.New("a name cannot contain invisible formatting characters")
	}
	return name, nil
}

// Tokens is the repository of personal access tokens.
type Tokens struct {
	DB *sqlx.DB

	authMu   sync.Mutex
	authStmt *sqlx.Stmt
}

// NewToken is what creating a token takes.
type NewToken struct {
	UserID    int64
	Name      string
	Grant     access.Grant
	ExpiresAt *time.Time
	Actor     audit.Actor
}

// CreateToken stores a new token and returns it with its secret, which
// exists nowhere else. The owner's row is locked for the transaction, so
// concurrent creations are counted one after another and the limit of
// active tokens and the uniqueness of active names hold.
func (r *Tokens) CreateToken(ctx context.Context, n NewToken, now time.Time) (*Token, string, error) {
	secret, err := NewSecret()
	if err != nil {
		return nil, "", fmt.Errorf("token: create: %w", err)
	}
	var t Token
	err = database.InTx(ctx, r.DB, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx,
			`SELECT 1 FROM users WHERE id = $1 FOR UPDATE`, n.UserID); err != nil {
			return fmt.Errorf("token: create: lock owner: %w", err)
		}
		var active struct {
			Count    int  `db:"count"`
			SameName bool `db:"same_name"`
		}
		err := tx.GetContext(ctx, &active, `
			SELECT count(*) count, coalesce(bool_or(lower(name) = lower($3)), false) same_name
			FROM api_tokens
			WHERE user_id = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)`,
			n.UserID, now, n.Name)
		switch {
		case err != nil:
			return fmt.Errorf("token: create: count: %w", err)
		case active.SameName:
			return ErrNameTaken
		case active.Count >= MaxActive:
			return ErrLimit
		}

		scopes := n.Grant.Scopes
		if n.Grant.All || scopes == nil {
			scopes = []string{}
		}
		err = tx.GetContext(ctx, &t, `
			INSERT INTO api_tokens (user_id, name, digest, prefix, all_scopes, scopes, expires_at, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
			RETURNING `+columns,
			n.UserID, n.Name, Digest(secret), DisplayPrefix(secret), n.Grant.All,
			pq.StringArray(scopes), n.ExpiresAt, now)
		if err != nil {
			return fmt.Errorf("token: create: %w", err)
		}

		n.Actor.TokenID = nil
		return audit.Record(ctx, tx, n.Actor, nil, "token.created", "token:"+t.Name,
			map[string]any{"token_id": t.ID, "name": t.Name, "scopes": n.Grant.String(),
				"expires_at": t.ExpiresAt})
	})
	if err != nil {
		return nil, "", err
	}
	return &t, secret, nil
}

// UserTokens lists the user's tokens, newest first, whatever their state,
// but for those the user deleted.
func (r *Tokens) UserTokens(ctx context.Context, userID int64) ([]Token, error) {
	var list []Token
	err := r.DB.SelectContext(ctx, &list, `SELECT `+columns+` FROM api_tokens
		WHERE user_id = $1 AND deleted_at IS NULL
		ORDER BY created_at DESC, id DESC`, userID)
	if err != nil {
		return nil, fmt.Errorf("token: list: %w", err)
	}
	return list, nil
}

// UserToken returns one of the user's tokens.
func (r *Tokens) UserToken(ctx context.Context, userID, id int64) (*Token, error) {
	var t Token
	err := r.DB.GetContext(ctx, &t, `SELECT `+columns+` FROM api_tokens
		WHERE id = $1 AND user_id = $2 AND deleted_at IS NULL`, id, userID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("token: get: %w", err)
	}
	return &t, nil
}

// RevokeToken revokes one of the user's tokens. Revoking a revoked token
// changes nothing and records nothing.
func (r *Tokens) RevokeToken(ctx context.Context, userID, id int64, actor audit.Actor) error {
	return database.InTx(ctx, r.DB, func(tx *sqlx.Tx) error {
		var name string
		err := tx.GetContext(ctx, &name, `UPDATE api_tokens SET revoked_at = now()
			WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL AND deleted_at IS NULL
			RETURNING name`, id, userID)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("token: revoke: %w", err)
		}
		return audit.Record(ctx, tx, actor, nil, "token.revoked", "token:"+name,
			map[string]any{"token_id": id, "name": name})
	})
}

// ErrStillActive is returned when deleting a token that still works: it
// must be revoked first, so that deleting never silently cuts anything off.
var ErrStillActive = errors.New("revoke this token before deleting it")

// DeleteToken takes a revoked or expired token off the user's list. The
// row stays, hidden, so the audit trail and what the token made still name it.
func (r *Tokens) DeleteToken(ctx context.Context, userID, id int64, actor audit.Actor,
	now time.Time) error {
	return database.InTx(ctx, r.DB, func(tx *sqlx.Tx) error {
		var name string
		err := tx.GetContext(ctx, &name, `UPDATE api_tokens SET deleted_at = $3
			WHERE id = $1 AND user_id = $2 AND deleted_at IS NULL
			  AND (revoked_at IS NOT NULL OR expires_at <= $3)
			RETURNING name`, id, userID, now)
		if errors.Is(err, sql.ErrNoRows) {
			return r.whyNotDeleted(ctx, tx, userID, id)
		}
		if err != nil {
			return fmt.Errorf("token: delete: %w", err)
		}
		return audit.Record(ctx, tx, actor, nil, "token.deleted", "token:"+name,
			map[string]any{"token_id": id, "name": name})
	})
}

// whyNotDeleted tells a token that is not the user's (or already deleted)
// from one that is still active.
func (r *Tokens) whyNotDeleted(ctx context.Context, tx *sqlx.Tx, userID, id int64) error {
	var exists bool
	err := tx.GetContext(ctx, &exists, `SELECT EXISTS (SELECT 1 FROM api_tokens
		WHERE id = $1 AND user_id = $2 AND deleted_at IS NULL)`, id, userID)
	switch {
	case err != nil:
		return fmt.Errorf("token: delete: %w", err)
	case exists:
		return ErrStillActive
	}
	return ErrNotFound
}
