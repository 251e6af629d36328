package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/incido/incido/app/access"
	"github.com/incido/incido/app/apptest"
)

// focused is what a keyboard user sees of the element with the focus.
type focused struct {
	Tag, ID, Text, HRef string
	// Ring is an outline or a shadow drawn around it; OnScreen that it is
	// inside the window.
	Ring, OnScreen bool
	Matches        bool
}

const focusedJS = `(sel => {
	const el = document.activeElement;
	const s = getComputedStyle(el), r = el.getBoundingClientRect();
	return {
		Tag: el.tagName.toLowerCase(), ID: el.id, Text: (el.textContent || "").trim().slice(0, 60),
		HRef: el.getAttribute("href") || "",
		Ring: (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none",
		OnScreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 &&
			r.left < innerWidth && r.top < innerHeight,
		Matches: sel !== "" && el.matches(sel),
	};
})`

func focusedNow(t *testing.T, ctx context.Context, sel string) focused {
	t.Helper()
	var f focused
	run(t, ctx, chromedp.Evaluate(focusedJS+"("+quoteJS(sel)+")", &f))
	return f
}

// tabTo presses Tab until the element matching sel has the focus, failing
// when a stop on the way shows no focus ring or is off screen, or when
// sel is not reached within max presses.
func tabTo(t *testing.T, ctx context.Context, sel string, max int) {
	t.Helper()
	var path []string
	for range max {
		run(t, ctx, chromedp.KeyEvent(kb.Tab))
		f := focusedNow(t, ctx, sel)
		path = append(path, f.Tag+"#"+f.ID+" "+f.Text)
		if f.Tag == "body" {
			continue
		}
		if !f.Ring || !f.OnScreen {
			t.Errorf("focus on %s %q is not visible: ring %v, on screen %v", f.Tag, f.Text,
				f.Ring, f.OnScreen)
		}
		if f.Matches {
			return
		}
	}
	t.Fatalf("%s not reached in %d presses of Tab; the focus went:\n  %s", sel, max,
		strings.Join(path, "\n  "))
}

