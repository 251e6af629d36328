package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/incido/incido/app/cursor"
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
	after, _ := cursor.Decode(cursor.List(c.Request), c.Query("cursor"))
	list, err := d.Orgs.Members(c.Request.Context(), p.Org.ID, after, 4*pageSize+1)
	if err != nil {
		d.fail(c, err)
		return
	}
	var next string
	p.Members, next = cursor.Page(list, 4*pageSize, cursor.List(c.Request),
		func(m org.Member) int64 { return m.UserID })
	p.Pager = nextLink(c, next)
	d.render(c, http.StatusOK, "org_members", "", d.view(c, "Members · "+p.Org.Name, p))
}
