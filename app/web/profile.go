package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// ShowProfile shows the signed-in user's profile.
func (d *Dashboard) ShowProfile(c *gin.Context) {
	d.render(c, http.StatusOK, "profile", "", d.view(c, "Profile", nil))
}
