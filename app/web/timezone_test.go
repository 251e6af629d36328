package web_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/incido/incido/app/apptest"
)

func bannerPath(browser string) string {
	return "/timezone/banner?" + url.Values{"browser": {browser}, "return_to": {"/tokens"}}.Encode()
}

func TestTimezoneBannerShowsOnlyForZonesThatShowOtherTimes(t *testing.T) {
	s := apptest.NewServer(t, db)
	// January: Phoenix and Denver agree today and part in March.
	s.Clock.Set(mustTime(t, "2025-01-15T12:00:00Z"))
	cases := []struct {
		browser, profile string
		banner           bool
	}{
		{"Asia/Calcutta", "Asia/Kolkata", false},
		{"US/Eastern", "America/New_York", false},
		{"Europe/Kiev", "Europe/Kyiv", false},
		{"Asia/Saigon", "Asia/Ho_Chi_Minh", false},
		{"Etc/UTC", "UTC", false},
		{"Etc/GMT", "UTC", false},
		{"GMT", "UTC", false},
		{"Zulu", "UTC", false},
		{"Etc/GMT+5", "America/Bogota", false},
		{"Europe/Paris", "Europe/Berlin", false},
		{"Europe/London", "Europe/Berlin", true},
		{"Etc/GMT+5", "Asia/Karachi", true},
		{"America/Phoenix", "America/Denver", true},
	}
	for _, tc := range cases {
		t.Run(tc.browser+" vs "+tc.profile, func(t *testing.T) {
			u := apptest.CreateUser(t, db, "")
			c := s.SignIn(t, u)
			res := c.PostForm("/profile", url.Values{"timezone": {tc.profile}})
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("set the profile zone: %d", res.StatusCode)
			}
			// Changing the zone hid the banner for that session; look from a new one.
			res = s.SignIn(t, u).Get(bannerPath(tc.browser), apptest.HTMX...)
			if !tc.banner {
				if res.StatusCode != http.StatusNoContent || res.Body != "" {
					t.Errorf("got %d %q, want 204 and no banner", res.StatusCode, res.Body)
				}
				return
			}
			body := html.UnescapeString(res.Body)
			if res.StatusCode != http.StatusOK || !strings.Contains(body, tc.browser) ||
				!strings.Contains(body, "Use "+tc.browser) {
				t.Errorf("got %d, want the banner naming %s:\n%s", res.StatusCode, tc.browser, body)
			}
			if !strings.Contains(body, `action="/timezone/adopt"`) || !strings.Contains(body,
				`action="/timezone/dismiss"`) ||
				!strings.Contains(body, `name="return_to" value="/tokens"`) {
				t.Error("the banner's actions are not plain forms that come back")
			}
		})
	}
}

func TestTimezoneBannerNamesAnAliasedBrowserZoneByItsCanonicalName(t *testing.T) {
	s := apptest.NewServer(t, db)
	c := s.SignIn(t, apptest.CreateUser(t, db, "")) // Europe/Berlin
	body := html.UnescapeString(c.Get(bannerPath("Asia/Calcutta"), apptest.HTMX...).Body)
	if !strings.Contains(body, `name="timezone" value="Asia/Kolkata"`) || strings.Contains(body,
		"Calcutta") {
		t.Errorf("the banner should offer Asia/Kolkata:\n%s", body)
	}
}

