package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/incido/incido/app/apptest"
)

// waitFocus waits until the element with the id has the keyboard focus.
func waitFocus(id string) chromedp.Action {
	return chromedp.Poll(`document.activeElement && document.activeElement.id === "`+id+`"`, nil)
}

// waitText waits until the element's text contains want.
func waitText(sel, want string) chromedp.Action {
	return chromedp.Poll(`((document.querySelector(`+quoteJS(sel)+`) || {}).textContent || "")`+
		`.includes(`+quoteJS(want)+`)`, nil)
}

func quoteJS(s string) string {
	return `"` + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), `"`, `\"`) + `"`
}

// bannerAnswered waits until app.js has heard back about the banner.
func bannerAnswered(state string) chromedp.Action {
	return chromedp.WaitReady(`#tz-banner[data-banner-state="`+state+`"]`, chromedp.ByQuery)
}

func run(t *testing.T, ctx context.Context, actions ...chromedp.Action) {
	t.Helper()
	if err := chromedp.Run(ctx, actions...); err != nil {
		t.Fatal(err)
	}
}

func TestTimezoneBannerShowsDismissesAndStaysAwayAfterReload(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "") // Europe/Berlin
	ctx := NewBrowser(t, BrowserOptions{JavaScript: true, Timezone: "Asia/Karachi"})

	var banner string
	run(t, ctx,
		signIn(t, s, u),
		chromedp.WaitVisible(`#tz-banner .banner`, chromedp.ByQuery),
		chromedp.Text(`#tz-banner .banner`, &banner, chromedp.ByQuery),
	)
	if !strings.Contains(banner, "Asia/Karachi") || !strings.Contains(banner, "Europe/Berlin") {
		t.Errorf("the banner does not name both zones: %q", banner)
	}
	Screenshot(t, ctx, "timezone-banner")

	run(t, ctx,
		chromedp.Click(`#tz-banner form[action="/timezone/dismiss"] button`, chromedp.ByQuery),
		chromedp.WaitNotPresent(`#tz-banner .banner`, chromedp.ByQuery),
		waitText("#live-status", "Timezone notice dismissed"),
		chromedp.Reload(),
		bannerAnswered("none"),
	)
	var left int
	run(t, ctx, chromedp.Evaluate(`document.querySelectorAll("#tz-banner .banner").length`, &left))
	if left != 0 {
		t.Error("the banner is back after a reload in the same session")
	}
	Screenshot(t, ctx, "timezone-banner-dismissed")
}

func TestAdoptingTheBrowserZoneFromTheBannerRedrawsThePage(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	ctx := NewBrowser(t, BrowserOptions{JavaScript: true, Timezone: "America/Phoenix"})

	var zoneText string
	run(t, ctx,
		signIn(t, s, u),
		chromedp.WaitVisible(`#tz-banner .banner`, chromedp.ByQuery),
		chromedp.Click(`#tz-banner form[action="/timezone/adopt"] button`, chromedp.ByQuery),
		// htmx follows HX-Redirect with a page load, which asks again.
		bannerAnswered("none"),
		chromedp.Text(`#field-timezone`, &zoneText, chromedp.ByQuery),
	)
	if !strings.Contains(zoneText, "America/Phoenix") {
		t.Errorf("the profile shows %q after adopting", zoneText)
	}
	if got := storedTimezone(t, u); got != "America/Phoenix" {
		t.Errorf("profile zone %q after adopting", got)
	}
}

