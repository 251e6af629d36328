package api_test

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/incido/incido/app/access"
	"github.com/incido/incido/app/apptest"
)

func TestAResourceHasOneAddress(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	o := apptest.CreateOrg(t, db, "paths")
	apptest.SetRole(t, db, o, u, access.Owner)
	_, secret := s.CreateToken(t, u, "paths", allScopes, nil)
	id := apptest.CreateIncident(t, db, o, u, "One address").ID
	base := "/api/v1/organizations/" + o.Slug + "/incidents/"
	n := strconv.FormatInt(id, 10)

	if res := s.API(t, "GET", base+n, "Bearer "+secret, ""); res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", base+n, res.StatusCode)
	}
	for _, other := range []string{"0" + n, "+" + n, "00" + n} {
		if res := s.API(t, "GET", base+other, "Bearer "+secret, ""); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", base+other, res.StatusCode)
		}
	}
}
