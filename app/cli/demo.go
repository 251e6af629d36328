package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/incido/incido/app/access"
	"github.com/incido/incido/app/account"
	"github.com/incido/incido/app/audit"
	"github.com/incido/incido/app/config"
	"github.com/incido/incido/app/incident"
	"github.com/incido/incido/app/org"
)

type demoUser struct {
	email, given, family, tz, password string
	org                                string
	role                               access.Role
}

// The demo operators. Their passwords are public: for a local demo only.
var demoUsers = []demoUser{
	{"owner@acme.example", "Olivia", "Owner", "Europe/Berlin",
		"harbor lantern quietly folds maps", "acme", access.Owner},
	{"admin@acme.example", "Ada", "Admin", "Europe/London",
		"granite owls compose winter letters", "acme", access.Admin},
	{"responder@acme.example", "Rafael", "Responder", "America/New_York",
		"copper kettle sings at midnight", "acme", access.Responder},
	{"viewer@acme.example", "Vera", "Viewer", "Asia/Kolkata",
		"seven orange bicycles drift east", "acme", access.Viewer},
	{"owner@globex.example", "Gus", "Globex", "America/Los_Angeles",
		"velvet comets borrow quiet harbors", "globex", access.Owner},
}

// demo makes the demo organizations, their operators and some of every
// kind of tenant data, so each page has something to show. It is
// idempotent: run again, it resets the demo passwords and adds nothing twice.
func demo(ctx context.Context, env Env) error {
	return withDB(ctx, env, func(db *sqlx.DB, cfg *config.Config) error {
		orgs := &org.Organizations{DB: db}
		byOrg := map[string]*org.Organization{}
		for _, o := range [][2]string{{"acme", "Acme Corp"}, {"globex", "Globex"}} {
			made, err := ensureOrg(ctx, orgs, o[0], o[1])
			if err != nil {
				return err
			}
			byOrg[o[0]] = made
		}
		people, err := ensureDemoPeople(ctx, db, orgs, byOrg)
		if err != nil {
			return err
		}

		acme := demoCrew{owner: people["owner@acme.example"],
			responder: people["responder@acme.example"]}
		globex := demoCrew{owner: people["owner@globex.example"],
			responder: people["owner@globex.example"]}
		if err := ensureTenantData(ctx, db, byOrg["acme"].ID, acme, acmeSeed); err != nil {
			return err
		}
		if err := ensureTenantData(ctx, db, byOrg["globex"].ID, globex, globexSeed); err != nil {
			return err
		}
		printDemo(env, cfg)
		return nil
	})
}

// ensureDemoPeople makes the demo operators members of their
// organization and returns them by email.
func ensureDemoPeople(ctx context.Context, db *sqlx.DB, orgs *org.Organizations,
	byOrg map[string]*org.Organization) (map[string]*account.User, error) {
	people := map[string]*account.User{}
	for _, du := range demoUsers {
		u, err := ensureUser(ctx, db, du)
		if err != nil {
			return nil, err
		}
		if err := orgs.SetMember(ctx, byOrg[du.org].ID, u.ID, du.role); err != nil {
			return nil, err
		}
		people[du.email] = u
	}
	return people, nil
}

func printDemo(env Env, cfg *config.Config) {
	fmt.Fprintf(env.Stdout, "Demo ready at %s/login\n", cfg.BaseURL)
	for _, du := range demoUsers {
		fmt.Fprintf(env.Stdout, "  %-6s %-9s  email: %-24s  password: %s\n",
			du.org, du.role, du.email, du.password)
	}
	fmt.Fprintf(env.Stdout, "Public status: %s/status/acme and %s/status/globex\n",
		cfg.BaseURL, cfg.BaseURL)
}

