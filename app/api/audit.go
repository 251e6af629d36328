package api

import (
	"context"
	"encoding/json"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/incido/incido/app/audit"
	"github.com/incido/incido/app/incident"
)

type auditEventJSON struct {
	ID      int64          `json:"id"`
	Action  string         `json:"action" jsonschema_description:"What was done, such as incident.created."`
	Target  string         `json:"target" jsonschema_description:"What it was done to, such as incident:42."`
	Details map[string]any `json:"details" jsonschema_description:"What changed; never a secret."`
	Actor   *personJSON    `json:"actor" jsonschema:"nullable" jsonschema_description:"Who did it; null for the system."`
	Token   *tokenRefJSON  `json:"token" jsonschema:"nullable" jsonschema_description:"The API token it was done through; null in the Dashboard."`
	IP      string         `json:"ip"`
	// CreatedAt is when it happened.
	CreatedAt time.Time `json:"created_at"`
}

func auditEventOf(e *audit.Event) auditEventJSON {
	out := auditEventJSON{ID: e.ID, Action: e.Action, Target: e.Target, Details: map[string]any{},
		IP: e.IP, CreatedAt: e.CreatedAt.UTC()}
	// details is jsonb written by audit.Record from a map: always an object.
	json.Unmarshal(e.Details, &out.Details)
	if e.ActorUserID != nil {
		out.Actor = &personJSON{ID: *e.ActorUserID, Name: e.ActorName}
	}
	if e.TokenID != nil && e.TokenName != nil {
		out.Token = &tokenRefJSON{ID: *e.TokenID, Name: *e.TokenName}
	}
	return out
}

// ListAuditEvents answers with a page of the organization's audit trail,
// newest first.
func (a *API) ListAuditEvents(c *gin.Context) {
	fetch := func(ctx context.Context, orgID int64, f incident.Filter) ([]audit.Event, error) {
		return a.Trail.OrganizationEvents(ctx, orgID, f.Before, f.Limit)
	}
	listIn(c, nil, fetch, func(e *audit.Event) int64 { return e.ID }, auditEventOf)
}