// focusIs fails unless the focus is, or within a few seconds comes to be,
// on the element matching sel. It asks from Go: with JavaScript off the
// page runs no timers for chromedp.Poll.
func focusIs(t *testing.T, ctx context.Context, sel, why string) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); {
		if focusedNow(t, ctx, sel).Matches {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	f := focusedNow(t, ctx, "")
	t.Fatalf("%s: the focus is on %s#%s %q, want %s", why, f.Tag, f.ID, f.Text, sel)
}

func typeText(s string) chromedp.Action { return chromedp.KeyEvent(s) }

func selectAll() chromedp.Action {
	return chromedp.KeyEvent("a", chromedp.KeyModifiers(input.ModifierCtrl))
}

func TestKeyboardOnlyOperatorSignsInEditsTheProfileAndMintsAToken(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	o := apptest.CreateOrg(t, db, "acme")
	apptest.SetRole(t, db, o, u, access.Owner)
	ctx := NewBrowser(t, BrowserOptions{JavaScript: true, Timezone: "Europe/Berlin",
		Timeout: 2 * time.Minute})

	// The skip link comes first, shows itself, and takes the keyboard to
	// the page's content.
	run(t, ctx, visit(s.URL+"/login", "#email"))
	tabTo(t, ctx, "a.skip-link", 1)
	run(t, ctx, chromedp.KeyEvent(kb.Enter))
	focusIs(t, ctx, "#main", "after the skip link")
	tabTo(t, ctx, "#email", 1)
	run(t, ctx, typeText(u.Email), chromedp.KeyEvent(kb.Tab), typeText(u.Password),
		chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(".user-menu", chromedp.ByQuery))
	Screenshot(t, ctx, "keyboard-signed-in")

	// The user menu opens with Enter, its first link comes next, and
	// Escape closes it with the focus back on its button.
	tabTo(t, ctx, ".user-menu summary", 8)
	run(t, ctx, chromedp.KeyEvent(kb.Enter))
	tabTo(t, ctx, `.user-menu a[href="/profile"]`, 1)
	Screenshot(t, ctx, "keyboard-user-menu")
	run(t, ctx, chromedp.KeyEvent(kb.Escape))
	focusIs(t, ctx, ".user-menu summary", "after Escape in the menu")
	menuOpen := func() bool {
		var open bool
		run(t, ctx, chromedp.Evaluate(`document.querySelector(".user-menu").open`, &open))
		return open
	}
	if menuOpen() {
		t.Error("Escape left the user menu open")
	}

	// Tabbing on past its last item closes it too.
	run(t, ctx, chromedp.KeyEvent(kb.Enter))
	tabTo(t, ctx, `.user-menu form[action="/logout"] button`, 4)
	run(t, ctx, chromedp.KeyEvent(kb.Tab))
	if menuOpen() {
		t.Error("the user menu stays open with the focus gone past it")
	}

	run(t, ctx, chromedp.KeyEvent(kb.Tab, chromedp.KeyModifiers(input.ModifierShift)))
	focusIs(t, ctx, ".user-menu summary", "after Shift+Tab back to the menu")
	run(t, ctx, chromedp.KeyEvent(kb.Enter))
	tabTo(t, ctx, `.user-menu a[href="/profile"]`, 1)
	run(t, ctx, chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible("#edit-given_name",
		chromedp.ByQuery))

	// An inline edit opens with Enter on its link, with the focus in the
	// field; Enter saves and closes it, with the focus back on the link.
	tabTo(t, ctx, "#edit-given_name", 12)
	run(t, ctx, chromedp.KeyEvent(kb.Enter))
	focusIs(t, ctx, "#profile-given_name", "after opening the edit")
	run(t, ctx, selectAll(), typeText("Robin"), chromedp.KeyEvent(kb.Enter),
		waitText("#field-given_name", "Robin"))
	focusIs(t, ctx, "#edit-given_name", "after saving")
	run(t, ctx, waitText("#live-status", "saved"))

	// Escape closes it without saving, with the focus back on the link.
	run(t, ctx, chromedp.KeyEvent(kb.Enter))
	focusIs(t, ctx, "#profile-given_name", "after opening the edit again")
	run(t, ctx, selectAll(), typeText("Nobody"), chromedp.KeyEvent(kb.Escape),
		chromedp.WaitVisible("#edit-given_name", chromedp.ByQuery))
	focusIs(t, ctx, "#edit-given_name", "after Escape")
	if got := storedColumn(t, u, "given_name"); got != "Robin" {
		t.Errorf("given name %q after the edits, want Robin", got)
	}

	// The token form, by keyboard alone: a name, custom scopes with the
	// arrow keys, one scope ticked with Space, an expiry, and Enter on
	// the button. The new token takes the focus.
	run(t, ctx, visit(s.URL+"/tokens", "#name"))
	tabTo(t, ctx, "#name", 12)
	run(t, ctx, typeText("keyboard token"))
	tabTo(t, ctx, "#scope_mode_all", 1)
	run(t, ctx, chromedp.KeyEvent(kb.ArrowDown))
	focusIs(t, ctx, "#scope_mode_custom", "after the arrow key")
	tabTo(t, ctx, `#scope-incidents\:read`, 1)
	run(t, ctx, chromedp.KeyEvent(" "))
	tabTo(t, ctx, "#expires_in_days", 8)
	run(t, ctx, typeText("30"))
	tabTo(t, ctx, `form[action="/tokens"] button[type=submit]`, 2)
	run(t, ctx, chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible("#token-secret",
		chromedp.ByQuery))
	focusIs(t, ctx, "#token-reveal", "after creating the token")
	Screenshot(t, ctx, "keyboard-token-reveal")

	var secret string
	run(t, ctx, chromedp.Value("#token-secret", &secret, chromedp.ByQuery))
	res := s.API(t, "GET", "/api/v1/me", "Bearer "+secret, "")
	if res.StatusCode != 200 || !strings.Contains(res.Body, `"scopes":["incidents:read"]`) ||
		!strings.Contains(res.Body, `"expires_at":"2`) {
		t.Errorf("the keyboard-made token: %d %s", res.StatusCode, res.Body)
	}
}
