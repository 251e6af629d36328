package access_test

import (
	"strings"
	"testing"

	"github.com/incido/incido/app/access"
)

func TestCheckTakesTheScopeFirstThenTheRole(t *testing.T) {
	all := &access.Grant{All: true}
	only := &access.Grant{Scopes: []string{"incidents:write"}}
	cases := []struct {
		grant *access.Grant
		role  access.Role
		perm  access.Permission
		want  access.Decision
	}{
		{all, access.Owner, access.AuditRead, access.Allowed},
		{all, access.Responder, access.AuditRead, access.RoleForbids},
		{all, access.Viewer, access.IncidentsWrite, access.RoleForbids},
		{only, access.Viewer, access.IncidentsWrite, access.RoleForbids},
		{only, access.Owner, access.IncidentsRead, access.MissingScope},
		{only, access.Viewer, access.AuditRead, access.MissingScope},
		{nil, access.Viewer, access.MembersRead, access.Allowed},
		{nil, access.Viewer, access.CommentsWrite, access.RoleForbids},
		{all, access.Role("intruder"), access.IncidentsRead, access.RoleForbids},
	}
	for _, tc := range cases {
		if got := access.Check(tc.grant, tc.role, tc.perm); got != tc.want {
			t.Errorf("Check(%v, %s, %s) = %d, want %d", tc.grant, tc.role, tc.perm, got, tc.want)
		}
	}
}

func TestRolesMatchTheDesignTable(t *testing.T) {
	table := map[access.Permission]string{ // owner admin responder viewer
		access.IncidentsRead:     "YYYY",
		access.IncidentsWrite:    "YYY-",
		access.MaintenancesRead:  "YYYY",
		access.MaintenancesWrite: "YYY-",
		access.CommentsWrite:     "YYY-",
		access.MembersRead:       "YYYY",
		access.AuditRead:         "YY--",
	}
	for p, row := range table {
		for i, r := range access.Roles {
			if got := r.Allows(p); got != (row[i] == 'Y') {
				t.Errorf("%s allows %s = %v", r, p, got)
			}
		}
	}
	if len(table) != len(access.Scopes) {
		t.Errorf("the registry has %d scopes, the design %d", len(access.Scopes), len(table))
	}
}

func TestEveryEndpointIsWellFormedAndUnique(t *testing.T) {
	seen := map[string]bool{}
	for _, e := range access.Endpoints {
		key := e.Method + " " + e.Path
		if seen[key] || seen[string(e.Operation)] {
			t.Errorf("%s is registered twice", key)
		}
		seen[key], seen[string(e.Operation)] = true, true
		switch {
		case e.Auth == access.Member && (!access.KnownScope(string(e.Needs)) ||
			!strings.HasPrefix(e.Path, "/organizations/{org}/")):
			t.Errorf("%s: an organization endpoint needs a known scope and {org} in its path", key)
		case e.Auth != access.Member && e.Needs != "":
			t.Errorf("%s: only organization endpoints need a scope", key)
		case e.Summary == "":
			t.Errorf("%s has no summary", key)
		}
		if access.EndpointOf(e.Operation).Path != e.Path {
			t.Errorf("EndpointOf(%s) is another endpoint", e.Operation)
		}
	}
}
