package api

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/incido/incido/app/access"
	"github.com/incido/incido/app/audit"
	"github.com/incido/incido/app/incident"
	"github.com/incido/incido/app/org"
	"github.com/incido/incido/app/token"
)

// API holds what the JSON handlers need.
type API struct {
	Tokens       *token.Tokens
	Orgs         *org.Organizations
	Incidents    *incident.Incidents
	Maintenances *incident.Maintenances
	Trail        *audit.Trail
	Log          *slog.Logger
	Now          func() time.Time

	// OpenAPI is the document generated from Reference, served as is.
	OpenAPI []byte

	mounted []access.Operation
}

type userJSON struct {
	ID         int64     `json:"id"`
	Email      string    `json:"email"`
	GivenName  string    `json:"given_name"`
	FamilyName string    `json:"family_name"`
	Timezone   string    `json:"timezone" jsonschema_description:"IANA timezone name."`
	CreatedAt  time.Time `json:"created_at"`
}

type tokenJSON struct {
	ID        int64      `json:"id"`
	Name      string     `json:"name"`
	Scopes    []string   `json:"scopes" jsonschema_description:"The scopes of a custom token; empty when all_scopes is true."`
	AllScopes bool       `json:"all_scopes" jsonschema_description:"Whether the token has every scope, including ones added later."`
	ExpiresAt *time.Time `json:"expires_at" jsonschema:"nullable" jsonschema_description:"When the token stops working; null for never."`
}

type meJSON struct {
	userJSON
	Token tokenJSON `json:"token"`
}

// personJSON names a user as other members see them.
type personJSON struct {
	ID   int64  `json:"id"`
	Name string `json:"name" jsonschema_description:"Given and family name."`
}

// tokenRefJSON names the token a change was made through.
type tokenRefJSON struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// ShowMe answers with the token's owner and the token itself.
func (a *API) ShowMe(c *gin.Context) {
	auth := currentAuth(c)
	u, t := auth.User, auth.Token
	scopes := []string(t.Scopes)
	if scopes == nil || t.AllScopes {
		scopes = []string{}
	}
	c.JSON(http.StatusOK, meJSON{
		userJSON: userJSON{ID: u.ID, Email: u.Email, GivenName: u.GivenName,
			FamilyName: u.FamilyName, Timezone: u.Timezone, CreatedAt: u.CreatedAt.UTC()},
		Token: tokenJSON{ID: t.ID, Name: t.Name, Scopes: scopes, AllScopes: t.AllScopes,
			ExpiresAt: utcPtr(t.ExpiresAt)},
	})
}

type organizationJSON struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
	Role string `json:"role" jsonschema:"enum=owner,enum=admin,enum=responder,enum=viewer" jsonschema_description:"Your current role in the organization."`
}

// ListOrganizations answers with the caller's memberships and roles.
func (a *API) ListOrganizations(c *gin.Context) {
	f, ok := listParams(c, nil)
	if !ok {
		return
	}
	list, err := a.Orgs.MembershipsAfter(c.Request.Context(), currentAuth(c).User.ID,
		f.Before, f.Limit)
	if err != nil {
		serverError(c, err)
		return
	}
	writePage(c, list, f, func(m *org.Membership) int64 { return m.ID },
		func(m *org.Membership) organizationJSON {
			return organizationJSON{Slug: m.Slug, Name: m.Name, Role: string(m.Role)}
		})
}

// actor is who a request through the API acts as: the token's owner,
// through the token, from the client's address.
func actor(c *gin.Context) audit.Actor {
	auth := currentAuth(c)
	id := auth.Token.ID
	return audit.Actor{UserID: auth.User.ID, TokenID: &id, IP: c.ClientIP()}
}

// orgID is the id of the organization named by the path; Require has
// checked the caller is a member.
func orgID(c *gin.Context) int64 {
	return currentAuth(c).Org.ID
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
