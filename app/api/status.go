package api

import (
	"errors"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/invopop/jsonschema"

	"github.com/incido/incido/app/incident"
	"github.com/incido/incido/app/org"
)

// statusJSON is an organization's public status: nothing internal, no
// comments, no creators, no drafts.
type statusJSON struct {
	Organization struct {
		Slug string `json:"slug"`
		Name string `json:"name"`
	} `json:"organization"`
	Indicator    string                  `json:"indicator" jsonschema_description:"The worst open incident's severity, maintenance while a window runs, or operational."`
	Incidents    []publicIncidentJSON    `json:"incidents"`
	Maintenances []publicMaintenanceJSON `json:"maintenances"`
	GeneratedAt  time.Time               `json:"generated_at"`
}

// JSONSchemaExtend lists the indicators.
func (statusJSON) JSONSchemaExtend(s *jsonschema.Schema) {
	enum(s, "indicator", incident.Indicators)
}

type publicIncidentJSON struct {
	Title     string    `json:"title"`
	Status    string    `json:"status"`
	Severity  string    `json:"severity"`
	Summary   string    `json:"summary"`
	StartedAt time.Time `json:"started_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// JSONSchemaExtend lists the statuses and severities.
func (publicIncidentJSON) JSONSchemaExtend(s *jsonschema.Schema) {
	enum(s, "status", incident.OpenStatuses)
	enum(s, "severity", incident.Severities)
}

type publicMaintenanceJSON struct {
	Title    string    `json:"title"`
	Status   string    `json:"status"`
	Summary  string    `json:"summary"`
	StartsAt time.Time `json:"starts_at"`
	EndsAt   time.Time `json:"ends_at"`
}

// JSONSchemaExtend lists the statuses.
func (publicMaintenanceJSON) JSONSchemaExtend(s *jsonschema.Schema) {
	enum(s, "status", []string{"scheduled", "in_progress", "post_maintenance"})
}

// ShowStatus answers with an organization's public status, to anyone.
func (a *API) ShowStatus(c *gin.Context) {
	ctx := c.Request.Context()
	o, err := a.Orgs.OrganizationBySlug(ctx, c.Param("slug"))
	if errors.Is(err, org.ErrNotFound) {
		writeProblem(c, notFound())
		return
	}
	if err != nil {
		serverError(c, err)
		return
	}
	board, err := incident.LoadBoard(ctx, a.Incidents, a.Maintenances, o.ID, a.Now())
	if err != nil {
		serverError(c, err)
		return
	}

	var out statusJSON
	out.Organization.Slug, out.Organization.Name = o.Slug, o.Name
	out.Indicator, out.GeneratedAt = board.Indicator, board.At.UTC()
	out.Incidents = make([]publicIncidentJSON, 0, len(board.Incidents))
	for _, i := range board.Incidents {
		out.Incidents = append(out.Incidents, publicIncidentJSON{Title: i.Title, Status: i.Status,
			Severity: i.Severity, Summary: i.Summary, StartedAt: i.StartedAt.UTC(),
			UpdatedAt: i.UpdatedAt.UTC()})
	}
	out.Maintenances = make([]publicMaintenanceJSON, 0, len(board.Maintenances))
	for _, m := range board.Maintenances {
		out.Maintenances = append(out.Maintenances, publicMaintenanceJSON{Title: m.Title,
			Status: m.Status, Summary: m.Summary, StartsAt: m.StartsAt.UTC(),
			EndsAt: m.EndsAt.UTC()})
	}
	c.Header("Cache-Control", "public, max-age=15")
	c.Header("Access-Control-Allow-Origin", "*")
	c.JSON(http.StatusOK, out)
}
