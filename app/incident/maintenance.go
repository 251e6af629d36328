package incident

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/incido/incido/app/audit"
	"github.com/incido/incido/app/database"
)

// Maintenance is a planned window of work that may disturb the service.
type Maintenance struct {
	ID               int64     `db:"id"`
	OrganizationID   int64     `db:"organization_id"`
	Title            string    `db:"title"`
	Status           string    `db:"status"`
	Summary          string    `db:"summary"`
	StartsAt         time.Time `db:"starts_at"`
	EndsAt           time.Time `db:"ends_at"`
	CreatedByUserID  int64     `db:"created_by_user_id"`
	CreatedByTokenID *int64    `db:"created_by_token_id"`
	CreatedAt        time.Time `db:"created_at"`
	UpdatedAt        time.Time `db:"updated_at"`
	CreatedByName    string    `db:"created_by_name"`
}

const maintenanceColumns = `m.id, m.organization_id, m.title, m.status, m.summary, m.starts_at,
	m.ends_at, m.created_by_user_id, m.created_by_token_id, m.created_at, m.updated_at,
	trim(u.given_name || ' ' || u.family_name) created_by_name`

const maintenanceFrom = ` FROM maintenances m JOIN users u ON u.id = m.created_by_user_id`

// Maintenances is the repository of maintenance windows.
type Maintenances struct {
	DB *sqlx.DB
}

// MaintenanceDraft is a maintenance as a person or a script asks to
// schedule it.
type MaintenanceDraft struct {
	Title    string
	Status   string // empty: scheduled
	Summary  string
	StartsAt *time.Time
	EndsAt   *time.Time
}

// Validate checks a draft and returns the maintenance to store, without
// an id.
func (d MaintenanceDraft) Validate(orgID int64) (Maintenance, error) {
	errs := Invalid{}
	m := Maintenance{OrganizationID: orgID, Status: d.Status}
	if m.Status == "" {
		m.Status = "scheduled"
	}
	var msg string
	if m.Title, msg = cleanTitle(d.Title); msg != "" {
		errs["title"] = msg
	}
	if msg := oneOf(m.Status, NewMaintenanceStatuses); msg != "" {
		errs["status"] = "A maintenance is created as draft, scheduled or in_progress."
	}
	if m.Summary, msg = cleanText(d.Summary, "summary", MaxSummaryLength, false); msg != "" {
		errs["summary"] = msg
	}
	if d.StartsAt == nil {
		errs["starts_at"] = "Give the start of the window."
	}
	if d.EndsAt == nil {
		errs["ends_at"] = "Give the end of the window."
	}
	if d.StartsAt != nil && d.EndsAt != nil {
		m.StartsAt, m.EndsAt = d.StartsAt.UTC(), d.EndsAt.UTC()
		checkWindow(m.StartsAt, m.EndsAt, errs)
		checkTime("starts_at", m.StartsAt, errs)
		checkTime("ends_at", m.EndsAt, errs)
	}
	if len(errs) > 0 {
		return m, errs
	}
	return m, nil
}

func checkWindow(starts, ends time.Time, errs Invalid) {
	if !starts.Before(ends) {
		errs["ends_at"] = "The end must be after the start."
	}
}

// MaintenancePatch is a change to a maintenance: nil fields stay as they are.
type MaintenancePatch struct {
	Title    *string
	Status   *string
	Summary  *string
	StartsAt *time.Time
	EndsAt   *time.Time
}

// apply validates the patch against the maintenance and changes it in
// place, returning what changed or Invalid.
func (m *Maintenance) apply(p MaintenancePatch) (map[string]any, error) {
	cs := newChangeSet()
	cs.title(p.Title, &m.Title)
	cs.summary(p.Summary, &m.Summary)
	if p.Status != nil {
		if msg := oneOf(*p.Status, MaintenanceStatuses); msg != "" {
			cs.errs["status"] = msg
		} else if msg := maintenanceMove(m.Status, *p.Status); msg != "" {
			cs.errs["status"] = msg
		}
		cs.set("status", m.Status, *p.Status)
		m.Status = *p.Status
	}
	m.applyWindow(p, cs)
	return cs.result()
}

func (m *Maintenance) applyWindow(p MaintenancePatch, cs *changeSet) {
	if p.StartsAt == nil && p.EndsAt == nil {
		return
	}
	starts, ends := m.StartsAt, m.EndsAt
	if p.StartsAt != nil {
		starts = p.StartsAt.UTC()
	}
	if p.EndsAt != nil {
		ends = p.EndsAt.UTC()
	}
	if !starts.Before(ends) {
		field := "ends_at"
		if p.EndsAt == nil {
			field = "starts_at"
		}
		cs.errs[field] = "The start must be before the end (the window is " +
			starts.Format(time.RFC3339) + " to " + ends.Format(time.RFC3339) + ")."
	}
	checkTime("starts_at", starts, cs.errs)
	checkTime("ends_at", ends, cs.errs)
	cs.set("starts_at", m.StartsAt.UTC().Format(time.RFC3339), starts.Format(time.RFC3339))
	cs.set("ends_at", m.EndsAt.UTC().Format(time.RFC3339), ends.Format(time.RFC3339))
	m.StartsAt, m.EndsAt = starts, ends
}

