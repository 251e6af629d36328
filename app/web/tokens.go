package web

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/incido/incido/app/access"
	"github.com/incido/incido/app/account"
	"github.com/incido/incido/app/audit"
	"github.com/incido/incido/app/database"
	"github.com/incido/incido/app/token"
)

type tokensPage struct {
	Tokens      []token.Token
	ActiveCount int
	Max         int
	AtLimit     bool
	ScopeGroups []scopeGroup
	MinDays     int
	MaxDays     int
	Form        tokenForm
	Errors      Errors
	// Expiry is what the form's expiry would be if it were sent now, for
	// browsers without JavaScript that asked the server to work it out.
	Expiry *expiryPreview
	// Created and Secret are set only in the response to the create request.
	Created *token.Token
	Secret  string
	// Notice is news for the live region, such as a token just revoked.
	Notice string
}

type expiryPreview struct {
	At *time.Time
}

type scopeGroup struct {
	Resource string
	Scopes   []access.Scope
}

// tokenForm is what the user typed, kept when the form is shown again.
type tokenForm struct {
	Name          string
	ScopeMode     string
	Scopes        []string
	ExpiresInDays string
}

// Checked reports whether a scope box should be ticked.
func (f tokenForm) Checked(s access.Permission) bool {
	return slices.Contains(f.Scopes, string(s))
}

func groupScopes() []scopeGroup {
	var groups []scopeGroup
	for _, s := range access.Scopes {
		if n := len(groups); n > 0 && groups[n-1].Resource == s.Resource {
			groups[n-1].Scopes = append(groups[n-1].Scopes, s)
			continue
		}
		groups = append(groups, scopeGroup{Resource: s.Resource, Scopes: []access.Scope{s}})
	}
	return groups
}

// ShowTokens lists the user's tokens with the form to create one.
func (d *Dashboard) ShowTokens(c *gin.Context) {
	d.renderTokens(c, http.StatusOK, tokensPage{Form: tokenForm{ScopeMode: "all"},
		Notice: d.takeFlash(c)})
}

// renderTokens fills in the list and the limit around what the handler
// sets (the form, its errors, a preview or a new token) and renders the page.
func (d *Dashboard) renderTokens(c *gin.Context, status int, page tokensPage) {
	list, err := d.Tokens.UserTokens(c.Request.Context(), currentUser(c).ID)
	if err != nil {
		d.fail(c, err)
		return
	}
	now := d.Now()
	for i := range list {
		if list[i].State(now) == token.Active {
			page.ActiveCount++
		}
	}
	page.Tokens, page.Max = list, token.MaxActive
	page.AtLimit = page.ActiveCount >= token.MaxActive
	page.ScopeGroups = groupScopes()
	page.MinDays, page.MaxDays = token.MinExpiryDays, token.MaxExpiryDays

	v := d.view(c, "API tokens", page)
	v.Status = page.Notice
	switch {
	case page.Created != nil:
		v.Status = "Token " + page.Created.Name + " created. Copy it now: it will not be shown again."
	case len(page.Errors) > 0:
		v.Status = "The token was not created. Check the highlighted fields."
	case page.Expiry != nil:
		v.Status = "Expiry worked out; the token is not created yet."
	}
	d.render(c, status, "tokens", "tokens-main", v)
}

// CreateToken mints a token and shows its secret once, in this response
// only: never through a redirect, flash or session. With intent=preview
// it only works out the expiry, for browsers without JavaScript.
func (d *Dashboard) CreateToken(c *gin.Context) {
	form := tokenForm{
		Name:          c.PostForm("name"),
		ScopeMode:     c.PostForm("scope_mode"),
		Scopes:        c.PostFormArray("scopes"),
		ExpiresInDays: strings.TrimSpace(c.PostForm("expires_in_days")),
	}
	now := d.Now()
	n, errs := parseTokenForm(&form, now)
	if c.PostForm("intent") == "preview" {
		d.previewToken(c, form, n, errs)
		return
	}
	if len(errs) > 0 {
		d.renderTokens(c, http.StatusUnprocessableEntity, tokensPage{Form: form, Errors: errs})
		return
	}

	u := currentUser(c)
	n.UserID = u.ID
	n.Actor = audit.Actor{UserID: u.ID, IP: c.ClientIP()}
	t, secret, err := d.Tokens.CreateToken(c.Request.Context(), n, now)
	if errs := createErrors(err); errs != nil {
		d.renderTokens(c, http.StatusUnprocessableEntity, tokensPage{Form: form, Errors: errs})
		return
	}
	if err != nil {
		d.fail(c, err)
		return
	}

	d.Log.Info("token created", "user_id", u.ID, "token_id", t.ID)
	d.mailCreatedNotice(u, t)
	d.renderTokens(c, http.StatusOK, tokensPage{
		Form: tokenForm{ScopeMode: "all"}, Created: t, Secret: secret,
	})
}

// createErrors puts a refusal of the repository next to the field it is
// about; other errors are not the user's to fix.
func createErrors(err error) Errors {
	switch {
	case errors.Is(err, token.ErrNameTaken):
		return Errors{"name": sentence(err)}
	case errors.Is(err, token.ErrLimit):
		return Errors{"form": sentence(err)}
	}
	return nil
}

// previewToken shows the form again with the expiry it would give; only
// an error in the expiry itself is shown, since nothing is being created.
func (d *Dashboard) previewToken(c *gin.Context, form tokenForm, n token.NewToken, errs Errors) {
	if msg, bad := errs["expires_in_days"]; bad {
		d.renderTokens(c, http.StatusUnprocessableEntity, tokensPage{
			Form: form, Errors: Errors{"expires_in_days": msg},
		})
		return
	}
	d.renderTokens(c, http.StatusOK, tokensPage{Form: form, Expiry: &expiryPreview{At: n.ExpiresAt}})
}

