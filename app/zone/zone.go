// Package zone knows the IANA timezones: which names exist, which are
// aliases of which, how to offer them to people, and whether two zones
// ever show different wall-clock times.
//
// Names are checked against lists generated from the tz database
// (zones_gen.go), not against whatever the machine has installed, so that
// a name is valid or not the same way everywhere. Zones load from the
// system's tz database when it has one and from the copy embedded by
// time/tzdata otherwise.
package zone

//go:generate go run ./internal/gen

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // zones load without /usr/share/zoneinfo, in tests too
)

// ErrUnknown is returned for anything that is not an IANA zone name.
var ErrUnknown = errors.New("choose a timezone from the list, such as Europe/Berlin")

// maxNameLength bounds the names looked up; the longest real one is 32.
const maxNameLength = 64

// Canonical checks an IANA zone name, spelled exactly as in the tz
// database, and returns its canonical name: aliases such as Asia/Calcutta
// become Asia/Kolkata. Empty, "Local" and unknown names are refused.
func Canonical(raw string) (string, error) {
	name := strings.TrimSpace(raw)
	if len(name) > maxNameLength {
		return "", ErrUnknown
	}
	if target, ok := links[name]; ok {
		return target, nil
	}
	if zoneNames[name] {
		return name, nil
	}
	return "", ErrUnknown
}

var locations sync.Map // canonical name → *time.Location

// Load returns the location of a zone or alias, read once per process: a
// location is immutable and there are only a few hundred.
func Load(name string) (*time.Location, error) {
	canonical, err := Canonical(name)
	if err != nil {
		return nil, err
	}
	if loc, ok := locations.Load(canonical); ok {
		return loc.(*time.Location), nil
	}
	loc, err := time.LoadLocation(canonical)
	if err != nil {
		return nil, fmt.Errorf("zone: load %s: %w", canonical, err)
	}
	stored, _ := locations.LoadOrStore(canonical, loc)
	return stored.(*time.Location), nil
}

// maxTransitions stops Differ on data with absurdly many transitions in a
// year (real zones have at most four); it then answers that they differ,
// which only shows a banner the user can dismiss.
const maxTransitions = 64

// Differ reports whether clocks in a and b would show different times at
// now or at any moment in the year after it. Only UTC offsets matter:
// Europe/Paris and Europe/Berlin differ in name and history but not in
// the coming year, while America/Phoenix and America/Denver agree in
// January and part in March.
func Differ(a, b *time.Location, now time.Time) bool {
	end := now.AddDate(1, 0, 0)
	t := now
	for range maxTransitions {
		ta, tb := t.In(a), t.In(b)
		if offset(ta) != offset(tb) {
			return true
		}
		next := earlier(zoneEnd(ta), zoneEnd(tb))
		if next.IsZero() || next.After(end) {
			return false
		}
		t = next
	}
	return true
}

func offset(t time.Time) int {
	_, off := t.Zone()
	return off
}

// zoneEnd is when the offset in effect at t ends; zero when never.
func zoneEnd(t time.Time) time.Time {
	_, end := t.ZoneBounds()
	return end
}

// earlier returns the earlier of two instants, a zero one meaning never.
func earlier(a, b time.Time) time.Time {
	switch {
	case a.IsZero():
		return b
	case b.IsZero():
		return a
	case b.Before(a):
		return b
	}
	return a
}

// FormatOffset writes a UTC offset in seconds as UTC+05:30 or UTC−03:00
// (with a true minus sign).
func FormatOffset(seconds int) string {
	sign := "+"
	if seconds < 0 {
		sign, seconds = "−", -seconds
	}
	return fmt.Sprintf("UTC%s%02d:%02d", sign, seconds/3600, seconds/60%60)
}

// Offset is the zone's UTC offset at now, as FormatOffset writes it.
func Offset(loc *time.Location, now time.Time) string {
	return FormatOffset(offset(now.In(loc)))
}

