package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/incido/incido/app/apptest"
	"github.com/incido/incido/app/web"
)

func TestBearerHeaderForms(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	_, tok := s.CreateToken(t, u, "forms", allScopes, nil)

	accepted := []string{
		"Bearer " + tok, "bearer " + tok, "BEARER " + tok, "bEaReR " + tok,
		"Bearer    " + tok, "Bearer " + tok + " ", "Bearer " + tok + "\t", "  Bearer " + tok,
	}
	for _, h := range accepted {
		res := s.API(t, "GET", "/api/v1/me", h, "")
		if res.StatusCode != http.StatusOK {
			t.Errorf("%q: %d, want 200", strings.ReplaceAll(h, tok, "<tok>"), res.StatusCode)
		}
	}

	refused := map[string]string{
		"Bearer:" + tok:                       "one space between",
		"Bearer" + tok:                        "one space between",
		"Bearer\t" + tok:                      "one space between",
		"Bearer\t " + tok:                     "one space between",
		"Token " + tok:                        "",
		"Basic dXNlcjpwYXNz":                  "",
		"Bearer":                              "",
		"Bearer ":                             "",
		"Bearer Bearer " + tok:                "",
		"Bearer " + tok + " x":                "",
		`Bearer "` + tok + `"`:                "remove the quotes",
		"Bearer incido_pat_abc":               "",
		"Bearer " + tok[:48]:                  "",
		"Bearer " + strings.Repeat("A", 5000): "",
	}
	for h, detail := range refused {
		name := strings.ReplaceAll(h, tok, "<tok>")
		if len(name) > 60 {
			name = name[:60]
		}
		res := s.API(t, "GET", "/api/v1/me", h, "")
		if res.StatusCode != http.StatusUnauthorized {
			t.Errorf("%q: %d, want 401", name, res.StatusCode)
			continue
		}
		if ct := res.Header.Get("Content-Type"); ct != "application/problem+json" {
			t.Errorf("%q: Content-Type %q", name, ct)
		}
		if ch := res.Header.Get("WWW-Authenticate"); !strings.HasPrefix(ch, `Bearer realm="incido"`) ||
			!strings.Contains(ch, `error="invalid_token"`) {
			t.Errorf("%q: challenge %q", name, ch)
		}
		if strings.Contains(res.Body, tok) || strings.Contains(res.Header.Get("WWW-Authenticate"), tok) {
			t.Errorf("%q: the token was echoed back", name)
		}
		if detail != "" && !strings.Contains(res.Body, detail) {
			t.Errorf("%q: detail %s lacks %q", name, res.Body, detail)
		}
	}
}

func TestBearerAnswers(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	_, good := s.CreateToken(t, u, "good", allScopes, nil)
	revokedID, revoked := s.CreateToken(t, u, "revoked", allScopes, nil)
	if _, err := db.DB.Exec(`UPDATE api_tokens SET revoked_at = now() WHERE id = $1`, revokedID); err != nil {
		t.Fatal(err)
	}
	past := time.Now().Add(-time.Hour)
	expiredID, expired := s.CreateToken(t, u, "expired", allScopes, nil)
	db.DB.Exec(`UPDATE api_tokens SET expires_at = $2 WHERE id = $1`, expiredID, past)

	cases := []struct {
		name      string
		auth      string
		status    int
		challenge string
		detail    string
	}{
		{"missing header", "", 401, `Bearer realm="incido"`, "needs an API token"},
		{"malformed", "Bearer not-a-token", 401, `error="invalid_token"`, "not an Incido token"},
		{"unknown", "Bearer " + validSecret(t), 401, `error="invalid_token"`, "unknown or has been revoked"},
		{"revoked", "Bearer " + revoked, 401, `error="invalid_token"`, "unknown or has been revoked"},
		{"expired", "Bearer " + expired, 401, `error="invalid_token"`, "expired"},
		{"good", "Bearer " + good, 200, "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := s.API(t, "GET", "/api/v1/me", tc.auth, "")
			if res.StatusCode != tc.status {
				t.Fatalf("status %d, want %d: %s", res.StatusCode, tc.status, res.Body)
			}
			ch := res.Header.Get("WWW-Authenticate")
			if tc.challenge == "" && ch != "" || !strings.Contains(ch, tc.challenge) {
				t.Errorf("challenge %q, want %q", ch, tc.challenge)
			}
			if tc.status == 401 {
				var p struct {
					Type, Title, Detail string
					Status              int
				}
				if err := json.Unmarshal([]byte(res.Body), &p); err != nil || p.Status != 401 || p.Type == "" {
					t.Errorf("problem body %s", res.Body)
				}
				if !strings.Contains(p.Detail, tc.detail) {
					t.Errorf("detail %q lacks %q", p.Detail, tc.detail)
				}
			}
		})
	}
	if unknownBody, revokedBody := s.API(t, "GET", "/api/v1/me", "Bearer "+validSecret(t), "").Body,
		s.API(t, "GET", "/api/v1/me", "Bearer "+revoked, "").Body; unknownBody != revokedBody {
		t.Errorf("unknown and revoked tokens are told apart:\n%s\n%s", unknownBody, revokedBody)
	}
}

func TestMeAnswersWithTheOwner(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	_, tok := s.CreateToken(t, u, "me", allScopes, nil)
	res := s.API(t, "GET", "/api/v1/me", "Bearer "+tok, "")
	var me struct {
		Email, GivenName, FamilyName, Timezone string
	}
	json.Unmarshal([]byte(res.Body), &me)
	if res.StatusCode != 200 || me.Email != u.Email {
		t.Fatalf("me: %d %s", res.StatusCode, res.Body)
	}
	if res.Header.Get("Cache-Control") != "no-store" {
		t.Error("API answers must not be cached")
	}
}

func TestTwoAuthorizationHeadersAreABadRequest(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	_, tok := s.CreateToken(t, u, "twice", allScopes, nil)
	res := s.API(t, "GET", "/api/v1/me", "Bearer "+tok, "", "Authorization", "Bearer "+tok)
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.Body, "invalid-request") {
		t.Errorf("two headers: %d %s", res.StatusCode, res.Body)
	}
	if ch := res.Header.Get("WWW-Authenticate"); !strings.Contains(ch, `error="invalid_request"`) {
		t.Errorf("two headers: challenge %q, want error=\"invalid_request\"", ch)
	}
}

func TestSessionCookieNeverAuthenticatesTheAPI(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	c := s.SignIn(t, u)
	for _, path := range []string{"/api/v1/me", "/api/v1/organizations"} {
		res := c.Get(path)
		if res.StatusCode != http.StatusUnauthorized || !strings.Contains(res.Body, "session") {
			t.Errorf("%s with only a session cookie: %d %s, want 401 saying the session "+
				"does not count", path, res.StatusCode, res.Body)
		}
	}
	_, tok := s.CreateToken(t, u, "query", allScopes, nil)
	for _, query := range []string{"?access_token=" + tok, "?token=" + tok} {
		res := s.NewClient(t).Get("/api/v1/me" + query)
		if res.StatusCode != http.StatusUnauthorized || !strings.Contains(res.Body, "query") ||
			strings.Contains(res.Body, tok) {
			t.Errorf("token in the query string: %d %s, want 401 saying to move it",
				res.StatusCode, res.Body)
		}
	}
	if res := s.NewClient(t).Get("/api/v1/me", "Cookie", web.CookieName+"="+tok); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("token in a cookie: %d, want 401", res.StatusCode)
	}
}
