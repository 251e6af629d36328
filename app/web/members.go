package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/incido/incido/app/org"
)

type membersPage struct {
	orgPage
	Members []org.Member
	Pager   pager
}

// ShowMembers lists the organization's members and their roles.
func (d *Dashboard) ShowMembers(c *gin.Context) {
	p := membersPage{orgPage: newOrgPage(c, "members")}
	list, err := d.Orgs.Members(c.Request.Context(), p.Org.ID, pageStart(c), 4*pageSize+1)
	if err != nil {
		d.fail(c, err)
		return
	}
	p.Members, p.Pager = paged(c, list, 4*pageSize, func(m org.Member) int64 { return m.UserID })
	d.render(c, http.StatusOK, "org_members", "", d.view(c, "Members · "+p.Org.Name, p))
}
