package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/incido/incido/app/access"
	"github.com/incido/incido/app/apptest"
)

// Whatever a signed-in browser is answered, page, fragment, redirect or
// error, it may show who is signed in, so no cache may keep it.
func TestEverySignedInAnswerIsNoStore(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	o := apptest.CreateOrg(t, db, "cache")
	apptest.SetRole(t, db, o, u, access.Viewer)
	browser := s.SignIn(t, u)
	orgPath := "/orgs/" + o.Slug

	type request struct {
		name, method, path string
		form               url.Values
		headers            []string
	}
	for _, r := range []request{
		{"a page", "GET", "/profile", nil, nil},
		{"an unknown page", "GET", "/no-such-page", nil, nil},
		{"an unknown organization page", "GET", orgPath + "/no-such-tab", nil, nil},
		{"the API reference", "GET", "/docs/api", nil, nil},
		{"the forgot page", "GET", "/password/forgot", nil, nil},
		{"sign-in while signed in", "GET", "/login", nil, nil},
		{"a method the page lacks", "PUT", "/profile", nil, nil},
		{"a fragment", "GET", "/tokens", nil, apptest.HTMX},
		{"a refused form", "POST", "/profile", url.Values{"given_name": {""}}, nil},
		{"a refused htmx form", "POST", "/profile", url.Values{"given_name": {""}}, apptest.HTMX},
		{"a forbidden post", "POST", orgPath + "/incidents",
			url.Values{"title": {"x"}, "severity": {"minor"}}, nil},
		{"a cross-origin post", "POST", "/profile", url.Values{"given_name": {"X"}},
			[]string{"Sec-Fetch-Site", "cross-site"}},
		{"a form too large", "POST", "/profile",
			url.Values{"given_name": {strings.Repeat("x", 70_000)}}, nil},
		{"a token reveal", "POST", "/tokens",
			url.Values{"name": {"cached"}, "scope_mode": {"all"}}, nil},
		{"a banner answer", "GET", "/timezone/banner?browser=Asia/Tokyo", nil, apptest.HTMX},
	} {
		t.Run(r.name, func(t *testing.T) {
			var body *strings.Reader
			if r.form != nil {
				body = strings.NewReader(r.form.Encode())
			} else {
				body = strings.NewReader("")
			}
			req, _ := http.NewRequest(r.method, browser.Base+r.path, body)
			if r.form != nil {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			for i := 0; i+1 < len(r.headers); i += 2 {
				req.Header.Set(r.headers[i], r.headers[i+1])
			}
			res := browser.Do(req)
			if got := res.Header.Get("Cache-Control"); got != "no-store" {
				t.Errorf("%s %s: %d with Cache-Control %q, want no-store",
					r.method, r.path, res.StatusCode, got)
			}
		})
	}
}
