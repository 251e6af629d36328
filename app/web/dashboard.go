// Package web serves the Dashboard: server-rendered pages whose forms work
// as plain HTML and which htmx upgrades to in-place swaps.
package web

import (
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/gorilla/sessions"

	"github.com/incido/incido/app/account"
	"github.com/incido/incido/app/api"
	"github.com/incido/incido/app/audit"
	"github.com/incido/incido/app/incident"
	"github.com/incido/incido/app/mail"
	"github.com/incido/incido/app/org"
	"github.com/incido/incido/app/ratelimit"
	"github.com/incido/incido/app/token"
)

// Dashboard holds what the page handlers need.
type Dashboard struct {
	Users    *account.Users
	Sessions *account.Sessions
	Orgs     *org.Organizations
	Tokens   *token.Tokens
	Trail    *audit.Trail
	Hasher   *account.Hasher
	Mail     mail.Sender
	Views    *Views
	Cookies  *sessions.CookieStore
	Log      *slog.Logger
	Now      func() time.Time

	// Tenant data, and the API reference the docs page renders.
	Incidents    *incident.Incidents
	Maintenances *incident.Maintenances
	Reference    *api.Reference

	ResetLinks *account.ResetLinks
	Limits     *ratelimit.Limiter
	// BaseURL is the public address links in mail start with.
	BaseURL *url.URL
	// background counts the work handlers leave running, such as mail.
	background sync.WaitGroup
}

// The htmx request and response headers this package reads and writes.
const (
	hxRequest  = "HX-Request"
	hxRedirect = "HX-Redirect"
	hxRetarget = "HX-Retarget"
	hxReswap   = "HX-Reswap"
)

func isHTMX(c *gin.Context) bool {
	return c.GetHeader(hxRequest) == "true"
}

// view builds the data common to every page for the signed-in user (if
// any); handlers add their own Page.
func (d *Dashboard) view(c *gin.Context, title string, page any) *View {
	v := &View{Title: title, Now: d.Now(), Loc: time.UTC, Page: page}
	if u := currentUser(c); u != nil {
		v.User = u
		v.Loc = u.Location()
		v.Orgs = currentMemberships(c)
	}
	v.OrgSlug = c.Param("slug")
	return v
}

// render writes a whole page, or for an htmx request the named fragment
// of it when block is not empty.
func (d *Dashboard) render(c *gin.Context, status int, page, block string, v *View) {
	name := "layout"
	if block != "" && isHTMX(c) {
		name = block
		v.Fragment = true
	}
	if status == http.StatusUnprocessableEntity || status == http.StatusTooManyRequests {
		// The title is the first thing a screen reader says of a page
		// that comes back refused.
		v.Title = "Error: " + v.Title
	}
	body, err := d.Views.Render(page, name, v)
	if err != nil {
		d.fail(c, err)
		return
	}
	c.Data(status, "text/html; charset=utf-8", body)
}

// fail answers an unexpected error with a 500 page; the error is logged
// once, by the request logger.
func (d *Dashboard) fail(c *gin.Context, err error) {
	c.Error(err)
	d.showError(c, http.StatusInternalServerError, "Something went wrong",
		"The server could not finish this request. Try again in a moment.")
}

// showError renders the error page with a status.
func (d *Dashboard) showError(c *gin.Context, status int, heading, message string) {
	body, err := d.Views.Render("error", "layout", d.view(c, heading,
		errorPage{Heading: heading, Message: message}))
	if err != nil {
		c.Error(err)
		c.String(http.StatusInternalServerError, "Internal Server Error")
		return
	}
	c.Data(status, "text/html; charset=utf-8", body)
	c.Abort()
}

type errorPage struct {
	Heading string
	Message string
}

// NotFound answers an unknown path.
func (d *Dashboard) NotFound(c *gin.Context) {
	d.showError(c, http.StatusNotFound, "Page not found",
		"There is nothing here, or you do not have access to it.")
}

// seeOther ends a plain form post with a redirect to a GET, and an htmx
// one with HX-Redirect, so a full page never lands inside a fragment.
func seeOther(c *gin.Context, to string) {
	if isHTMX(c) {
		c.Header(hxRedirect, to)
		c.Status(http.StatusNoContent)
		return
	}
	c.Redirect(http.StatusSeeOther, to)
}
