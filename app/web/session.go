package web

import (
	"context"
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/gorilla/sessions"

	"github.com/incido/incido/app/account"
	"github.com/incido/incido/app/audit"
	"github.com/incido/incido/app/database"
	"github.com/incido/incido/app/org"
)

// CookieName is the session cookie's name.
const CookieName = "incido_session"

// Keys of what LoadSession puts on the gin context.
const (
	userKey    = "web.user"
	sessionKey = "web.session"
	orgsKey    = "web.orgs"
)

// NewCookieStore makes the signed-cookie store. Keys are newest first;
// each signs (no encryption: the cookie only names a sessions row).
func NewCookieStore(keys [][]byte, secure bool) *sessions.CookieStore {
	pairs := make([][]byte, 0, 2*len(keys))
	for _, k := range keys {
		pairs = append(pairs, k, nil)
	}
	store := sessions.NewCookieStore(pairs...)
	store.Options = &sessions.Options{
		Path:     "/",
		MaxAge:   int(account.AbsoluteTimeout.Seconds()),
		HttpOnly: true,
		Secure:   secure,
		SameSite: http.SameSiteLaxMode,
	}
	return store
}

func currentUser(c *gin.Context) *account.User {
	v, _ := c.Get(userKey)
	u, _ := v.(*account.User)
	return u
}

// currentMemberships are the signed-in user's organizations and roles,
// read once per request by LoadSession.
func currentMemberships(c *gin.Context) []org.Membership {
	v, _ := c.Get(orgsKey)
	m, _ := v.([]org.Membership)
	return m
}

func currentSession(c *gin.Context) *account.Session {
	v, _ := c.Get(sessionKey)
	s, _ := v.(*account.Session)
	return s
}

// LoadSession signs the request in when its cookie names a live session.
// It never refuses a request; RequireUser does. Whatever answers a
// signed-in request, even a redirect or a 404 page, may name the user, so
// none is stored by caches.
func (d *Dashboard) LoadSession(c *gin.Context) {
	id := d.sessionID(c.Request)
	if id == 0 {
		c.Next()
		return
	}
	s, u, err := d.Sessions.ActiveSession(c.Request.Context(), id, d.Now())
	if errors.Is(err, account.ErrNotFound) {
		c.Next()
		return
	}
	if err != nil {
		d.fail(c, err)
		return
	}
	orgs, err := d.Orgs.Memberships(c.Request.Context(), u.ID)
	if err != nil {
		d.fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Set(userKey, u)
	c.Set(sessionKey, s)
	c.Set(orgsKey, orgs)
	c.Next()
}

func (d *Dashboard) sessionID(r *http.Request) int64 {
	s, err := d.Cookies.Get(r, CookieName)
	if err != nil {
		return 0
	}
	id, _ := s.Values["sid"].(int64)
	return id
}

// RequireUser refuses a request that is not signed in: a plain request is
// sent to the sign-in page, an htmx one gets 401 with HX-Redirect. Signed-in
// pages are never stored by caches.
func (d *Dashboard) RequireUser(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	if currentUser(c) != nil {
		c.Next()
		return
	}
	if isHTMX(c) {
		c.Header(hxRedirect, "/login")
		c.AbortWithStatus(http.StatusUnauthorized)
		return
	}
	c.Redirect(http.StatusSeeOther, "/login")
	c.Abort()
}

// startSession records a new session row and points the cookie at it.
func (d *Dashboard) startSession(c *gin.Context, u *account.User) error {
	s, err := d.Sessions.CreateSession(c.Request.Context(), u.ID, browser(c), d.Now())
	if err != nil {
		return err
	}
	return d.pointCookieAt(c, s)
}

// pointCookieAt sets the browser's cookie to name the session.
func (d *Dashboard) pointCookieAt(c *gin.Context, s *account.Session) error {
	cookie := sessions.NewSession(d.Cookies, CookieName)
	cookie.Options = d.copyOptions()
	cookie.Values["sid"] = s.ID
	return d.Cookies.Save(c.Request, c.Writer, cookie)
}

// endSession expires the cookie in the browser.
func (d *Dashboard) endSession(c *gin.Context) error {
	cookie := sessions.NewSession(d.Cookies, CookieName)
	cookie.Options = d.copyOptions()
	cookie.Options.MaxAge = -1
	return d.Cookies.Save(c.Request, c.Writer, cookie)
}

func (d *Dashboard) copyOptions() *sessions.Options {
	o := *d.Cookies.Options
	return &o
}

// browser is where the request came from, as a session records it.
func browser(c *gin.Context) account.Browser {
	return account.Browser{IP: c.ClientIP(), UserAgent: c.Request.UserAgent()}
}

func withoutCancel(c *gin.Context) context.Context {
	return context.WithoutCancel(c.Request.Context())
}

// RevokeSession signs out one of the user's other browsers. Another
// user's session, or one already ended, is not found.
func (d *Dashboard) RevokeSession(c *gin.Context) {
	id, ok := database.ParseID(c.Param("id"))
	if !ok {
		d.NotFound(c)
		return
	}
	u, here := currentUser(c), currentSession(c)
	if id == here.ID {
		d.refuseSecurity(c, http.StatusUnprocessableEntity, Errors{"sessions": "This is " +
			"the browser you are using. To end it, use Sign out in the menu."})
		return
	}
	revoked, err := d.Sessions.EndOtherBrowser(c.Request.Context(), u.ID, id,
		audit.Actor{UserID: u.ID, IP: c.ClientIP()})
	if err != nil {
		d.fail(c, err)
		return
	}
	if !revoked {
		d.NotFound(c)
		return
	}
	d.Log.Info("session.revoked", "user_id", u.ID)
	d.answerSecurity(c, noticeSessionRevoked)
}

// RevokeOtherSessions signs out every browser of the user but this one.
func (d *Dashboard) RevokeOtherSessions(c *gin.Context) {
	u, here := currentUser(c), currentSession(c)
	err := d.Sessions.RevokeOtherSessions(c.Request.Context(), u, here.ID,
		audit.Actor{UserID: u.ID, IP: c.ClientIP()})
	if err != nil {
		d.fail(c, err)
		return
	}
	d.Log.Info("session.revoked_others", "user_id", u.ID)
	d.answerSecurity(c, noticeOthersRevoked)
}
