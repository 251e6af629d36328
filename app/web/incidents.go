package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/incido/incido/app/database"
	"github.com/incido/incido/app/incident"
)

// pageSize is how many rows a Dashboard list shows at a time.
const pageSize = 25

type incidentsPage struct {
	orgPage
	Incidents  []incident.Incident
	Statuses   []string
	Filter     string
	Pager      pager
	Form       incidentForm
	Errors     Errors
	Severities []string
	Open       []string
	Created    *incident.Incident
}

// incidentForm is what the user typed, kept when the form comes back.
type incidentForm struct {
	Title        string
	Severity     string
	Status       string
	Summary      string
	StartedLocal string
}

// ShowIncidents lists the organization's incidents, newest first.
func (d *Dashboard) ShowIncidents(c *gin.Context) {
	d.renderIncidents(c, http.StatusOK, incidentForm{Status: "triage"}, nil, nil)
}

func (d *Dashboard) renderIncidents(c *gin.Context, status int, form incidentForm, errs Errors,
	created *incident.Incident) {
	p := incidentsPage{orgPage: newOrgPage(c, "incidents"), Statuses: incident.Statuses,
		Form: form, Errors: errs, Severities: incident.Severities, Open: incident.OpenStatuses,
		Created: created}
	f := listPage(c, incident.Statuses, pageSize)
	p.Filter = f.Status
	list, err := d.Incidents.Incidents(c.Request.Context(), p.Org.ID, f)
	if err != nil {
		d.fail(c, err)
		return
	}
	p.Incidents, p.Pager = paged(c, list, pageSize, func(i incident.Incident) int64 { return i.ID })

	v := d.view(c, "Incidents · "+p.Org.Name, p)
	switch {
	case created != nil:
		v.Status = "Incident “" + created.Title + "” opened."
	case len(errs) > 0:
		v.Status = "The incident was not opened. Check the highlighted fields."
	}
	d.render(c, status, "org_incidents", "incidents-main", v)
}

// CreateIncident opens an incident from the form.
func (d *Dashboard) CreateIncident(c *gin.Context) {
	form := incidentForm{Title: c.PostForm("title"), Severity: c.PostForm("severity"),
		Status: c.PostForm("status"), Summary: c.PostForm("summary"),
		StartedLocal: c.PostForm("started_at")}
	draft := incident.Draft{Title: form.Title, Severity: form.Severity, Status: form.Status,
		Summary: form.Summary}
	if form.StartedLocal != "" {
		at, ok := parseLocalTime(form.StartedLocal, currentUser(c).Location())
		if !ok {
			d.renderIncidents(c, http.StatusUnprocessableEntity, form,
				Errors{"started_at": badLocalTime}, nil)
			return
		}
		draft.StartedAt = at
	}
	n, err := draft.Validate(currentMembership(c).ID, d.Now())
	if d.invalid(c, err, func(errs Errors) {
		d.renderIncidents(c, http.StatusUnprocessableEntity, form, errs, nil)
	}) {
		return
	}
	i, err := d.Incidents.OpenIncident(c.Request.Context(), n, webActor(c))
	if err != nil {
		d.fail(c, err)
		return
	}
	if isHTMX(c) {
		d.renderIncidents(c, http.StatusOK, incidentForm{Status: "triage"}, nil, i)
		return
	}
	c.Redirect(http.StatusSeeOther, orgURL(c, "/incidents/"+strconv.FormatInt(i.ID, 10)))
}

// invalid shows the form again when err holds validation errors, fails
// the request on any other error, and reports whether it answered.
func (d *Dashboard) invalid(c *gin.Context, err error, again func(Errors)) bool {
	var inv incident.Invalid
	switch {
	case err == nil:
		return false
	case errors.As(err, &inv):
		again(Errors(inv))
	case errors.Is(err, incident.ErrNotFound):
		d.NotFound(c)
	default:
		d.fail(c, err)
	}
	return true
}

type incidentPage struct {
	orgPage
	Incident   *incident.Incident
	Comments   []incident.Comment
	Pager      pager
	Form       incidentForm
	Errors     Errors
	Comment    string
	CommentErr Errors
	Severities []string
	Statuses   []string
	Lifecycle  string
}

