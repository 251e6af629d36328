package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/incido/incido/app/access"
	"github.com/incido/incido/app/apptest"
)

var autofocusTag = regexp.MustCompile(`<[a-z]+\s[^>]*\bautofocus\b[^>]*>`)

// autofocusIDs are the ids of the elements that ask for the focus.
func autofocusIDs(body string) []string {
	var ids []string
	for _, tag := range autofocusTag.FindAllString(body, -1) {
		id, _ := attr(tag, "id")
		ids = append(ids, id)
	}
	return ids
}

func TestARefusedFormPutsTheKeyboardOnTheFirstFieldInError(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	o := apptest.CreateOrg(t, db, "acme")
	apptest.SetRole(t, db, o, u, access.Owner)
	inc := apptest.CreateIncident(t, db, o, u, "Checkout errors")
	c := s.SignIn(t, u)
	org := "/orgs/" + o.Slug

	cases := []struct {
		name, path string
		form       url.Values
		focus      string
	}{
		{"incident without title", org + "/incidents",
			url.Values{"title": {""}, "severity": {""}}, "title"},
		{"incident without severity", org + "/incidents",
			url.Values{"title": {"Down"}, "severity": {""}}, "severity"},
		{"incident change", org + "/incidents/" + itoa(inc.ID),
			url.Values{"title": {""}, "severity": {"major"}, "status": {"triage"}}, "title"},
		{"empty comment", org + "/incidents/" + itoa(inc.ID) + "/comments",
			url.Values{"body": {"  "}}, "body"},
		{"maintenance window backwards", org + "/maintenances", url.Values{
			"title": {"Drill"}, "status": {"scheduled"},
			"starts_at": {"2030-01-02T10:00"}, "ends_at": {"2030-01-02T09:00"}}, "ends_at"},
		{"token without name", "/tokens",
			url.Values{"name": {""}, "scope_mode": {"custom"}}, "name"},
		{"token without scopes", "/tokens",
			url.Values{"name": {"ci"}, "scope_mode": {"custom"}}, "scope_mode_custom"},
		{"token expiry out of range", "/tokens",
			url.Values{"name": {"ci"}, "scope_mode": {"all"}, "expires_in_days": {"400"}},
			"expires_in_days"},
		{"password change", "/profile/password", url.Values{"current_password": {"wrong one"},
			"new_password":     {"amber falcon drifts over seven hills"},
			"confirm_password": {"amber falcon drifts over seven hills"}}, "current_password"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, mode := range []string{"plain", "htmx"} {
				var headers []string
				if mode == "htmx" {
					headers = apptest.HTMX
				}
				res := c.PostForm(tc.path, tc.form, headers...)
				if res.StatusCode != http.StatusUnprocessableEntity {
					t.Fatalf("%s: status %d, want 422", mode, res.StatusCode)
				}
				if got := autofocusIDs(res.Body); len(got) != 1 || got[0] != tc.focus {
					t.Errorf("%s: autofocus on %q, want only %q", mode, got, tc.focus)
				}
				tag := tagWithID(res.Body, tc.focus)
				if v, _ := attr(tag, "aria-invalid"); v != "true" {
					t.Errorf("%s: the focused field is not marked invalid: %s", mode, tag)
				}
				if v, _ := attr(tag, "aria-describedby"); !strings.Contains(v, "-error") {
					t.Errorf("%s: the focused field is not described by its error: %s", mode, tag)
				}
			}
		})
	}
}

func TestARefusedPageSaysErrorFirstInItsTitle(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")

	res := s.NewClient(t).PostForm("/login",
		url.Values{"email": {u.Email}, "password": {"not the password"}})
	if !strings.Contains(res.Body, "<title>Error: Sign in · Incido</title>") {
		t.Errorf("a refused sign-in is titled %q", regexpFind(res.Body, `<title>[^<]*`))
	}
	if got := autofocusIDs(res.Body); len(got) != 1 || got[0] != "email" {
		t.Errorf("a refused sign-in puts the focus on %q", got)
	}
	if res := s.NewClient(t).Get("/login"); strings.Contains(res.Body, "Error:") ||
		len(autofocusIDs(res.Body)) != 0 {
		t.Error("the plain sign-in page is titled or focused as an error")
	}
}

func TestNewsAfterAPlainFormTakesTheFocus(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	c := s.SignIn(t, u)
	gone, _ := s.CreateToken(t, u, "old one", allScopes, nil)

	c.PostForm("/tokens/"+itoa(gone)+"/revoke", nil)
	body := c.Get("/tokens").Body
	if got := autofocusIDs(body); len(got) != 1 || got[0] != "tokens-notice" ||
		!strings.Contains(body, "Token old one revoked.") {
		t.Errorf("after revoking without JavaScript: focus %q, notice shown: %v", got,
			strings.Contains(body, "Token old one revoked."))
	}

	c.PostForm("/profile", url.Values{"given_name": {"Robin"}})
	if got := autofocusIDs(c.Get("/profile").Body); len(got) != 1 || got[0] != "profile-notice" {
		t.Errorf("after saving the profile without JavaScript the focus is on %q", got)
	}
}
