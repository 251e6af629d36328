// Package incident owns an organization's incidents, maintenances and the
// internal comments on incidents: their rules, their lifecycle and their
// storage.
package incident

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/incido/incido/app/audit"
	"github.com/incido/incido/app/database"
)

// ErrNotFound is returned for an incident, maintenance or comment that is
// not in the organization.
var ErrNotFound = errors.New("incident: not found")

// Incident is something going wrong, as the organization tracks it.
type Incident struct {
	ID                 int64      `db:"id"`
	OrganizationID     int64      `db:"organization_id"`
	Title              string     `db:"title"`
	Status             string     `db:"status"`
	Severity           string     `db:"severity"`
	Summary            string     `db:"summary"`
	StartedAt          time.Time  `db:"started_at"`
	ResolvedAt         *time.Time `db:"resolved_at"`
	CreatedByUserID    int64      `db:"created_by_user_id"`
	CreatedByTokenID   *int64     `db:"created_by_token_id"`
	CreatedAt          time.Time  `db:"created_at"`
	UpdatedAt          time.Time  `db:"updated_at"`
	CreatedByName      string     `db:"created_by_name"`
	CreatedByTokenName *string    `db:"created_by_token_name"`
}

const incidentColumns = `i.id, i.organization_id, i.title, i.status, i.severity, i.summary,
	i.started_at, i.resolved_at, i.created_by_user_id, i.created_by_token_id,
	i.created_at, i.updated_at, trim(u.given_name || ' ' || u.family_name) created_by_name,
	t.name created_by_token_name`

const incidentFrom = ` FROM incidents i
	JOIN users u ON u.id = i.created_by_user_id
	LEFT JOIN api_tokens t ON t.id = i.created_by_token_id`

// Incidents is the repository of incidents and their comments.
type Incidents struct {
	DB *sqlx.DB
}

// NewIncident is a validated incident to open.
type NewIncident struct {
	OrganizationID int64
	Title          string
	Status         string
	Severity       string
	Summary        string
	StartedAt      time.Time
	// ResolvedAt is set when the incident is recorded already resolved.
	ResolvedAt *time.Time
	UserID     int64
	TokenID    *int64
}

// Draft is an incident as a person or a script asks to open it.
type Draft struct {
	Title     string
	Severity  string
	Status    string // empty: triage
	Summary   string
	StartedAt *time.Time // nil: now
}

// Validate checks a draft and returns the incident to open.
func (d Draft) Validate(orgID int64, now time.Time) (NewIncident, error) {
	errs := Invalid{}
	n := NewIncident{OrganizationID: orgID, Severity: d.Severity, Status: d.Status,
		StartedAt: now.UTC()}
	if n.Status == "" {
		n.Status = "triage"
	}
	var msg string
	if n.Title, msg = cleanTitle(d.Title); msg != "" {
		errs["title"] = msg
	}
	if d.Severity == "" {
		errs["severity"] = "Choose a severity: " + joinOr(Severities) + "."
	} else if msg := oneOf(d.Severity, Severities); msg != "" {
		errs["severity"] = msg
	}
	if msg := oneOf(n.Status, OpenStatuses); msg != "" {
		errs["status"] = "An incident opens in one of: triage, investigating, active, monitoring."
	}
	if n.Summary, msg = cleanText(d.Summary, "summary", MaxSummaryLength, false); msg != "" {
		errs["summary"] = msg
	}
	if d.StartedAt != nil {
		n.StartedAt = d.StartedAt.UTC()
		if n.StartedAt.After(now) {
			errs["started_at"] = "The start cannot be in the future."
		}
		checkTime("started_at", n.StartedAt, errs)
	}
	if len(errs) > 0 {
		return n, errs
	}
	return n, nil
}

// Patch is a change to an incident: nil fields stay as they are.
type Patch struct {
	Title     *string
	Severity  *string
	Status    *string
	Summary   *string
	StartedAt *time.Time
}

// apply validates the patch against the incident and changes it in place.
// It returns what changed, for the audit trail, or Invalid.
func (i *Incident) apply(p Patch, now time.Time) (map[string]any, error) {
	cs := newChangeSet()
	cs.title(p.Title, &i.Title)
	if p.Severity != nil {
		if msg := oneOf(*p.Severity, Severities); msg != "" {
			cs.errs["severity"] = msg
		}
		cs.set("severity", i.Severity, *p.Severity)
		i.Severity = *p.Severity
	}
	cs.summary(p.Summary, &i.Summary)
	if p.Status != nil {
		i.applyStatus(*p.Status, now, cs)
	}
	if p.StartedAt != nil {
		i.applyStart(p.StartedAt.UTC(), now, cs)
	}
	return cs.result()
}

func (i *Incident) applyStatus(to string, now time.Time, cs *changeSet) {
	if msg := oneOf(to, Statuses); msg != "" {
		cs.errs["status"] = msg
		return
	}
	if msg := incidentMove(i.Status, to); msg != "" {
		cs.errs["status"] = msg
		return
	}
	cs.set("status", i.Status, to)
	switch {
	case IsOpen(to):
		i.ResolvedAt = nil
	case to == "resolved" && i.ResolvedAt == nil:
		at := now.UTC()
		i.ResolvedAt = &at
	}
	i.Status = to
}

func (i *Incident) applyStart(at, now time.Time, cs *changeSet) {
	switch {
	case at.After(now):
		cs.errs["started_at"] = "The start cannot be in the future."
	case i.ResolvedAt != nil && at.After(*i.ResolvedAt):
		cs.errs["started_at"] = "The start cannot be after the incident was resolved."
	}
	checkTime("started_at", at, cs.errs)
	cs.set("started_at", i.StartedAt.UTC().Format(time.RFC3339), at.Format(time.RFC3339))
	i.StartedAt = at
}

