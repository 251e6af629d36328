package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/incido/incido/app/apptest"
	"github.com/incido/incido/app/web"
)

func TestSignInSucceedsAndLandsSignedIn(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	c := s.SignIn(t, u)

	res := c.Get("/profile")
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, u.Email) {
		t.Fatalf("profile after sign-in: %d", res.StatusCode)
	}
	if got := res.Header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("signed-in page Cache-Control = %q, want no-store", got)
	}
}

func TestSignInFailureSaysTheSameForUnknownEmailAndWrongPassword(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")

	cases := map[string]url.Values{
		"unknown email":  {"email": {"nobody@example.com"}, "password": {u.Password}},
		"wrong password": {"email": {u.Email}, "password": {"not the password at all"}},
		"empty password": {"email": {u.Email}, "password": {""}},
		"invalid email":  {"email": {"not an email"}, "password": {u.Password}},
	}
	var messages []string
	for name, form := range cases {
		t.Run(name, func(t *testing.T) {
			res := s.NewClient(t).PostForm("/login", form)
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", res.StatusCode)
			}
			if len(res.Cookies()) != 0 {
				t.Errorf("a failed sign-in set a cookie")
			}
			if strings.Contains(res.Body, form.Get("password")) && form.Get("password") != "" {
				t.Errorf("the password was echoed back")
			}
			messages = append(messages, alertText(res.Body))
		})
	}
	for _, m := range messages[1:] {
		if m != messages[0] {
			t.Errorf("messages differ: %q vs %q", m, messages[0])
		}
	}
}

func alertText(body string) string {
	i := strings.Index(body, `role="alert"`)
	if i < 0 {
		return ""
	}
	rest := body[i:]
	return rest[strings.Index(rest, ">")+1 : strings.Index(rest, "</")]
}

func TestSignInMakesANewCookieAndTheOldOneIsNotSignedIn(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	first := s.SignIn(t, u)
	before := sessionCookie(t, first, s.URL)

	// Signing in again from the same browser replaces the cookie.
	res := first.PostForm("/login", url.Values{"email": {u.Email}, "password": {u.Password}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("second sign-in: %d", res.StatusCode)
	}
	after := sessionCookie(t, first, s.URL)
	if before == after {
		t.Fatal("the cookie did not change at sign-in")
	}

	anon := s.NewClient(t)
	res = anon.Get("/profile", "Cookie", web.CookieName+"="+before)
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("the cookie from before the new sign-in still works: %d", res.StatusCode)
	}
	res = anon.Get("/profile", "Cookie", web.CookieName+"="+"garbage")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
		t.Errorf("garbage cookie: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
}

func TestSignOutRevokesOnlyThatSessionAndTheReplayedCookieIsRefused(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	laptop := s.SignIn(t, u)
	phone := s.SignIn(t, u)
	stolen := sessionCookie(t, laptop, s.URL)

	res := laptop.PostForm("/logout", nil)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
		t.Fatalf("logout: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	expired := false
	for _, c := range res.Cookies() {
		if c.Name == web.CookieName && c.MaxAge < 0 {
			expired = true
		}
	}
	if !expired {
		t.Error("sign-out did not expire the cookie")
	}

	replay := s.NewClient(t).Get("/profile", "Cookie", web.CookieName+"="+stolen)
	if replay.StatusCode != http.StatusSeeOther || replay.Header.Get("Location") != "/login" {
		t.Errorf("replayed cookie after sign-out: %d, want 303 to /login", replay.StatusCode)
	}
	if res := phone.Get("/profile"); res.StatusCode != http.StatusOK {
		t.Errorf("the other browser was signed out too: %d", res.StatusCode)
	}
}

func TestSessionCookieAttributes(t *testing.T) {
	for _, tc := range []struct {
		base   string
		secure bool
	}{
		{"", false},
		{"https://incido.example", true},
	} {
		t.Run("base="+tc.base, func(t *testing.T) {
			s := apptest.NewServer(t, db, apptest.Options{BaseURL: tc.base})
			u := apptest.CreateUser(t, db, "")
			res := s.NewClient(t).PostForm("/login", url.Values{"email": {u.Email}, "password": {u.Password}})
			raw := res.Header.Get("Set-Cookie")
			for _, want := range []string{"HttpOnly", "SameSite=Lax", "Path=/"} {
				if !strings.Contains(raw, want) {
					t.Errorf("Set-Cookie %q lacks %s", raw, want)
				}
			}
			if strings.Contains(raw, "Domain=") {
				t.Errorf("Set-Cookie %q has a Domain", raw)
			}
			if strings.Contains(raw, "Secure") != tc.secure {
				t.Errorf("Set-Cookie %q: Secure should be %v", raw, tc.secure)
			}
		})
	}
}

func TestSignedOutRequestsAreSentToSignIn(t *testing.T) {
	s := apptest.NewServer(t, db)
	c := s.NewClient(t)
	for _, path := range []string{"/profile", "/tokens", "/"} {
		res := c.Get(path)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
			t.Errorf("GET %s: %d %s", path, res.StatusCode, res.Header.Get("Location"))
		}
		res = c.Get(path, apptest.HTMX...)
		if res.StatusCode != http.StatusUnauthorized || res.Header.Get("HX-Redirect") != "/login" {
			t.Errorf("htmx GET %s: %d %s", path, res.StatusCode, res.Header.Get("HX-Redirect"))
		}
	}
}

func TestCrossOriginFormPostIsRefused(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	c := s.SignIn(t, u)
	res := c.PostForm("/tokens", url.Values{"name": {"x"}, "scope_mode": {"all"}},
		"Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site")
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site post: %d, want 403", res.StatusCode)
	}
}

func sessionCookie(t *testing.T, c *apptest.Client, base string) string {
	t.Helper()
	u, _ := url.Parse(base)
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == web.CookieName {
			return ck.Value
		}
	}
	t.Fatal("no session cookie")
	return ""
}