func TestNoBannerWhenTheBrowserNamesTheProfileZoneByAnAlias(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	_, err := db.DB.Exec(`UPDATE users SET timezone = 'Asia/Kolkata' WHERE id = $1`, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	// Chromium's ICU still calls this zone Asia/Calcutta.
	ctx := NewBrowser(t, BrowserOptions{JavaScript: true, Timezone: "Asia/Calcutta"})
	var reported string
	run(t, ctx,
		signIn(t, s, u),
		bannerAnswered("none"),
		chromedp.Evaluate(`Intl.DateTimeFormat().resolvedOptions().timeZone`, &reported),
	)
	t.Logf("the browser reports %s", reported)
}

func TestInlineEditsWithHTMXMoveFocusAnnounceAndShowErrorsInPlace(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	taken := apptest.CreateUser(t, db, "")
	ctx := NewBrowser(t, BrowserOptions{JavaScript: true, Timezone: "Europe/Berlin"})

	run(t, ctx,
		signIn(t, s, u),
		chromedp.Click(`#edit-given_name`, chromedp.ByQuery),
		waitFocus("profile-given_name"),
		chromedp.SetValue(`#profile-given_name`, "Robin", chromedp.ByQuery),
		chromedp.Click(`#field-given_name button[type=submit]`, chromedp.ByQuery),
		waitFocus("edit-given_name"),
		waitText("#field-given_name", "Robin"),
		waitText("#live-status", "Given name saved."),
		waitText("#user-menu-name", "Robin Operator"),
	)

	// Blank after trimming: the browser lets it through, the server says
	// no, and htmx swaps the 422 in next to the field.
	run(t, ctx,
		chromedp.Click(`#edit-family_name`, chromedp.ByQuery),
		waitFocus("profile-family_name"),
		chromedp.SetValue(`#profile-family_name`, "   ", chromedp.ByQuery),
		chromedp.Click(`#field-family_name button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#profile-family_name-error`, chromedp.ByQuery),
		chromedp.WaitReady(`#profile-family_name[aria-invalid="true"]`+
			`[aria-describedby~="profile-family_name-error"]`,
			chromedp.ByQuery),
		waitFocus("profile-family_name"),
		waitText("#live-status", "Not saved"),
	)
	Screenshot(t, ctx, "profile-inline-error")

	// Escape closes the form without saving and gives focus back.
	run(t, ctx,
		chromedp.KeyEvent(kb.Escape),
		waitFocus("edit-family_name"),
		waitText("#field-family_name", "Operator"),
	)

	run(t, ctx,
		chromedp.Click(`#edit-email`, chromedp.ByQuery),
		waitFocus("profile-email"),
		chromedp.SetValue(`#profile-email`, taken.Email, chromedp.ByQuery),
		chromedp.SendKeys(`#profile-current_password`, u.Password, chromedp.ByQuery),
		chromedp.Click(`#field-email button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#profile-email-error`, chromedp.ByQuery),
		chromedp.SetValue(`#profile-email`, "robin@example.com", chromedp.ByQuery),
		chromedp.SendKeys(`#profile-current_password`, u.Password, chromedp.ByQuery),
		chromedp.Click(`#field-email button[type=submit]`, chromedp.ByQuery),
		waitText("#field-email", "robin@example.com"),
		waitFocus("edit-email"),
	)

	run(t, ctx,
		chromedp.Click(`#edit-timezone`, chromedp.ByQuery),
		waitFocus("profile-timezone"),
		chromedp.SetValue(`#profile-timezone`, "Asia/Tokyo", chromedp.ByQuery),
		chromedp.Click(`#field-timezone button[type=submit]`, chromedp.ByQuery),
		waitText("#field-timezone", "Asia/Tokyo (UTC+09:00)"),
		waitFocus("edit-timezone"),
		waitText("#live-status", "Timezone saved"),
	)
	Screenshot(t, ctx, "profile-after-inline-edits")
}

func TestProfileEditsWorkWithJavaScriptDisabled(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	taken := apptest.CreateUser(t, db, "")
	ctx := NewBrowser(t, BrowserOptions{JavaScript: false, Timezone: "Asia/Karachi"})

	// edit opens a field through its Edit link, fills it in, submits it,
	// and waits for the page that answers: the profile with its notice
	// after the redirect, or the form again with the error.
	edit := func(field, answer string, fill ...chromedp.Action) chromedp.Tasks {
		tasks := chromedp.Tasks{
			chromedp.Navigate(s.URL + "/profile"),
			chromedp.Click(`#edit-`+field, chromedp.ByQuery),
			chromedp.WaitVisible(`#profile-`+field, chromedp.ByQuery),
		}
		tasks = append(tasks, fill...)
		return append(tasks,
			chromedp.Click(`#field-`+field+` button[type=submit]`, chromedp.ByQuery),
			chromedp.WaitVisible(answer, chromedp.ByQuery),
		)
	}
	const saved = "#profile-notice"
	var notice, fields string
	run(t, ctx,
		signIn(t, s, u),
		edit("given_name", saved, chromedp.SetValue(`#profile-given_name`, "Sam",
			chromedp.ByQuery)),
		chromedp.Text(`#profile-notice`, &notice, chromedp.ByQuery),
	)
	if notice != "Given name saved." {
		t.Errorf("the notice after the redirect reads %q", notice)
	}
	Screenshot(t, ctx, "profile-nojs-saved")

	var errText string
	run(t, ctx,
		edit("email", "#profile-email-error",
			chromedp.SetValue(`#profile-email`, taken.Email, chromedp.ByQuery),
			chromedp.SendKeys(`#profile-current_password`, u.Password, chromedp.ByQuery)),
		chromedp.Text(`#profile-email-error`, &errText, chromedp.ByQuery),
		chromedp.WaitReady(`#profile-email[aria-invalid="true"]`, chromedp.ByQuery),
	)
	if !strings.Contains(errText, "another account") {
		t.Errorf("the taken address shows %q", errText)
	}
	Screenshot(t, ctx, "profile-nojs-error")

	run(t, ctx,
		edit("family_name", saved, chromedp.SetValue(`#profile-family_name`, "Lee",
			chromedp.ByQuery)),
		edit("email", saved,
			chromedp.SetValue(`#profile-email`, "sam.lee@example.com", chromedp.ByQuery),
			chromedp.SendKeys(`#profile-current_password`, u.Password, chromedp.ByQuery)),
		edit("timezone", saved, chromedp.SetValue(`#profile-timezone`, "Asia/Kolkata",
			chromedp.ByQuery)),
		chromedp.Text(`dl.profile`, &fields, chromedp.ByQuery),
	)
	for _, want := range []string{"Sam", "Lee", "sam.lee@example.com", "Asia/Kolkata (UTC+05:30)"} {
		if !strings.Contains(fields, want) {
			t.Errorf("the profile lacks %q after the plain edits:\n%s", want, fields)
		}
	}
	var banners int
	run(t, ctx, chromedp.Evaluate(`document.querySelectorAll(".banner").length`, &banners))
	if banners != 0 {
		t.Error("a banner shows without JavaScript")
	}
	Screenshot(t, ctx, "profile-nojs-done")
}

func storedTimezone(t *testing.T, u *apptest.User) string {
	t.Helper()
	return storedColumn(t, u, "timezone")
}

// storedColumn reads one of the user's columns, named by the test.
func storedColumn(t *testing.T, u *apptest.User, column string) string {
	t.Helper()
	var v string
	if err := db.DB.Get(&v, `SELECT `+column+` FROM users WHERE id = $1`, u.ID); err != nil {
		t.Fatal(err)
	}
	return v
}
