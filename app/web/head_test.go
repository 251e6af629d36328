package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/incido/incido/app/access"
	"github.com/incido/incido/app/apptest"
)

// Every page that answers GET answers HEAD the same way, without the body
// (RFC 9110 requires HEAD wherever GET is), signed in or not.
func TestHEADAnswersLikeGETWithoutTheBody(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	o := apptest.CreateOrg(t, db, "head")
	apptest.SetRole(t, db, o, u, access.Viewer)
	browser := s.SignIn(t, u)
	_, secret := s.CreateToken(t, u, "head", allScopes, nil)
	bearer := []string{"Authorization", "Bearer " + secret}
	for _, path := range []string{"/login", "/healthz", "/status/" + o.Slug, "/docs/api",
		"/static/js/app.js", "/profile", "/orgs/" + o.Slug + "/incidents", "/no-such-page",
		"/api/v1/openapi.json", "/api/v1/me", "/api/v1/organizations/" + o.Slug + "/incidents",
		"/api/v1/no-such-endpoint"} {
		get := browser.Get(path, bearer...)
		req, _ := http.NewRequest(http.MethodHead, browser.Base+path, nil)
		req.Header.Set(bearer[0], bearer[1])
		head := browser.Do(req)
		if head.StatusCode != get.StatusCode || head.Body != "" ||
			head.Header.Get("Content-Type") != get.Header.Get("Content-Type") ||
			head.Header.Get("Cache-Control") != get.Header.Get("Cache-Control") {
			t.Errorf("HEAD %s: %d %q %q with %d bytes; GET: %d %q %q", path, head.StatusCode,
				head.Header.Get("Content-Type"), head.Header.Get("Cache-Control"),
				len(head.Body), get.StatusCode, get.Header.Get("Content-Type"),
				get.Header.Get("Cache-Control"))
		}
	}
	if !strings.Contains(s.Log.String(), "method=HEAD route=/profile") {
		t.Error("the request log does not name HEAD requests as such")
	}
	for _, path := range []string{"/profile", "/api/v1/organizations/" + o.Slug + "/incidents"} {
		req, _ := http.NewRequest(http.MethodDelete, browser.Base+path, nil)
		req.Header.Set(bearer[0], bearer[1])
		res := browser.Do(req)
		if allow := res.Header.Get("Allow"); res.StatusCode != http.StatusMethodNotAllowed ||
			!strings.Contains(allow, "HEAD") {
			t.Errorf("DELETE %s: %d, Allow %q, want 405 listing HEAD", path, res.StatusCode, allow)
		}
	}
}
