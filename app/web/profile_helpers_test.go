package web_test

import (
	"context"
	"html"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/incido/incido/app/account"
	"github.com/incido/incido/app/apptest"
)

// storedUser reads the user's row as it is now, deactivated or not.
func storedUser(t *testing.T, id int64) account.User {
	t.Helper()
	var u account.User
	err := db.DB.Get(&u, `SELECT id, email, given_name, family_name, timezone, password_hash,
		created_at, updated_at, deactivated_at FROM users WHERE id = $1`, id)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// setTimezone stores a zone name as is, bypassing validation, as an old
// row or another tool might have written it.
func setTimezone(t *testing.T, u *apptest.User, tz string) {
	t.Helper()
	if _, err := db.DB.Exec(`UPDATE users SET timezone = $2 WHERE id = $1`, u.ID, tz); err != nil {
		t.Fatal(err)
	}
}

func deactivate(t *testing.T, u *apptest.User) {
	t.Helper()
	if err := (&account.Users{DB: db.DB}).DeactivateUser(context.Background(), u.ID); err != nil {
		t.Fatal(err)
	}
}

// tagWithID returns the opening tag of the element with the id, or "".
func tagWithID(body, id string) string {
	m := regexp.MustCompile(`<(?:input|select|textarea)\s[^>]*\bid="` + regexp.QuoteMeta(id) +
		`"[^>]*>`).FindString(body)
	return m
}

// attr returns an attribute's unescaped value in a tag, and whether it is there.
func attr(tag, name string) (string, bool) {
	pattern := `\s` + regexp.QuoteMeta(name) + `(?:="([^"]*)")?[\s>]`
	m := regexp.MustCompile(pattern).FindStringSubmatch(tag)
	if m == nil {
		return "", false
	}
	return html.UnescapeString(m[1]), true
}

// fieldErrorText returns the error shown next to a profile field.
func fieldErrorText(body, field string) string {
	m := regexp.MustCompile(`<p class="field-error" id="profile-` + regexp.QuoteMeta(field) +
		`-error">([^<]*)</p>`).FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// liveStatus returns what a fragment puts in the live region.
func liveStatus(body string) string {
	m := regexp.MustCompile(`<div id="live-status" hx-swap-oob="innerHTML">([^<]*)</div>`).
		FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// assertInvalid checks that the field's control is marked invalid and
// points at its error.
func assertInvalid(t *testing.T, body, field string) {
	t.Helper()
	tag := tagWithID(body, "profile-"+field)
	if tag == "" {
		t.Fatalf("no control profile-%s in the answer", field)
	}
	if v, _ := attr(tag, "aria-invalid"); v != "true" {
		t.Errorf("profile-%s lacks aria-invalid: %s", field, tag)
	}
	if v, _ := attr(tag, "aria-describedby"); !strings.Contains(" "+v+" ",
		" profile-"+field+"-error ") {
		t.Errorf("profile-%s is not described by its error: %s", field, tag)
	}
	if fieldErrorText(body, field) == "" {
		t.Errorf("no error text next to %s", field)
	}
}

func regexpFind(body, pattern string) string {
	return regexp.MustCompile(pattern).FindString(body)
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	at, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return at
}
