package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/incido/incido/app/incident"
	"github.com/incido/incido/app/org"
)

type statusPage struct {
	Org   *org.Organization
	Board *incident.Board
}

// Headline says the overall state in words.
func (p statusPage) Headline() string {
	switch p.Board.Indicator {
	case "operational":
		return "All systems operational"
	case "maintenance":
		return "Maintenance in progress"
	case "critical", "major":
		return "Major disruption"
	}
	return "Some systems are affected"
}

// ShowStatus is an organization's public status page: open incidents and
// current maintenances, nothing internal. It needs no sign-in and reads
// no session, so a shared cache may keep it briefly.
func (d *Dashboard) ShowStatus(c *gin.Context) {
	ctx := c.Request.Context()
	o, err := d.Orgs.OrganizationBySlug(ctx, c.Param("slug"))
	if errors.Is(err, org.ErrNotFound) {
		d.NotFound(c)
		return
	}
	if err != nil {
		d.fail(c, err)
		return
	}
	board, err := incident.LoadBoard(ctx, d.Incidents, d.Maintenances, o.ID, d.Now())
	if err != nil {
		d.fail(c, err)
		return
	}
	c.Header("Cache-Control", "public, max-age=15")
	v := d.view(c, o.Name+" status", statusPage{Org: o, Board: board})
	d.render(c, http.StatusOK, "status", "", v)
}