// Describe names a zone with its offset at now: "Asia/Kolkata (UTC+05:30)".
func Describe(loc *time.Location, now time.Time) string {
	return loc.String() + " (" + Offset(loc, now) + ")"
}

// Option is one zone in a picker.
type Option struct {
	Name   string // the canonical IANA name, the value submitted
	Label  string // the place first, so that typing a city finds it
	Offset string // the UTC offset at the time the list was made
}

// Group is the zones of one region, such as Europe.
type Group struct {
	Region  string
	Options []Option
}

// labels are the offered zones grouped by region, built once.
var labels = sync.OnceValue(func() []Group {
	byRegion := map[string][]Option{}
	for _, name := range offered {
		region, label := regionAndLabel(name)
		byRegion[region] = append(byRegion[region], Option{Name: name, Label: label})
	}
	groups := make([]Group, 0, len(byRegion))
	for region, options := range byRegion {
		sort.Slice(options, func(i, j int) bool { return options[i].Label < options[j].Label })
		groups = append(groups, Group{Region: region, Options: options})
	}
	sort.Slice(groups, func(i, j int) bool {
		return regionRank(groups[i].Region) < regionRank(groups[j].Region)
	})
	return groups
})

// regionAndLabel turns America/Argentina/Buenos_Aires into the region
// America and the label "Buenos Aires (Argentina)".
func regionAndLabel(name string) (string, string) {
	if name == "Etc/UTC" {
		return "UTC", "UTC, Coordinated Universal Time"
	}
	parts := strings.Split(strings.ReplaceAll(name, "_", " "), "/")
	region, places := parts[0], parts[1:]
	label := places[len(places)-1]
	if len(places) > 1 {
		label += " (" + strings.Join(places[:len(places)-1], ", ") + ")"
	}
	return region, label
}

// regionRank puts UTC first and the regions in alphabetical order.
func regionRank(region string) string {
	if region == "UTC" {
		return ""
	}
	return region
}

// Groups lists the zones people choose from, by region, each with its
// UTC offset at now.
func Groups(now time.Time) []Group {
	base := labels()
	groups := make([]Group, len(base))
	for i, g := range base {
		options := make([]Option, len(g.Options))
		for j, o := range g.Options {
			if loc, err := Load(o.Name); err == nil {
				o.Offset = Offset(loc, now)
			}
			options[j] = o
		}
		groups[i] = Group{Region: g.Region, Options: options}
	}
	return groups
}

// Offered reports whether the zone is one of those Groups lists.
func Offered(name string) bool {
	i := sort.SearchStrings(offered, name)
	return i < len(offered) && offered[i] == name
}

// Human writes an instant as a person in loc reads it, naming the zone:
// "31 Mar 2024, 01:30 CET". Zones whose abbreviation is only a number
// ("-03") are named by their offset instead: "UTC−03:00".
func Human(t time.Time, loc *time.Location) string {
	local := t.In(loc)
	return local.Format("2 Jan 2006, 15:04") + " " + Abbreviation(local)
}

// Long writes an instant in full for a message read later and elsewhere:
// "Sunday 3 Nov 2024, 01:30 EST (America/New_York)", the zone named
// both ways so that neither can be misread.
func Long(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("Monday") + " " + Human(t, loc) + " (" + loc.String() + ")"
}

// Abbreviation names the zone in effect at t: CET, CEST, EDT, or the UTC
// offset where the tz database has no letters for it.
func Abbreviation(t time.Time) string {
	name, off := t.Zone()
	if name == "" || strings.IndexFunc(name, notLetter) >= 0 {
		return FormatOffset(off)
	}
	return name
}

// notLetter is true for anything but an ASCII letter; Guam's ChST mixes
// cases.
func notLetter(r rune) bool {
	return (r < 'A' || r > 'Z') && (r < 'a' || r > 'z')
}
