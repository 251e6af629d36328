package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/incido/incido/app/account"
	"github.com/incido/incido/app/apptest"
	"github.com/incido/incido/app/web"
)

func TestEveryChangePasswordErrorIsShownNextToItsFieldAndChangesNothing(t *testing.T) {
	s := apptest.NewServer(t, db)
	long := strings.Repeat("abcdefghij", 30)
	cases := []struct {
		name                 string
		current, pw, confirm string
		field, want          string
	}{
		{"wrong current password", "not my password at all", newPassword, newPassword,
			"current_password", "not your current password"},
		{"missing current password", "", newPassword, newPassword,
			"current_password", "Enter your current password"},
		{"too short", "", "short pass", "short pass", "new_password", "at least 15 characters"},
		{
			"300 characters",
			"",
			long,
			long,
			"new_password",
			"at most 256 characters; this one has 300",
		},
		{
			"guessable",
			"",
			"passwordpassword",
			"passwordpassword",
			"new_password",
			"too easy to guess",
		},
		{"built from the email", "", "", "", "new_password", "built from your name or email"},
		{
			"confirmation differs in its last character",
			"",
			newPassword,
			newPassword[:len(newPassword)-1] + "t",
			"confirm_password",
			"The two passwords differ",
		},
		{
			"confirmation missing",
			"",
			newPassword,
			"",
			"confirm_password",
			"Type the new password again",
		},
	}
	for _, tc := range cases {
		for _, htmx := range []bool{false, true} {
			name := tc.name
			if htmx {
				name += " (htmx)"
			}
			t.Run(name, func(t *testing.T) {
				u := apptest.CreateUser(t, db, "")
				if tc.current == "" && tc.field != "current_password" {
					tc.current = u.Password
				}
				if tc.name == "built from the email" {
					tc.pw = u.Email
					tc.confirm = tc.pw
				}
				c, other := s.SignIn(t, u), s.SignIn(t, u)
				secret, _, _ := s.App.Dashboard.ResetLinks.CreateResetLink(
					context.Background(),
					u.ID,
					s.Clock.Now(),
				)
				before := storedHash(t, u.ID)

				var headers []string
				if htmx {
					headers = apptest.HTMX
				}
				res := c.PostForm(
					"/profile/password",
					changeForm(tc.current, tc.pw, tc.confirm),
					headers...)

				if res.StatusCode != http.StatusUnprocessableEntity {
					t.Fatalf("status %d, want 422", res.StatusCode)
				}
				if got := fieldError(res.Body, tc.field); !strings.Contains(got, tc.want) {
					t.Errorf("error next to %s is %q, want it to say %q", tc.field, got, tc.want)
				}
				if tag := inputTag(res.Body, tc.field); !strings.Contains(
					tag,
					`aria-invalid="true"`,
				) ||
					!strings.Contains(tag, tc.field+"-error") {
					t.Errorf(
						"the %s input is not marked invalid and linked to its error: %s",
						tc.field,
						tag,
					)
				}
				for _, pw := range []string{tc.current, tc.pw, tc.confirm} {
					if len(pw) > 3 && strings.Contains(res.Body, `value="`+pw) {
						t.Errorf("a password was put back into a field")
					}
				}
				if htmx == strings.Contains(res.Body, "<html") {
					t.Errorf("htmx=%v but full page=%v", htmx, !htmx)
				}
				if !strings.Contains(res.Body, `id="security"`) {
					t.Error("the answer lacks the security section")
				}
				if storedHash(t, u.ID) != before {
					t.Error("the password changed")
				}
				if !signedIn(t, other) || !signedIn(t, c) {
					t.Error("a session was signed out by a refused change")
				}
				if _, _, err := s.App.Dashboard.ResetLinks.ResetLinkByDigest(context.Background(),
					account.ResetDigest(secret)); err != nil {
					t.Fatal(err)
				}
				if res := s.NewClient(t).Get("/password/reset/" + secret); res.StatusCode != http.StatusOK {
					t.Errorf("a pending reset link died: %d", res.StatusCode)
				}
			})
		}
	}
}