// ShowIncident shows one incident with its comments.
func (d *Dashboard) ShowIncident(c *gin.Context) {
	i, ok := d.orgIncident(c)
	if !ok {
		return
	}
	d.renderIncident(c, http.StatusOK, "", incidentPage{Incident: i, Form: formOf(i)}, "")
}

func formOf(i *incident.Incident) incidentForm {
	return incidentForm{Title: i.Title, Severity: i.Severity, Status: i.Status, Summary: i.Summary}
}

// renderIncident completes p (the incident and what the forms hold) and
// renders the page, or the block for htmx, announcing notice.
func (d *Dashboard) renderIncident(c *gin.Context, status int, block string, p incidentPage,
	notice string) {
	p.orgPage = newOrgPage(c, "incidents")
	p.Severities, p.Statuses = incident.Severities, incident.Statuses
	p.Lifecycle = incident.IncidentLifecycle
	list, err := d.Incidents.Comments(c.Request.Context(), p.Org.ID, p.Incident.ID, pageStart(c),
		commentPage+1)
	if err != nil {
		d.fail(c, err)
		return
	}
	p.Comments, p.Pager = paged(c, list, commentPage,
		func(c incident.Comment) int64 { return c.ID })
	v := d.view(c, p.Incident.Title+" · "+p.Org.Name, p)
	v.Status = notice
	d.render(c, status, "org_incident", block, v)
}

// commentPage is how many comments the incident page shows at a time.
const commentPage = 50

func (d *Dashboard) orgIncident(c *gin.Context) (*incident.Incident, bool) {
	return inOrg(d, c, d.Incidents.Incident)
}

// UpdateIncident changes an incident from the edit form. The repository
// finds it in the member's organization, under lock; only a refused form
// needs the incident read again, to show it with what was typed.
func (d *Dashboard) UpdateIncident(c *gin.Context) {
	id, ok := database.ParseID(c.Param("id"))
	if !ok {
		d.NotFound(c)
		return
	}
	form := incidentForm{Title: c.PostForm("title"), Severity: c.PostForm("severity"),
		Status: c.PostForm("status"), Summary: c.PostForm("summary")}
	p := incident.Patch{Title: &form.Title, Severity: &form.Severity, Status: &form.Status,
		Summary: &form.Summary}
	updated, err := d.Incidents.UpdateIncident(c.Request.Context(), currentMembership(c).ID, id,
		p, webActor(c), d.Now())
	if d.invalid(c, err, func(errs Errors) {
		if i, ok := d.orgIncident(c); ok {
			d.renderIncident(c, http.StatusUnprocessableEntity, "incident-details",
				incidentPage{Incident: i, Form: form, Errors: errs},
				"The incident was not changed. Check the highlighted fields.")
		}
	}) {
		return
	}
	if isHTMX(c) {
		d.renderIncident(c, http.StatusOK, "incident-details",
			incidentPage{Incident: updated, Form: formOf(updated)}, "Incident updated.")
		return
	}
	c.Redirect(http.StatusSeeOther, orgURL(c, "/incidents/"+strconv.FormatInt(id, 10)))
}

// CreateComment adds an internal comment to an incident.
func (d *Dashboard) CreateComment(c *gin.Context) {
	i, ok := d.orgIncident(c)
	if !ok {
		return
	}
	raw := c.PostForm("body")
	body, err := incident.CleanComment(raw)
	if d.invalid(c, err, func(errs Errors) {
		d.renderIncident(c, http.StatusUnprocessableEntity, "incident-comments",
			incidentPage{Incident: i, Form: formOf(i), Comment: raw, CommentErr: errs},
			"The comment was not added. Check the comment field.")
	}) {
		return
	}
	com, err := d.Incidents.AddComment(c.Request.Context(), i.OrganizationID, i.ID, body,
		webActor(c))
	if err != nil {
		d.fail(c, err)
		return
	}
	if isHTMX(c) {
		d.renderIncident(c, http.StatusOK, "incident-comments",
			incidentPage{Incident: i, Form: formOf(i)}, "Comment added.")
		return
	}
	c.Redirect(http.StatusSeeOther, orgURL(c, "/incidents/"+strconv.FormatInt(i.ID, 10)+
		"#comment-"+strconv.FormatInt(com.ID, 10)))
}

// SummaryLines splits a summary into paragraphs for display.
func (p incidentPage) SummaryLines() []string {
	return strings.Split(p.Incident.Summary, "\n")
}
