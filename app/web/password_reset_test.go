package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/incido/incido/app/account"
	"github.com/incido/incido/app/apptest"
)

func TestForgotPasswordAnswersAlikeForKnownAndUnknownAddresses(t *testing.T) {
	s, box := serverWithMail(t, "")
	u := apptest.CreateUser(t, db, "")
	gone := apptest.CreateUser(t, db, "")
	s.App.Dashboard.Users.DeactivateUser(context.Background(), gone.ID)

	type answer struct {
		status         int
		location, body string
	}
	ask := func(email string, headers ...string) answer {
		res := s.NewClient(t).PostForm("/password/forgot", url.Values{"email": {email}},
			append(fromClient(), headers...)...)
		return answer{res.StatusCode, res.Header.Get("Location"), res.Body}
	}
	for _, headers := range [][]string{nil, apptest.HTMX} {
		known := ask(u.Email, headers...)
		for name, email := range map[string]string{
			"unknown":     "nobody-" + u.Email,
			"deactivated": gone.Email,
			"other case":  strings.ToUpper(u.Email),
		} {
			if got := ask(email, headers...); got != known {
				t.Errorf(
					"htmx=%v: %s answers %+v, the known address %+v",
					headers != nil,
					name,
					got,
					known,
				)
			}
		}
		if headers == nil &&
			(known.status != http.StatusSeeOther || known.location != "/password/forgot?sent=1") {
			t.Errorf("plain answer %+v, want 303 to /password/forgot?sent=1", known)
		}
		if headers != nil &&
			(known.status != http.StatusOK || !strings.Contains(known.body, "Check your email")) {
			t.Errorf("htmx answer %d %q", known.status, known.body)
		}
	}

	// Only the known address, in either case, was mailed: twice per round.
	s.App.Dashboard.Wait()
	if n := box.Pending(); n != 4 {
		t.Errorf("%d mails sent, want 4 (the active account, as typed and upper-cased, twice)", n)
	}
	for range box.Pending() {
		if m := box.Next(t); m.To[0] != u.Email {
			t.Errorf("a reset link went to %v", m.To)
		}
	}
	if res := s.NewClient(t).Get("/password/forgot?sent=1"); !strings.Contains(
		res.Body,
		"Check your email",
	) {
		t.Error("the page after a request does not say to look for the mail")
	}
}

