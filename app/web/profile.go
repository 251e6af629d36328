package web

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/incido/incido/app/account"
	"github.com/incido/incido/app/audit"
	"github.com/incido/incido/app/zone"
)

type profilePage struct {
	// Security is the password and sessions part of the page.
	Security securitySection
	Fields   []*profileField
	// Field is the one field an htmx fragment shows.
	Field *profileField
	// Notice confirms a plain form post after its redirect.
	Notice string
	// NameChanged and BannerCleared ask a fragment to update the header.
	NameChanged   bool
	BannerCleared bool
}

// profileField is one inline-edited field, shown or open for editing.
type profileField struct {
	Name         string
	Label        string
	Autocomplete string
	// Value is what the profile holds, as shown.
	Value string
	// Input is what the form holds: the value, or what the user typed.
	Input   string
	Editing bool
	// Focus puts the keyboard on the Edit control: the form just closed.
	Focus  bool
	Errors Errors
	// Extra is the profile's zone when the timezone picker does not offer
	// it (Etc/GMT+5).
	Extra *zone.Option
	now   time.Time
}

// Zones are the timezone picker's choices, made only for an open picker:
// offsets for four hundred zones are not free.
func (f *profileField) Zones() []zone.Group {
	return zone.Groups(f.now)
}

// LowerLabel is the label inside a sentence: "Save given name".
func (f *profileField) LowerLabel() string {
	return strings.ToLower(f.Label)
}

// Err is the field's error for the "field-error" partial. Element ids are
// prefixed so that they never clash with the password form's.
func (f *profileField) Err(name string) *FieldError {
	if msg, ok := f.Errors[name]; ok {
		return &FieldError{ID: "profile-" + name, Message: msg}
	}
	return nil
}

// profileFields are the inline-edited fields in page order; a form names
// its field by these names.
var profileFields = []struct{ name, label, autocomplete string }{
	{"given_name", "Given name", "given-name"},
	{"family_name", "Family name", "family-name"},
	{"email", "Email", "email"},
	{"timezone", "Timezone", "off"},
}

