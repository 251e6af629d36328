package web

import (
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"github.com/medama-io/go-useragent"

	"github.com/incido/incido/app/account"
)

// securitySection is the profile's password and sessions part.
type securitySection struct {
	Sessions []sessionRow
	// Others counts the sessions other than this browser's.
	Others int
	// Errors are the password form's, after a refused change.
	Errors Errors
	// Notice says what the last action did.
	Notice string
	// IdleHours and LifetimeDays are the session timeouts, for the page.
	IdleHours    int
	LifetimeDays int
}

// sessionRow is one signed-in browser as the list shows it.
type sessionRow struct {
	ID         int64
	Browser    string
	IP         string
	CreatedAt  time.Time
	LastSeenAt time.Time
	// Current marks the browser looking at the list.
	Current bool
}

// The notices a security action ends with, by the name a redirect
// carries in ?notice= (a fixed word, never text from the request).
const (
	noticePasswordChanged = "password-changed"
	noticeSessionRevoked  = "session-revoked"
	noticeOthersRevoked   = "others-revoked"
)

var notices = map[string]string{
	noticePasswordChanged: "Your password was changed. Every other browser was signed out; " +
		"this one stays signed in.",
	noticeSessionRevoked: "That browser was signed out.",
	noticeOthersRevoked:  "Every other browser was signed out.",
}

// loadSecurity gathers what the profile's security part shows, with the
// password form's errors and the notice of that name, if any.
func (d *Dashboard) loadSecurity(c *gin.Context, errs Errors,
	notice string) (securitySection, error) {
	sec := securitySection{
		IdleHours:    int(account.IdleTimeout.Hours()),
		LifetimeDays: int(account.AbsoluteTimeout.Hours() / 24),
		Errors:       errs,
		Notice:       notices[notice],
	}

	list, err := d.Sessions.ActiveSessions(c.Request.Context(), currentUser(c).ID, d.Now())
	if err != nil {
		return sec, err
	}
	here := currentSession(c)
	for _, s := range list {
		current := here != nil && s.ID == here.ID
		if !current {
			sec.Others++
		}
		sec.Sessions = append(
			sec.Sessions,
			sessionRow{ID: s.ID, Browser: describeAgent(s.UserAgent),
				IP: s.IP, CreatedAt: s.CreatedAt, LastSeenAt: s.LastSeenAt, Current: current},
		)
	}
	return sec, nil
}

// refuseSecurity answers a refused password change or sign-out with the
// section and its errors: the fragment for htmx, the whole profile page
// otherwise. Passwords are never put back into the fields.
func (d *Dashboard) refuseSecurity(c *gin.Context, status int, errs Errors) {
	if isHTMX(c) {
		d.renderSecurity(c, status, errs, "")
		return
	}
	page := d.newProfilePage(currentUser(c))
	if err := d.withSecurity(c, page, errs, ""); err != nil {
		d.fail(c, err)
		return
	}
	d.render(c, status, "profile", "", d.view(c, "Profile", page))
}

// answerSecurity ends a successful security action: the fresh section
// for htmx, a redirect to the profile otherwise. The redirect names no
// #fragment: browsers skip autofocus on a page opened at one, and the
// notice's autofocus is what brings the keyboard (and the view) to it.
func (d *Dashboard) answerSecurity(c *gin.Context, notice string) {
	if isHTMX(c) {
		d.renderSecurity(c, http.StatusOK, nil, notice)
		return
	}
	c.Redirect(http.StatusSeeOther, "/profile?notice="+notice)
}

// renderSecurity answers htmx with the profile's security fragment.
func (d *Dashboard) renderSecurity(c *gin.Context, status int, errs Errors, notice string) {
	sec, err := d.loadSecurity(c, errs, notice)
	if err != nil {
		d.fail(c, err)
		return
	}
	v := d.view(c, "Profile", profilePage{Security: sec})
	v.Status = sec.Notice
	if len(sec.Errors) > 0 {
		v.Status = "Your password was not changed. Check the highlighted fields."
	}
	d.render(c, status, "profile", "profile-security", v)
}

// agents parses user agents. medama-io/go-useragent builds its lookup
// trie once (a few milliseconds) and then parses without allocating.
var agents = sync.OnceValue(useragent.NewParser)

// osNames spell the parser's operating systems as their makers do.
var osNames = map[string]string{"MacOS": "macOS"}

// describeAgent names a browser and its system, such as "Firefox 128 on
// Linux", for the sessions list and the change notice.
func describeAgent(ua string) string {
	if strings.TrimSpace(ua) == "" {
		return "Unknown browser"
	}
	a := agents().Parse(ua)
	name := a.Browser().String()
	if name == "" {
		return programName(ua)
	}
	if v := a.BrowserVersionMajor(); v != "" {
		name += " " + v
	}
	if os := a.OS().String(); os != "" {
		if spelled, ok := osNames[os]; ok {
			os = spelled
		}
		name += " on " + os
	}
	return name
}

// programName names what is not a browser the parser knows, such as
// curl or a script, by the first product of its user agent.
func programName(ua string) string {
	product := strings.Fields(ua)[0]
	if utf8.RuneCountInString(product) > 40 {
		product = string([]rune(product)[:40]) + "…"
	}
	return "Other program (" + product + ")"
}
