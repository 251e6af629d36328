package api

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/invopop/jsonschema"

	"github.com/incido/incido/app/database"
	"github.com/incido/incido/app/incident"
)

type incidentJSON struct {
	ID             int64         `json:"id"`
	Title          string        `json:"title"`
	Status         string        `json:"status"`
	Severity       string        `json:"severity"`
	Summary        string        `json:"summary" jsonschema_description:"What is happening, for the status page; may be empty."`
	StartedAt      time.Time     `json:"started_at"`
	ResolvedAt     *time.Time    `json:"resolved_at" jsonschema:"nullable" jsonschema_description:"When it reached resolved; null while open."`
	CreatedBy      personJSON    `json:"created_by"`
	CreatedByToken *tokenRefJSON `json:"created_by_token" jsonschema:"nullable" jsonschema_description:"The token it was opened through; null when opened in the Dashboard."`
	CreatedAt      time.Time     `json:"created_at"`
	UpdatedAt      time.Time     `json:"updated_at"`
}

// JSONSchemaExtend lists the statuses and severities.
func (incidentJSON) JSONSchemaExtend(s *jsonschema.Schema) {
	enum(s, "status", incident.Statuses)
	enum(s, "severity", incident.Severities)
}

func incidentOf(i *incident.Incident) incidentJSON {
	out := incidentJSON{ID: i.ID, Title: i.Title, Status: i.Status, Severity: i.Severity,
		Summary: i.Summary, StartedAt: i.StartedAt.UTC(), ResolvedAt: utcPtr(i.ResolvedAt),
		CreatedBy: personJSON{ID: i.CreatedByUserID, Name: i.CreatedByName},
		CreatedAt: i.CreatedAt.UTC(), UpdatedAt: i.UpdatedAt.UTC()}
	if i.CreatedByTokenID != nil && i.CreatedByTokenName != nil {
		out.CreatedByToken = &tokenRefJSON{ID: *i.CreatedByTokenID, Name: *i.CreatedByTokenName}
	}
	return out
}

func incidentID(i *incident.Incident) int64 { return i.ID }

// ListIncidents answers with a page of the organization's incidents,
// newest first, optionally of one status.
func (a *API) ListIncidents(c *gin.Context) {
	listIn(c, incident.Statuses, a.Incidents.Incidents, incidentID, incidentOf)
}

type incidentCreate struct {
	Title     string     `json:"title" jsonschema:"required,minLength=1,maxLength=200" jsonschema_description:"One line, trimmed."`
	Severity  string     `json:"severity" jsonschema:"required"`
	Status    string     `json:"status,omitempty" jsonschema_description:"An open status; triage when left out."`
	Summary   string     `json:"summary,omitempty" jsonschema:"maxLength=10000" jsonschema_description:"Shown on the public status page."`
	StartedAt *Timestamp `json:"started_at,omitempty" jsonschema_description:"Not in the future; now when left out."`
}

// JSONSchemaExtend lists the severities and the statuses an incident
// opens in.
func (incidentCreate) JSONSchemaExtend(s *jsonschema.Schema) {
	enum(s, "severity", incident.Severities)
	enum(s, "status", incident.OpenStatuses)
}

// CreateIncident opens an incident in the organization.
func (a *API) CreateIncident(c *gin.Context) {
	var in incidentCreate
	if !decode(c, &in) {
		return
	}
	d := incident.Draft{Title: in.Title, Severity: in.Severity, Status: in.Status,
		Summary: in.Summary}
	if in.StartedAt != nil {
		d.StartedAt = &in.StartedAt.Time
	}
	n, err := d.Validate(orgID(c), a.Now())
	if failed(c, err) {
		return
	}
	i, err := a.Incidents.OpenIncident(c.Request.Context(), n, actor(c))
	if failed(c, err) {
		return
	}
	created(c, "/incidents/"+strconv.FormatInt(i.ID, 10), incidentOf(i))
}

