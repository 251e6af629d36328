package api

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/incido/incido/app/org"
	"github.com/incido/incido/app/token"
)

// API holds what the JSON handlers need.
type API struct {
	Tokens *token.Tokens
	Orgs   *org.Organizations
	Log    *slog.Logger
	Now    func() time.Time
}

type userJSON struct {
	ID         int64     `json:"id"`
	Email      string    `json:"email"`
	GivenName  string    `json:"given_name"`
	FamilyName string    `json:"family_name"`
	Timezone   string    `json:"timezone"`
	CreatedAt  time.Time `json:"created_at"`
}

type tokenJSON struct {
	ID        int64      `json:"id"`
	Name      string     `json:"name"`
	Scopes    []string   `json:"scopes"`
	AllScopes bool       `json:"all_scopes"`
	ExpiresAt *time.Time `json:"expires_at"`
}

type meJSON struct {
	userJSON
	Token tokenJSON `json:"token"`
}

// ShowMe answers with the token's owner and the token itself.
func (a *API) ShowMe(c *gin.Context) {
	auth := currentAuth(c)
	u, t := auth.User, auth.Token
	scopes := []string(t.Scopes)
	if scopes == nil {
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
	Role string `json:"role"`
}

// ListOrganizations answers with the caller's memberships and roles.
func (a *API) ListOrganizations(c *gin.Context) {
	list, err := a.Orgs.Memberships(c.Request.Context(), currentAuth(c).User.ID)
	if err != nil {
		serverError(c, err)
		return
	}
	out := make([]organizationJSON, 0, len(list))
	for _, m := range list {
		out = append(out, organizationJSON{Slug: m.Slug, Name: m.Name, Role: string(m.Role)})
	}
	c.JSON(http.StatusOK, gin.H{"data": out, "next_cursor": nil})
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
