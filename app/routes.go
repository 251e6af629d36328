package app

import (
	"io/fs"
	"net/http"

	"github.com/gin-gonic/gin"

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
	// Validated by config.Load, so it cannot fail here.
	_ = r.SetTrustedProxies(a.Config.TrustedProxies)
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
	pages.GET("/password/forgot", d.ShowForgotPassword)
	pages.POST("/password/forgot", d.RequestPasswordReset)
	pages.GET("/password/reset/:token", d.ShowResetPassword)
	pages.POST("/password/reset/:token", d.ResetPassword)

	// Dashboard, signed in.
	signedIn := pages.Group("/", d.RequireUser)
	signedIn.GET("/", d.Home)
	signedIn.GET("/profile", d.ShowProfile)
	signedIn.POST("/profile/password", d.ChangePassword)
	signedIn.POST("/sessions/:id/revoke", d.RevokeSession)
	signedIn.POST("/sessions/revoke-others", d.RevokeOtherSessions)
	signedIn.GET("/tokens", d.ShowTokens)
	signedIn.POST("/tokens", d.CreateToken)
	signedIn.GET("/tokens/:id/revoke", d.ConfirmRevokeToken)
	signedIn.POST("/tokens/:id/revoke", d.RevokeToken)

	// API, bearer tokens only.
	api := r.Group("/api/v1", v1.Authenticate)
	api.GET("/me", v1.ShowMe)
	api.GET("/organizations", v1.ListOrganizations)

	r.NoRoute(d.LoadSession, d.NotFound)
	r.NoMethod(func(c *gin.Context) { c.String(http.StatusMethodNotAllowed, "Method not allowed.") })
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
