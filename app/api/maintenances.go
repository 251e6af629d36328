package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/invopop/jsonschema"

	"github.com/incido/incido/app/incident"
)

type maintenanceJSON struct {
	ID        int64      `json:"id"`
	Title     string     `json:"title"`
	Status    string     `json:"status"`
	Summary   string     `json:"summary"`
	StartsAt  time.Time  `json:"starts_at"`
	EndsAt    time.Time  `json:"ends_at"`
	CreatedBy personJSON `json:"created_by"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
}

// JSONSchemaExtend lists the statuses.
func (maintenanceJSON) JSONSchemaExtend(s *jsonschema.Schema) {
	enum(s, "status", incident.MaintenanceStatuses)
}

func maintenanceOf(m *incident.Maintenance) maintenanceJSON {
	return maintenanceJSON{ID: m.ID, Title: m.Title, Status: m.Status, Summary: m.Summary,
		StartsAt: m.StartsAt.UTC(), EndsAt: m.EndsAt.UTC(),
		CreatedBy: personJSON{ID: m.CreatedByUserID, Name: m.CreatedByName},
		CreatedAt: m.CreatedAt.UTC(), UpdatedAt: m.UpdatedAt.UTC()}
}

func maintenanceID(m *incident.Maintenance) int64 { return m.ID }

// ListMaintenances answers with a page of the organization's maintenance
// windows, newest first, optionally of one status.
func (a *API) ListMaintenances(c *gin.Context) {
	listIn(c, incident.MaintenanceStatuses, a.Maintenances.Maintenances, maintenanceID,
		maintenanceOf)
}

type maintenanceCreate struct {
	Title    string     `json:"title" jsonschema:"required,minLength=1,maxLength=200"`
	Status   string     `json:"status,omitempty" jsonschema_description:"scheduled when left out; drafts stay off the public status page."`
	Summary  string     `json:"summary,omitempty" jsonschema:"maxLength=10000"`
	StartsAt *Timestamp `json:"starts_at" jsonschema:"required"`
	EndsAt   *Timestamp `json:"ends_at" jsonschema:"required" jsonschema_description:"After starts_at."`
}

// JSONSchemaExtend lists the statuses a maintenance is created in.
func (maintenanceCreate) JSONSchemaExtend(s *jsonschema.Schema) {
	enum(s, "status", incident.NewMaintenanceStatuses)
}

// CreateMaintenance schedules a maintenance window.
func (a *API) CreateMaintenance(c *gin.Context) {
	var in maintenanceCreate
	if !decode(c, &in) {
		return
	}
	d := incident.MaintenanceDraft{Title: in.Title, Status: in.Status, Summary: in.Summary,
		StartsAt: timeOf(in.StartsAt), EndsAt: timeOf(in.EndsAt)}
	m, err := d.Validate(orgID(c))
	if failed(c, err) {
		return
	}
	saved, err := a.Maintenances.ScheduleMaintenance(c.Request.Context(), m, actor(c))
	if failed(c, err) {
		return
	}
	created(c, "/maintenances/"+strconv.FormatInt(saved.ID, 10), maintenanceOf(saved))
}

func timeOf(t *Timestamp) *time.Time {
	if t == nil {
		return nil
	}
	return &t.Time
}

// ShowMaintenance answers with one maintenance window.
func (a *API) ShowMaintenance(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	m, err := a.Maintenances.Maintenance(c.Request.Context(), orgID(c), id)
	if failed(c, err) {
		return
	}
	c.JSON(http.StatusOK, maintenanceOf(m))
}

type maintenancePatch struct {
	Title    Optional[string]    `json:"title"`
	Status   Optional[string]    `json:"status" jsonschema_description:"Moves along the lifecycle."`
	Summary  Optional[string]    `json:"summary" jsonschema_description:"null clears it."`
	StartsAt Optional[Timestamp] `json:"starts_at"`
	EndsAt   Optional[Timestamp] `json:"ends_at"`
}

// JSONSchemaExtend lists the statuses.
func (maintenancePatch) JSONSchemaExtend(s *jsonschema.Schema) {
	enum(s, "status", incident.MaintenanceStatuses)
}

// UpdateMaintenance changes the fields the body gives and leaves the
// others; the window must still start before it ends.
func (a *API) UpdateMaintenance(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var in maintenancePatch
	if !decode(c, &in) {
		return
	}
	errs := incident.Invalid{}
	p := incident.MaintenancePatch{
		Title:    required(in.Title, "title", errs),
		Status:   required(in.Status, "status", errs),
		Summary:  clearable(in.Summary),
		StartsAt: timeOf(required(in.StartsAt, "starts_at", errs)),
		EndsAt:   timeOf(required(in.EndsAt, "ends_at", errs)),
	}
	if len(errs) > 0 {
		failed(c, errs)
		return
	}
	m, err := a.Maintenances.UpdateMaintenance(c.Request.Context(), orgID(c), id, p, actor(c),
		a.Now())
	if failed(c, err) {
		return
	}
	c.JSON(http.StatusOK, maintenanceOf(m))
}
