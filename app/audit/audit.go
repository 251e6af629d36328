// Package audit records who did what, to which organization or account,
// and through which token.
package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// Event is one entry of the audit trail. Details never hold a secret.
type Event struct {
	ID             int64           `db:"id"`
	OrganizationID *int64          `db:"organization_id"`
	ActorUserID    *int64          `db:"actor_user_id"`
	TokenID        *int64          `db:"token_id"`
	Action         string          `db:"action"`
	Target         string          `db:"target"`
	Details        json.RawMessage `db:"details"`
	IP             string          `db:"ip"`
	CreatedAt      time.Time       `db:"created_at"`

	// Filled in when listing.
	ActorName string  `db:"actor_name"`
	TokenName *string `db:"token_name"`
}

// Actor is who acts: a user, through a token or not, from an address.
type Actor struct {
	UserID  int64
	TokenID *int64
	IP      string
}

// Record writes one event through q, which may be a transaction so that
// the event commits or rolls back with the change it describes.
func Record(ctx context.Context, q sqlx.ExecerContext, a Actor, orgID *int64,
	action, target string, details map[string]any) error {
	if details == nil {
		details = map[string]any{}
	}
	body, err := json.Marshal(details)
	if err != nil {
		return fmt.Errorf("audit: details: %w", err)
	}
	var actor *int64
	if a.UserID != 0 {
		actor = &a.UserID
	}
	_, err = q.ExecContext(ctx, `
		INSERT INTO audit_events (organization_id, actor_user_id, token_id, action, target, details, ip)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		orgID, actor, a.TokenID, action, target, string(body), a.IP)
	if err != nil {
		return fmt.Errorf("audit: record %s: %w", action, err)
	}
	return nil
}

// Trail reads audit events.
type Trail struct {
	DB *sqlx.DB
}

const listColumns = `e.id, e.organization_id, e.actor_user_id, e.token_id, e.action,
	e.target, e.details, e.ip, e.created_at,
	coalesce(trim(u.given_name || ' ' || u.family_name), '') actor_name,
	t.name token_name`

// OrganizationEvents lists an organization's events, newest first, with
// ids below before (0 for the newest page).
func (r *Trail) OrganizationEvents(ctx context.Context, orgID, before int64, limit int) ([]Event, error) {
	var list []Event
	err := r.DB.SelectContext(ctx, &list, `SELECT `+listColumns+`
		FROM audit_events e
		LEFT JOIN users u ON u.id = e.actor_user_id
		LEFT JOIN api_tokens t ON t.id = e.token_id
		WHERE e.organization_id = $1 AND ($2 = 0 OR e.id < $2)
		ORDER BY e.id DESC LIMIT $3`, orgID, before, limit)
	if err != nil {
		return nil, fmt.Errorf("audit: organization events: %w", err)
	}
	return list, nil
}

// UserEvents lists the events a user caused, newest first.
func (r *Trail) UserEvents(ctx context.Context, userID int64, limit int) ([]Event, error) {
	var list []Event
	err := r.DB.SelectContext(ctx, &list, `SELECT `+listColumns+`
		FROM audit_events e
		LEFT JOIN users u ON u.id = e.actor_user_id
		LEFT JOIN api_tokens t ON t.id = e.token_id
		WHERE e.actor_user_id = $1
		ORDER BY e.id DESC LIMIT $2`, userID, limit)
	if err != nil {
		return nil, fmt.Errorf("audit: user events: %w", err)
	}
	return list, nil
}
