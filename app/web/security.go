package web

import "github.com/gin-gonic/gin"

// securitySection is the profile's password and sessions part.
type securitySection struct{}

// loadSecurity gathers what the profile's security part shows.
func (d *Dashboard) loadSecurity(c *gin.Context) (securitySection, error) {
	return securitySection{}, nil
}
