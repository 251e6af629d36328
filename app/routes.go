package app

import (
	"fmt"
	"io/fs"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/incido/incido/app/access"
	"github.com/incido/incido/static"
)

// maxFormBody is the largest Dashboard form accepted.
const maxFormBody = 64 << 10

// Handler is the whole route table: every Dashboard page and API endpoint,
// with its middleware chain.
func (a *App) Handler() http.Handler {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.ContextWithFallback = true
	r.RemoveExtraSlash = false
	r.RedirectTrailingSlash = false
	r.HandleMethodNotAllowed = true
	r.Use(requestLog(a.Log), gin.CustomRecovery(a.recovered), securityHeaders,
		crossOriginProtection(), limitFormBody(maxFormBody))

	d, v1 := a.Dashboard, a.API
	staticFiles, _ := fs.Sub(static.Files, ".")
	r.StaticFS("/static", http.FS(staticFiles))
	r.GET("/healthz", a.healthz)

	// Dashboard, signed out.
	pages := r.Group("/", d.LoadSession)
	pages.GET("/login", d.ShowLogin)
	pages.POST("/login", d.Login)
	pages.POST("/logout", d.Logout)

	// Dashboard, signed in.
	signedIn := pages.Group("/", d.RequireUser)
	signedIn.GET("/", d.Home)
	signedIn.GET("/profile", d.ShowProfile)
	signedIn.GET("/tokens", d.ShowTokens)
	signedIn.POST("/tokens", d.CreateToken)
	signedIn.GET("/tokens/:id/revoke", d.ConfirmRevokeToken)
	signedIn.POST("/tokens/:id/revoke", d.RevokeToken)

	// API, bearer tokens only except the public endpoints. Each endpoint's
	// method, path, scope and role come from the access registry; Handle
	// puts the bearer, permission and JSON-body checks in front.
	api := r.Group("/api/v1")
	v1.Handle(api, access.ShowMe, v1.ShowMe)
	v1.Handle(api, access.ListOrganizations, v1.ListOrganizations)
	v1.Handle(api, access.ListIncidents, v1.ListIncidents)
	v1.Handle(api, access.CreateIncident, v1.CreateIncident)
	v1.Handle(api, access.ShowIncident, v1.ShowIncident)
	v1.Handle(api, access.UpdateIncident, v1.UpdateIncident)
	v1.Handle(api, access.ListComments, v1.ListComments)
	v1.Handle(api, access.CreateComment, v1.CreateComment)
	v1.Handle(api, access.ShowComment, v1.ShowComment)
	v1.Handle(api, access.ListMaintenances, v1.ListMaintenances)
	v1.Handle(api, access.CreateMaintenance, v1.CreateMaintenance)
	v1.Handle(api, access.ShowMaintenance, v1.ShowMaintenance)
	v1.Handle(api, access.UpdateMaintenance, v1.UpdateMaintenance)
	v1.Handle(api, access.ListMembers, v1.ListMembers)
	v1.Handle(api, access.ListAuditEvents, v1.ListAuditEvents)
	v1.Handle(api, access.ShowStatus, v1.ShowStatus)
	v1.Handle(api, access.ShowOpenAPIDocument, v1.ShowOpenAPIDocument)
	if missing := v1.Unmounted(); len(missing) > 0 {
		panic(fmt.Sprintf("app: API endpoints without a handler: %v", missing))
	}

	r.NoRoute(v1.NotFound, d.LoadSession, d.NotFound)
	r.NoMethod(v1.MethodNotAllowed,
		func(c *gin.Context) { c.String(http.StatusMethodNotAllowed, "Method not allowed.") })
	return r
}

func (a *App) healthz(c *gin.Context) {
	if err := a.DB.PingContext(c.Request.Context()); err != nil {
		c.Error(err)
		c.JSON(http.StatusServiceUnavailable, gin.H{"status": "unavailable"})
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}

func (a *App) recovered(c *gin.Context, err any) {
	a.Log.Error("panic", "route", c.FullPath(), "panic", err)
	c.AbortWithStatus(http.StatusInternalServerError)
}
