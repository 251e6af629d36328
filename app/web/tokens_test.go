package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/incido/incido/app/apptest"
)

var secretPattern = regexp.MustCompile(`incido_pat_[0-9A-Za-z]{38}`)

func TestTokenIsShownOnceAndNeverAgain(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	c := s.SignIn(t, u)

	res := c.PostForm("/tokens", url.Values{"name": {"deploy"}, "scope_mode": {"all"}})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("create: %d", res.StatusCode)
	}
	if got := res.Header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("reveal Cache-Control = %q", got)
	}
	secret := secretPattern.FindString(res.Body)
	if secret == "" {
		t.Fatal("the response does not show the new token")
	}
	if res.Header.Get("Location") != "" || len(res.Cookies()) != 0 {
		t.Error("the secret must come in the response itself, not via a redirect or cookie")
	}

	me := s.API(t, "GET", "/api/v1/me", "Bearer "+secret, "")
	if me.StatusCode != http.StatusOK || !strings.Contains(me.Body, u.Email) {
		t.Fatalf("/api/v1/me with the new token: %d %s", me.StatusCode, me.Body)
	}

	list := c.Get("/tokens")
	if strings.Contains(list.Body, secret) || secretPattern.MatchString(list.Body) {
		t.Error("the reloaded tokens page contains a secret")
	}
	if !strings.Contains(list.Body, "deploy") || !strings.Contains(list.Body, secret[:15]) {
		t.Error("the list lacks the token's name or display prefix")
	}
	if strings.Contains(s.Log.String(), secret) || strings.Contains(s.Log.String(), secret[11:]) {
		t.Error("the secret reached the log")
	}
	var stored int
	db.DB.Get(&stored, `SELECT count(*) FROM api_tokens WHERE prefix = $1 OR name = $2 AND digest::text LIKE '%' || $2 || '%'`,
		secret, secret)
	if stored != 0 {
		t.Error("the plaintext is stored")
	}
	var audits int
	db.DB.Get(&audits, `SELECT count(*) FROM audit_events WHERE details::text LIKE '%' || $1 || '%'`, secret[11:])
	if audits != 0 {
		t.Error("the secret is in the audit trail")
	}
}

func TestTokenCreatedWithHTMXAnswersWithTheFragment(t *testing.T) {
	s := apptest.NewServer(t, db)
	c := s.SignIn(t, apptest.CreateUser(t, db, ""))
	res := c.PostForm("/tokens", url.Values{"name": {"frag"}, "scope_mode": {"all"}}, apptest.HTMX...)
	if res.StatusCode != http.StatusOK || strings.Contains(res.Body, "<html") {
		t.Fatalf("htmx create: %d, full page: %v", res.StatusCode, strings.Contains(res.Body, "<html"))
	}
	if !secretPattern.MatchString(res.Body) || !strings.Contains(res.Body, `id="tokens-main"`) {
		t.Error("the fragment lacks the reveal or its container")
	}
	if !strings.Contains(res.Body, `hx-swap-oob`) {
		t.Error("the fragment does not update the live region")
	}
}

func TestRevokedTokenIsRefusedOnNextRequest(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	c := s.SignIn(t, u)
	secret := secretPattern.FindString(c.PostForm("/tokens",
		url.Values{"name": {"to revoke"}, "scope_mode": {"all"}}).Body)
	if r := s.API(t, "GET", "/api/v1/me", "Bearer "+secret, ""); r.StatusCode != 200 {
		t.Fatalf("before revoke: %d", r.StatusCode)
	}

	var id string
	db.DB.Get(&id, `SELECT id::text FROM api_tokens WHERE user_id = $1 AND name = 'to revoke'`, u.ID)
	confirm := c.Get("/tokens/" + id + "/revoke")
	if confirm.StatusCode != http.StatusOK || !strings.Contains(confirm.Body, `action="/tokens/`+id+`/revoke"`) {
		t.Fatalf("confirmation page: %d", confirm.StatusCode)
	}
	res := c.PostForm("/tokens/"+id+"/revoke", nil)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/tokens" {
		t.Fatalf("revoke: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if r := s.API(t, "GET", "/api/v1/me", "Bearer "+secret, ""); r.StatusCode != http.StatusUnauthorized {
		t.Errorf("after revoke: %d, want 401", r.StatusCode)
	}
	if res := c.PostForm("/tokens/"+id+"/revoke", nil); res.StatusCode != http.StatusSeeOther {
		t.Errorf("revoking twice: %d", res.StatusCode)
	}
	if !strings.Contains(c.Get("/tokens").Body, "revoked") {
		t.Error("the list does not show the token as revoked")
	}
}

func TestAnotherUsersTokenCannotBeRevoked(t *testing.T) {
	s := apptest.NewServer(t, db)
	owner := apptest.CreateUser(t, db, "")
	id, secret := s.CreateToken(t, owner, "mine", allScopes, nil)
	intruder := s.SignIn(t, apptest.CreateUser(t, db, ""))
	res := intruder.PostForm("/tokens/"+itoa(id)+"/revoke", nil)
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("revoking another user's token: %d, want 404", res.StatusCode)
	}
	if r := s.API(t, "GET", "/api/v1/me", "Bearer "+secret, ""); r.StatusCode != 200 {
		t.Errorf("the token stopped working: %d", r.StatusCode)
	}
}

func TestBearerTokenAloneIsNotSignedInToTheDashboard(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	id, secret := s.CreateToken(t, u, "sneaky", allScopes, nil)
	c := s.NewClient(t)
	bearer := []string{"Authorization", "Bearer " + secret}
	if r := c.Get("/tokens", bearer...); r.StatusCode != http.StatusSeeOther {
		t.Errorf("GET /tokens with a bearer token: %d, want 303 to sign-in", r.StatusCode)
	}
	if r := c.PostForm("/tokens", url.Values{"name": {"minted"}, "scope_mode": {"all"}}, bearer...); r.StatusCode != http.StatusSeeOther {
		t.Errorf("POST /tokens with a bearer token: %d", r.StatusCode)
	}
	if r := c.PostForm("/tokens/"+itoa(id)+"/revoke", nil, bearer...); r.StatusCode != http.StatusSeeOther {
		t.Errorf("revoke with a bearer token: %d", r.StatusCode)
	}
	var n int
	db.DB.Get(&n, `SELECT count(*) FROM api_tokens WHERE user_id = $1 AND revoked_at IS NULL`, u.ID)
	if n != 1 {
		t.Errorf("active tokens = %d, want 1", n)
	}
}
