package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/incido/incido/app/access"
	"github.com/incido/incido/app/audit"
	"github.com/incido/incido/app/cursor"
	"github.com/incido/incido/app/database"
	"github.com/incido/incido/app/incident"
	"github.com/incido/incido/app/org"
)

const membershipKey = "web.membership"

// RequireOrg finds the signed-in user's membership in the organization
// named by the path among those LoadSession read on this request, so a
// changed role or a removal applies at once. No such organization and not
// a member get the same 404.
func (d *Dashboard) RequireOrg(c *gin.Context) {
	slug := c.Param("slug")
	for _, m := range currentMemberships(c) {
		if m.Slug == slug {
			c.Set(membershipKey, &m)
			c.Next()
			return
		}
	}
	d.NotFound(c)
}

func currentMembership(c *gin.Context) *org.Membership {
	v, _ := c.Get(membershipKey)
	m, _ := v.(*org.Membership)
	return m
}

// Permit lets a request through only when the member's current role
// grants p, by the same policy the API applies to tokens. Pages hide the
// controls a role lacks; this refuses a forged post.
func (d *Dashboard) Permit(p access.Permission) gin.HandlerFunc {
	return func(c *gin.Context) {
		m := currentMembership(c)
		if access.Check(nil, m.Role, p) != access.Allowed {
			d.showError(c, http.StatusForbidden, "Not allowed",
				fmt.Sprintf("Your role in %s (%s) does not allow %s.", m.Name, m.Role, p))
			return
		}
		c.Next()
	}
}

// inOrg loads the resource the :id path parameter names from the
// member's organization; any other id gets the 404 page.
func inOrg[T any](d *Dashboard, c *gin.Context,
	load func(ctx context.Context, orgID, id int64) (*T, error)) (*T, bool) {
	id, ok := database.ParseID(c.Param("id"))
	if !ok {
		d.NotFound(c)
		return nil, false
	}
	v, err := load(c.Request.Context(), currentMembership(c).ID, id)
	if errors.Is(err, incident.ErrNotFound) {
		d.NotFound(c)
		return nil, false
	}
	if err != nil {
		d.fail(c, err)
		return nil, false
	}
	return v, true
}

// ShowOrg sends the organization's address to its incidents.
func (d *Dashboard) ShowOrg(c *gin.Context) {
	c.Redirect(http.StatusSeeOther, orgURL(c, "/incidents"))
}

// orgPage is what every organization page shares: the membership the
// page is seen through and which tab it is.
type orgPage struct {
	Org *org.Membership
	Tab string
}

// Can reports whether the viewer's role allows a permission, to show or
// hide a control.
func (p orgPage) Can(perm string) bool {
	return access.Check(nil, p.Org.Role, access.Permission(perm)) == access.Allowed
}

// URL is a path under the organization.
func (p orgPage) URL(rest string) string {
	return "/orgs/" + p.Org.Slug + rest
}

func newOrgPage(c *gin.Context, tab string) orgPage {
	return orgPage{Org: currentMembership(c), Tab: tab}
}

func orgURL(c *gin.Context, rest string) string {
	return "/orgs/" + c.Param("slug") + rest
}

// webActor is who a Dashboard request acts as: the signed-in user, with
// no token.
func webActor(c *gin.Context) audit.Actor {
	return audit.Actor{UserID: currentUser(c).ID, IP: c.ClientIP()}
}

// listPage reads the Dashboard's paging and status filter the way the
// API does; a bad value shows the first page rather than an error.
func listPage(c *gin.Context, statuses []string, limit int) incident.Filter {
	f := incident.Filter{Limit: limit + 1, Before: pageStart(c)}
	for _, s := range statuses {
		if c.Query("status") == s {
			f.Status = s
		}
	}
	return f
}

// pageStart is the id the page the request asks for starts after (or
// before, for lists newest first): 0 for the first page, and for a
// cursor that is not this list's.
func pageStart(c *gin.Context) int64 {
	id, _ := cursor.Decode(cursor.List(c.Request), c.Query("cursor"))
	return id
}

// paged trims rows, read one past limit, to the page, with the link to
// the next page when there is one.
func paged[T any](c *gin.Context, rows []T, limit int, id func(T) int64) ([]T, pager) {
	rows, next := cursor.Page(rows, limit, cursor.List(c.Request), id)
	return rows, nextLink(c, next)
}

// pager is the link to the next page of a list.
type pager struct {
	Next string
}

func nextLink(c *gin.Context, next string) pager {
	if next == "" {
		return pager{}
	}
	q := c.Request.URL.Query()
	q.Set("cursor", next)
	return pager{Next: c.Request.URL.Path + "?" + q.Encode()}
}

// localTimeLayouts are what a datetime-local input sends.
var localTimeLayouts = []string{"2006-01-02T15:04", "2006-01-02T15:04:05"}

// parseLocalTime reads a datetime-local value in the viewer's timezone.
func parseLocalTime(raw string, loc *time.Location) (*time.Time, bool) {
	raw = strings.TrimSpace(raw)
	for _, layout := range localTimeLayouts {
		if t, err := time.ParseInLocation(layout, raw, loc); err == nil {
			return &t, true
		}
	}
	return nil, false
}

// localInput formats t for a datetime-local input in loc.
func localInput(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("2006-01-02T15:04")
}

const badLocalTime = "Enter a date and time, such as 2026-05-01 09:30."
