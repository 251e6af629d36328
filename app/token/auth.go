package token

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/incido/incido/app/access"
	"github.com/incido/incido/app/account"
)

// ErrUnknown is returned for a well-formed token that is not stored, is
// revoked, or whose owner is deactivated: callers cannot tell them apart.
var ErrUnknown = errors.New("token: unknown or revoked")

// ErrExpired is returned for a token past its expiry.
var ErrExpired = errors.New("token: expired")

// Auth is an authenticated API request: the token, its owner and, when
// the request names an organization, the owner's current role there.
type Auth struct {
	Token Token
	User  account.User
	// Org is nil when no organization was asked for, or when it does not
	// exist or the owner is not a member.
	Org *OrgRole
}

// OrgRole is the organization named by a request and the caller's role.
type OrgRole struct {
	ID   int64
	Slug string
	Name string
	Role access.Role
}

// Authenticate looks a presented secret up in one query: the token, its
// owner, and the owner's current role in the organization orgSlug (empty
// for none). The checksum is verified first, so garbage costs no query.
func (r *Tokens) Authenticate(ctx context.Context, secret, orgSlug string, now time.Time) (*Auth, error) {
	if err := Verify(secret); err != nil {
		return nil, err
	}
	var row struct {
		Token
		account.User `db:"u"`
		OrgID        sql.NullInt64  `db:"org_id"`
		OrgSlug      sql.NullString `db:"org_slug"`
		OrgName      sql.NullString `db:"org_name"`
		Role         sql.NullString `db:"role"`
	}
	stmt, err := r.authStatement(ctx)
	if err != nil {
		return nil, err
	}
	err = stmt.GetContext(ctx, &row, Digest(secret), orgSlug)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrUnknown
	}
	if err != nil {
		return nil, fmt.Errorf("token: authenticate: %w", err)
	}
	if row.Token.State(now) == Expired {
		return nil, ErrExpired
	}

	a := &Auth{Token: row.Token, User: row.User}
	if row.Role.Valid {
		a.Org = &OrgRole{ID: row.OrgID.Int64, Slug: row.OrgSlug.String,
			Name: row.OrgName.String, Role: access.Role(row.Role.String)}
	}
	return a, nil
}

// authQuery finds a live token with its active owner and the owner's
// role in the organization of slug $2, if any. The owner's password hash
// is left out: nothing behind the API needs it.
const authQuery = `
	SELECT t.id, t.user_id, t.name, t.prefix, t.all_scopes, t.scopes, t.expires_at,
	       t.revoked_at, t.last_used_at, t.last_used_ip, t.created_at,
	       u.id "u.id", u.email "u.email", u.given_name "u.given_name",
	       u.family_name "u.family_name", u.timezone "u.timezone",
	       u.created_at "u.created_at", u.updated_at "u.updated_at",
	       u.deactivated_at "u.deactivated_at",
	       o.id org_id, o.slug org_slug, o.name org_name, m.role
	FROM api_tokens t
	JOIN users u ON u.id = t.user_id AND u.deactivated_at IS NULL
	LEFT JOIN organizations o ON o.slug = $2
	LEFT JOIN memberships m ON m.organization_id = o.id AND m.user_id = t.user_id
	WHERE t.digest = $1 AND t.revoked_at IS NULL AND t.deleted_at IS NULL`

// authStatement prepares authQuery once per repository. Every API request
// runs it, and planning its joins costs several times executing them; a
// prepared statement is planned once per connection. A failed prepare is
// tried again on the next request.
func (r *Tokens) authStatement(ctx context.Context) (*sqlx.Stmt, error) {
	r.authMu.Lock()
	defer r.authMu.Unlock()
	if r.authStmt != nil {
		return r.authStmt, nil
	}
	stmt, err := r.DB.PreparexContext(ctx, authQuery)
	if err != nil {
		return nil, fmt.Errorf("token: prepare authenticate: %w", err)
	}
	r.authStmt = stmt
	return stmt, nil
}

// NeedsTouch reports whether the token's last use is stale enough to
// write again.
func (t *Token) NeedsTouch(now time.Time) bool {
	return t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) >= touchEvery
}

// TouchToken records a use of the token. Callers write only when
// NeedsTouch says so, which keeps last_used_at within a minute of the truth
// without a write per request; the WHERE clause keeps concurrent
// requests from writing it more than once.
func (r *Tokens) TouchToken(ctx context.Context, id int64, ip string, now time.Time) error {
	_, err := r.DB.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $2, last_used_ip = $3
		WHERE id = $1 AND (last_used_at IS NULL OR last_used_at <= $4)`,
		id, now, ip, now.Add(-touchEvery))
	if err != nil {
		return fmt.Errorf("token: touch: %w", err)
	}
	return nil
}
