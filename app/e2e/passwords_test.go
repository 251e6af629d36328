package e2e

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/incido/incido/app/apptest"
)

const newPassword = "amber falcon drifts over seven hills"

func jsName(js bool) string {
	if js {
		return "javascript on"
	}
	return "javascript off"
}

func TestOperatorChangesPasswordAndTheOtherBrowserIsSignedOut(t *testing.T) {
	for _, js := range []bool{true, false} {
		t.Run(jsName(js), func(t *testing.T) {
			s := apptest.NewServer(t, db)
			u := apptest.CreateUser(t, db, "")
			phone := s.SignIn(t, u)
			ctx := NewBrowser(t, BrowserOptions{JavaScript: js})

			var errText, notice string
			err := chromedp.Run(
				ctx,
				signIn(t, s, u),
				chromedp.Navigate(s.URL+"/profile"),
				chromedp.WaitVisible("#current_password", chromedp.ByID),
				chromedp.SendKeys("#current_password", u.Password, chromedp.ByID),
				chromedp.SendKeys("#new_password", newPassword, chromedp.ByID),
				chromedp.SendKeys("#confirm_password", newPassword+"!", chromedp.ByID),
				chromedp.Click(
					`form[action="/profile/password"] button[type=submit]`,
					chromedp.ByQuery,
				),
				chromedp.WaitVisible("#confirm_password-error", chromedp.ByID),
				chromedp.Text("#confirm_password-error", &errText, chromedp.ByID),
			)
			if err != nil {
				t.Fatal(err)
			}
			Screenshot(t, ctx, "password-change-error-"+strings.ReplaceAll(jsName(js), " ", "-"))
			if !strings.Contains(errText, "differ") {
				t.Errorf("the confirmation error says %q", errText)
			}
			if res := phone.Get("/profile"); res.StatusCode != http.StatusOK {
				t.Fatal("a refused change signed the phone out")
			}

			err = chromedp.Run(
				ctx,
				chromedp.SendKeys("#current_password", u.Password, chromedp.ByID),
				chromedp.SendKeys("#new_password", newPassword, chromedp.ByID),
				chromedp.SendKeys("#confirm_password", newPassword, chromedp.ByID),
				chromedp.Click(
					`form[action="/profile/password"] button[type=submit]`,
					chromedp.ByQuery,
				),
				chromedp.WaitVisible("#security-notice", chromedp.ByID),
				chromedp.Text("#security-notice", &notice, chromedp.ByID),
			)
			if err != nil {
				t.Fatal(err)
			}
			Screenshot(t, ctx, "password-changed-"+strings.ReplaceAll(jsName(js), " ", "-"))
			if !strings.Contains(notice, "Your password was changed") {
				t.Errorf("notice %q", notice)
			}
			if res := phone.Get("/profile"); res.StatusCode != http.StatusSeeOther ||
				res.Header.Get("Location") != "/login" {
				t.Errorf("the phone's next page: %d, want 303 to /login", res.StatusCode)
			}

			var heading string
			err = chromedp.Run(ctx,
				chromedp.Navigate(s.URL+"/profile"),
				chromedp.WaitVisible("#security-heading", chromedp.ByID),
				chromedp.Text("#security-heading", &heading, chromedp.ByID),
			)
			if err != nil || heading == "" {
				t.Fatalf("the changing browser was signed out: %v", err)
			}
		})
	}
}

func TestOperatorResetsAForgottenPasswordFromTheMailedLink(t *testing.T) {
	for _, js := range []bool{true, false} {
		t.Run(jsName(js), func(t *testing.T) {
			box := apptest.NewMailbox(t)
			s := apptest.NewServer(
				t,
				db,
				apptest.Options{Env: map[string]string{"INCIDO_SMTP_URL": box.URL}},
			)
			u := apptest.CreateUser(t, db, "")
			ctx := NewBrowser(t, BrowserOptions{JavaScript: js})

			err := chromedp.Run(
				ctx,
				chromedp.Navigate(s.URL+"/login"),
				chromedp.Click(`a[href="/password/forgot"]`, chromedp.ByQuery),
				chromedp.WaitVisible("#email", chromedp.ByID),
				chromedp.SendKeys("#email", u.Email, chromedp.ByID),
				chromedp.Click(
					`form[action="/password/forgot"] button[type=submit]`,
					chromedp.ByQuery,
				),
				chromedp.WaitVisible("#forgot-sent", chromedp.ByID),
			)
			if err != nil {
				t.Fatal(err)
			}
			Screenshot(t, ctx, "forgot-sent-"+strings.ReplaceAll(jsName(js), " ", "-"))

			link := box.Next(t).Link(s.App.Config.BaseURL.String() + "/password/reset/")
			parsed, err := url.Parse(link)
			if link == "" || err != nil {
				t.Fatalf("no link in the mail: %q", link)
			}
			var done string
			err = chromedp.Run(ctx,
				chromedp.Navigate(s.URL+parsed.Path),
				chromedp.WaitVisible("#new_password", chromedp.ByID),
				chromedp.SendKeys("#new_password", newPassword, chromedp.ByID),
				chromedp.SendKeys("#confirm_password", newPassword, chromedp.ByID),
				chromedp.Click(`#reset-main button[type=submit]`, chromedp.ByQuery),
				chromedp.WaitVisible("#reset-done", chromedp.ByID),
				chromedp.Text("#reset-done", &done, chromedp.ByID),
			)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(done, "Sign in with your new password") {
				t.Errorf("after the reset the page says %q", done)
			}
			u.Password = newPassword
			if err := chromedp.Run(ctx, signIn(t, s, u)); err != nil {
				t.Fatalf("sign-in with the new password: %v", err)
			}

			var heading string
			chromedp.Run(ctx,
				chromedp.Navigate(s.URL+parsed.Path),
				chromedp.WaitVisible("h1", chromedp.ByQuery),
				chromedp.Text("h1", &heading, chromedp.ByQuery),
			)
			if !strings.Contains(heading, "already used") {
				t.Errorf("the used link shows %q", heading)
			}
		})
	}
}
