// Package app wires Incido together: the repositories, the Dashboard and
// the API, behind one route table.
package app

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/incido/incido/app/account"
	"github.com/incido/incido/app/api"
	"github.com/incido/incido/app/audit"
	"github.com/incido/incido/app/config"
	"github.com/incido/incido/app/incident"
	"github.com/incido/incido/app/mail"
	"github.com/incido/incido/app/org"
	"github.com/incido/incido/app/ratelimit"
	"github.com/incido/incido/app/token"
	"github.com/incido/incido/app/web"
)

// App is one server instance's handlers and dependencies.
type App struct {
	Config    *config.Config
	DB        *sqlx.DB
	Log       *slog.Logger
	Dashboard *web.Dashboard
	API       *api.API
	// Notifier mails token owners before their tokens expire; serve runs it.
	Notifier *token.Notifier

	handler http.Handler
}

// Options tune an App for tests.
type Options struct {
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// HashParams override the argon2id cost, for fast tests.
	HashParams *account.HashParams
}

// New builds an App on an open, migrated database.
func New(cfg *config.Config, db *sqlx.DB, log *slog.Logger, opts Options) (*App, error) {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	params := account.DefaultHashParams
	if opts.HashParams != nil {
		params = *opts.HashParams
	}
	views, err := web.ParseViews()
	if err != nil {
		return nil, err
	}

	users := &account.Users{DB: db}
	orgs := &org.Organizations{DB: db}
	tokens := &token.Tokens{DB: db}
	mailer := mail.FromConfig(cfg, log)
	incidents := &incident.Incidents{DB: db}
	maintenances := &incident.Maintenances{DB: db}
	trail := &audit.Trail{DB: db}
	a := &App{Config: cfg, DB: db, Log: log}
	a.Dashboard = &web.Dashboard{
		Users:    users,
		Sessions: &account.Sessions{DB: db},
		Orgs:     orgs,
		Tokens:   tokens,
		Trail:    trail,
		Hasher:   account.NewHasher(params),
		Mail:     mailer,
		Views:    views,
		Cookies:  web.NewCookieStore(cfg.SessionKeys, cfg.SecureCookies()),
		Log:      log,
		Now:      now,

		ResetLinks: &account.ResetLinks{DB: db},
		Limits:     &ratelimit.Limiter{DB: db},
		BaseURL:    cfg.BaseURL,
	}
	a.Notifier = &token.Notifier{Tokens: tokens, Mail: mailer, Log: log, Now: now}
	ref := api.NewReference()
	openAPI, err := ref.Document()
	if err != nil {
		return nil, err
	}
	a.Dashboard.Incidents, a.Dashboard.Maintenances = incidents, maintenances
	a.Dashboard.Reference = ref
	a.API = &api.API{Tokens: tokens, Orgs: orgs, Incidents: incidents, Maintenances: maintenances,
		Trail: trail, OpenAPI: openAPI, Log: log, Now: now}
	r, err := a.routes()
	if err != nil {
		return nil, err
	}
	a.handler = answerHEAD(r)
	return a, nil
}
