package apptest

import (
	"context"
	"testing"
	"time"

	"github.com/incido/incido/app/audit"
	"github.com/incido/incido/app/database/dbtest"
	"github.com/incido/incido/app/incident"
	"github.com/incido/incido/app/org"
)

// CreateIncident opens an incident in the organization as u, straight
// through the repository.
func CreateIncident(t testing.TB, db *dbtest.Database, o *org.Organization, u *User,
	title string) *incident.Incident {
	t.Helper()
	n, err := incident.Draft{Title: title, Severity: "major", Summary: "Summary of " + title}.
		Validate(o.ID, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	i, err := (&incident.Incidents{DB: db.DB}).OpenIncident(context.Background(), n,
		audit.Actor{UserID: u.ID})
	if err != nil {
		t.Fatal(err)
	}
	return i
}

// CreateMaintenance schedules a maintenance in the organization as u, in
// the status given, from starts for two hours.
func CreateMaintenance(t testing.TB, db *dbtest.Database, o *org.Organization, u *User,
	title, status string, starts time.Time) *incident.Maintenance {
	t.Helper()
	ends := starts.Add(2 * time.Hour)
	m, err := incident.MaintenanceDraft{Title: title, Status: status, Summary: "About " + title,
		StartsAt: &starts, EndsAt: &ends}.Validate(o.ID)
	if err != nil {
		t.Fatal(err)
	}
	saved, err := (&incident.Maintenances{DB: db.DB}).ScheduleMaintenance(context.Background(), m,
		audit.Actor{UserID: u.ID})
	if err != nil {
		t.Fatal(err)
	}
	return saved
}

// AddComment writes an internal comment on the incident as u.
func AddComment(t testing.TB, db *dbtest.Database, o *org.Organization, u *User,
	i *incident.Incident, body string) *incident.Comment {
	t.Helper()
	c, err := (&incident.Incidents{DB: db.DB}).AddComment(context.Background(), o.ID, i.ID, body,
		audit.Actor{UserID: u.ID})
	if err != nil {
		t.Fatal(err)
	}
	return c
}
