package api

import (
	"context"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/incido/incido/app/incident"
	"github.com/incido/incido/app/org"
)

type memberJSON struct {
	UserID     int64     `json:"user_id"`
	Name       string    `json:"name"`
	GivenName  string    `json:"given_name"`
	FamilyName string    `json:"family_name"`
	Role       string    `json:"role" jsonschema:"enum=owner,enum=admin,enum=responder,enum=viewer"`
	JoinedAt   time.Time `json:"joined_at"`
}

func memberOf(m *org.Member) memberJSON {
	return memberJSON{UserID: m.UserID, Name: m.FullName(), GivenName: m.GivenName,
		FamilyName: m.FamilyName, Role: string(m.Role), JoinedAt: m.JoinedAt.UTC()}
}

// ListMembers answers with a page of the organization's active members
// and their roles, by user id.
func (a *API) ListMembers(c *gin.Context) {
	fetch := func(ctx context.Context, orgID int64, f incident.Filter) ([]org.Member, error) {
		return a.Orgs.Members(ctx, orgID, f.Before, f.Limit)
	}
	listIn(c, nil, fetch, func(m *org.Member) int64 { return m.UserID }, memberOf)
}