// mailCreatedNotice tells the owner a token was made, after the
// response: the token exists whatever happens to the mail.
func (d *Dashboard) mailCreatedNotice(u *account.User, t *token.Token) {
	msg, err := token.CreatedNotice(u.Email, u.GivenName, u.Timezone, t)
	if err != nil {
		d.Log.Error("token created notice not written", "token_id", t.ID, "error", err)
		return
	}
	d.later("token created notice", func(ctx context.Context) error {
		return d.Mail.Send(ctx, msg)
	})
}

// parseTokenForm validates the create form and normalises it in place.
func parseTokenForm(f *tokenForm, now time.Time) (token.NewToken, Errors) {
	errs := Errors{}
	var n token.NewToken

	name, err := token.NormalizeName(f.Name)
	if err != nil {
		errs["name"] = sentence(err)
	}
	n.Name = name

	switch f.ScopeMode {
	case "all":
		n.Grant = access.Grant{All: true}
		f.Scopes = nil
	case "custom":
		scopes, msg := parseScopes(f.Scopes)
		if msg != "" {
			errs["scopes"] = msg
		}
		n.Grant = access.Grant{Scopes: scopes}
		f.Scopes = scopes
	default:
		errs["scope_mode"] = "Choose all scopes or custom scopes."
	}

	if f.ExpiresInDays != "" {
		days, err := strconv.Atoi(f.ExpiresInDays)
		if err != nil || days < token.MinExpiryDays || days > token.MaxExpiryDays {
			errs["expires_in_days"] = "Enter a whole number of days from 1 to 365, " +
				"or leave it empty for a token that never expires."
		} else {
			at := token.ExpiryAfter(now, days)
			n.ExpiresAt = &at
		}
	}
	return n, errs
}

// parseScopes keeps each known scope once, in the order sent, and says
// what is wrong when a scope is unknown or none is chosen.
func parseScopes(sent []string) ([]string, string) {
	var scopes []string
	for _, s := range sent {
		if !access.KnownScope(s) {
			return nil, "Choose scopes from the list; “" + truncateRunes(s, 40) + "” is not one."
		}
		if !slices.Contains(scopes, s) {
			scopes = append(scopes, s)
		}
	}
	if len(scopes) == 0 {
		return nil, "Choose at least one scope, or give the token all scopes."
	}
	return scopes, ""
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

type revokePage struct {
	Token *token.Token
}

// ConfirmRevokeToken asks before revoking, for browsers without JavaScript;
// with htmx the list's button confirms in place.
func (d *Dashboard) ConfirmRevokeToken(c *gin.Context) {
	t, ok := d.userToken(c)
	if !ok {
		return
	}
	d.render(c, http.StatusOK, "token_revoke", "", d.view(c, "Revoke "+t.Name, revokePage{Token: t}))
}

// RevokeToken revokes one of the user's tokens at once.
func (d *Dashboard) RevokeToken(c *gin.Context) {
	t, ok := d.userToken(c)
	if !ok {
		return
	}
	u := currentUser(c)
	if err := d.Tokens.RevokeToken(c.Request.Context(), u.ID, t.ID,
		audit.Actor{UserID: u.ID, IP: c.ClientIP()}); err != nil {
		d.fail(c, err)
		return
	}
	d.Log.Info("token revoked", "user_id", u.ID, "token_id", t.ID)
	d.backToTokens(c, "Token "+t.Name+" revoked.")
}

// DeleteToken takes a revoked or expired token off the list.
func (d *Dashboard) DeleteToken(c *gin.Context) {
	t, ok := d.userToken(c)
	if !ok {
		return
	}
	u := currentUser(c)
	err := d.Tokens.DeleteToken(c.Request.Context(), u.ID, t.ID,
		audit.Actor{UserID: u.ID, IP: c.ClientIP()}, d.Now())
	switch {
	case errors.Is(err, token.ErrStillActive):
		d.showError(c, http.StatusConflict, "This token still works",
			"Revoke the token “"+t.Name+"” first; then it can be deleted.")
		return
	case errors.Is(err, token.ErrNotFound):
		d.NotFound(c)
		return
	case err != nil:
		d.fail(c, err)
		return
	}
	d.Log.Info("token deleted", "user_id", u.ID, "token_id", t.ID)
	d.backToTokens(c, "Token "+t.Name+" deleted.")
}

// backToTokens ends a change to the list: htmx gets the list in place and
// the news in the live region, a plain form a redirect to the page with
// the news as a flash (a token's name, never its secret).
func (d *Dashboard) backToTokens(c *gin.Context, status string) {
	if !isHTMX(c) {
		d.setFlash(c, status)
		c.Redirect(http.StatusSeeOther, "/tokens")
		return
	}
	d.renderTokens(c, http.StatusOK, tokensPage{Form: tokenForm{ScopeMode: "all"}, Notice: status})
}

func (d *Dashboard) userToken(c *gin.Context) (*token.Token, bool) {
	id, ok := database.ParseID(c.Param("id"))
	if !ok {
		d.NotFound(c)
		return nil, false
	}
	t, err := d.Tokens.UserToken(c.Request.Context(), currentUser(c).ID, id)
	if errors.Is(err, token.ErrNotFound) {
		d.NotFound(c)
		return nil, false
	}
	if err != nil {
		d.fail(c, err)
		return nil, false
	}
	return t, true
}