func TestChangePasswordKeepsThisBrowserAndSignsOutEveryOther(t *testing.T) {
	s, box := serverWithMail(t, "https://incido.example")
	u := apptest.CreateUser(t, db, "")
	laptop, phone := s.SignIn(t, u), s.SignIn(t, u)
	oldCookie := sessionCookie(t, laptop, s.URL)
	_, token := s.CreateToken(t, u, "ci", allScopes, nil)
	secret, _, _ := s.App.Dashboard.ResetLinks.CreateResetLink(
		context.Background(),
		u.ID,
		s.Clock.Now(),
	)

	res := laptop.PostForm("/profile/password", changeForm(u.Password, newPassword, newPassword),
		"User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0")
	if res.StatusCode != http.StatusSeeOther ||
		res.Header.Get("Location") != "/profile?notice=password-changed" {
		t.Fatalf("change: %d %s", res.StatusCode, res.Header.Get("Location"))
	}

	page := laptop.Get("/profile")
	if page.StatusCode != http.StatusOK {
		t.Fatalf("the changing browser was signed out: %d", page.StatusCode)
	}
	if !strings.Contains(page.Body+laptop.Get("/profile?notice=password-changed").Body,
		"Your password was changed") {
		t.Error("no confirmation after the change")
	}
	if sessionCookie(t, laptop, s.URL) == oldCookie {
		t.Error("the changing browser kept its old cookie")
	}

	if res := phone.Get("/profile"); res.StatusCode != http.StatusSeeOther ||
		res.Header.Get("Location") != "/login" {
		t.Errorf(
			"other browser's next page: %d %s, want 303 to /login",
			res.StatusCode,
			res.Header.Get("Location"),
		)
	}
	if res := phone.Get("/tokens", apptest.HTMX...); res.StatusCode != http.StatusUnauthorized ||
		res.Header.Get("HX-Redirect") != "/login" || strings.Contains(res.Body, "<form") {
		t.Errorf(
			"other browser's htmx request: %d HX-Redirect=%q",
			res.StatusCode,
			res.Header.Get("HX-Redirect"),
		)
	}
	copyOfOld := s.NewClient(t).Get("/profile", "Cookie", web.CookieName+"="+oldCookie)
	if copyOfOld.StatusCode != http.StatusSeeOther || copyOfOld.Header.Get("Location") != "/login" {
		t.Errorf(
			"a copy of the changing browser's old cookie: %d, want 303 to /login",
			copyOfOld.StatusCode,
		)
	}

	if res := signIn(s, t, u.Email, u.Password); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("the old password still signs in: %d", res.StatusCode)
	}
	if res := signIn(s, t, u.Email, newPassword); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the new password does not sign in: %d", res.StatusCode)
	}
	if res := s.API(t, "GET", "/api/v1/me", "Bearer "+token, ""); res.StatusCode != http.StatusOK {
		t.Errorf("an API token stopped working: %d", res.StatusCode)
	}
	if res := s.NewClient(t).Get("/password/reset/" + secret); res.StatusCode != http.StatusGone {
		t.Errorf("a reset link from before the change: %d, want 410", res.StatusCode)
	}

	var audits int
	db.DB.Get(&audits, `SELECT count(*) FROM audit_events WHERE actor_user_id = $1
		AND action = 'password.changed'`, u.ID)
	if audits != 1 {
		t.Errorf("%d password.changed audit events, want 1", audits)
	}

	notice := box.Next(t)
	if notice.To[0] != u.Email || !strings.Contains(notice.Subject, "password was changed") {
		t.Errorf("notice to %v: %q", notice.To, notice.Subject)
	}
	for _, want := range []string{u.Email, "Europe/Berlin", "Firefox 128 on Linux",
		"https://incido.example/password/forgot", "https://incido.example/tokens"} {
		if !strings.Contains(notice.Text, want) || !strings.Contains(notice.HTML, want) {
			t.Errorf("the notice lacks %q:\n%s", want, notice.Text)
		}
	}
	for _, secret := range []string{newPassword, u.Password, "/password/reset/"} {
		if strings.Contains(notice.Raw, secret) {
			t.Errorf("the notice holds %q", secret)
		}
	}
}