func TestForgotPasswordNeedsAnEmailAddress(t *testing.T) {
	s := apptest.NewServer(t, db)
	for _, email := range []string{"", "not an address", "Kim <kim@example.com>"} {
		res := s.NewClient(t).PostForm("/password/forgot", url.Values{"email": {email}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%q: %d, want 422", email, res.StatusCode)
			continue
		}
		if got := fieldError(res.Body, "email"); !strings.Contains(got, "Enter an email address") {
			t.Errorf("%q: error %q", email, got)
		}
		if !strings.Contains(inputTag(res.Body, "email"), `aria-invalid="true"`) {
			t.Errorf("%q: the field is not marked invalid", email)
		}
	}
}

func TestForgotMailLinkNewPasswordSignIn(t *testing.T) {
	s, box := serverWithMail(t, "")
	u := apptest.CreateUser(t, db, "")
	laptop, phone := s.SignIn(t, u), s.SignIn(t, u)

	link := requestResetLink(t, s, box, u.Email)
	path := resetPath(t, link)
	token := strings.TrimPrefix(path, "/password/reset/")

	browser := s.NewClient(t)
	form := browser.Get(path)
	if form.StatusCode != http.StatusOK || !strings.Contains(form.Body, `name="new_password"`) {
		t.Fatalf("the link opens %d:\n%s", form.StatusCode, form.Body)
	}
	if got := form.Header.Get("Referrer-Policy"); got != "no-referrer" {
		t.Errorf("Referrer-Policy %q on the reset page, want no-referrer", got)
	}
	if got := form.Header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("Cache-Control %q on the reset page, want no-store", got)
	}
	if !strings.Contains(form.Body, u.Email) || !strings.Contains(form.Body, `id="password-rule"`) {
		t.Error("the form does not name the account or state the rule")
	}

	// Refused attempts do not use the link up.
	for _, bad := range []url.Values{
		{"new_password": {newPassword}, "confirm_password": {newPassword[:len(newPassword)-1] + "X"}},
		{"new_password": {newPassword}},
		{"new_password": {"too short"}, "confirm_password": {"too short"}},
	} {
		res := browser.PostForm(path, bad)
		if res.StatusCode != http.StatusUnprocessableEntity ||
			!strings.Contains(res.Body, "This link still works") {
			t.Fatalf("refused attempt: %d", res.StatusCode)
		}
		if strings.Contains(res.Body, `value="`+newPassword) {
			t.Error("a password was put back into a field")
		}
	}
	if !signedIn(t, laptop) {
		t.Fatal("a refused attempt signed a session out")
	}

	res := browser.PostForm(
		path,
		url.Values{"new_password": {newPassword}, "confirm_password": {newPassword}},
	)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login?reset=done" {
		t.Fatalf("reset: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if page := browser.Get("/login?reset=done"); !strings.Contains(
		page.Body,
		"Sign in with your new password",
	) {
		t.Error("the sign-in page does not confirm the reset")
	}
	if signedIn(t, laptop) || signedIn(t, phone) {
		t.Error("a session survived the reset")
	}
	if res := signIn(s, t, u.Email, newPassword); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the new password does not sign in: %d", res.StatusCode)
	}
	if res := signIn(s, t, u.Email, u.Password); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("the old password still signs in: %d", res.StatusCode)
	}

	used := browser.Get(path)
	if used.StatusCode != http.StatusGone || !strings.Contains(used.Body, "already used") ||
		!strings.Contains(used.Body, `href="/password/forgot"`) {
		t.Errorf("the used link: %d\n%s", used.StatusCode, used.Body)
	}
	again := browser.PostForm(path, url.Values{"new_password": {"another fine long password"},
		"confirm_password": {"another fine long password"}})
	if again.StatusCode != http.StatusGone ||
		signIn(s, t, u.Email, newPassword).StatusCode != http.StatusSeeOther {
		t.Errorf("the used link set a password again: %d", again.StatusCode)
	}

	s.App.Dashboard.Wait()
	notice := box.Next(t)
	if !strings.Contains(notice.Subject, "reset") || strings.Contains(notice.Raw, token) {
		t.Errorf("the reset notice %q should not carry the link", notice.Subject)
	}
	if strings.Contains(s.Log.String(), token) {
		t.Error("the reset token reached the log")
	}
	if !strings.Contains(s.Log.String(), "/password/reset/:token") {
		t.Error("the request log should name the route pattern")
	}
	var leaked int
	db.DB.Get(&leaked, `SELECT count(*) FROM audit_events WHERE target LIKE '%' || $1 || '%'
		OR details::text LIKE '%' || $1 || '%'`, token)
	if leaked != 0 {
		t.Error("the reset token is in the audit trail")
	}
}

func TestResetMailNamesTheAccountTheLocalTimeAndOnlyTheLink(t *testing.T) {
	s, box := serverWithMail(t, "https://status.example.org/incido")
	s.Clock.Set(time.Date(2026, 1, 15, 8, 30, 0, 0, time.UTC))
	u := apptest.CreateUser(t, db, "")
	s.NewClient(t).PostForm("/password/forgot", url.Values{"email": {u.Email}}, fromClient()...)

	m := box.Next(t)
	link := m.Link("https://status.example.org/incido/password/reset/")
	if link == "" {
		t.Fatalf("the link is not built from INCIDO_BASE_URL:\n%s", m.Text)
	}
	if len(m.Links()) != 1 || !strings.Contains(m.HTML, `href="`+link+`"`) {
		t.Errorf("links in the text: %v; want only the reset link, also in the HTML", m.Links())
	}
	for _, want := range []string{u.Email, "09:30 CET", "10:00 CET", "Europe/Berlin"} {
		if !strings.Contains(m.Text, want) || !strings.Contains(m.HTML, want) {
			t.Errorf("the mail lacks %q:\n%s", want, m.Text)
		}
	}
	if !strings.HasPrefix(m.Header.Get("Content-Type"), "multipart/alternative") {
		t.Errorf("Content-Type %q", m.Header.Get("Content-Type"))
	}
}

func TestExpiredResetLinkIsRefused(t *testing.T) {
	s, box := serverWithMail(t, "")
	s.Clock.Set(time.Now().Truncate(time.Millisecond)) // as PostgreSQL stores it
	u := apptest.CreateUser(t, db, "")
	path := resetPath(t, requestResetLink(t, s, box, u.Email))
	s.Clock.Advance(account.ResetLinkLifetime)

	c := s.NewClient(t)
	page := c.Get(path)
	if page.StatusCode != http.StatusGone || !strings.Contains(page.Body, "expired") ||
		!strings.Contains(page.Body, `href="/password/forgot"`) {
		t.Errorf("expired link: %d\n%s", page.StatusCode, page.Body)
	}
	res := c.PostForm(
		path,
		url.Values{"new_password": {newPassword}, "confirm_password": {newPassword}},
	)
	if res.StatusCode != http.StatusGone {
		t.Errorf("posting to an expired link: %d, want 410", res.StatusCode)
	}
	if signIn(s, t, u.Email, u.Password).StatusCode != http.StatusSeeOther {
		t.Error("the expired link changed the password")
	}
}

