package incident

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/incido/incido/app/text"
)

// Limits on what people type.
const (
	MaxTitleLength   = 200
	MaxSummaryLength = 10_000
	MaxCommentLength = 10_000
)

// Invalid is a set of validation errors: field name to a message that
// tells a person how to fix it. Field names are the API's JSON names,
// which are also the Dashboard's form field names.
type Invalid map[string]string

// Error lists the fields, for logs.
func (e Invalid) Error() string {
	fields := make([]string, 0, len(e))
	for f := range e {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	return "incident: invalid " + strings.Join(fields, ", ")
}

// cleanTitle trims a one-line title and checks its length and characters.
func cleanTitle(raw string) (string, string) {
	s := strings.TrimSpace(raw)
	switch {
	case s == "":
		return "", "Give it a title."
	case !utf8.ValidString(s) || strings.IndexFunc(s, text.IsBreakOrControl) >= 0:
		return "", "A title cannot contain control characters or line breaks."
	case strings.IndexFunc(s, text.IsHiddenFormat) >= 0:
		return "", "A title cannot contain invisible formatting characters."
	case utf8.RuneCountInString(s) > MaxTitleLength:
		return "", fmt.Sprintf("A title can be at most %d characters.", MaxTitleLength)
	}
	return s, ""
}

// cleanText trims multi-line text: line breaks and tabs are kept, other
// control characters refused.
func cleanText(raw, what string, max int, required bool) (string, string) {
	s := strings.TrimSpace(strings.ReplaceAll(raw, "\r\n", "\n"))
	switch {
	case s == "" && required:
		return "", "Write the " + what + "."
	case !utf8.ValidString(s) || strings.IndexFunc(s, isForbiddenControl) >= 0:
		return "", "The " + what +
			" cannot contain control characters other than line breaks and tabs."
	case utf8.RuneCountInString(s) > max:
		return "", fmt.Sprintf("The %s can be at most %d characters.", what, max)
	}
	return s, ""
}

// Times are kept from 1970 to 9999: an RFC 3339 time in JSON has a
// four-digit year, and a stored time outside them could never be answered
// again, breaking every list that holds it.
const (
	earliestYear = 1970
	latestYear   = 9999
)

// checkTime notes in errs a time outside the years Incido keeps.
func checkTime(field string, t time.Time, errs Invalid) {
	if y := t.UTC().Year(); y < earliestYear || y > latestYear {
		errs[field] = fmt.Sprintf("Give a time from the years %d to %d (UTC).",
			earliestYear, latestYear)
	}
}

func isForbiddenControl(r rune) bool {
	return unicode.IsControl(r) && r != '\n' && r != '\t'
}

// oneOf checks a value against a list, with a message naming the choices.
func oneOf(v string, choices []string) string {
	if slices.Contains(choices, v) {
		return ""
	}
	return "Choose one of: " + strings.Join(choices, ", ") + "."
}

// changeSet gathers, while a patch is applied, the fields it got wrong
// and what it changed, for the audit trail.
type changeSet struct {
	errs    Invalid
	changes map[string]any
}

func newChangeSet() *changeSet {
	return &changeSet{errs: Invalid{}, changes: map[string]any{}}
}

// set notes a field's change, if it is one.
func (cs *changeSet) set(field string, from, to any) {
	if from != to {
		cs.changes[field] = map[string]any{"from": from, "to": to}
	}
}

// title applies a patched title, when there is one, to *cur.
func (cs *changeSet) title(patched *string, cur *string) {
	if patched == nil {
		return
	}
	title, msg := cleanTitle(*patched)
	if msg != "" {
		cs.errs["title"] = msg
	}
	cs.set("title", *cur, title)
	*cur = title
}

// summary applies a patched summary; the audit trail notes only that it
// changed, not ten thousand characters twice.
func (cs *changeSet) summary(patched *string, cur *string) {
	if patched == nil {
		return
	}
	summary, msg := cleanText(*patched, "summary", MaxSummaryLength, false)
	if msg != "" {
		cs.errs["summary"] = msg
	}
	if summary != *cur {
		cs.changes["summary"] = map[string]any{"changed": true}
	}
	*cur = summary
}

// result is what changed, or the errors when there are any.
func (cs *changeSet) result() (map[string]any, error) {
	if len(cs.errs) > 0 {
		return nil, cs.errs
	}
	return cs.changes, nil
}
