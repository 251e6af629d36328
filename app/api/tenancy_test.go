package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/incido/incido/app/access"
	"github.com/incido/incido/app/account"
	"github.com/incido/incido/app/apptest"
	"github.com/incido/incido/app/org"
)

func TestResponderIsRefusedAtOnceWhenDemotedRemovedOrDeactivated(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	o := apptest.CreateOrg(t, db, "acme")
	apptest.SetRole(t, db, o, u, access.Responder)
	_, tok := s.CreateToken(t, u, "pipeline", allScopes, nil)
	auth := "Bearer " + tok
	incidents := "/api/v1/organizations/" + o.Slug + "/incidents"
	body := `{"title": "Database failover", "severity": "critical"}`

	if res := s.API(t, "POST", incidents, auth, body); res.StatusCode != http.StatusCreated {
		t.Fatalf("responder creates: %d %s", res.StatusCode, res.Body)
	}

	apptest.SetRole(t, db, o, u, access.Viewer)
	res := s.API(t, "POST", incidents, auth, body)
	if res.StatusCode != http.StatusForbidden || res.Header.Get("WWW-Authenticate") != "" {
		t.Errorf("after demotion: %d, challenge %q; want 403 without one",
			res.StatusCode, res.Header.Get("WWW-Authenticate"))
	}
	if !strings.Contains(res.Body, "viewer") {
		t.Errorf("the detail does not name the role: %s", res.Body)
	}
	if res := s.API(t, "GET", incidents, auth, ""); res.StatusCode != http.StatusOK {
		t.Errorf("a viewer still reads: %d", res.StatusCode)
	}

	if _, err := (&org.Organizations{DB: db.DB}).RemoveMember(context.Background(), o.ID, u.ID); err != nil {
		t.Fatal(err)
	}
	if res := s.API(t, "GET", incidents, auth, ""); res.StatusCode != http.StatusNotFound {
		t.Errorf("after removal: %d, want 404", res.StatusCode)
	}

	if err := (&account.Users{DB: db.DB}).DeactivateUser(context.Background(), u.ID); err != nil {
		t.Fatal(err)
	}
	res = s.API(t, "GET", "/api/v1/me", auth, "")
	if res.StatusCode != http.StatusUnauthorized ||
		!strings.Contains(res.Header.Get("WWW-Authenticate"), "invalid_token") {
		t.Errorf("after deactivation: %d %q, want 401", res.StatusCode, res.Header.Get("WWW-Authenticate"))
	}
}

func TestOtherOrganizationsLookExactlyLikeMissingOnes(t *testing.T) {
	s := apptest.NewServer(t, db)
	member, stranger := apptest.CreateUser(t, db, ""), apptest.CreateUser(t, db, "")
	acme := apptest.CreateOrg(t, db, "acme")
	apptest.SetRole(t, db, acme, member, access.Owner)
	globex := newTenant(t, "globex", stranger)
	_, tok := s.CreateToken(t, member, "acme only", allScopes, nil)
	auth := "Bearer " + tok

	other := s.API(t, "GET", "/api/v1/organizations/"+globex.org.Slug+"/incidents", auth, "")
	missing := s.API(t, "GET", "/api/v1/organizations/nosuch/incidents", auth, "")
	if other.StatusCode != http.StatusNotFound || missing.StatusCode != http.StatusNotFound {
		t.Fatalf("globex %d, nosuch %d; want 404 for both", other.StatusCode, missing.StatusCode)
	}
	if other.Body != missing.Body {
		t.Errorf("the answers differ:\n%s\n%s", other.Body, missing.Body)
	}
	if other.Header.Get("Content-Type") != missing.Header.Get("Content-Type") {
		t.Error("the content types differ")
	}

	inc := fmt.Sprintf("/api/v1/organizations/%s/incidents/%d", acme.Slug, globex.incident)
	if res := s.API(t, "GET", inc, auth, ""); res.StatusCode != http.StatusNotFound || res.Body != missing.Body {
		t.Errorf("GET globex's incident under acme: %d %s", res.StatusCode, res.Body)
	}
	if res := s.API(t, "PATCH", inc, auth, `{"title": "Hijacked", "status": "resolved"}`); res.StatusCode != http.StatusNotFound {
		t.Errorf("PATCH globex's incident under acme: %d", res.StatusCode)
	}
	if res := s.API(t, "POST", inc+"/comments", auth, `{"body": "sneaky"}`); res.StatusCode != http.StatusNotFound {
		t.Errorf("comment on globex's incident under acme: %d", res.StatusCode)
	}
	var title, status string
	var comments int
	db.DB.QueryRow(`SELECT title, status FROM incidents WHERE id = $1`, globex.incident).Scan(&title, &status)
	db.DB.Get(&comments, `SELECT count(*) FROM incident_comments WHERE incident_id = $1`, globex.incident)
	if title != "globex incident" || status != "triage" || comments != 1 {
		t.Errorf("globex's incident changed: %q %q, %d comments", title, status, comments)
	}

	upper := "/api/v1/organizations/" + strings.ToUpper(acme.Slug) + "/incidents"
	if res := s.API(t, "GET", upper, auth, ""); res.StatusCode != http.StatusNotFound {
		t.Errorf("%s: %d, want 404: slugs match exactly", upper, res.StatusCode)
	}

	var list struct {
		Data []struct{ Slug, Role string }
	}
	json.Unmarshal([]byte(s.API(t, "GET", "/api/v1/organizations", auth, "").Body), &list)
	if len(list.Data) != 1 || list.Data[0].Slug != acme.Slug || list.Data[0].Role != "owner" {
		t.Errorf("organizations = %+v, want only %s as owner", list.Data, acme.Slug)
	}
}
