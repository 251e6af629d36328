package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

type profilePage struct {
	// Security is the password and sessions part of the page.
	Security securitySection
}

// ShowProfile shows the signed-in user's profile.
func (d *Dashboard) ShowProfile(c *gin.Context) {
	sec, err := d.loadSecurity(c)
	if err != nil {
		d.fail(c, err)
		return
	}
	d.render(c, securityStatus(c, http.StatusOK), "profile", "", d.view(c, "Profile", profilePage{Security: sec}))
}
