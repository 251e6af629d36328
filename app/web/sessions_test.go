package web_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/incido/incido/app/account"
	"github.com/incido/incido/app/apptest"
	"github.com/incido/incido/app/web"
)

const (
	firefoxLinux = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
	safariMac    = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 " +
		"(KHTML, like Gecko) Version/17.5 Safari/605.1.15"
)

// signInAs signs u in with a browser's user agent.
func signInAs(t *testing.T, s *apptest.Server, u *apptest.User, agent string) *apptest.Client {
	t.Helper()
	c := s.NewClient(t)
	res := c.PostForm(
		"/login",
		url.Values{"email": {u.Email}, "password": {u.Password}},
		"User-Agent",
		agent,
	)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in: %d", res.StatusCode)
	}
	return c
}

// sessionIDs are the sessions the page offers to sign out.
func sessionIDs(body string) []string {
	var ids []string
	for _, m := range regexp.MustCompile(`action="/sessions/(\d+)/revoke"`).FindAllStringSubmatch(body, -1) {
		ids = append(ids, m[1])
	}
	return ids
}

func TestProfileListsEachSignedInBrowser(t *testing.T) {
	s := apptest.NewServer(t, db)
	s.Clock.Set(time.Date(2026, 7, 1, 10, 0, 0, 0, time.UTC))
	u := apptest.CreateUser(t, db, "")
	mac := signInAs(t, s, u, safariMac)
	s.Clock.Advance(2 * time.Hour)
	linux := signInAs(t, s, u, firefoxLinux)

	page := linux.Get("/profile")
	for _, want := range []string{
		"Firefox 128 on Linux", "Safari 17 on macOS", "127.0.0.1",
		`<time datetime="2026-07-01T10:00:00Z" title="Europe/Berlin, UTC+02:00">1 Jul 2026, 12:00 CEST</time>`,
		`<time datetime="2026-07-01T12:00:00Z" title="Europe/Berlin, UTC+02:00">1 Jul 2026, 14:00 CEST</time>`,
		"Sign out all other sessions",
	} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the sessions list lacks %q", want)
		}
	}
	row := page.Body[strings.Index(page.Body, "Firefox 128 on Linux"):]
	row = row[:strings.Index(row, "</tr>")]
	if !strings.Contains(row, "This browser") || strings.Contains(row, "/revoke") {
		t.Errorf("this browser's row should be marked and have no sign-out: %s", row)
	}
	if ids := sessionIDs(page.Body); len(ids) != 1 {
		t.Errorf("sign-out buttons for %v, want one, for the other browser", ids)
	}
	if !signedIn(t, mac) {
		t.Fatal("the Mac was signed out by listing")
	}
}

func TestSignOutOneOtherBrowser(t *testing.T) {
	for _, htmx := range []bool{false, true} {
		t.Run(map[bool]string{false: "plain form", true: "htmx"}[htmx], func(t *testing.T) {
			s := apptest.NewServer(t, db)
			u := apptest.CreateUser(t, db, "")
			here, phone, tablet := s.SignIn(t, u), s.SignIn(t, u), s.SignIn(t, u)
			ids := sessionIDs(here.Get("/profile").Body)
			if len(ids) != 2 {
				t.Fatalf("other sessions %v, want 2", ids)
			}
			phoneID := ids[1] // listed most recent first: tablet, then phone

			var headers []string
			if htmx {
				headers = apptest.HTMX
			}
			res := here.PostForm("/sessions/"+phoneID+"/revoke", nil, headers...)
			if htmx {
				if res.StatusCode != http.StatusOK || strings.Contains(res.Body, "<html") ||
					!strings.Contains(res.Body, "That browser was signed out") {
					t.Fatalf("htmx revoke: %d", res.StatusCode)
				}
			} else if res.StatusCode != http.StatusSeeOther ||
				res.Header.Get("Location") != "/profile?notice=session-revoked" {
				t.Fatalf("revoke: %d %s", res.StatusCode, res.Header.Get("Location"))
			}
			if signedIn(t, phone) {
				t.Error("the phone is still signed in")
			}
			if !signedIn(t, here) || !signedIn(t, tablet) {
				t.Error("another session was signed out")
			}
			if res := phone.Get("/profile", apptest.HTMX...); res.StatusCode != http.StatusUnauthorized ||
				res.Header.Get("HX-Redirect") != "/login" {
				t.Errorf("the phone's next htmx request: %d", res.StatusCode)
			}
		})
	}
}