// ShowIncident answers with one incident of the organization.
func (a *API) ShowIncident(c *gin.Context) {
	i, ok := a.incident(c)
	if !ok {
		return
	}
	c.JSON(http.StatusOK, incidentOf(i))
}

func (a *API) incident(c *gin.Context) (*incident.Incident, bool) {
	id, ok := pathID(c, "id")
	if !ok {
		return nil, false
	}
	i, err := a.Incidents.Incident(c.Request.Context(), orgID(c), id)
	if failed(c, err) {
		return nil, false
	}
	return i, true
}

type incidentPatch struct {
	Title     Optional[string]    `json:"title"`
	Severity  Optional[string]    `json:"severity"`
	Status    Optional[string]    `json:"status" jsonschema_description:"Moves along the lifecycle."`
	Summary   Optional[string]    `json:"summary" jsonschema_description:"null clears it."`
	StartedAt Optional[Timestamp] `json:"started_at"`
}

// JSONSchemaExtend lists the statuses and severities.
func (incidentPatch) JSONSchemaExtend(s *jsonschema.Schema) {
	enum(s, "status", incident.Statuses)
	enum(s, "severity", incident.Severities)
}

// UpdateIncident changes the fields the body gives and leaves the others.
func (a *API) UpdateIncident(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var in incidentPatch
	if !decode(c, &in) {
		return
	}
	errs := incident.Invalid{}
	p := incident.Patch{
		Title:    required(in.Title, "title", errs),
		Severity: required(in.Severity, "severity", errs),
		Status:   required(in.Status, "status", errs),
		Summary:  clearable(in.Summary),
	}
	if at := required(in.StartedAt, "started_at", errs); at != nil {
		p.StartedAt = &at.Time
	}
	if len(errs) > 0 {
		failed(c, errs)
		return
	}
	i, err := a.Incidents.UpdateIncident(c.Request.Context(), orgID(c), id, p, actor(c), a.Now())
	if failed(c, err) {
		return
	}
	c.JSON(http.StatusOK, incidentOf(i))
}

// required is a PATCH field that may be left out but not set to null.
func required[T any](o Optional[T], field string, errs incident.Invalid) *T {
	if o.Null {
		errs[field] = "cannot be null: leave the field out to keep it as it is"
	}
	if !o.Set || o.Null {
		return nil
	}
	return &o.Value
}

// clearable is a text PATCH field where null means empty.
func clearable(o Optional[string]) *string {
	if o.Null {
		empty := ""
		return &empty
	}
	if !o.Set {
		return nil
	}
	return &o.Value
}

// failed answers err, if any: a 404 for something not in the
// organization, a 422 for invalid values, a 500 otherwise.
func failed(c *gin.Context, err error) bool {
	var invalid incident.Invalid
	switch {
	case err == nil:
		return false
	case errors.Is(err, incident.ErrNotFound):
		writeProblem(c, notFound())
	case errors.As(err, &invalid):
		p := problem("validation", "Some fields are not valid: see errors.")
		p.Errors = invalid
		writeProblem(c, p)
	default:
		serverError(c, err)
	}
	return true
}

// created answers 201 with the new resource and where it lives, path
// being under the organization.
func created(c *gin.Context, path string, body any) {
	c.Header("Location", Prefix+"/organizations/"+c.Param("org")+path)
	c.JSON(http.StatusCreated, body)
}

// pathID reads a numeric id from the path; anything else is not found.
func pathID(c *gin.Context, name string) (int64, bool) {
	id, ok := database.ParseID(c.Param(name))
	if !ok {
		writeProblem(c, notFound())
		return 0, false
	}
	return id, true
}

// enum sets the allowed values of a property, also inside a nullable one.
func enum(s *jsonschema.Schema, field string, values []string) {
	prop, ok := s.Properties.Get(field)
	if !ok {
		panic("api: no property " + field)
	}
	if len(prop.OneOf) > 0 {
		prop = prop.OneOf[0]
	}
	prop.Enum = anySlice(values)
}
