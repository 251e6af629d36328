// Package incident owns an organization's incidents, maintenances and the
// internal comments on incidents.
package incident

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// ErrNotFound is returned for an incident that is not in the organization.
var ErrNotFound = errors.New("incident: not found")

// Statuses of an incident, in lifecycle order.
var Statuses = []string{"triage", "investigating", "active", "monitoring", "resolved", "closed"}

// Severities, most severe first.
var Severities = []string{"critical", "major", "minor", "trivial"}

// Incident is something going wrong, as the organization tracks it.
type Incident struct {
	ID               int64      `db:"id"`
	OrganizationID   int64      `db:"organization_id"`
	Title            string     `db:"title"`
	Status           string     `db:"status"`
	Severity         string     `db:"severity"`
	Summary          string     `db:"summary"`
	StartedAt        time.Time  `db:"started_at"`
	ResolvedAt       *time.Time `db:"resolved_at"`
	CreatedByUserID  int64      `db:"created_by_user_id"`
	CreatedByTokenID *int64     `db:"created_by_token_id"`
	CreatedAt        time.Time  `db:"created_at"`
	UpdatedAt        time.Time  `db:"updated_at"`
	CreatedByName    string     `db:"created_by_name"`
}

const incidentColumns = `i.id, i.organization_id, i.title, i.status, i.severity, i.summary,
	i.started_at, i.resolved_at, i.created_by_user_id, i.created_by_token_id,
	i.created_at, i.updated_at, u.given_name || ' ' || u.family_name created_by_name`

// Incidents is the repository of incidents.
type Incidents struct {
	DB *sqlx.DB
}

// NewIncident is what opening an incident takes.
type NewIncident struct {
	OrganizationID int64
	Title          string
	Status         string
	Severity       string
	Summary        string
	StartedAt      time.Time
	UserID         int64
	TokenID        *int64
}

// CreateIncident inserts an incident through q (the pool or a transaction).
func CreateIncident(ctx context.Context, q sqlx.QueryerContext, n NewIncident) (int64, error) {
	var id int64
	var resolved *time.Time
	if n.Status == "resolved" || n.Status == "closed" {
		resolved = &n.StartedAt
	}
	err := sqlx.GetContext(ctx, q, &id, `
		INSERT INTO incidents (organization_id, title, status, severity, summary, started_at,
			resolved_at, created_by_user_id, created_by_token_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		n.OrganizationID, n.Title, n.Status, n.Severity, n.Summary, n.StartedAt.UTC(),
		resolved, n.UserID, n.TokenID)
	if err != nil {
		return 0, fmt.Errorf("incident: create: %w", err)
	}
	return id, nil
}

// IncidentCount counts an organization's incidents.
func (r *Incidents) IncidentCount(ctx context.Context, orgID int64) (int, error) {
	var n int
	err := r.DB.GetContext(ctx, &n, `SELECT count(*) FROM incidents WHERE organization_id = $1`, orgID)
	if err != nil {
		return 0, fmt.Errorf("incident: count: %w", err)
	}
	return n, nil
}

// Incident returns one incident of the organization.
func (r *Incidents) Incident(ctx context.Context, orgID, id int64) (*Incident, error) {
	var i Incident
	err := r.DB.GetContext(ctx, &i, `SELECT `+incidentColumns+`
		FROM incidents i JOIN users u ON u.id = i.created_by_user_id
		WHERE i.organization_id = $1 AND i.id = $2`, orgID, id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("incident: get: %w", err)
	}
	return &i, nil
}