func TestSignOutAllOtherBrowsers(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	here, phone, tablet := s.SignIn(t, u), s.SignIn(t, u), s.SignIn(t, u)
	bystander := s.SignIn(t, apptest.CreateUser(t, db, ""))

	res := here.PostForm("/sessions/revoke-others", nil)
	if res.StatusCode != http.StatusSeeOther ||
		res.Header.Get("Location") != "/profile?notice=others-revoked" {
		t.Fatalf("revoke others: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if signedIn(t, phone) || signedIn(t, tablet) {
		t.Error("another browser is still signed in")
	}
	if !signedIn(t, here) || !signedIn(t, bystander) {
		t.Error("this browser, or another user, was signed out")
	}
	page := here.Get("/profile?notice=others-revoked")
	if !strings.Contains(page.Body, "Every other browser was signed out") ||
		!strings.Contains(page.Body, "This is the only browser signed in") {
		t.Error("the page does not confirm")
	}
	var n int
	db.DB.Get(
		&n,
		`SELECT count(*) FROM audit_events WHERE actor_user_id = $1 AND action = 'session.revoked_others'`,
		u.ID,
	)
	if n != 1 {
		t.Errorf("%d audit events, want 1", n)
	}
}

func TestSignOutRefusesOtherUsersAndThisBrowsersSessions(t *testing.T) {
	s := apptest.NewServer(t, db)
	u, other := apptest.CreateUser(t, db, ""), apptest.CreateUser(t, db, "")
	c := s.SignIn(t, u)
	victim := s.SignIn(t, other)
	list, _ := s.App.Dashboard.Sessions.ActiveSessions(
		context.Background(),
		other.ID,
		s.Clock.Now(),
	)
	mine, _ := s.App.Dashboard.Sessions.ActiveSessions(context.Background(), u.ID, s.Clock.Now())

	for name, id := range map[string]string{
		"another user's": itoa(list[0].ID), "unknown": "999999999", "not a number": "abc",
		"huge": "99999999999999999999999",
	} {
		if res := c.PostForm("/sessions/"+id+"/revoke", nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s session: %d, want 404", name, res.StatusCode)
		}
	}
	if !signedIn(t, victim) {
		t.Error("another user's session was signed out")
	}
	res := c.PostForm("/sessions/"+itoa(mine[0].ID)+"/revoke", nil)
	if res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "the browser you are using") {
		t.Errorf("revoking this browser's own session: %d", res.StatusCode)
	}
	if !signedIn(t, c) {
		t.Error("this browser was signed out")
	}
	if res := s.NewClient(t).PostForm("/sessions/revoke-others", nil); res.StatusCode != http.StatusSeeOther ||
		res.Header.Get("Location") != "/login" {
		t.Errorf("signed out: %d", res.StatusCode)
	}
}

func TestSessionsTimeOutOnTheServer(t *testing.T) {
	s := apptest.NewServer(t, db)
	s.Clock.Set(time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC))
	u := apptest.CreateUser(t, db, "")

	idle := s.SignIn(t, u)
	s.Clock.Advance(account.IdleTimeout - time.Minute)
	if !signedIn(t, idle) {
		t.Fatal("signed out before 12 idle hours")
	}
	s.Clock.Advance(account.IdleTimeout)
	if res := idle.Get("/tokens"); res.StatusCode != http.StatusSeeOther ||
		res.Header.Get("Location") != "/login" {
		t.Errorf("after 12 idle hours: %d, want 303 to /login", res.StatusCode)
	}

	busy := s.SignIn(t, u)
	start := s.Clock.Now()
	for s.Clock.Now().Sub(start) < account.AbsoluteTimeout-11*time.Hour {
		s.Clock.Advance(11 * time.Hour)
		if !signedIn(t, busy) {
			t.Fatalf("a busy session ended after %v", s.Clock.Now().Sub(start))
		}
	}
	s.Clock.Set(start.Add(account.AbsoluteTimeout))
	if res := busy.Get("/profile", apptest.HTMX...); res.StatusCode != http.StatusUnauthorized ||
		res.Header.Get("HX-Redirect") != "/login" {
		t.Errorf(
			"htmx after 7 days: %d %q, want 401 with HX-Redirect",
			res.StatusCode,
			res.Header.Get("HX-Redirect"),
		)
	}
	if signedIn(t, busy) {
		t.Error("a session lived past 7 days")
	}
}

// INCIDO_SESSION_KEYS lists keys newest first: a cookie signed with an
// older key still signs in, a new cookie is signed with the newest, and a
// key taken off the list signs no one in.
func TestSessionKeysRotateWithoutSigningAnyoneOut(t *testing.T) {
	k1, k2 := bytes.Repeat([]byte{1}, 32), bytes.Repeat([]byte{2}, 32)
	old := apptest.NewServer(t, db, apptest.Options{Keys: [][]byte{k1}})
	rotated := apptest.NewServer(t, db, apptest.Options{Keys: [][]byte{k2, k1}})
	dropped := apptest.NewServer(t, db, apptest.Options{Keys: [][]byte{k2}})
	u := apptest.CreateUser(t, db, "")

	cookieOf := func(c *apptest.Client) string {
		u, _ := url.Parse(c.Base)
		for _, k := range c.Jar.Cookies(u) {
			if k.Name == web.CookieName {
				return k.Name + "=" + k.Value
			}
		}
		t.Fatal("no session cookie")
		return ""
	}
	signedInWith := func(s *apptest.Server, cookie string) bool {
		return s.NewClient(t).Get("/profile", "Cookie", cookie).StatusCode == http.StatusOK
	}
	before := cookieOf(old.SignIn(t, u))
	if !signedInWith(rotated, before) {
		t.Error("a cookie of the older key is refused after the rotation")
	}
	if signedInWith(dropped, before) {
		t.Error("a cookie of a key taken off the list still signs in")
	}
	after := cookieOf(rotated.SignIn(t, u))
	if !signedInWith(dropped, after) || signedInWith(old, after) {
		t.Error("a new cookie is not signed with the newest key")
	}
}

// The idle timeout ends a session at its very instant, 12 hours after the
// last request, as a token's expiry does.
func TestTheIdleTimeoutBitesAtItsInstant(t *testing.T) {
	s := apptest.NewServer(t, db)
	start := time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)
	s.Clock.Set(start)
	u := apptest.CreateUser(t, db, "")
	early, onTime := s.SignIn(t, u), s.SignIn(t, u)

	s.Clock.Set(start.Add(account.IdleTimeout - time.Microsecond))
	if !signedIn(t, early) {
		t.Error("signed out a microsecond before 12 idle hours")
	}
	s.Clock.Set(start.Add(account.IdleTimeout))
	if signedIn(t, onTime) {
		t.Error("still signed in at the instant 12 idle hours end")
	}
}
