package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/incido/incido/app/apptest"
)

func TestPublicStatusShowsNothingInternal(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	tn := newTenant(t, "public", u) // an open incident with a comment, a scheduled window
	_, tok := s.CreateToken(t, u, "secret-bot-name", allScopes, nil)
	auth := "Bearer " + tok
	base := "/api/v1/organizations/" + tn.org.Slug
	s.API(t, "POST", base+"/incidents", auth, `{"title": "Through a token", "severity": "critical", "summary": "Visible summary"}`)
	resolved := apptest.CreateIncident(t, db, tn.org, u, "Already resolved")
	s.API(t, "PATCH", fmt.Sprintf("%s/incidents/%d", base, resolved.ID), auth, `{"status": "resolved"}`)
	now := time.Now()
	apptest.CreateMaintenance(t, db, tn.org, u, "Secret draft", "draft", now.Add(time.Hour))
	running := apptest.CreateMaintenance(t, db, tn.org, u, "Running now", "in_progress", now.Add(-time.Hour))
	cancelled := apptest.CreateMaintenance(t, db, tn.org, u, "Called off", "scheduled", now.Add(time.Hour))
	s.API(t, "PATCH", fmt.Sprintf("%s/maintenances/%d", base, cancelled.ID), auth, `{"status": "cancelled"}`)
	apptest.CreateMaintenance(t, db, tn.org, u, "Long past", "scheduled", now.Add(-72*time.Hour))

	res := s.API(t, "GET", "/api/v1/status/"+tn.org.Slug, "", "")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status: %d %s", res.StatusCode, res.Body)
	}
	for _, want := range []string{"public incident", "Through a token", "Visible summary",
		"public window", "Running now", `"indicator":"critical"`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("the status lacks %q: %s", want, res.Body)
		}
	}
	for _, secret := range []string{"a note", u.Email, "Test Operator", "secret-bot-name", "Secret draft",
		"Already resolved", "Called off", "Long past", `"id"`, "created_by", tok[:15]} {
		if strings.Contains(res.Body, secret) {
			t.Errorf("the public status shows %q: %s", secret, res.Body)
		}
	}
	var st struct {
		Maintenances []struct{ Title string } `json:"maintenances"`
	}
	json.Unmarshal([]byte(res.Body), &st)
	if len(st.Maintenances) != 2 || st.Maintenances[0].Title != running.Title {
		t.Errorf("maintenances %+v, want the running one then the scheduled one", st.Maintenances)
	}

	if res := s.API(t, "GET", "/api/v1/status/nosuch-org", "", ""); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown slug: %d", res.StatusCode)
	}
	if res := s.API(t, "GET", "/api/v1/status/"+strings.ToUpper(tn.org.Slug), "", ""); res.StatusCode != 404 {
		t.Errorf("upper-case slug: %d", res.StatusCode)
	}
	if res := s.API(t, "GET", "/api/v1/status/"+tn.org.Slug, "Bearer garbage", ""); res.StatusCode != 200 {
		t.Errorf("the public status with a bad token: %d, want 200: it needs none", res.StatusCode)
	}
}

func TestOperationalWhenNothingIsOpen(t *testing.T) {
	s := apptest.NewServer(t, db)
	o := apptest.CreateOrg(t, db, "calm")
	res := s.API(t, "GET", "/api/v1/status/"+o.Slug, "", "")
	if !strings.Contains(res.Body, `"indicator":"operational"`) || !strings.Contains(res.Body, `"incidents":[]`) {
		t.Errorf("a calm organization: %s", res.Body)
	}
}