func ensureOrg(ctx context.Context, orgs *org.Organizations, slug, name string) (*org.Organization,
	error) {
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

// demoCrew are who open and comment on an organization's demo incidents.
type demoCrew struct {
	owner, responder *account.User
}

// demoIncident is an incident to seed, started ago before now, with
// comments by the responder, and resolved when resolved is set.
type demoIncident struct {
	title, status, severity, summary string
	ago                              time.Duration
	resolved                         bool
	comments                         []string
}

// demoMaintenance is a window to seed, starting in from now.
type demoMaintenance struct {
	title, status, summary string
	in, lasts              time.Duration
}

type demoSeed struct {
	incidents    []demoIncident
	maintenances []demoMaintenance
}

var acmeSeed = demoSeed{
	incidents: []demoIncident{
		{"Search index rebuild slowed queries", "resolved", "major",
			"Rebuild throttled; latency back to normal.", 50 * time.Hour, true,
			[]string{"Throttled the rebuild to 2 workers.", "p99 back under 200 ms."}},
		{"Delayed email notifications", "monitoring", "minor",
			"Queue backlog cleared; watching delivery times.", 5 * time.Hour, false,
			[]string{"Backlog drained at 14:10."}},
		{"Checkout API returning 502s", "investigating", "critical",
			"Error rate on /checkout above 20% since the last deploy.", 40 * time.Minute, false,
			[]string{"Rolling back build 4812.",
				"Load balancer health checks flapping on two nodes."}},
	},
	maintenances: []demoMaintenance{
		{"Kernel patching, batch 1", "closed", "Rolling reboots of the API hosts.",
			-72 * time.Hour, 2 * time.Hour},
		{"Primary database failover drill", "scheduled", "Writes pause for up to a minute.",
			26 * time.Hour, time.Hour},
		{"CDN provider migration", "draft", "Not announced yet.",
			7 * 24 * time.Hour, 4 * time.Hour},
	},
}

var globexSeed = demoSeed{
	incidents: []demoIncident{
		{"Payroll export timing out", "active", "major",
			"Exports over 10 000 rows fail; smaller ones work.", 3 * time.Hour, false,
			[]string{"Raised the worker timeout as a stopgap."}},
	},
	maintenances: []demoMaintenance{
		{"Warehouse network upgrade", "scheduled", "Scanners offline in bay 3.",
			48 * time.Hour, 3 * time.Hour},
	},
}

// ensureTenantData seeds an organization's incidents, comments and
// maintenances through the repositories, so each has its audit event,
// unless the organization already has incidents.
func ensureTenantData(ctx context.Context, db *sqlx.DB, orgID int64, crew demoCrew,
	seed demoSeed) error {
	incidents := &incident.Incidents{DB: db}
	n, err := incidents.IncidentCount(ctx, orgID)
	if err != nil || n > 0 {
		return err
	}
	now := time.Now().UTC()
	for _, s := range seed.incidents {
		if err := seedIncident(ctx, incidents, orgID, crew, s, now); err != nil {
			return err
		}
	}
	maintenances := &incident.Maintenances{DB: db}
	for _, s := range seed.maintenances {
		m := incident.Maintenance{OrganizationID: orgID, Title: s.title, Status: s.status,
			Summary: s.summary, StartsAt: now.Add(s.in), EndsAt: now.Add(s.in + s.lasts)}
		by := audit.Actor{UserID: crew.owner.ID}
		if _, err := maintenances.ScheduleMaintenance(ctx, m, by); err != nil {
			return err
		}
	}
	return nil
}

func seedIncident(ctx context.Context, incidents *incident.Incidents, orgID int64, crew demoCrew,
	s demoIncident, now time.Time) error {
	n := incident.NewIncident{OrganizationID: orgID, Title: s.title, Status: s.status,
		Severity: s.severity, Summary: s.summary, StartedAt: now.Add(-s.ago)}
	if s.resolved {
		at := now.Add(-s.ago / 2)
		n.ResolvedAt = &at
	}
	i, err := incidents.OpenIncident(ctx, n, audit.Actor{UserID: crew.owner.ID})
	if err != nil {
		return err
	}
	for _, body := range s.comments {
		by := audit.Actor{UserID: crew.responder.ID}
		if _, err := incidents.AddComment(ctx, orgID, i.ID, body, by); err != nil {
			return err
		}
	}
	return nil
}
