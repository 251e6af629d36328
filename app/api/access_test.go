package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/incido/incido/app/access"
	"github.com/incido/incido/app/apptest"
	"github.com/incido/incido/app/org"
)

// tenant is an organization with something of each kind in it.
type tenant struct {
	org         *org.Organization
	incident    int64
	comment     int64
	maintenance int64
}

func newTenant(t testing.TB, prefix string, by *apptest.User) tenant {
	o := apptest.CreateOrg(t, db, prefix)
	apptest.SetRole(t, db, o, by, access.Owner)
	i := apptest.CreateIncident(t, db, o, by, prefix+" incident")
	c := apptest.AddComment(t, db, o, by, i, "a note")
	m := apptest.CreateMaintenance(t, db, o, by, prefix+" window", "scheduled",
		time.Now().Add(time.Hour))
	return tenant{org: o, incident: i.ID, comment: c.ID, maintenance: m.ID}
}

// call is a valid request to an endpoint in a tenant.
type call struct{ path, body string }

// calls builds a valid request for every endpoint; the test fails when an
// endpoint of the registry has none, so a new endpoint gets tested.
func calls(tn tenant) map[access.Operation]call {
	base := "/api/v1/organizations/" + tn.org.Slug
	inc := fmt.Sprintf("%s/incidents/%d", base, tn.incident)
	return map[access.Operation]call{
		access.ShowMe:            {"/api/v1/me", ""},
		access.ListOrganizations: {"/api/v1/organizations", ""},
		access.ListIncidents:     {base + "/incidents", ""},
		access.CreateIncident:    {base + "/incidents", `{"title": "Matrix", "severity": "minor"}`},
		access.ShowIncident:      {inc, ""},
		access.UpdateIncident:    {inc, `{"summary": "Checked by the matrix."}`},
		access.ListComments:      {inc + "/comments", ""},
		access.CreateComment:     {inc + "/comments", `{"body": "Matrix note."}`},
		access.ShowComment:       {fmt.Sprintf("%s/comments/%d", inc, tn.comment), ""},
		access.ListMaintenances:  {base + "/maintenances", ""},
		access.CreateMaintenance: {base + "/maintenances", `{"title": "Matrix window", ` +
			`"starts_at": "2030-01-01T10:00:00Z", "ends_at": "2030-01-01T11:00:00Z"}`},
		access.ShowMaintenance: {fmt.Sprintf("%s/maintenances/%d", base, tn.maintenance), ""},
		access.UpdateMaintenance: {fmt.Sprintf("%s/maintenances/%d", base, tn.maintenance),
			`{"summary": "Checked by the matrix."}`},
		access.ListMembers:         {base + "/members", ""},
		access.ListAuditEvents:     {base + "/audit-events", ""},
		access.ShowStatus:          {"/api/v1/status/" + tn.org.Slug, ""},
		access.ShowOpenAPIDocument: {"/api/v1/openapi.json", ""},
	}
}

// scopeMode is how a token's scopes relate to what an endpoint needs.
type scopeMode string

const (
	allScopesMode scopeMode = "all scopes"
	exactScope    scopeMode = "exactly the scope"
	withoutScope  scopeMode = "every scope but it"
)

// grantFor is the token grant of a mode for a permission.
func grantFor(mode scopeMode, p access.Permission) access.Grant {
	switch mode {
	case exactScope:
		return access.Grant{Scopes: []string{string(p)}}
	case withoutScope:
		var others []string
		for _, s := range access.Scopes {
			if s.Name != p {
				others = append(others, string(s.Name))
			}
		}
		return access.Grant{Scopes: others}
	}
	return access.Grant{All: true}
}

// want is what the policy table of DESIGN.md says a request gets.
func want(e access.Endpoint, role access.Role, member bool, mode scopeMode) (int, bool) {
	success := http.StatusOK
	if e.Method == "POST" {
		success = http.StatusCreated
	}
	switch {
	case e.Auth != access.Member:
		return success, false
	case !member:
		return http.StatusNotFound, false
	case mode == withoutScope:
		return http.StatusForbidden, true
	case !role.Allows(e.Needs):
		return http.StatusForbidden, false
	}
	return success, false
}

func TestEveryEndpointForEveryRoleAndScopeMode(t *testing.T) {
	s := apptest.NewServer(t, db)
	owner := apptest.CreateUser(t, db, "")
	tn := newTenant(t, "matrix", owner)
	requests := calls(tn)

	roles := []access.Role{access.Owner, access.Admin, access.Responder, access.Viewer, "non-member"}
	modes := []scopeMode{allScopesMode, exactScope, withoutScope}
	tokens := map[string]string{}
	for _, role := range roles {
		for _, mode := range modes {
			u := apptest.CreateUser(t, db, "")
			if role != "non-member" {
				apptest.SetRole(t, db, tn.org, u, role)
			}
			for _, sc := range access.Scopes {
				key := fmt.Sprint(role, mode, sc.Name)
				if mode == allScopesMode {
					key = fmt.Sprint(role, mode)
					if tokens[key] != "" {
						continue
					}
				}
				_, tokens[key] = s.CreateToken(t, u, string(sc.Name), grantFor(mode, sc.Name), nil)
			}
		}
	}

	for _, e := range access.Endpoints {
		req, ok := requests[e.Operation]
		if !ok {
			t.Errorf("no test request for %s", e.Operation)
			continue
		}
		for _, role := range roles {
			for _, mode := range modes {
				key := fmt.Sprint(role, mode, e.Needs)
				if mode == allScopesMode || e.Auth != access.Member {
					key = fmt.Sprint(role, allScopesMode)
				}
				auth := "Bearer " + tokens[key]
				if e.Auth == access.Public {
					auth = ""
				}
				res := s.API(t, e.Method, req.path, auth, req.body)
				status, challenge := want(e, role, role != "non-member", mode)
				name := fmt.Sprintf("%s %s as %s with %s", e.Method, e.Path, role, mode)
				if res.StatusCode != status {
					t.Errorf("%s: %d, want %d: %s", name, res.StatusCode, status, res.Body)
					continue
				}
				ch := res.Header.Get("WWW-Authenticate")
				wantCh := fmt.Sprintf(`error="insufficient_scope", scope=%q`, e.Needs)
				if challenge && !strings.Contains(ch, wantCh) || !challenge && ch != "" {
					t.Errorf("%s: challenge %q, want it %v", name, ch, challenge)
				}
			}
		}
	}
}

func TestAdminOfOneOrganizationGetsNotFoundInAnother(t *testing.T) {
	s := apptest.NewServer(t, db)
	admin, other := apptest.CreateUser(t, db, ""), apptest.CreateUser(t, db, "")
	a := apptest.CreateOrg(t, db, "acme")
	apptest.SetRole(t, db, a, admin, access.Admin)
	b := newTenant(t, "globex", other)
	_, tok := s.CreateToken(t, admin, "admin", allScopes, nil)

	for op, req := range calls(b) {
		e := access.EndpointOf(op)
		if e.Auth != access.Member {
			continue
		}
		res := s.API(t, e.Method, req.path, "Bearer "+tok, req.body)
		if res.StatusCode != http.StatusNotFound || res.Header.Get("WWW-Authenticate") != "" {
			t.Errorf("%s %s in the other organization: %d %q", e.Method, req.path,
				res.StatusCode, res.Header.Get("WWW-Authenticate"))
		}
	}
}
