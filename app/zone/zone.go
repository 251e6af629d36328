// Package zone knows the IANA timezones: which names are canonical, which
// are aliases, and whether two zones ever show different wall-clock times.
package zone

//go:generate go run ./internal/gen

import (
	"errors"
	"strings"
	"time"
)

// ErrUnknown is returned for anything that is not an IANA zone name.
var ErrUnknown = errors.New("choose a timezone from the list, such as Europe/Berlin")

// Canonical checks an IANA zone name, spelled exactly as in the tz
// database, and returns its canonical name: aliases such as Asia/Calcutta
// become Asia/Kolkata. Empty and "Local" are refused.
func Canonical(raw string) (string, error) {
	name := strings.TrimSpace(raw)
	if name == "" || name == "Local" || len(name) > 64 || strings.Contains(name, "..") {
		return "", ErrUnknown
	}
	if target, ok := links[name]; ok {
		name = target
	}
	if _, err := time.LoadLocation(name); err != nil {
		return "", ErrUnknown
	}
	return name, nil
}