func TestGarbageBrowserZonesGetNoBannerAndCannotBeAdopted(t *testing.T) {
	s := apptest.NewServer(t, db)
	garbage := map[string]string{
		"unknown":   "Etc/Unknown",
		"empty":     "",
		"undefined": "undefined",
		"long":      strings.Repeat("Europe/Berlin", 385)[:5000],
		"markup":    `<img src=x onerror=alert(1)>`,
		"local":     "Local",
		"traversal": "../../../../etc/passwd",
	}
	for name, zone := range garbage {
		t.Run(name, func(t *testing.T) {
			u := apptest.CreateUser(t, db, "")
			c := s.SignIn(t, u)
			cookieBefore := sessionCookie(t, c, s.URL)
			for _, headers := range [][]string{apptest.HTMX, nil} {
				res := c.Get(bannerPath(zone), headers...)
				if res.StatusCode != http.StatusNoContent || res.Body != "" {
					t.Errorf("banner: %d %q, want 204", res.StatusCode, res.Body)
				}
				if len(res.Cookies()) != 0 {
					t.Error("asking for the banner set a cookie")
				}
			}
			if sessionCookie(t, c, s.URL) != cookieBefore {
				t.Error("the session cookie changed")
			}

			for _, headers := range [][]string{apptest.HTMX, nil} {
				res := c.PostForm("/timezone/adopt", url.Values{"timezone": {zone},
					"return_to": {"/tokens"}},
					headers...)
				if res.StatusCode != http.StatusUnprocessableEntity {
					t.Errorf("adopt: %d, want 422", res.StatusCode)
				}
				if strings.Contains(res.Body, "<img") || (len(zone) > 100 &&
					strings.Contains(res.Body, zone)) {
					t.Error("the zone is reflected in the answer")
				}
			}
			if got := storedUser(t, u.ID).Timezone; got != u.Timezone {
				t.Errorf("the profile zone became %q", got)
			}
			var dismissed bool
			db.DB.Get(&dismissed, `SELECT bool_or(tz_banner_dismissed) FROM sessions
				WHERE user_id = $1`, u.ID)
			if dismissed {
				t.Error("a refused adopt hid the banner")
			}
		})
	}
	if strings.Contains(s.Log.String(), "level=ERROR") {
		t.Errorf("garbage caused a server error:\n%s", s.Log.String())
	}
}

func TestAdoptWithoutJavaScriptShowsTheTimezoneFieldWithTheError(t *testing.T) {
	s := apptest.NewServer(t, db)
	c := s.SignIn(t, apptest.CreateUser(t, db, ""))
	res := c.PostForm("/timezone/adopt", url.Values{"timezone": {"Mars/Olympus_Mons"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "<html") {
		t.Fatalf("plain adopt of an unknown zone: %d", res.StatusCode)
	}
	assertInvalid(t, res.Body, "timezone")
}

func TestDismissHidesTheBannerForTheRestOfTheSessionOnly(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "") // Europe/Berlin
	for _, htmx := range []bool{true, false} {
		c := s.SignIn(t, u)
		res := c.Get(bannerPath("Asia/Karachi"), apptest.HTMX...)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("banner before dismissing: %d", res.StatusCode)
		}

		form := url.Values{"return_to": {"/tokens?x=1"}}
		if htmx {
			res := c.PostForm("/timezone/dismiss", form, apptest.HTMX...)
			if res.StatusCode != http.StatusOK || !strings.HasPrefix(liveStatus(res.Body),
				"Timezone notice dismissed") {
				t.Errorf("htmx dismiss: %d %q", res.StatusCode, res.Body)
			}
		} else {
			res := c.PostForm("/timezone/dismiss", form)
			if res.StatusCode != http.StatusSeeOther ||
				res.Header.Get("Location") != "/tokens?x=1" {
				t.Errorf("plain dismiss: %d %q", res.StatusCode, res.Header.Get("Location"))
			}
		}

		for _, zone := range []string{"Asia/Karachi", "America/Denver"} {
			res := c.Get(bannerPath(zone), apptest.HTMX...)
			if res.StatusCode != http.StatusNoContent {
				t.Errorf("after dismissing, %s: %d, want 204", zone, res.StatusCode)
			}
		}
		if storedUser(t, u.ID).Timezone != "Europe/Berlin" {
			t.Error("dismissing changed the profile zone")
		}
	}
	res := s.SignIn(t, u).Get(bannerPath("Asia/Karachi"), apptest.HTMX...)
	if res.StatusCode != http.StatusOK {
		t.Errorf("a new session with the mismatch still there: %d, want the banner", res.StatusCode)
	}
}