func TestUnknownResetLinkIsRefused(t *testing.T) {
	s := apptest.NewServer(t, db)
	for _, token := range []string{"nonsense", strings.Repeat("A", 43), "%00", strings.Repeat("x", 5000)} {
		res := s.NewClient(t).Get("/password/reset/" + token)
		if res.StatusCode != http.StatusNotFound || !strings.Contains(res.Body, "not valid") ||
			!strings.Contains(res.Body, `href="/password/forgot"`) {
			t.Errorf("%.20q: %d", token, res.StatusCode)
		}
		post := s.NewClient(t).
			PostForm("/password/reset/"+token, url.Values{"new_password": {newPassword}})
		if post.StatusCode != http.StatusNotFound {
			t.Errorf("posting to %.20q: %d", token, post.StatusCode)
		}
	}
}

func TestUsingOneResetLinkKillsTheAccountsOthers(t *testing.T) {
	s, box := serverWithMail(t, "")
	u := apptest.CreateUser(t, db, "")
	first := resetPath(t, requestResetLink(t, s, box, u.Email))
	second := resetPath(t, requestResetLink(t, s, box, u.Email))

	c := s.NewClient(t)
	c.PostForm(second, url.Values{"new_password": {newPassword}, "confirm_password": {newPassword}})
	if res := c.Get(first); res.StatusCode != http.StatusGone {
		t.Errorf("the other link: %d, want 410", res.StatusCode)
	}
}

func TestResetLinkDiesWhenThePasswordIsChanged(t *testing.T) {
	s, box := serverWithMail(t, "")
	u := apptest.CreateUser(t, db, "")
	path := resetPath(t, requestResetLink(t, s, box, u.Email))
	s.SignIn(t, u).PostForm("/profile/password", changeForm(u.Password, newPassword, newPassword))

	res := s.NewClient(t).Get(path)
	if res.StatusCode != http.StatusGone || !strings.Contains(res.Body, "already used") {
		t.Errorf("link after a password change: %d", res.StatusCode)
	}
}

func TestResetWithHTMXSwapsTheFormAndRedirectsOnSuccess(t *testing.T) {
	s, box := serverWithMail(t, "")
	u := apptest.CreateUser(t, db, "")
	path := resetPath(t, requestResetLink(t, s, box, u.Email))
	c := s.NewClient(t)

	res := c.PostForm(path, url.Values{"new_password": {newPassword}}, apptest.HTMX...)
	if res.StatusCode != http.StatusUnprocessableEntity || strings.Contains(res.Body, "<html") ||
		!strings.Contains(res.Body, `id="reset-main"`) {
		t.Errorf(
			"htmx refusal: %d, full page %v",
			res.StatusCode,
			strings.Contains(res.Body, "<html"),
		)
	}
	res = c.PostForm(
		path,
		url.Values{"new_password": {newPassword}, "confirm_password": {newPassword}},
		apptest.HTMX...)
	if res.Header.Get("HX-Redirect") != "/login?reset=done" {
		t.Errorf("htmx success: %d HX-Redirect=%q", res.StatusCode, res.Header.Get("HX-Redirect"))
	}
}

func TestResetLinkDiesWhenTheEmailIsChanged(t *testing.T) {
	s, box := serverWithMail(t, "")
	u := apptest.CreateUser(t, db, "")
	path := resetPath(t, requestResetLink(t, s, box, u.Email))
	res := s.SignIn(t, u).PostForm("/profile", url.Values{
		"email": {"elsewhere-" + u.Email}, "current_password": {u.Password}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("email change: %d", res.StatusCode)
	}
	before := storedHash(t, u.ID)

	if res := s.NewClient(t).Get(path); res.StatusCode != http.StatusGone ||
		!strings.Contains(res.Body, "already used") {
		t.Errorf("link after an email change: %d", res.StatusCode)
	}
	res = s.NewClient(t).PostForm(path, url.Values{
		"new_password": {newPassword}, "confirm_password": {newPassword}})
	if res.StatusCode != http.StatusGone {
		t.Errorf("using the link after an email change: %d, want 410", res.StatusCode)
	}
	if storedHash(t, u.ID) != before {
		t.Error("a link sent before the email change set the password")
	}
}