func (p *profilePage) field(name string) *profileField {
	for _, f := range p.Fields {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// newProfilePage shows the user's profile with every field closed. The
// security section is left empty: single-field fragments do not show it,
// and withSecurity fills it for what does.
func (d *Dashboard) newProfilePage(u *account.User) *profilePage {
	now := d.Now()
	loc := u.Location()
	values := map[string]string{
		"given_name":  u.GivenName,
		"family_name": u.FamilyName,
		"email":       u.Email,
		"timezone":    zone.Describe(loc, now),
	}
	p := &profilePage{}
	for _, pf := range profileFields {
		f := &profileField{Name: pf.name, Label: pf.label, Autocomplete: pf.autocomplete,
			Value: values[pf.name], Input: values[pf.name], Errors: Errors{}}
		if pf.name == "timezone" {
			f.Input, f.now = loc.String(), now
			if !zone.Offered(f.Input) {
				f.Extra = &zone.Option{Name: f.Input, Label: f.Input, Offset: zone.Offset(loc, now)}
			}
		}
		p.Fields = append(p.Fields, f)
	}
	return p
}

// withSecurity fills the page's password and sessions section, with the
// password form's errors and the name of a notice, if any.
func (d *Dashboard) withSecurity(c *gin.Context, p *profilePage, errs Errors,
	notice string) error {
	sec, err := d.loadSecurity(c, errs, notice)
	p.Security = sec
	return err
}

// ShowProfile shows the signed-in user's profile. ?edit=<field> opens
// that field's form: it is where the Edit links lead with JavaScript off.
// For htmx, ?edit=<field> and ?field=<field> answer with that one field,
// open or closed.
func (d *Dashboard) ShowProfile(c *gin.Context) {
	page := d.newProfilePage(currentUser(c))
	edit := page.field(c.Query("edit"))
	if edit != nil {
		edit.Editing = true
	}
	if isHTMX(c) {
		f := edit
		if f == nil {
			f = page.field(c.Query("field"))
		}
		if f != nil {
			f.Focus = !f.Editing
			page.Field = f
			d.render(c, http.StatusOK, "profile", "profile-field-fragment",
				d.view(c, "Profile", page))
			return
		}
	}
	if err := d.withSecurity(c, page, nil, c.Query("notice")); err != nil {
		d.fail(c, err)
		return
	}
	page.Notice = d.takeFlash(c)
	d.render(c, http.StatusOK, "profile", "", d.view(c, "Profile", page))
}

// profileForm is what a profile post carries: the fields present, with
// what was typed, in page order.
type profileForm struct {
	names  []string
	values map[string]string
}

func readProfileForm(c *gin.Context) profileForm {
	form := profileForm{values: map[string]string{}}
	for _, pf := range profileFields {
		if v, ok := c.GetPostForm(pf.name); ok {
			form.names = append(form.names, pf.name)
			form.values[pf.name] = v
		}
	}
	return form
}

// UpdateProfile saves whichever of given_name, family_name, timezone and
// email (with current_password) the form carries. An htmx request gets the
// field back, closed or with its errors; a plain post a redirect to the
// profile, or the page again with the errors (422).
func (d *Dashboard) UpdateProfile(c *gin.Context) {
	form := readProfileForm(c)
	if len(form.names) == 0 {
		d.showError(c, http.StatusBadRequest, "Nothing to save",
			"The form named none of the profile's fields. Go back to your profile and try again.")
		return
	}

	u := currentUser(c)
	change, errs, status, err := d.checkProfileForm(c, u, form)
	if err != nil {
		d.fail(c, err)
		return
	}
	var up *account.Updated
	if len(errs) == 0 {
		var err error
		up, err = d.saveProfile(c, change)
		switch {
		case errors.Is(err, account.ErrEmailTaken):
			errs = Errors{"email": sentence(err)}
		case errors.Is(err, account.ErrNotFound):
			seeOther(c, "/login")
			return
		case err != nil:
			d.fail(c, err)
			return
		}
	}
	if len(errs) > 0 {
		d.renderProfileErrors(c, status, form, errs)
		return
	}

	saved := savedStatus(form.names, up)
	if !isHTMX(c) {
		d.setFlash(c, saved)
		c.Redirect(http.StatusSeeOther, "/profile")
		return
	}
	d.renderProfileSaved(c, form.names, up, saved)
}

// checkProfileForm validates the posted fields into a change. Changing the
// email needs the current password; the other fields do not.
func (d *Dashboard) checkProfileForm(c *gin.Context, u *account.User,
	form profileForm) (account.ProfileChange, Errors, int, error) {
	var ch account.ProfileChange
	errs := Errors{}
	check := func(name string, dst **string, normalize func(string) (string, error)) {
		raw, ok := form.values[name]
		if !ok {
			return
		}
		v, err := normalize(raw)
		if err != nil {
			errs[name] = sentence(err)
			return
		}
		*dst = &v
	}
	check("given_name", &ch.GivenName, account.NormalizePersonName)
	check("family_name", &ch.FamilyName, account.NormalizePersonName)
	check("timezone", &ch.Timezone, zone.Canonical)
	check("email", &ch.Email, account.NormalizeEmail)

	// The address as it is needs no password: the form was saved unchanged.
	if ch.Email != nil && *ch.Email == u.Email {
		ch.Email = nil
	}
	status := http.StatusUnprocessableEntity
	if ch.Email != nil {
		msg, limited, err := d.emailPasswordError(c, u, c.PostForm("current_password"))
		if err != nil {
			return ch, nil, 0, err
		}
		if limited {
			status = http.StatusTooManyRequests
		}
		if msg != "" {
			errs["current_password"] = msg
			ch.Email = nil
		}
	}
	return ch, errs, status, nil
}

// emailPasswordError returns what is wrong with the password given to
// confirm an email change, or "", and whether the account's limit refused
// it (429).
func (d *Dashboard) emailPasswordError(c *gin.Context, u *account.User,
	pw string) (string, bool, error) {
	if pw == "" {
		return "Enter your current password to change your email address.", false, nil
	}
	verdict, limited, err := d.confirmPassword(c, u, pw)
	switch {
	case err != nil:
		return "", false, err
	case verdict == passwordLimited:
		return limited, true, nil
	case verdict == passwordWrong:
		return "That is not your current password.", false, nil
	}
	return "", false, nil
}

// saveProfile applies a change for the signed-in user, with what follows
// from it: a new timezone hides the banner for this session, a new email
// sends a notice to the old address.
func (d *Dashboard) saveProfile(c *gin.Context,
	ch account.ProfileChange) (*account.Updated, error) {
	u := currentUser(c)
	up, err := d.Users.UpdateProfile(c.Request.Context(), u.ID, ch,
		audit.Actor{UserID: u.ID, IP: c.ClientIP()})
	if err != nil {
		return nil, err
	}
	c.Set(userKey, up.After)
	if len(up.Fields) > 0 {
		d.Log.Info("profile updated", "user_id", u.ID, "fields", strings.Join(up.Fields, ","))
	}

	if up.Changed("timezone") {
		if err := d.Sessions.DismissTimezoneBanner(c.Request.Context(),
			currentSession(c).ID); err != nil {
			return nil, err
		}
	}
	if up.Changed("email") {
		d.sendEmailChangedNotice(up)
	}
	return up, nil
}

// sendEmailChangedNotice mails the old address after the response. The
// change has committed by now, so a delivery failure is logged.
func (d *Dashboard) sendEmailChangedNotice(up *account.Updated) {
	msg, err := account.EmailChangedNotice(up.After, up.Before.Email, d.Now())
	if err != nil {
		d.Log.Warn("email change notice not written", "user_id", up.After.ID, "error", err)
		return
	}
	d.later("email change notice", func(ctx context.Context) error {
		return d.Mail.Send(ctx, msg)
	})
}

// renderProfileErrors answers 422 (429 when the password limit refused
// it) with the posted fields open, holding what was typed (never the
// password) and their errors.
func (d *Dashboard) renderProfileErrors(c *gin.Context, status int, form profileForm,
	errs Errors) {
	page := d.newProfilePage(currentUser(c))
	for _, name := range form.names {
		f := page.field(name)
		f.Editing = true
		f.Errors = errs
		if name == "timezone" {
			if tz, err := zone.Canonical(form.values[name]); err == nil {
				f.Input = tz
			}
			continue
		}
		f.Input = form.values[name]
	}

	v := d.view(c, "Profile", page)
	if isHTMX(c) && len(form.names) == 1 {
		v.Status = "Not saved. " + firstError(form.names, errs)
		page.Field = page.field(form.names[0])
		d.render(c, status, "profile", "profile-field-fragment", v)
		return
	}
	if err := d.withSecurity(c, page, nil, ""); err != nil {
		d.fail(c, err)
		return
	}
	if !isHTMX(c) {
		d.render(c, status, "profile", "", v)
		return
	}
	v.Status = "Not saved. " + firstError(form.names, errs)
	d.renderProfileContent(c, status, v)
}

// renderProfileSaved answers htmx after a save: the field, closed, with
// the keyboard back on its Edit control. A new timezone changes every time
// on the page, so the whole page content comes back instead.
func (d *Dashboard) renderProfileSaved(c *gin.Context, names []string, up *account.Updated,
	status string) {
	page := d.newProfilePage(up.After)
	page.field(names[0]).Focus = true
	page.NameChanged = up.Changed("given_name") || up.Changed("family_name")
	page.BannerCleared = up.Changed("timezone")

	v := d.view(c, "Profile", page)
	v.Status = status
	if len(names) > 1 || up.Changed("timezone") {
		if err := d.withSecurity(c, page, nil, ""); err != nil {
			d.fail(c, err)
			return
		}
		d.renderProfileContent(c, http.StatusOK, v)
		return
	}
	page.Field = page.field(names[0])
	d.render(c, http.StatusOK, "profile", "profile-field-fragment", v)
}

// renderProfileContent swaps the whole page content for htmx, whatever
// element asked.
func (d *Dashboard) renderProfileContent(c *gin.Context, status int, v *View) {
	c.Header(hxRetarget, "#main")
	c.Header(hxReswap, "innerHTML")
	d.render(c, status, "profile", "profile-content", v)
}

// savedStatus is the sentence announced, or shown after the redirect.
func savedStatus(names []string, up *account.Updated) string {
	if len(up.Fields) == 0 {
		return "Nothing changed."
	}
	if len(names) > 1 {
		return "Profile saved."
	}
	switch names[0] {
	case "given_name":
		return "Given name saved."
	case "family_name":
		return "Family name saved."
	case "email":
		return "Email address changed to " + up.After.Email +
			". A notice went to your previous address."
	default:
		return "Timezone saved. Times are now shown in " + up.After.Timezone + "."
	}
}

func firstError(names []string, errs Errors) string {
	for _, name := range names {
		if msg, ok := errs[name]; ok {
			return msg
		}
	}
	return errs["current_password"]
}

// setFlash keeps a confirmation for the page a plain post redirects to,
// in the signed session cookie. It is never a secret.
func (d *Dashboard) setFlash(c *gin.Context, msg string) {
	s, err := d.Cookies.Get(c.Request, CookieName)
	if err != nil {
		return
	}
	s.Options = d.copyOptions()
	s.AddFlash(msg)
	if err := s.Save(c.Request, c.Writer); err != nil {
		c.Error(err)
	}
}

// takeFlash returns the confirmation set before the redirect, once.
func (d *Dashboard) takeFlash(c *gin.Context) string {
	s, err := d.Cookies.Get(c.Request, CookieName)
	if err != nil {
		return ""
	}
	flashes := s.Flashes()
	if len(flashes) == 0 {
		return ""
	}
	s.Options = d.copyOptions()
	if err := s.Save(c.Request, c.Writer); err != nil {
		c.Error(err)
	}
	msg, _ := flashes[len(flashes)-1].(string)
	return msg
}
