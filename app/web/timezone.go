package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/incido/incido/app/account"
	"github.com/incido/incido/app/zone"
)

// bannerView is what the timezone banner shows.
type bannerView struct {
	// Browser and Profile name each zone with its offset now.
	Browser, Profile string
	// BrowserZone is the canonical name the "Use" button adopts.
	BrowserZone string
	// ReturnTo is where a plain form post goes back to.
	ReturnTo string
}

// ShowTimezoneBanner answers ?browser=<zone> with the banner when that
// zone would show other wall-clock times than the profile's, now or in
// the coming year, and with 204 otherwise: for an alias, a zone with the
// same rules, anything that is not a zone name, or once the banner was
// dismissed in this session. Nothing the browser sent is kept.
func (d *Dashboard) ShowTimezoneBanner(c *gin.Context) {
	if s := currentSession(c); s == nil || s.TZBannerDismissed {
		c.Status(http.StatusNoContent)
		return
	}
	browser, err := zone.Load(c.Query("browser"))
	if err != nil {
		c.Status(http.StatusNoContent)
		return
	}
	profile := currentUser(c).Location()
	now := d.Now()
	if !zone.Differ(browser, profile, now) {
		c.Status(http.StatusNoContent)
		return
	}

	v := d.view(c, "Timezone", bannerView{
		Browser:     zone.Describe(browser, now),
		Profile:     zone.Describe(profile, now),
		BrowserZone: browser.String(),
		ReturnTo:    safeReturn(c.Query("return_to")),
	})
	d.renderShared(c, http.StatusOK, "tz-banner", v)
}

// DismissTimezoneBanner hides the banner for the rest of this session.
func (d *Dashboard) DismissTimezoneBanner(c *gin.Context) {
	err := d.Sessions.DismissTimezoneBanner(c.Request.Context(), currentSession(c).ID)
	if err != nil {
		d.fail(c, err)
		return
	}
	if !isHTMX(c) {
		c.Redirect(http.StatusSeeOther, safeReturn(c.PostForm("return_to")))
		return
	}
	v := d.view(c, "Timezone", nil)
	v.Fragment = true
	v.Status = "Timezone notice dismissed. Your profile's timezone stays as it is."
	d.renderShared(c, http.StatusOK, "tz-banner-dismissed", v)
}

// AdoptTimezone makes the browser's zone the profile's and goes back to
// the page the banner was on, where every time now reads in it. A zone
// name that is not one is 422 and changes nothing.
func (d *Dashboard) AdoptTimezone(c *gin.Context) {
	tz, err := zone.Canonical(c.PostForm("timezone"))
	if err != nil {
		d.refuseTimezone(c)
		return
	}
	if _, err := d.saveProfile(c, account.ProfileChange{Timezone: &tz}); err != nil {
		d.fail(c, err)
		return
	}
	seeOther(c, safeReturn(c.PostForm("return_to")))
}

// refuseTimezone answers an adopt with a bad zone: in the banner for htmx,
// and for a plain post with the profile's timezone field open.
func (d *Dashboard) refuseTimezone(c *gin.Context) {
	if !isHTMX(c) {
		form := profileForm{names: []string{"timezone"},
			values: map[string]string{"timezone": c.PostForm("timezone")}}
		d.renderProfileErrors(c, http.StatusUnprocessableEntity, form,
			Errors{"timezone": sentence(zone.ErrUnknown)})
		return
	}
	v := d.view(c, "Timezone", nil)
	v.Fragment = true
	v.Status = "Your timezone was not changed: that is not a timezone we know."
	d.renderShared(c, http.StatusUnprocessableEntity, "tz-banner-error", v)
}

// renderShared writes a block every page has, such as the banner.
func (d *Dashboard) renderShared(c *gin.Context, status int, block string, v *View) {
	body, err := d.Views.RenderShared(block, v)
	if err != nil {
		d.fail(c, err)
		return
	}
	c.Data(status, "text/html; charset=utf-8", body)
}

// maxReturnPath bounds the path a banner form sends the browser back to.
const maxReturnPath = 2048

// safeReturn is raw when it is a path on this site, and "/" otherwise:
// never another host (//evil.example, /\evil.example, a scheme), so the
// banner's return_to cannot make an open redirect.
func safeReturn(raw string) string {
	if raw == "" || len(raw) > maxReturnPath || raw[0] != '/' ||
		strings.HasPrefix(raw, "//") || strings.ContainsRune(raw, '\\') {
		return "/"
	}
	for _, r := range raw {
		if r < 0x20 || r == 0x7f {
			return "/"
		}
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "/"
	}
	return u.RequestURI()
}