// createIncident inserts an incident through q (the pool or a transaction).
func createIncident(ctx context.Context, q sqlx.QueryerContext, n NewIncident) (int64, error) {
	var id int64
	err := sqlx.GetContext(ctx, q, &id, `
		INSERT INTO incidents (organization_id, title, status, severity, summary, started_at,
			resolved_at, created_by_user_id, created_by_token_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		n.OrganizationID, n.Title, n.Status, n.Severity, n.Summary, n.StartedAt.UTC(),
		n.ResolvedAt, n.UserID, n.TokenID)
	if err != nil {
		return 0, fmt.Errorf("incident: create: %w", err)
	}
	return id, nil
}

// OpenIncident stores a validated incident and its audit event together,
// and returns it as stored.
func (r *Incidents) OpenIncident(ctx context.Context, n NewIncident,
	by audit.Actor) (*Incident, error) {
	n.UserID, n.TokenID = by.UserID, by.TokenID
	var id int64
	err := database.InTx(ctx, r.DB, func(tx *sqlx.Tx) error {
		var err error
		if id, err = createIncident(ctx, tx, n); err != nil {
			return err
		}
		return audit.Record(ctx, tx, by, &n.OrganizationID, "incident.created",
			target("incident", id),
			map[string]any{"title": n.Title, "severity": n.Severity, "status": n.Status})
	})
	if err != nil {
		return nil, err
	}
	return r.Incident(ctx, n.OrganizationID, id)
}

// UpdateIncident applies a patch under a row lock, so concurrent changes
// see each other's status, and records what changed. A patch that changes
// nothing writes nothing.
func (r *Incidents) UpdateIncident(ctx context.Context, orgID, id int64, p Patch, by audit.Actor,
	now time.Time) (*Incident, error) {
	err := database.InTx(ctx, r.DB, func(tx *sqlx.Tx) error {
		var i Incident
		err := tx.GetContext(ctx, &i, `SELECT `+incidentColumns+incidentFrom+`
			WHERE i.organization_id = $1 AND i.id = $2 FOR UPDATE OF i`, orgID, id)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("incident: update: lock: %w", err)
		}
		changes, err := i.apply(p, now)
		if err != nil || len(changes) == 0 {
			return err
		}
		if err := r.saveIncident(ctx, tx, &i, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, by, &orgID, "incident.updated", target("incident", id),
			map[string]any{"changes": changes})
	})
	if err != nil {
		return nil, err
	}
	return r.Incident(ctx, orgID, id)
}

func (r *Incidents) saveIncident(ctx context.Context, tx *sqlx.Tx, i *Incident,
	now time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE incidents
		SET title = $3, severity = $4, status = $5, summary = $6, started_at = $7,
			resolved_at = $8, updated_at = $9
		WHERE organization_id = $1 AND id = $2`,
		i.OrganizationID, i.ID, i.Title, i.Severity, i.Status, i.Summary, i.StartedAt,
		i.ResolvedAt, now.UTC())
	if err != nil {
		return fmt.Errorf("incident: update: %w", err)
	}
	return nil
}

// IncidentCount counts an organization's incidents.
func (r *Incidents) IncidentCount(ctx context.Context, orgID int64) (int, error) {
	var n int
	err := r.DB.GetContext(ctx, &n,
		`SELECT count(*) FROM incidents WHERE organization_id = $1`, orgID)
	if err != nil {
		return 0, fmt.Errorf("incident: count: %w", err)
	}
	return n, nil
}

// Incident returns one incident of the organization.
func (r *Incidents) Incident(ctx context.Context, orgID, id int64) (*Incident, error) {
	var i Incident
	err := r.DB.GetContext(ctx, &i, `SELECT `+incidentColumns+incidentFrom+`
		WHERE i.organization_id = $1 AND i.id = $2`, orgID, id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("incident: get: %w", err)
	}
	return &i, nil
}

// Filter narrows a listing and names where its page starts.
type Filter struct {
	// Status keeps one status only; empty keeps all.
	Status string
	// Before keeps rows with a smaller id (0: from the newest). Listings
	// are newest first by id, which keyset pagination walks without
	// skipping or repeating a row when others are created meanwhile.
	Before int64
	// Limit is the most rows returned.
	Limit int
}

// Incidents lists an organization's incidents, newest first.
func (r *Incidents) Incidents(ctx context.Context, orgID int64, f Filter) ([]Incident, error) {
	var list []Incident
	err := r.DB.SelectContext(ctx, &list, `SELECT `+incidentColumns+incidentFrom+`
		WHERE i.organization_id = $1 AND ($2::text = '' OR i.status = $2)
			AND ($3::bigint = 0 OR i.id < $3)
		ORDER BY i.id DESC LIMIT $4`, orgID, f.Status, f.Before, f.Limit)
	if err != nil {
		return nil, fmt.Errorf("incident: list: %w", err)
	}
	return list, nil
}

// OpenIncidents lists the incidents the public status page shows: those
// not yet resolved, most recently started first.
func (r *Incidents) OpenIncidents(ctx context.Context, orgID int64, limit int) ([]Incident, error) {
	var list []Incident
	err := r.DB.SelectContext(ctx, &list, `SELECT `+incidentColumns+incidentFrom+`
		WHERE i.organization_id = $1 AND i.status = ANY($2)
		ORDER BY i.started_at DESC, i.id DESC LIMIT $3`, orgID, pq.StringArray(OpenStatuses), limit)
	if err != nil {
		return nil, fmt.Errorf("incident: open: %w", err)
	}
	return list, nil
}

func target(kind string, id int64) string {
	return kind + ":" + strconv.FormatInt(id, 10)
}
