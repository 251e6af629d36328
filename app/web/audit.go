package web

import (
	"encoding/json"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/incido/incido/app/audit"
	"github.com/incido/incido/app/cursor"
)

type auditPage struct {
	orgPage
	Events []auditRow
	Pager  pager
}

// auditRow is an event with its details in a readable form.
type auditRow struct {
	audit.Event
	DetailsText string
}

// ShowAudit lists the organization's audit trail, newest first.
func (d *Dashboard) ShowAudit(c *gin.Context) {
	p := auditPage{orgPage: newOrgPage(c, "audit")}
	before, _ := cursor.Decode(cursor.List(c.Request), c.Query("cursor"))
	list, err := d.Trail.OrganizationEvents(c.Request.Context(), p.Org.ID, before, 2*pageSize+1)
	if err != nil {
		d.fail(c, err)
		return
	}
	list, next := cursor.Page(list, 2*pageSize, cursor.List(c.Request),
		func(e audit.Event) int64 { return e.ID })
	for _, e := range list {
		p.Events = append(p.Events, auditRow{Event: e, DetailsText: detailsText(e.Details)})
	}
	p.Pager = nextLink(c, next)
	d.render(c, http.StatusOK, "org_audit", "", d.view(c, "Audit trail · "+p.Org.Name, p))
}

// detailsText shows an event's details compactly; "{}" reads as nothing.
func detailsText(raw json.RawMessage) string {
	var v map[string]any
	if json.Unmarshal(raw, &v) != nil || len(v) == 0 {
		return ""
	}
	b, _ := json.Marshal(v)
	return string(b)
}