func TestAdoptSetsTheProfileZoneAndGoesBackWhereTheUserWas(t *testing.T) {
	s := apptest.NewServer(t, db)
	for _, htmx := range []bool{true, false} {
		u := apptest.CreateUser(t, db, "")
		c := s.SignIn(t, u)
		form := url.Values{"timezone": {"Asia/Karachi"}, "return_to": {"/tokens"}}
		var headers []string
		if htmx {
			headers = apptest.HTMX
		}
		res := c.PostForm("/timezone/adopt", form, headers...)
		switch {
		case htmx && res.Header.Get("HX-Redirect") != "/tokens":
			t.Errorf("htmx adopt: %d, HX-Redirect %q", res.StatusCode,
				res.Header.Get("HX-Redirect"))
		case !htmx && (res.StatusCode != http.StatusSeeOther ||
			res.Header.Get("Location") != "/tokens"):
			t.Errorf("plain adopt: %d %q", res.StatusCode, res.Header.Get("Location"))
		}
		if got := storedUser(t, u.ID).Timezone; got != "Asia/Karachi" {
			t.Errorf("profile zone %q after adopting", got)
		}
		var events int
		db.DB.Get(&events, `SELECT count(*) FROM audit_events
			WHERE actor_user_id = $1 AND action = 'profile.timezone_changed'`, u.ID)
		if events != 1 {
			t.Errorf("%d audit events for the adopted zone", events)
		}
		res = c.Get(bannerPath("Europe/London"), apptest.HTMX...)
		if res.StatusCode != http.StatusNoContent {
			t.Errorf("the banner is back in the session that adopted a zone: %d", res.StatusCode)
		}
	}
}

func TestChangingTheTimezoneHidesTheBannerUntilANewSession(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	c := s.SignIn(t, u)
	res := c.PostForm("/profile", url.Values{"timezone": {"America/Denver"}}, apptest.HTMX...)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("timezone change: %d", res.StatusCode)
	} else if !strings.Contains(res.Body, `<div id="tz-banner" hx-swap-oob="innerHTML"></div>`) {
		t.Error("the answer does not clear a banner already on the page")
	}
	res = c.Get(bannerPath("Asia/Tokyo"), apptest.HTMX...)
	if res.StatusCode != http.StatusNoContent {
		t.Errorf("same session after a timezone change: %d, want 204", res.StatusCode)
	}
	res = s.SignIn(t, u).Get(bannerPath("Asia/Tokyo"), apptest.HTMX...)
	if res.StatusCode != http.StatusOK {
		t.Errorf("new session: %d, want the banner", res.StatusCode)
	}
}

func TestBannerActionsReturnOnlyToPathsOnThisSite(t *testing.T) {
	s := apptest.NewServer(t, db)
	c := s.SignIn(t, apptest.CreateUser(t, db, ""))
	cases := map[string]string{
		"/tokens":                       "/tokens",
		"/orgs/acme/incidents?p=2":      "/orgs/acme/incidents?p=2",
		"":                              "/",
		"//evil.example/":               "/",
		"https://evil.example/":         "/",
		"/\\evil.example":               "/",
		"\\\\evil.example":              "/",
		"/\t/evil.example":              "/",
		"/\r\nSet-Cookie: a=b":          "/",
		"javascript:alert(1)":           "/",
		"evil.example":                  "/",
		"/" + strings.Repeat("a", 3000): "/",
	}
	for in, want := range cases {
		res := c.PostForm("/timezone/dismiss", url.Values{"return_to": {in}})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != want {
			t.Errorf("return_to %.40q: %d %q, want %q", in, res.StatusCode,
				res.Header.Get("Location"), want)
		}
		banner := c.Get("/timezone/banner?"+url.Values{"browser": {"Asia/Tokyo"},
			"return_to": {in}}.Encode(),
			apptest.HTMX...)
		if strings.Contains(banner.Body, "evil.example") {
			t.Errorf("return_to %.40q reaches the banner", in)
		}
	}
}

func TestTimezoneRoutesNeedASignedInSameOriginBrowser(t *testing.T) {
	s := apptest.NewServer(t, db)
	anon := s.NewClient(t)
	for _, res := range []*apptest.Response{
		anon.Get(bannerPath("Asia/Tokyo")),
		anon.PostForm("/timezone/dismiss", nil),
		anon.PostForm("/timezone/adopt", url.Values{"timezone": {"Asia/Tokyo"}}),
	} {
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
			t.Errorf("signed out %s: %d %q", res.Request.URL.Path, res.StatusCode,
				res.Header.Get("Location"))
		}
	}
	u := apptest.CreateUser(t, db, "")
	res := s.SignIn(t, u).PostForm("/timezone/adopt", url.Values{"timezone": {"Asia/Tokyo"}},
		"Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site")
	if res.StatusCode != http.StatusForbidden || storedUser(t, u.ID).Timezone != "Europe/Berlin" {
		t.Errorf("cross-site adopt: %d", res.StatusCode)
	}
}
