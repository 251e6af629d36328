package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/incido/incido/app/access"
	"github.com/incido/incido/app/api"
	"github.com/incido/incido/app/apptest"
)

func TestPublicStatusPageShowsNothingInternal(t *testing.T) {
	s := apptest.NewServer(t, db)
	o := apptest.CreateOrg(t, db, "status")
	u := apptest.CreateUser(t, db, "")
	apptest.SetRole(t, db, o, u, access.Owner)
	open := apptest.CreateIncident(t, db, o, u, "Payments degraded")
	apptest.AddComment(t, db, o, u, open, "Internal: the vendor's key expired")
	apptest.CreateMaintenance(t, db, o, u, "Hidden draft", "draft", time.Now().Add(time.Hour))
	apptest.CreateMaintenance(t, db, o, u, "Announced window", "scheduled", time.Now().Add(time.Hour))

	res := s.NewClient(t).Get("/status/" + o.Slug)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status page: %d", res.StatusCode)
	}
	for _, want := range []string{"Payments degraded", "Summary of Payments degraded", "Announced window",
		"Major disruption", "<time datetime="} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("the status page lacks %q", want)
		}
	}
	for _, secret := range []string{"vendor's key", "Hidden draft", u.Email, "Test Operator", "user-menu"} {
		if strings.Contains(res.Body, secret) {
			t.Errorf("the status page shows %q", secret)
		}
	}
	if res := s.NewClient(t).Get("/status/nosuch"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown organization: %d", res.StatusCode)
	}
}

func TestAPIReferenceIsGeneratedFromTheRegistry(t *testing.T) {
	s := apptest.NewServer(t, db)
	res := s.NewClient(t).Get("/docs/api")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("docs: %d", res.StatusCode)
	}
	for _, e := range access.Endpoints {
		if !strings.Contains(res.Body, `id="op-`+string(e.Operation)+`"`) ||
			!strings.Contains(res.Body, "<code>"+e.Method+" /api/v1"+e.Path+"</code>") {
			t.Errorf("the reference lacks %s %s", e.Method, e.Path)
		}
	}
	for _, k := range api.Problems {
		if !strings.Contains(res.Body, `id="`+k.Anchor()+`"`) {
			t.Errorf("no anchor for %s, which problem types link to", k.Type())
		}
	}
	for _, sc := range access.Scopes {
		if !strings.Contains(res.Body, `id="scope-`+string(sc.Name)+`"`) {
			t.Errorf("the reference lacks scope %s", sc.Name)
		}
	}
	intro := res.Body[:strings.Index(res.Body, `id="endpoints"`)]
	for _, public := range []string{"GET /api/v1/status/{slug}", "GET /api/v1/openapi.json", "GET /healthz"} {
		if !strings.Contains(intro, public) {
			t.Errorf("the introduction does not list %s among the endpoints that need no token", public)
		}
	}
	if strings.Contains(intro, "GET /api/v1/me") {
		t.Error("the introduction lists a token endpoint as public")
	}
}
