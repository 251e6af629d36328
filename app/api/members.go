package api

import (
	"time"

	"github.com/gin-gonic/gin"

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
	f, ok := listParams(c, nil)
	if !ok {
		return
	}
	list, err := a.Orgs.Members(c.Request.Context(), orgID(c), f.Before, f.Limit)
	if err != nil {
		serverError(c, err)
		return
	}
	writePage(c, list, f, func(m *org.Member) int64 { return m.UserID }, memberOf)
}
