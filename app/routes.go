package app

import (
	"fmt"
	"net/http"
	"runtime/debug"

	"github.com/gin-gonic/gin"

	"github.com/incido/incido/app/access"
	"github.com/incido/incido/app/api"
	"github.com/incido/incido/app/incident"
	"github.com/incido/incido/static"
)

// maxFormBody is the largest Dashboard form accepted: none needs more, and
// a huge password is refused before any hashing.
const maxFormBody = 64 << 10

// maxTextFormBody is the largest form of an organization's pages, whose
// titles, summaries and comments run to 10 000 characters and more: each
// can take twelve bytes form-encoded (a four-byte character as %XX%XX%XX%XX).
const maxTextFormBody = maxFormBody + 12*(incident.MaxTitleLength+incident.MaxSummaryLength)

// Handler is the whole route table, built once by New.
func (a *App) Handler() http.Handler {
	return a.handler
}

// routes is the whole route table: every Dashboard page and API endpoint,
// with its middleware chain. It fails when the configuration or the API
// registry does not fit it.
func (a *App) routes() (*gin.Engine, error) {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.ContextWithFallback = true
	r.RemoveExtraSlash = false
	r.RedirectTrailingSlash = false
	r.HandleMethodNotAllowed = true
	if err := r.SetTrustedProxies(a.Config.TrustedProxies); err != nil {
		return nil, fmt.Errorf("app: INCIDO_TRUSTED_PROXIES: %w", err)
	}
	// Recovery writes nothing of its own: gin's writer would dump the
	// request, reset tokens in paths and session cookies included.
	r.Use(requestLog(a.Log), gin.CustomRecoveryWithWriter(nil, a.recovered), securityHeaders)

	d, v1 := a.Dashboard, a.API
	r.StaticFS("/static", http.FS(static.Files))
	r.GET("/healthz", a.healthz)

	// Dashboard: cross-origin posts are refused, and form bodies capped
	// and parsed before anything reads them, so a huge password is refused
	// before any hashing. The bearer-only API needs neither.
	dashboard := r.Group("/", crossOriginProtection())

	// Dashboard, signed out.
	pages := dashboard.Group("/", limitFormBody(maxFormBody), d.LoadSession)
	pages.GET("/login", d.ShowLogin)
	pages.POST("/login", d.Login)
	pages.POST("/logout", d.Logout)
	pages.GET("/password/forgot", d.ShowForgotPassword)
	pages.POST("/password/forgot", d.RequestPasswordReset)
	pages.GET("/password/reset/:token", d.ShowResetPassword)
	pages.POST("/password/reset/:token", d.ResetPassword)

	// Dashboard, signed in.
	signedIn := pages.Group("/", d.RequireUser)
	signedIn.GET("/", d.Home)
	signedIn.GET("/profile", d.ShowProfile)
	signedIn.POST("/profile", d.UpdateProfile)
	signedIn.GET("/timezone/banner", d.ShowTimezoneBanner)
	signedIn.POST("/timezone/dismiss", d.DismissTimezoneBanner)
	signedIn.POST("/timezone/adopt", d.AdoptTimezone)
	signedIn.POST("/profile/password", d.ChangePassword)
	signedIn.POST("/sessions/:id/revoke", d.RevokeSession)
	signedIn.POST("/sessions/revoke-others", d.RevokeOtherSessions)
	signedIn.GET("/tokens", d.ShowTokens)
	signedIn.POST("/tokens", d.CreateToken)
	signedIn.GET("/tokens/:id/revoke", d.ConfirmRevokeToken)
	signedIn.POST("/tokens/:id/revoke", d.RevokeToken)
	signedIn.POST("/tokens/:id/delete", d.DeleteToken)

	// Dashboard, one organization: forms with longer texts; the membership
	// is loaded per request and each write checks the member's current role.
	org := dashboard.Group("/orgs/:slug", limitFormBody(maxTextFormBody), d.LoadSession,
		d.RequireUser, d.RequireOrg)
	org.GET("", d.ShowOrg)
	org.GET("/incidents", d.Permit(access.IncidentsRead), d.ShowIncidents)
	org.POST("/incidents", d.Permit(access.IncidentsWrite), d.CreateIncident)
	org.GET("/incidents/:id", d.Permit(access.IncidentsRead), d.ShowIncident)
	org.POST("/incidents/:id", d.Permit(access.IncidentsWrite), d.UpdateIncident)
	org.POST("/incidents/:id/comments", d.Permit(access.CommentsWrite), d.CreateComment)
	org.GET("/maintenances", d.Permit(access.MaintenancesRead), d.ShowMaintenances)
	org.POST("/maintenances", d.Permit(access.MaintenancesWrite), d.CreateMaintenance)
	org.GET("/maintenances/:id", d.Permit(access.MaintenancesRead), d.ShowMaintenance)
	org.POST("/maintenances/:id", d.Permit(access.MaintenancesWrite), d.UpdateMaintenance)
	org.GET("/members", d.Permit(access.MembersRead), d.ShowMembers)
	org.GET("/audit", d.Permit(access.AuditRead), d.ShowAudit)

	// Public pages: the API reference and each organization's status.
	pages.GET("/docs/api", d.ShowAPIDocs)
	r.GET("/status/:slug", d.ShowStatus)

	// API, bearer tokens only except the public endpoints. Each endpoint's
	// method, path, scope and role come from the access registry; Handle
	// puts the bearer, permission and JSON-body checks in front.
	endpoints := r.Group(api.Prefix)
	v1.Handle(endpoints, access.ShowMe, v1.ShowMe)
	v1.Handle(endpoints, access.ListOrganizations, v1.ListOrganizations)
	v1.Handle(endpoints, access.ListIncidents, v1.ListIncidents)
	v1.Handle(endpoints, access.CreateIncident, v1.CreateIncident)
	v1.Handle(endpoints, access.ShowIncident, v1.ShowIncident)
	v1.Handle(endpoints, access.UpdateIncident, v1.UpdateIncident)
	v1.Handle(endpoints, access.ListComments, v1.ListComments)
	v1.Handle(endpoints, access.CreateComment, v1.CreateComment)
	v1.Handle(endpoints, access.ShowComment, v1.ShowComment)
	v1.Handle(endpoints, access.ListMaintenances, v1.ListMaintenances)
	v1.Handle(endpoints, access.CreateMaintenance, v1.CreateMaintenance)
	v1.Handle(endpoints, access.ShowMaintenance, v1.ShowMaintenance)
	v1.Handle(endpoints, access.UpdateMaintenance, v1.UpdateMaintenance)
	v1.Handle(endpoints, access.ListMembers, v1.ListMembers)
	v1.Handle(endpoints, access.ListAuditEvents, v1.ListAuditEvents)
	v1.Handle(endpoints, access.ShowStatus, v1.ShowStatus)
	v1.Handle(endpoints, access.ShowOpenAPIDocument, v1.ShowOpenAPIDocument)
	if missing := v1.Unmounted(); len(missing) > 0 {
		return nil, fmt.Errorf("app: API endpoints without a handler: %v", missing)
	}

	r.NoRoute(v1.NotFound, d.LoadSession, d.NotFound)
	r.NoMethod(allowHEAD, v1.MethodNotAllowed, func(c *gin.Context) {
		c.Header("Cache-Control", "no-store")
		c.String(http.StatusMethodNotAllowed, "Method not allowed.")
	})
	return r, nil
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
	a.Log.Error("panic", "route", c.FullPath(), "panic", err, "stack", string(debug.Stack()))
	c.AbortWithStatus(http.StatusInternalServerError)
}