// ScheduleMaintenance stores a validated maintenance and its audit event
// together, and returns it as stored.
func (r *Maintenances) ScheduleMaintenance(ctx context.Context, m Maintenance,
	by audit.Actor) (*Maintenance, error) {
	var id int64
	err := database.InTx(ctx, r.DB, func(tx *sqlx.Tx) error {
		err := tx.GetContext(ctx, &id, `
			INSERT INTO maintenances (organization_id, title, status, summary, starts_at, ends_at,
				created_by_user_id, created_by_token_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			m.OrganizationID, m.Title, m.Status, m.Summary, m.StartsAt, m.EndsAt,
			by.UserID, by.TokenID)
		if err != nil {
			return fmt.Errorf("incident: maintenance: create: %w", err)
		}
		return audit.Record(ctx, tx, by, &m.OrganizationID, "maintenance.created",
			target("maintenance", id), map[string]any{"title": m.Title, "status": m.Status,
				"starts_at": m.StartsAt, "ends_at": m.EndsAt})
	})
	if err != nil {
		return nil, err
	}
	return r.Maintenance(ctx, m.OrganizationID, id)
}

// UpdateMaintenance applies a patch under a row lock and records what
// changed. A patch that changes nothing writes nothing.
func (r *Maintenances) UpdateMaintenance(ctx context.Context, orgID, id int64,
	p MaintenancePatch, by audit.Actor, now time.Time) (*Maintenance, error) {
	err := database.InTx(ctx, r.DB, func(tx *sqlx.Tx) error {
		var m Maintenance
		err := tx.GetContext(ctx, &m, `SELECT `+maintenanceColumns+maintenanceFrom+`
			WHERE m.organization_id = $1 AND m.id = $2 FOR UPDATE OF m`, orgID, id)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("incident: maintenance: lock: %w", err)
		}
		changes, err := m.apply(p)
		if err != nil || len(changes) == 0 {
			return err
		}
		if err := saveMaintenance(ctx, tx, &m, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, by, &orgID, "maintenance.updated", target("maintenance", id),
			map[string]any{"changes": changes})
	})
	if err != nil {
		return nil, err
	}
	return r.Maintenance(ctx, orgID, id)
}

func saveMaintenance(ctx context.Context, tx *sqlx.Tx, m *Maintenance, now time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE maintenances
		SET title = $3, status = $4, summary = $5, starts_at = $6, ends_at = $7, updated_at = $8
		WHERE organization_id = $1 AND id = $2`,
		m.OrganizationID, m.ID, m.Title, m.Status, m.Summary, m.StartsAt, m.EndsAt, now.UTC())
	if err != nil {
		return fmt.Errorf("incident: maintenance: update: %w", err)
	}
	return nil
}

// Maintenance returns one maintenance of the organization.
func (r *Maintenances) Maintenance(ctx context.Context, orgID, id int64) (*Maintenance, error) {
	var m Maintenance
	err := r.DB.GetContext(ctx, &m, `SELECT `+maintenanceColumns+maintenanceFrom+`
		WHERE m.organization_id = $1 AND m.id = $2`, orgID, id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("incident: maintenance: %w", err)
	}
	return &m, nil
}

// Maintenances lists an organization's maintenances, newest first.
func (r *Maintenances) Maintenances(ctx context.Context, orgID int64,
	f Filter) ([]Maintenance, error) {
	var list []Maintenance
	err := r.DB.SelectContext(ctx, &list, `SELECT `+maintenanceColumns+maintenanceFrom+`
		WHERE m.organization_id = $1 AND ($2::text = '' OR m.status = $2)
			AND ($3::bigint = 0 OR m.id < $3)
		ORDER BY m.id DESC LIMIT $4`, orgID, f.Status, f.Before, f.Limit)
	if err != nil {
		return nil, fmt.Errorf("incident: maintenances: %w", err)
	}
	return list, nil
}

// CurrentMaintenances lists what the public status page shows: windows
// running or wrapping up, and scheduled ones not yet over, soonest first.
// Drafts, cancelled and closed windows never appear.
func (r *Maintenances) CurrentMaintenances(ctx context.Context, orgID int64, now time.Time,
	limit int) ([]Maintenance, error) {
	var list []Maintenance
	err := r.DB.SelectContext(ctx, &list, `SELECT `+maintenanceColumns+maintenanceFrom+`
		WHERE m.organization_id = $1
			AND (m.status IN ('in_progress', 'post_maintenance')
				OR (m.status = 'scheduled' AND m.ends_at > $2))
		ORDER BY m.starts_at, m.id LIMIT $3`, orgID, now.UTC(), limit)
	if err != nil {
		return nil, fmt.Errorf("incident: current maintenances: %w", err)
	}
	return list, nil
}
