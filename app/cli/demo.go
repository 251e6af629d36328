package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/incido/incido/app/access"
	"github.com/incido/incido/app/account"
	"github.com/incido/incido/app/config"
	"github.com/incido/incido/app/database"
	"github.com/incido/incido/app/incident"
	"github.com/incido/incido/app/org"
)

type demoUser struct {
	email, given, family, tz, password string
	role                               access.Role
}

// The demo operators. Their passwords are public: for a local demo only.
var demoUsers = []demoUser{
	{"owner@acme.example", "Olivia", "Owner", "Europe/Berlin", "harbor lantern quietly folds maps", access.Owner},
	{"responder@acme.example", "Rafael", "Responder", "America/New_York", "copper kettle sings at midnight", access.Responder},
	{"viewer@acme.example", "Vera", "Viewer", "Asia/Kolkata", "seven orange bicycles drift east", access.Viewer},
}

// demo makes the demo organization, its operators and a few incidents. It
// is idempotent: run again, it resets the demo passwords and adds nothing twice.
func demo(ctx context.Context, env Env) error {
	return withDB(ctx, env, func(db *sqlx.DB, cfg *config.Config) error {
		orgs := &org.Organizations{DB: db}
		acme, err := ensureOrg(ctx, orgs, "acme", "Acme Corp")
		if err != nil {
			return err
		}
		if _, err := ensureOrg(ctx, orgs, "globex", "Globex"); err != nil {
			return err
		}

		var owner *account.User
		for _, du := range demoUsers {
			u, err := ensureUser(ctx, db, du)
			if err != nil {
				return err
			}
			if err := orgs.SetMember(ctx, acme.ID, u.ID, du.role); err != nil {
				return err
			}
			if owner == nil {
				owner = u
			}
		}
		if err := ensureIncidents(ctx, db, acme.ID, owner.ID); err != nil {
			return err
		}

		fmt.Fprintf(env.Stdout, "Demo ready at %s/login\n", cfg.BaseURL)
		for _, du := range demoUsers {
			fmt.Fprintf(env.Stdout, "  %-9s  email: %-24s  password: %s\n", du.role, du.email, du.password)
		}
		return nil
	})
}

func ensureOrg(ctx context.Context, orgs *org.Organizations, slug, name string) (*org.Organization, error) {
	o, err := orgs.OrganizationBySlug(ctx, slug)
	if errors.Is(err, org.ErrNotFound) {
		o, err = orgs.CreateOrganization(ctx, slug, name)
		if errors.Is(err, org.ErrSlugTaken) {
			return orgs.OrganizationBySlug(ctx, slug)
		}
	}
	return o, err
}

func ensureUser(ctx context.Context, db *sqlx.DB, du demoUser) (*account.User, error) {
	users := &account.Users{DB: db}
	u, err := users.UserByEmail(ctx, du.email)
	if errors.Is(err, account.ErrNotFound) {
		u, err = newUser(ctx, db, du.email, du.given, du.family, du.tz, du.password)
		if errors.Is(err, account.ErrEmailTaken) {
			return users.UserByEmail(ctx, du.email)
		}
		return u, err
	}
	if err != nil {
		return nil, err
	}
	hash, err := account.NewHasher(account.DefaultHashParams).Hash(ctx, du.password)
	if err != nil {
		return nil, err
	}
	return u, users.SetPasswordHash(ctx, u.ID, hash)
}

func ensureIncidents(ctx context.Context, db *sqlx.DB, orgID, userID int64) error {
	incidents := &incident.Incidents{DB: db}
	n, err := incidents.IncidentCount(ctx, orgID)
	if err != nil || n > 0 {
		return err
	}
	now := time.Now().UTC()
	seed := []incident.NewIncident{
		{Title: "Checkout API returning 502s", Status: "investigating", Severity: "critical",
			Summary: "Error rate on /checkout above 20% since the last deploy.", StartedAt: now.Add(-40 * time.Minute)},
		{Title: "Delayed email notifications", Status: "monitoring", Severity: "minor",
			Summary: "Queue backlog cleared; watching delivery times.", StartedAt: now.Add(-5 * time.Hour)},
		{Title: "Search index rebuild slowed queries", Status: "resolved", Severity: "major",
			Summary: "Rebuild throttled; latency back to normal.", StartedAt: now.Add(-50 * time.Hour)},
	}
	return database.InTx(ctx, db, func(tx *sqlx.Tx) error {
		for _, s := range seed {
			s.OrganizationID, s.UserID = orgID, userID
			if _, err := incident.CreateIncident(ctx, tx, s); err != nil {
				return err
			}
		}
		return nil
	})
}
