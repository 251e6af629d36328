package api

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/incido/incido/app/access"
	"github.com/incido/incido/app/token"
)

// ExpiresHeader carries the token's expiry on every authenticated answer,
// so automation can warn before it breaks.
const ExpiresHeader = "Incido-Token-Expires"

const authKey = "api.auth"

func currentAuth(c *gin.Context) *token.Auth {
	v, _ := c.Get(authKey)
	a, _ := v.(*token.Auth)
	return a
}

// challenge sends a 401 with the RFC 6750 challenge.
func challenge(c *gin.Context, code, detail string) {
	h := `Bearer realm="incido"`
	if code != "" {
		h += fmt.Sprintf(`, error=%q, error_description=%q`, code, detail)
	}
	c.Header("WWW-Authenticate", h)
	writeProblem(c, problem("unauthorized", detail))
}

// parseBearer takes the token out of an Authorization value: the scheme in
// any case, one or more spaces, the token, surrounding whitespace ignored.
// Its error says how to fix the header, without echoing the value.
func parseBearer(value string) (string, error) {
	v := strings.Trim(value, " \t")
	scheme, rest, found := strings.Cut(v, " ")
	if !found || !strings.EqualFold(scheme, "Bearer") {
		if len(v) > len("Bearer") && strings.EqualFold(v[:len("Bearer")], "Bearer") {
			return "", errors.New(`put one space between "Bearer" and the token`)
		}
		return "", errors.New(`use the form "Authorization: Bearer <token>"`)
	}
	secret := strings.TrimLeft(rest, " ")
	switch {
	case secret == "":
		return "", errors.New(`the header has no token after "Bearer"`)
	case strings.ContainsAny(secret, " \t"):
		return "", errors.New(`put exactly one token after "Bearer", with nothing else`)
	case len(secret) > 2 && (secret[0] == '"' || secret[0] == '\'') && secret[len(secret)-1] == secret[0]:
		return "", errors.New("remove the quotes around the token")
	}
	return secret, nil
}

// missingTokenDetail says what a request without an Authorization header
// should do, and why what it sent instead does not count: a token in the
// query string (it would end up in logs and browser histories) or a
// cookie, such as the Dashboard's session.
func missingTokenDetail(r *http.Request) string {
	const how = "send it as \"Authorization: Bearer <token>\"."
	switch {
	case strings.Contains(r.URL.RawQuery, token.Prefix):
		return "A token in the query string is not accepted, since addresses end up in " +
			"logs: " + how
	case len(r.Cookies()) > 0:
		return "Cookies, the Dashboard's session among them, do not sign in to the API: " +
			"create an API token and " + how
	}
	return "This endpoint needs an API token: " + how
}

// Authenticate is the bearer middleware: it refuses the request unless it
// carries one valid token, and loads the owner's role in the organization
// named by the path. Cookies and query strings never authenticate.
func (a *API) Authenticate(c *gin.Context) {
	values := c.Request.Header.Values("Authorization")
	switch {
	case len(values) > 1:
		const detail = "Send one Authorization header, not several."
		c.Header("WWW-Authenticate", fmt.Sprintf(
			`Bearer realm="incido", error="invalid_request", error_description=%q`, detail))
		writeProblem(c, problem("invalid-request", detail))
		return
	case len(values) == 0:
		challenge(c, "", missingTokenDetail(c.Request))
		return
	}
	secret, err := parseBearer(values[0])
	if err != nil {
		challenge(c, "invalid_token", "The Authorization header is malformed: "+err.Error()+".")
		return
	}

	now := a.Now()
	auth, err := a.Tokens.Authenticate(c.Request.Context(), secret, c.Param("org"), now)
	switch {
	case errors.Is(err, token.ErrMalformed):
		challenge(c, "invalid_token", "This is not an Incido token: check that it was copied whole.")
		return
	case errors.Is(err, token.ErrExpired):
		challenge(c, "invalid_token", "This token has expired: create a new one on the API tokens page.")
		return
	case errors.Is(err, token.ErrUnknown):
		challenge(c, "invalid_token", "This token is unknown or has been revoked.")
		return
	case err != nil:
		serverError(c, err)
		return
	}

	if auth.Token.NeedsTouch(now) {
		if err := a.Tokens.TouchToken(c.Request.Context(), auth.Token.ID, c.ClientIP(), now); err != nil {
			a.Log.Warn("token last-use update failed", "token_id", auth.Token.ID, "error", err)
		}
	}
	if auth.Token.ExpiresAt != nil {
		c.Header(ExpiresHeader, auth.Token.ExpiresAt.UTC().Format(time.RFC3339))
	}
	c.Header("Cache-Control", "no-store")
	c.Set(authKey, auth)
	c.Next()
}

// Require returns the middleware that lets a request through only when
// the token's scope and the owner's current role in the path's
// organization both allow p. A non-member and a missing organization get
// the same 404.
func (a *API) Require(p access.Permission) gin.HandlerFunc {
	return func(c *gin.Context) {
		auth := currentAuth(c)
		if auth.Org == nil {
			writeProblem(c, notFound())
			return
		}
		grant := auth.Token.Grant()
		switch access.Check(&grant, auth.Org.Role, p) {
		case access.MissingScope:
			c.Header("WWW-Authenticate", fmt.Sprintf(
				`Bearer realm="incido", error="insufficient_scope", scope=%q`, p))
			writeProblem(c, problem("insufficient-scope",
				fmt.Sprintf("This token lacks the %s scope. Create a token that has it.", p)))
			return
		case access.RoleForbids:
			writeProblem(c, problem("forbidden",
				fmt.Sprintf("Your role in this organization (%s) does not allow %s.",
					auth.Org.Role, p)))
			return
		}
		c.Next()
	}
}
