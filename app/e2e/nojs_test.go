package e2e

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/incido/incido/app/access"
	"github.com/incido/incido/app/apptest"
)

// post clicks a submit control without JavaScript and waits until the
// browser has loaded the page it lands on.
func post(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	const mark = `document.documentElement.dataset.e2eLeft`
	run(t, ctx, chromedp.Evaluate(mark+` = "1"`, nil), chromedp.Click(sel, chromedp.ByQuery))
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		var landed bool
		// While the navigation is under way the evaluation may fail;
		// the next try asks the new document.
		err := chromedp.Run(ctx, chromedp.Evaluate(`document.readyState === "complete" && !`+
			mark, &landed))
		if err == nil && landed {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no page loaded after submitting %s", sel)
}

// hasText fails unless the element's text contains want; without
// JavaScript the page is complete once post returns, so there is nothing
// to wait for.
func hasText(t *testing.T, ctx context.Context, sel, want string) {
	t.Helper()
	if got := textOf(t, ctx, sel); !strings.Contains(got, want) {
		t.Errorf("%s reads %q, want %q in it", sel, got, want)
	}
}

// textOf reads an element's text.
func textOf(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	var s string
	run(t, ctx, chromedp.Text(sel, &s, chromedp.ByQuery))
	return s
}

// The forms the other browser tests do not already drive with
// JavaScript off: each posts, and the page that comes back says what
// happened.
func TestEveryRemainingFormWorksWithJavaScriptOff(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	o := apptest.CreateOrg(t, db, "acme")
	apptest.SetRole(t, db, o, u, access.Owner)
	laptop := s.SignIn(t, u)
	phone := s.SignIn(t, u)
	org := s.URL + "/orgs/" + o.Slug
	ctx := NewBrowser(t, BrowserOptions{JavaScript: false, Timezone: "Europe/Berlin",
		Timeout: 2 * time.Minute})
	run(t, ctx, signIn(t, s, u))

	t.Run("incident: filter, open, change", func(t *testing.T) {
		run(t, ctx, visit(org+"/incidents", "#filter-status"),
			chromedp.SetValue("#filter-status", "resolved", chromedp.ByQuery))
		post(t, ctx, "form.filter button")
		hasText(t, ctx, "#incidents-main", "No incidents in status resolved")

		run(t, ctx, chromedp.Click("details.create summary", chromedp.ByQuery),
			chromedp.SendKeys("#title", "Queue stuck", chromedp.ByQuery),
			chromedp.SetValue("#severity", "minor", chromedp.ByQuery))
		post(t, ctx, "details.create button[type=submit]")
		if got := textOf(t, ctx, "#incident-title"); got != "Queue stuck" {
			t.Errorf("after opening, the page shows %q", got)
		}

		run(t, ctx, chromedp.Click("details.edit summary", chromedp.ByQuery),
			chromedp.SetValue("#status", "investigating", chromedp.ByQuery))
		post(t, ctx, "details.edit button[type=submit]")
		hasText(t, ctx, "#incident-details .facts", "investigating")
		Screenshot(t, ctx, "nojs-incident-changed")
	})

	t.Run("maintenance: refused, then saved, then changed", func(t *testing.T) {
		run(t, ctx, visit(org+"/maintenances", "details.create"),
			chromedp.Click("details.create summary", chromedp.ByQuery),
			chromedp.SendKeys("#title", "Router swap", chromedp.ByQuery),
			chromedp.SetValue("#starts_at", "2030-01-02T10:00", chromedp.ByQuery),
			chromedp.SetValue("#ends_at", "2030-01-02T09:00", chromedp.ByQuery))
		post(t, ctx, "details.create button[type=submit]")
		run(t, ctx, chromedp.WaitVisible("#ends_at-error", chromedp.ByQuery))
		focusIs(t, ctx, "#ends_at", "after the refused maintenance")
		var title string
		run(t, ctx, chromedp.Value("#title", &title, chromedp.ByQuery))
		if title != "Router swap" {
			t.Errorf("the refused form lost the title: %q", title)
		}
		Screenshot(t, ctx, "nojs-maintenance-refused")

		run(t, ctx, chromedp.SetValue("#ends_at", "2030-01-02T12:00", chromedp.ByQuery))
		post(t, ctx, "details.create button[type=submit]")
		run(t, ctx, chromedp.Click("details.edit summary", chromedp.ByQuery),
			chromedp.SetValue("#status", "in_progress", chromedp.ByQuery))
		post(t, ctx, "details.edit button[type=submit]")
		hasText(t, ctx, "#maintenance-details .facts", "in_progress")
	})

	t.Run("profile: the Edit link puts the keyboard in the field", func(t *testing.T) {
		run(t, ctx, visit(s.URL+"/profile", "#edit-family_name"))
		post(t, ctx, "#edit-family_name")
		focusIs(t, ctx, "#profile-family_name", "after following Edit")
	})

	t.Run("sessions: one other, then all others", func(t *testing.T) {
		run(t, ctx, visit(s.URL+"/profile", "#sessions"))
		post(t, ctx, `#sessions form[action$="/revoke"] button`)
		focusIs(t, ctx, "#security-notice", "after signing out a browser")
		signedIn := 0
		for _, c := range []*apptest.Client{laptop, phone} {
			if c.Get("/profile").StatusCode == http.StatusOK {
				signedIn++
			}
		}
		if signedIn != 1 {
			t.Errorf("%d of the two other browsers are signed in, want 1", signedIn)
		}

		post(t, ctx, `form[action="/sessions/revoke-others"] button`)
		hasText(t, ctx, "#sessions", "This is the only browser signed in")
		Screenshot(t, ctx, "nojs-sessions-revoked")
	})

	t.Run("token: revoke, then delete", func(t *testing.T) {
		s.CreateToken(t, u, "old deploy", access.Grant{All: true}, nil)
		run(t, ctx, visit(s.URL+"/tokens", `a[href$="/revoke"]`))
		post(t, ctx, `a[href$="/revoke"]`)
		post(t, ctx, "button.danger")
		hasText(t, ctx, "#tokens-notice", "Token old deploy revoked.")
		post(t, ctx, `form[action$="/delete"] button`)
		hasText(t, ctx, "#tokens-notice", "Token old deploy deleted.")
		if strings.Contains(textOf(t, ctx, "#list-heading + *"), "old deploy") {
			t.Error("the deleted token is still listed")
		}
	})

	t.Run("sign out", func(t *testing.T) {
		run(t, ctx, chromedp.Click(".user-menu summary", chromedp.ByQuery))
		post(t, ctx, `form[action="/logout"] button`)
		var loc string
		run(t, ctx, chromedp.Navigate(s.URL+"/profile"), chromedp.Location(&loc))
		if !strings.HasSuffix(loc, "/login") {
			t.Errorf("after signing out /profile shows %s", loc)
		}
	})
}
