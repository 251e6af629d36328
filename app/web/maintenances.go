package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/incido/incido/app/database"
	"github.com/incido/incido/app/incident"
)

type maintenancesPage struct {
	orgPage
	Maintenances []incident.Maintenance
	Statuses     []string
	NewStatuses  []string
	Filter       string
	Pager        pager
	Form         maintenanceForm
	Errors       Errors
	Created      *incident.Maintenance
}

// maintenanceForm is what the user typed; times are datetime-local values
// in the viewer's timezone.
type maintenanceForm struct {
	Title       string
	Status      string
	Summary     string
	StartsLocal string
	EndsLocal   string
}

// ShowMaintenances lists the organization's maintenance windows.
func (d *Dashboard) ShowMaintenances(c *gin.Context) {
	d.renderMaintenances(c, http.StatusOK, maintenanceForm{Status: "scheduled"}, nil, nil)
}

func (d *Dashboard) renderMaintenances(c *gin.Context, status int, form maintenanceForm,
	errs Errors, created *incident.Maintenance) {
	p := maintenancesPage{orgPage: newOrgPage(c, "maintenances"),
		Statuses: incident.MaintenanceStatuses, NewStatuses: incident.NewMaintenanceStatuses,
		Form: form, Errors: errs, Created: created}
	f := listPage(c, incident.MaintenanceStatuses, pageSize)
	p.Filter = f.Status
	list, err := d.Maintenances.Maintenances(c.Request.Context(), p.Org.ID, f)
	if err != nil {
		d.fail(c, err)
		return
	}
	p.Maintenances, p.Pager = paged(c, list, pageSize,
		func(m incident.Maintenance) int64 { return m.ID })

	v := d.view(c, "Maintenances · "+p.Org.Name, p)
	switch {
	case created != nil:
		v.Status = "Maintenance “" + created.Title + "” saved."
	case len(errs) > 0:
		v.Status = "The maintenance was not saved. Check the highlighted fields."
	}
	d.render(c, status, "org_maintenances", "maintenances-main", v)
}

func maintenanceFormOf(c *gin.Context) maintenanceForm {
	return maintenanceForm{Title: c.PostForm("title"), Status: c.PostForm("status"),
		Summary: c.PostForm("summary"), StartsLocal: c.PostForm("starts_at"),
		EndsLocal: c.PostForm("ends_at")}
}

// CreateMaintenance schedules a maintenance window from the form.
func (d *Dashboard) CreateMaintenance(c *gin.Context) {
	form := maintenanceFormOf(c)
	errs := Errors{}
	draft := incident.MaintenanceDraft{Title: form.Title, Status: form.Status,
		Summary:  form.Summary,
		StartsAt: d.formTime(c, "starts_at", form.StartsLocal, errs),
		EndsAt:   d.formTime(c, "ends_at", form.EndsLocal, errs)}
	m, err := draft.Validate(currentMembership(c).ID)
	if len(errs) > 0 && err == nil {
		err = incident.Invalid{}
	}
	if d.invalid(c, err, func(more Errors) {
		for field, msg := range more {
			if errs[field] == "" {
				errs[field] = msg
			}
		}
		d.renderMaintenances(c, http.StatusUnprocessableEntity, form, errs, nil)
	}) {
		return
	}
	saved, err := d.Maintenances.ScheduleMaintenance(c.Request.Context(), m, webActor(c))
	if err != nil {
		d.fail(c, err)
		return
	}
	if isHTMX(c) {
		d.renderMaintenances(c, http.StatusOK, maintenanceForm{Status: "scheduled"}, nil, saved)
		return
	}
	c.Redirect(http.StatusSeeOther, orgURL(c, "/maintenances/"+strconv.FormatInt(saved.ID, 10)))
}

// formTime reads a datetime-local field, noting in errs one it cannot.
func (d *Dashboard) formTime(c *gin.Context, field, raw string, errs Errors) *time.Time {
	if raw == "" {
		return nil
	}
	t, ok := parseLocalTime(raw, currentUser(c).Location())
	if !ok {
		errs[field] = badLocalTime
	}
	return t
}

type maintenancePage struct {
	orgPage
	Maintenance *incident.Maintenance
	Statuses    []string
	Lifecycle   string
	Form        maintenanceForm
	Errors      Errors
}

// ShowMaintenance shows one maintenance window with its edit form.
func (d *Dashboard) ShowMaintenance(c *gin.Context) {
	m, ok := d.orgMaintenance(c)
	if !ok {
		return
	}
	d.renderMaintenance(c, http.StatusOK, m, d.maintenanceFormFor(c, m), nil, "")
}

func (d *Dashboard) maintenanceFormFor(c *gin.Context, m *incident.Maintenance) maintenanceForm {
	loc := currentUser(c).Location()
	return maintenanceForm{Title: m.Title, Status: m.Status, Summary: m.Summary,
		StartsLocal: localInput(m.StartsAt, loc), EndsLocal: localInput(m.EndsAt, loc)}
}

func (d *Dashboard) renderMaintenance(c *gin.Context, status int, m *incident.Maintenance,
	form maintenanceForm, errs Errors, notice string) {
	p := maintenancePage{orgPage: newOrgPage(c, "maintenances"), Maintenance: m,
		Statuses: incident.MaintenanceStatuses, Lifecycle: incident.MaintenanceLifecycle,
		Form: form, Errors: errs}
	v := d.view(c, m.Title+" · "+p.Org.Name, p)
	v.Status = notice
	d.render(c, status, "org_maintenance", "maintenance-details", v)
}

func (d *Dashboard) orgMaintenance(c *gin.Context) (*incident.Maintenance, bool) {
	return inOrg(d, c, d.Maintenances.Maintenance)
}

// UpdateMaintenance changes a maintenance window from the edit form. As
// for incidents, only a refused form reads the window again.
func (d *Dashboard) UpdateMaintenance(c *gin.Context) {
	id, ok := database.ParseID(c.Param("id"))
	if !ok {
		d.NotFound(c)
		return
	}
	form := maintenanceFormOf(c)
	refused := func(errs Errors) {
		if m, ok := d.orgMaintenance(c); ok {
			d.renderMaintenance(c, http.StatusUnprocessableEntity, m, form, errs,
				"The maintenance was not changed. Check the highlighted fields.")
		}
	}
	errs := Errors{}
	p := incident.MaintenancePatch{Title: &form.Title, Status: &form.Status, Summary: &form.Summary,
		StartsAt: d.formTime(c, "starts_at", form.StartsLocal, errs),
		EndsAt:   d.formTime(c, "ends_at", form.EndsLocal, errs)}
	if len(errs) > 0 {
		refused(errs)
		return
	}
	updated, err := d.Maintenances.UpdateMaintenance(c.Request.Context(), currentMembership(c).ID,
		id, p, webActor(c), d.Now())
	if d.invalid(c, err, refused) {
		return
	}
	if isHTMX(c) {
		d.renderMaintenance(c, http.StatusOK, updated, d.maintenanceFormFor(c, updated), nil,
			"Maintenance updated.")
		return
	}
	c.Redirect(http.StatusSeeOther, orgURL(c, "/maintenances/"+strconv.FormatInt(id, 10)))
}