func TestChangePasswordWithHTMXAnswersTheSectionAndANewCookie(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	c, other := s.SignIn(t, u), s.SignIn(t, u)
	oldCookie := sessionCookie(t, c, s.URL)

	res := c.PostForm(
		"/profile/password",
		changeForm(u.Password, newPassword, newPassword),
		apptest.HTMX...)
	if res.StatusCode != http.StatusOK || strings.Contains(res.Body, "<html") {
		t.Fatalf(
			"htmx change: %d, full page %v",
			res.StatusCode,
			strings.Contains(res.Body, "<html"),
		)
	}
	if !strings.Contains(res.Body, "Your password was changed") ||
		!strings.Contains(res.Body, `id="security"`) {
		t.Errorf("the fragment lacks the section or its notice:\n%s", res.Body)
	}
	if strings.Count(res.Body, "This browser") != 1 {
		t.Error("the sessions list should show exactly this browser after the change")
	}
	if sessionCookie(t, c, s.URL) == oldCookie {
		t.Error("no new cookie")
	}
	if !signedIn(t, c) || signedIn(t, other) {
		t.Error("want this browser signed in and the other signed out")
	}
}

func TestWrongCurrentPasswordsAreRateLimited(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	c := s.SignIn(t, u)
	for i := range 10 {
		res := c.PostForm(
			"/profile/password",
			changeForm("guess number "+itoa(int64(i)), newPassword, newPassword),
		)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("guess %d: %d", i+1, res.StatusCode)
		}
	}
	res := c.PostForm("/profile/password", changeForm(u.Password, newPassword, newPassword))
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Fatalf("11th attempt: %d Retry-After=%q", res.StatusCode, res.Header.Get("Retry-After"))
	}
	if got := fieldError(res.Body, "current_password"); !strings.Contains(got, "Try again after") {
		t.Errorf("the refusal says %q", got)
	}
	if storedHash(t, u.ID) == "" ||
		signIn(s, t, u.Email, newPassword).StatusCode == http.StatusSeeOther {
		t.Error("the rate-limited change went through")
	}
}

// The current password that confirms an email change is guessed no
// faster than at sign-in: wrong ones count against the same limit, so a
// borrowed session cannot try password after password through the
// profile form.
func TestWrongPasswordsConfirmingAnEmailChangeAreRateLimited(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	c := s.SignIn(t, u)
	change := func(password string) *apptest.Response {
		return c.PostForm("/profile", url.Values{"email": {"moved-" + u.Email},
			"current_password": {password}})
	}
	for i := range 10 {
		if res := change("guess number " + itoa(int64(i))); res.StatusCode !=
			http.StatusUnprocessableEntity {
			t.Fatalf("guess %d: %d", i+1, res.StatusCode)
		}
	}
	res := change(u.Password)
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Fatalf("11th attempt: %d Retry-After=%q", res.StatusCode, res.Header.Get("Retry-After"))
	}
	if got := fieldErrorText(res.Body, "current_password"); !strings.Contains(got, "Try again after") {
		t.Errorf("the refusal says %q", got)
	}
	if signIn(s, t, u.Email, u.Password).StatusCode != http.StatusTooManyRequests {
		t.Error("the guesses did not count against signing in")
	}
	var email string
	db.DB.Get(&email, `SELECT email FROM users WHERE id = $1`, u.ID)
	if email != u.Email {
		t.Errorf("the rate-limited change went through: %s", email)
	}
}
