package zone_test

import (
	"strings"
	"testing"
	"time"

	"github.com/incido/incido/app/zone"
)

func TestCanonicalAcceptsZonesAndAliasesUnderTheirCanonicalName(t *testing.T) {
	cases := map[string]string{
		"Europe/Berlin":                  "Europe/Berlin",
		"Asia/Calcutta":                  "Asia/Kolkata",
		"US/Eastern":                     "America/New_York",
		"Europe/Kiev":                    "Europe/Kyiv",
		"Asia/Saigon":                    "Asia/Ho_Chi_Minh",
		"UTC":                            "Etc/UTC",
		"Zulu":                           "Etc/UTC",
		"GMT":                            "Etc/GMT",
		"Etc/GMT+5":                      "Etc/GMT+5",
		"America/Argentina/Buenos_Aires": "America/Argentina/Buenos_Aires",
		" Europe/Paris\t":                "Europe/Paris",
	}
	for in, want := range cases {
		got, err := zone.Canonical(in)
		if err != nil || got != want {
			t.Errorf("Canonical(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestCanonicalRefusesWhatIsNotAZoneName(t *testing.T) {
	for _, in := range []string{
		"", " ", "Local", "Etc/Unknown", "undefined", "europe/berlin", "Europe/berlin",
		"Factory", "../../../etc/passwd", "/usr/share/zoneinfo/UTC", "Europe/Berlin/",
		"<script>alert(1)</script>", strings.Repeat("A", 5000), "Europe/Berlin\x00",
		"+05:30", "UTC+1",
	} {
		if got, err := zone.Canonical(in); err == nil {
			t.Errorf("Canonical(%.40q) = %q, want an error", in, got)
		}
	}
}

func TestEveryKnownNameLoads(t *testing.T) {
	for _, g := range zone.Groups(time.Now()) {
		for _, o := range g.Options {
			loc, err := zone.Load(o.Name)
			if err != nil {
				t.Fatalf("offered zone %s does not load: %v", o.Name, err)
			}
			if loc.String() != o.Name {
				t.Errorf("Load(%s) is named %s", o.Name, loc)
			}
		}
	}
	for _, alias := range []string{"Asia/Calcutta", "US/Eastern", "Zulu", "GMT", "Etc/GMT+5"} {
		if _, err := zone.Load(alias); err != nil {
			t.Errorf("Load(%s): %v", alias, err)
		}
	}
}

func TestLoadReturnsTheSameLocationForAnAliasAndItsZone(t *testing.T) {
	a, err := zone.Load("Asia/Calcutta")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := zone.Load("Asia/Kolkata")
	if a != b || a.String() != "Asia/Kolkata" {
		t.Errorf("Load(Asia/Calcutta) = %v (%p), Load(Asia/Kolkata) = %v (%p)", a, a, b, b)
	}
}

func mustLoad(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := zone.Load(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestDifferFollowsWallClocksOverTheComingYear(t *testing.T) {
	january := time.Date(2025, 1, 15, 12, 0, 0, 0, time.UTC)
	july := time.Date(2025, 7, 15, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		browser, profile string
		differ           bool
	}{
		{"Asia/Calcutta", "Asia/Kolkata", false},
		{"US/Eastern", "America/New_York", false},
		{"Europe/Kiev", "Europe/Kyiv", false},
		{"Asia/Saigon", "Asia/Ho_Chi_Minh", false},
		{"Etc/UTC", "UTC", false},
		{"Etc/GMT", "UTC", false},
		{"GMT", "UTC", false},
		{"Zulu", "UTC", false},
		// Etc/GMT+5 is five hours *behind* UTC: the POSIX sign is inverted.
		{"Etc/GMT+5", "America/Bogota", false},
		{"Europe/Paris", "Europe/Berlin", false},
		{"Europe/London", "Europe/Berlin", true},
		{"Etc/GMT+5", "Asia/Karachi", true},
		// The same offset in January, but Denver keeps summer time and
		// Phoenix does not.
		{"America/Phoenix", "America/Denver", true},
	}
	for _, tc := range cases {
		for _, now := range []time.Time{january, july} {
			b, p := mustLoad(t, tc.browser), mustLoad(t, tc.profile)
			if got := zone.Differ(b, p, now); got != tc.differ {
				t.Errorf("Differ(%s, %s) at %s = %v, want %v",
					tc.browser, tc.profile, now.Format("Jan"), got, tc.differ)
			}
			if got := zone.Differ(p, b, now); got != tc.differ {
				t.Errorf("Differ(%s, %s) at %s = %v, want %v",
					tc.profile, tc.browser, now.Format("Jan"), got, tc.differ)
			}
		}
	}
}

func TestDifferLooksOneYearAheadAndNoFurther(t *testing.T) {
	// Buenos Aires kept UTC−03:00 from March 2000 until summer time began
	// on 2007-12-30 at 03:00 UTC.
	ba := mustLoad(t, "America/Argentina/Buenos_Aires")
	fixed := time.FixedZone("UTC-3", -3*3600)
	justOverAYear := time.Date(2006, 12, 29, 3, 0, 0, 0, time.UTC)
	if zone.Differ(ba, fixed, justOverAYear) {
		t.Error("a change more than a year ahead counted as a mismatch")
	}
	withinAYear := time.Date(2006, 12, 31, 3, 0, 0, 0, time.UTC)
	if !zone.Differ(ba, fixed, withinAYear) {
		t.Error("a change within the year was missed")
	}
}

func TestFormatOffset(t *testing.T) {
	cases := map[int]string{
		0:                "UTC+00:00",
		3600:             "UTC+01:00",
		5*3600 + 1800:    "UTC+05:30",
		5*3600 + 45*60:   "UTC+05:45",
		-3 * 3600:        "UTC−03:00",
		-(9*3600 + 1800): "UTC−09:30",
		14 * 3600:        "UTC+14:00",
	}
	for in, want := range cases {
		if got := zone.FormatOffset(in); got != want {
			t.Errorf("FormatOffset(%d) = %q, want %q", in, got, want)
		}
	}
}

func TestGroupsListEachCanonicalZoneOnceByRegionWithItsCurrentOffset(t *testing.T) {
	january := time.Date(2025, 1, 15, 12, 0, 0, 0, time.UTC)
	july := time.Date(2025, 7, 15, 12, 0, 0, 0, time.UTC)
	find := func(groups []zone.Group, name string) (string, zone.Option) {
		for _, g := range groups {
			for _, o := range g.Options {
				if o.Name == name {
					return g.Region, o
				}
			}
		}
		t.Fatalf("%s is not offered", name)
		return "", zone.Option{}
	}

	groups := zone.Groups(january)
	if groups[0].Region != "UTC" || groups[0].Options[0].Name != "Etc/UTC" {
		t.Errorf("the first group is %s %v, want UTC first", groups[0].Region, groups[0].Options)
	}
	seen := map[string]bool{}
	for _, g := range groups {
		for _, o := range g.Options {
			if seen[o.Name] {
				t.Errorf("%s is offered twice", o.Name)
			}
			seen[o.Name] = true
			if canonical, err := zone.Canonical(o.Name); err != nil || canonical != o.Name {
				t.Errorf("offered %s is not canonical (%s, %v)", o.Name, canonical, err)
			}
		}
	}
	for _, alias := range []string{"Asia/Calcutta", "US/Eastern", "Europe/Kiev",
		"Europe/Mariehamn"} {
		if seen[alias] {
			t.Errorf("the alias %s is offered", alias)
		}
	}
	if len(seen) < 300 {
		t.Errorf("only %d zones offered", len(seen))
	}

	cases := []struct {
		name, region, label string
		at                  time.Time
		offset              string
	}{
		{"Europe/Berlin", "Europe", "Berlin", january, "UTC+01:00"},
		{"Europe/Berlin", "Europe", "Berlin", july, "UTC+02:00"},
		{"Asia/Kolkata", "Asia", "Kolkata", july, "UTC+05:30"},
		{"America/Sao_Paulo", "America", "Sao Paulo", january, "UTC−03:00"},
		{"America/Argentina/Buenos_Aires", "America", "Buenos Aires (Argentina)", july,
			"UTC−03:00"},
		{"America/New_York", "America", "New York", july, "UTC−04:00"},
	}
	for _, tc := range cases {
		region, o := find(zone.Groups(tc.at), tc.name)
		if region != tc.region || o.Label != tc.label || o.Offset != tc.offset {
			t.Errorf("%s at %s: %s / %q / %s, want %s / %q / %s", tc.name, tc.at.Format("Jan"),
				region, o.Label, o.Offset, tc.region, tc.label, tc.offset)
		}
	}
}

func TestDescribeNamesTheZoneAndItsOffset(t *testing.T) {
	july := time.Date(2025, 7, 15, 12, 0, 0, 0, time.UTC)
	if got := zone.Describe(mustLoad(t, "Asia/Calcutta"), july); got != "Asia/Kolkata (UTC+05:30)" {
		t.Errorf("Describe = %q", got)
	}
}

func BenchmarkLoad(b *testing.B) {
	b.Run("zone.Load", func(b *testing.B) {
		for b.Loop() {
			zone.Load("Europe/Berlin")
		}
	})
	b.Run("time.LoadLocation", func(b *testing.B) {
		for b.Loop() {
			time.LoadLocation("Europe/Berlin")
		}
	})
}

func BenchmarkDiffer(b *testing.B) {
	now := time.Date(2025, 1, 15, 12, 0, 0, 0, time.UTC)
	phoenix, _ := zone.Load("America/Phoenix")
	denver, _ := zone.Load("America/Denver")
	paris, _ := zone.Load("Europe/Paris")
	berlin, _ := zone.Load("Europe/Berlin")
	b.Run("same rules", func(b *testing.B) {
		for b.Loop() {
			zone.Differ(paris, berlin, now)
		}
	})
	b.Run("part in March", func(b *testing.B) {
		for b.Loop() {
			zone.Differ(phoenix, denver, now)
		}
	})
}

// BenchmarkGroups measures the picker's per-request cost against loading
// one zone from disk, the baseline run alongside it.
func BenchmarkGroups(b *testing.B) {
	now := time.Date(2025, 1, 15, 12, 0, 0, 0, time.UTC)
	b.Run("Groups", func(b *testing.B) {
		for b.Loop() {
			zone.Groups(now)
		}
	})
	b.Run("baseline time.LoadLocation", func(b *testing.B) {
		for b.Loop() {
			time.LoadLocation("Europe/Berlin")
		}
	})
}
