package web_test

import (
	"io/fs"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/incido/incido/app/apptest"
	"github.com/incido/incido/app/web"
	"github.com/incido/incido/app/zone"
	"github.com/incido/incido/views"
)

func TestTimesRenderWithTheZonesOwnRulesAcrossDST(t *testing.T) {
	cases := []struct {
		zone, at, human, title string
	}{
		// The night Berlin springs forward, and the day after.
		{"Europe/Berlin", "2024-03-31T00:30:00Z", "31 Mar 2024, 01:30 CET",
			"Europe/Berlin, UTC+01:00"},
		{"Europe/Berlin", "2024-04-01T00:30:00Z", "1 Apr 2024, 02:30 CEST",
			"Europe/Berlin, UTC+02:00"},
		// New York falls back: 01:30 happens twice.
		{"America/New_York", "2024-11-03T05:30:00Z", "3 Nov 2024, 01:30 EDT",
			"America/New_York, UTC−04:00"},
		{"America/New_York", "2024-11-03T06:30:00Z", "3 Nov 2024, 01:30 EST",
			"America/New_York, UTC−05:00"},
		// Zones the tz database gives no letters are named by their offset.
		{"America/Sao_Paulo", "2024-07-01T12:00:00Z", "1 Jul 2024, 09:00 UTC−03:00",
			"America/Sao_Paulo, UTC−03:00"},
		{"Asia/Kathmandu", "2024-07-01T12:00:00Z", "1 Jul 2024, 17:45 UTC+05:45",
			"Asia/Kathmandu, UTC+05:45"},
		{"Asia/Calcutta", "2024-07-01T12:00:00Z", "1 Jul 2024, 17:30 IST",
			"Asia/Kolkata, UTC+05:30"},
		{"Etc/UTC", "2024-07-01T12:00:00Z", "1 Jul 2024, 12:00 UTC", "Etc/UTC, UTC+00:00"},
	}
	for _, tc := range cases {
		loc, err := zone.Load(tc.zone)
		if err != nil {
			t.Fatal(err)
		}
		at, _ := time.Parse(time.RFC3339, tc.at)
		// A time read back from the database carries no zone of its own
		// and may be in any location; only the instant counts.
		got := string((&web.View{Loc: loc}).Time(at.In(time.FixedZone("X", 7200))))
		want := `<time datetime="` + tc.at + `" title="` + tc.title + `">` + tc.human + `</time>`
		if got != want {
			t.Errorf("%s %s:\n got %s\nwant %s", tc.zone, tc.at, got, want)
		}
	}
}

func TestTimeWithoutAViewerZoneIsUTC(t *testing.T) {
	at := time.Date(2024, 7, 1, 12, 0, 0, 0, time.UTC)
	if got := string((&web.View{}).Time(at)); !strings.Contains(got, ">1 Jul 2024, 12:00 UTC<") {
		t.Errorf("Time without Loc = %s", got)
	}
}

// timeFormatting is a template that formats a time by itself instead of
// through View.Time: a method call such as .Format or .In on a value, or
// printf of a time.
var timeFormatting = regexp.MustCompile(`\.(Format|In|AppendFormat)\s+[^\s}]` +
	`|\.(UTC|Local|Unix)\b[^.]` +
	`|printf "%[^"]*[vs]" [^}]*At\b`)

func TestTemplatesFormatTimesOnlyThroughTheTimeHelper(t *testing.T) {
	files, err := fs.Glob(views.Files, "*.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		src, _ := fs.ReadFile(views.Files, name)
		for _, action := range regexp.MustCompile(`{{[^}]*}}`).FindAllString(string(src), -1) {
			if timeFormatting.MatchString(action) {
				t.Errorf("%s formats a time itself: %s", name, action)
			}
			if regexp.MustCompile(`{{-?\s*\$?\.?[\w.]*(At|Time)\s*-?}}`).MatchString(action) &&
				!strings.Contains(action, "Time ") {
				t.Errorf("%s prints a time as Go writes it: %s", name, action)
			}
		}
	}
}

// goTime is how a time.Time prints when a template forgets the helper.
var goTime = regexp.MustCompile(`\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? [+-]\d{4}`)

func TestRenderedPagesShowEveryTimeAsATimeElementNamingTheZone(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	c := s.SignIn(t, u)
	expires := time.Now().Add(48 * time.Hour)
	s.CreateToken(t, u, "nightly", allScopes, &expires)
	c.PostForm("/tokens", url.Values{"name": {"deploy"}, "scope_mode": {"all"},
		"expires_in_days": {"3"}})

	for _, path := range []string{"/profile", "/tokens"} {
		body := c.Get(path).Body
		if goTime.MatchString(body) {
			t.Errorf("%s shows a raw Go time: %s", path, goTime.FindString(body))
		}
		times := regexp.MustCompile(`<time datetime="([^"]+)" `+
			`title="Europe/Berlin, UTC[^"]+">[^<]+ CES?T</time>`).
			FindAllStringSubmatch(body, -1)
		if len(times) == 0 || strings.Count(body, "<time") != len(times) {
			t.Errorf("%s: %d of %d times in the profile zone", path, len(times),
				strings.Count(body, "<time"))
		}
		for _, m := range times {
			if _, err := time.Parse(time.RFC3339, m[1]); err != nil || !strings.HasSuffix(m[1],
				"Z") {
				t.Errorf("%s: datetime %q is not UTC RFC 3339", path, m[1])
			}
		}
	}
}
