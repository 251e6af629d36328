package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/incido/incido/app/access"
	"github.com/incido/incido/app/audit"
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
	// Created and Secret are set only in the response to the create request.
	Created *token.Token
	Secret  string
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
	d.renderTokens(c, http.StatusOK, tokenForm{ScopeMode: "all"}, nil, nil, "")
}

func (d *Dashboard) renderTokens(c *gin.Context, status int, form tokenForm, errs Errors,
	created *token.Token, secret string) {
	u := currentUser(c)
	list, err := d.Tokens.UserTokens(c.Request.Context(), u.ID)
	if err != nil {
		d.fail(c, err)
		return
	}
	now := d.Now()
	active := 0
	for i := range list {
		if list[i].State(now) == token.Active {
			active++
		}
	}
	page := tokensPage{
		Tokens: list, ActiveCount: active, Max: token.MaxActive, AtLimit: active >= token.MaxActive,
		ScopeGroups: groupScopes(), MinDays: token.MinExpiryDays, MaxDays: token.MaxExpiryDays,
		Form: form, Errors: errs, Created: created, Secret: secret,
	}
	v := d.view(c, "API tokens", page)
	switch {
	case created != nil:
		v.Status = "Token " + created.Name + " created. Copy it now: it will not be shown again."
	case len(errs) > 0:
		v.Status = "The token was not created. Check the highlighted fields."
	}
	d.render(c, status, "tokens", "tokens-main", v)
}

// CreateToken mints a token and shows its secret once, in this response
// only: never through a redirect, flash or session.
func (d *Dashboard) CreateToken(c *gin.Context) {
	form := tokenForm{
		Name:          c.PostForm("name"),
		ScopeMode:     c.PostForm("scope_mode"),
		Scopes:        c.PostFormArray("scopes"),
		ExpiresInDays: strings.TrimSpace(c.PostForm("expires_in_days")),
	}
	now := d.Now()
	n, errs := parseTokenForm(&form, now)
	if len(errs) > 0 {
		d.renderTokens(c, http.StatusUnprocessableEntity, form, errs, nil, "")
		return
	}

	u := currentUser(c)
	n.UserID = u.ID
	n.Actor = audit.Actor{UserID: u.ID, IP: c.ClientIP()}
	t, secret, err := d.Tokens.CreateToken(c.Request.Context(), n, now)
	switch {
	case errors.Is(err, token.ErrNameTaken):
		d.renderTokens(c, http.StatusUnprocessableEntity, form, Errors{"name": err.Error()}, nil, "")
		return
	case errors.Is(err, token.ErrLimit):
		d.renderTokens(c, http.StatusUnprocessableEntity, form, Errors{"form": err.Error()}, nil, "")
		return
	case err != nil:
		d.fail(c, err)
		return
	}
	d.Log.Info("token created", "user_id", u.ID, "token_id", t.ID)
	d.renderTokens(c, http.StatusOK, tokenForm{ScopeMode: "all"}, nil, t, secret)
}

// parseTokenForm validates the create form and normalises it in place.
func parseTokenForm(f *tokenForm, now time.Time) (token.NewToken, Errors) {
	errs := Errors{}
	var n token.NewToken

	name, err := token.NormalizeName(f.Name)
	if err != nil {
		errs["name"] = err.Error()
	}
	n.Name = name

	switch f.ScopeMode {
	case "all":
		n.Grant = access.Grant{All: true}
		f.Scopes = nil
	case "custom":
		var scopes []string
		for _, s := range f.Scopes {
			if !access.KnownScope(s) {
				errs["scopes"] = "Choose scopes from the list; “" + truncateRunes(s, 40) + "” is not one."
				break
			}
			if !slices.Contains(scopes, s) {
				scopes = append(scopes, s)
			}
		}
		if len(scopes) == 0 && errs["scopes"] == "" {
			errs["scopes"] = "Choose at least one scope, or give the token all scopes."
		}
		n.Grant = access.Grant{Scopes: scopes}
		f.Scopes = scopes
	default:
		errs["scope_mode"] = "Choose all scopes or custom scopes."
	}

	if f.ExpiresInDays != "" {
		days, err := strconv.Atoi(f.ExpiresInDays)
		if err != nil || days < token.MinExpiryDays || days > token.MaxExpiryDays {
			errs["expires_in_days"] = "Enter a whole number of days from 1 to 365, or leave it empty for a token that never expires."
		} else {
			at := now.Add(time.Duration(days) * 24 * time.Hour).UTC()
			n.ExpiresAt = &at
		}
	}
	return n, errs
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
	if _, err := d.Tokens.RevokeToken(c.Request.Context(), u.ID, t.ID,
		audit.Actor{UserID: u.ID, IP: c.ClientIP()}); err != nil {
		d.fail(c, err)
		return
	}
	d.Log.Info("token revoked", "user_id", u.ID, "token_id", t.ID)
	if isHTMX(c) {
		d.renderTokens(c, http.StatusOK, tokenForm{ScopeMode: "all"}, nil, nil, "")
		return
	}
	c.Redirect(http.StatusSeeOther, "/tokens")
}

func (d *Dashboard) userToken(c *gin.Context) (*token.Token, bool) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
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
