package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/incido/incido/app/access"
	"github.com/incido/incido/app/apptest"
	"github.com/incido/incido/app/org"
)

// axe-core is pinned in package.json as a development dependency; npm ci
// (run by `task assets` and so by `task test`) puts it here.
const axePath = "../../node_modules/axe-core/axe.min.js"

var axeScript = sync.OnceValues(func() (string, error) {
	b, err := os.ReadFile(axePath)
	return string(b), err
})

// axeViolation is the part of an axe-core result a failure needs to name.
type axeViolation struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"`
	Help    string `json:"help"`
	HelpURL string `json:"helpUrl"`
	Nodes   []struct {
		Target         json.RawMessage `json:"target"`
		FailureSummary string          `json:"failureSummary"`
	} `json:"nodes"`
}

func awaitPromise(p *runtime.EvaluateParams) *runtime.EvaluateParams {
	return p.WithAwaitPromise(true)
}

// checkAccessibility runs axe-core on the page as it stands and fails the
// test for every violation of impact serious or critical. No rule is
// turned off: the pages must pass them all.
func checkAccessibility(t *testing.T, ctx context.Context, scripts bool) {
	t.Helper()
	found, err := axeViolations(ctx, scripts)
	if err != nil {
		t.Fatal(err)
	}

	for _, v := range found {
		if v.Impact != "serious" && v.Impact != "critical" {
			t.Logf("%s (%s, not failing): %s, %d nodes", v.ID, v.Impact, v.Help, len(v.Nodes))
			continue
		}
		for _, n := range v.Nodes {
			t.Errorf("%s (%s): %s\n  target: %s\n  %s\n  %s", v.ID, v.Impact, v.Help,
				n.Target, strings.ReplaceAll(n.FailureSummary, "\n", "\n  "), v.HelpURL)
		}
	}
}

// axeViolations runs axe-core on the page, with every rule on.
func axeViolations(ctx context.Context, scripts bool) ([]axeViolation, error) {
	src, err := axeScript()
	if err != nil {
		return nil, fmt.Errorf("axe-core is missing (%w): run `go tool -modfile=tools/go.mod "+
			"task assets`", err)
	}

	// Runtime.evaluate is not bound by the page's CSP, so the strict
	// script-src needs no exception for the test. axe-core waits on
	// timers, which do not fire while scripts are off: they go on for the
	// run, and the page's own scripts stay unrun, as they were at load.
	var out string
	err = chromedp.Run(ctx,
		emulation.SetScriptExecutionDisabled(false),
		chromedp.Evaluate(src+"\n;true", nil),
		chromedp.Evaluate(`axe.run(document, {resultTypes: ["violations"]})
			.then(r => JSON.stringify(r.violations))`, &out, awaitPromise),
	)
	if !scripts {
		err = errors.Join(err, chromedp.Run(ctx, emulation.SetScriptExecutionDisabled(true)))
	}
	if err != nil {
		return nil, fmt.Errorf("axe-core: %w", err)
	}
	var found []axeViolation
	if err := json.Unmarshal([]byte(out), &found); err != nil {
		return nil, fmt.Errorf("axe-core answer: %w", err)
	}
	return found, nil
}

// pageState is one kind of page, reached by steps from where the state
// before it left the browser.
type pageState struct {
	name  string
	steps chromedp.Tasks
}

// checkStates walks the states in order in one browser, checking each.
// A state that cannot be reached fails alone; the walk goes on.
func checkStates(t *testing.T, ctx context.Context, scripts bool, prefix string,
	states []pageState) {
	for _, st := range states {
		t.Run(st.name, func(t *testing.T) {
			for i, a := range st.steps {
				if err := chromedp.Run(ctx, a); err != nil {
					t.Fatalf("reaching the page: step %d %T: %v", i, a, err)
				}
			}
			Screenshot(t, ctx, "a11y-"+prefix+"-"+strings.ReplaceAll(st.name, " ", "-"))
			checkAccessibility(t, ctx, scripts)
		})
	}
}

// visit opens a page and waits for an element that shows it is there.
func visit(u, ready string) chromedp.Tasks {
	return chromedp.Tasks{chromedp.Navigate(u), chromedp.WaitVisible(ready, chromedp.ByQuery)}
}

// submitUnchecked submits a form with its submit button, past the
// browser's own checks (required, type=email) as an older browser would,
// so that the server's answer to bad input shows.
func submitUnchecked(form string) chromedp.Tasks {
	return chromedp.Tasks{
		chromedp.Evaluate(`document.querySelector(`+quoteJS(form)+`).noValidate = true`, nil),
		chromedp.Click(form+` button[type=submit]:not([value])`, chromedp.ByQuery),
	}
}

// clearField empties a text field, as select-all and delete would.
func clearField(sel string) chromedp.Action {
	return chromedp.Evaluate(`document.querySelector(`+quoteJS(sel)+`).value = ""`, nil)
}

// do runs Go code between browser steps, such as preparing the database.
func do(f func()) chromedp.Action {
	return chromedp.ActionFunc(func(context.Context) error { f(); return nil })
}

// tenant is an organization with an incident (commented on) and a
// maintenance, and its owner and viewer.
type tenant struct {
	org           *org.Organization
	owner, viewer *apptest.User
	slug, orgURL  string
	incidentURL   string
	maintenance   string
}

func newTenant(t *testing.T, s *apptest.Server) *tenant {
	o := apptest.CreateOrg(t, db, "acme")
	owner := apptest.CreateUser(t, db, "")
	viewer := apptest.CreateUser(t, db, "")
	apptest.SetRole(t, db, o, owner, access.Owner)
	apptest.SetRole(t, db, o, viewer, access.Viewer)
	inc := apptest.CreateIncident(t, db, o, owner, "Checkout errors")
	apptest.AddComment(t, db, o, owner, inc, "Rolled back build 4812.")
	apptest.AddComment(t, db, o, viewer, inc, "Error rate back under 1%.")
	m := apptest.CreateMaintenance(t, db, o, owner, "Database failover drill", "scheduled",
		s.Clock.Now().Add(24*time.Hour))
	orgURL := s.URL + "/orgs/" + o.Slug
	return &tenant{org: o, owner: owner, viewer: viewer, slug: o.Slug, orgURL: orgURL,
		incidentURL: orgURL + "/incidents/" + strconv.FormatInt(inc.ID, 10),
		maintenance: orgURL + "/maintenances/" + strconv.FormatInt(m.ID, 10)}
}

// orgStates are the organization's pages as any member sees them.
func (tn *tenant) orgStates() []pageState {
	return []pageState{
		{"incidents", visit(tn.orgURL+"/incidents", "table.list")},
		{"incident with comments", visit(tn.incidentURL, ".comments li")},
		{"maintenances", visit(tn.orgURL+"/maintenances", "table.list")},
		{"maintenance", visit(tn.maintenance, "#maintenance-title")},
		{"members", visit(tn.orgURL+"/members", "table.list")},
	}
}

// layoutStates are the parts of the layout that come and go: the
// timezone banner (JavaScript only) and the open user menu.
func (tn *tenant) layoutStates() []pageState {
	return []pageState{
		{"incidents with the timezone banner", chromedp.Tasks{
			visit(tn.orgURL+"/incidents", "table.list"),
			chromedp.WaitVisible("#tz-banner .banner", chromedp.ByQuery),
		}},
		{"user menu open", chromedp.Tasks{
			chromedp.Click(".user-menu summary", chromedp.ByQuery),
			chromedp.WaitVisible(`.user-menu a[href="/tokens"]`, chromedp.ByQuery),
		}},
	}
}

// writeStates are the owner's forms on the organization's pages, open
// and with the errors the server gives.
func (tn *tenant) writeStates() []pageState {
	return []pageState{
		{"incident form with errors", chromedp.Tasks{
			visit(tn.orgURL+"/incidents", "details.create"),
			chromedp.Click("details.create summary", chromedp.ByQuery),
			submitUnchecked("details.create form"),
			chromedp.WaitVisible("#title-error", chromedp.ByQuery),
		}},
		{"incident change with errors", chromedp.Tasks{
			visit(tn.incidentURL, "details.edit"),
			chromedp.Click("details.edit summary", chromedp.ByQuery),
			clearField("#title"),
			submitUnchecked("details.edit form"),
			chromedp.WaitVisible("#title-error", chromedp.ByQuery),
		}},
		{"comment with an error", chromedp.Tasks{
			visit(tn.incidentURL, "#body"),
			submitUnchecked("#incident-comments form"),
			chromedp.WaitVisible("#body-error", chromedp.ByQuery),
		}},
		{"maintenance form with errors", chromedp.Tasks{
			visit(tn.orgURL+"/maintenances", "details.create"),
			chromedp.Click("details.create summary", chromedp.ByQuery),
			submitUnchecked("details.create form"),
			chromedp.WaitVisible("#title-error", chromedp.ByQuery),
		}},
		{"maintenance change with errors", chromedp.Tasks{
			visit(tn.maintenance, "details.edit"),
			chromedp.Click("details.edit summary", chromedp.ByQuery),
			clearField("#title"),
			submitUnchecked("details.edit form"),
			chromedp.WaitVisible("#title-error", chromedp.ByQuery),
		}},
		{"audit trail", visit(tn.orgURL+"/audit", "table.audit")},
	}
}

// profileStates are the profile page with each inline edit open, with
// errors, and the security section refusing a change.
func profileStates(s *apptest.Server, other *apptest.User) []pageState {
	states := []pageState{{"profile", visit(s.URL+"/profile", "#security-heading")}}
	for _, f := range []string{"given_name", "family_name", "email", "timezone"} {
		states = append(states, pageState{"profile editing " + f, chromedp.Tasks{
			visit(s.URL+"/profile", "#edit-"+f),
			chromedp.Click("#edit-"+f, chromedp.ByQuery),
			chromedp.WaitVisible("#profile-"+f, chromedp.ByQuery),
		}})
	}
	return append(states,
		pageState{"profile edit with an error", chromedp.Tasks{
			visit(s.URL+"/profile", "#edit-given_name"),
			chromedp.Click("#edit-given_name", chromedp.ByQuery),
			chromedp.WaitVisible("#profile-given_name", chromedp.ByQuery),
			clearField("#profile-given_name"),
			submitUnchecked("#field-given_name form"),
			chromedp.WaitVisible("#profile-given_name-error", chromedp.ByQuery),
		}},
		pageState{"email edit with errors", chromedp.Tasks{
			visit(s.URL+"/profile", "#edit-email"),
			chromedp.Click("#edit-email", chromedp.ByQuery),
			chromedp.WaitVisible("#profile-email", chromedp.ByQuery),
			chromedp.SetValue("#profile-email", other.Email, chromedp.ByQuery),
			chromedp.SendKeys("#profile-current_password", "not my password", chromedp.ByQuery),
			submitUnchecked("#field-email form"),
			chromedp.WaitVisible("#profile-current_password-error", chromedp.ByQuery),
		}},
		pageState{"security section with errors", chromedp.Tasks{
			visit(s.URL+"/profile", "#current_password"),
			chromedp.SendKeys("#current_password", "not my password", chromedp.ByQuery),
			chromedp.SendKeys("#new_password", "short", chromedp.ByQuery),
			chromedp.SendKeys("#confirm_password", "other", chromedp.ByQuery),
			submitUnchecked(`form[action="/profile/password"]`),
			chromedp.WaitVisible("#password-alert", chromedp.ByQuery),
		}},
	)
}

// tokenStates take the user from no token to the limit of ten.
func tokenStates(t *testing.T, s *apptest.Server, u *apptest.User, name string) []pageState {
	var spare int64
	return []pageState{
		{"tokens, none yet", visit(s.URL+"/tokens", "#name")},
		{"token form with errors", chromedp.Tasks{
			visit(s.URL+"/tokens", "#name"),
			chromedp.Click("#scope_mode_custom", chromedp.ByQuery),
			chromedp.SetValue("#expires_in_days", "400", chromedp.ByQuery),
			submitUnchecked(`form[action="/tokens"]`),
			chromedp.WaitVisible("#name-error", chromedp.ByQuery),
		}},
		{"token reveal", chromedp.Tasks{
			visit(s.URL+"/tokens", "#name"),
			chromedp.SendKeys("#name", name, chromedp.ByQuery),
			chromedp.Click(`form[action="/tokens"] button[type=submit]:not([value])`,
				chromedp.ByQuery),
			chromedp.WaitVisible("#token-secret", chromedp.ByQuery),
		}},
		{"token revoke confirmation", chromedp.Tasks{
			do(func() { spare, _ = s.CreateToken(t, u, name+" spare", access.Grant{All: true}, nil) }),
			chromedp.ActionFunc(func(ctx context.Context) error {
				return visit(s.URL+"/tokens/"+strconv.FormatInt(spare, 10)+"/revoke",
					"button.danger").Do(ctx)
			}),
		}},
		{"tokens at the limit", chromedp.Tasks{
			do(func() {
				for i := range 8 {
					s.CreateToken(t, u, name+" filler "+strconv.Itoa(i), access.Grant{All: true}, nil)
				}
			}),
			visit(s.URL+"/tokens", "#limit-note"),
		}},
		{"token refused at the limit", chromedp.Tasks{
			chromedp.SendKeys("#name", "one too many", chromedp.ByQuery),
			submitUnchecked(`form[action="/tokens"]`),
			chromedp.WaitVisible("#form-error", chromedp.ByQuery),
		}},
	}
}

// failSignIns uses up an address's sign-in attempts, so the next is refused.
func failSignIns(t *testing.T, s *apptest.Server, email string) chromedp.Action {
	return do(func() {
		c := s.NewClient(t)
		for range 10 {
			c.PostForm("/login", url.Values{"email": {email}, "password": {"wrong password"}})
		}
	})
}

func TestAxeCheckCatchesAnUnlabelledField(t *testing.T) {
	s := apptest.NewServer(t, db)
	ctx := NewBrowser(t, BrowserOptions{JavaScript: true})
	run(t, ctx, visit(s.URL+"/login", "#email"), chromedp.Evaluate(
		`document.querySelector("form").append(document.createElement("input"))`, nil))

	found, err := axeViolations(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range found {
		if v.ID == "label" && v.Impact == "critical" {
			return
		}
	}
	t.Errorf("axe-core missed a field without a label: %+v", found)
}

func TestEveryPageKindPassesAxeWithoutSeriousViolations(t *testing.T) {
	box := apptest.NewMailbox(t)
	clock := &apptest.Clock{}
	clock.Set(time.Now())
	s := apptest.NewServer(t, db, apptest.Options{Clock: clock,
		Env: map[string]string{"INCIDO_SMTP_URL": box.URL}})
	tn := newTenant(t, s)

	t.Run("signed out", func(t *testing.T) {
		u := apptest.CreateUser(t, db, "")
		late := apptest.CreateUser(t, db, "")
		ctx := NewBrowser(t, BrowserOptions{JavaScript: true, Timeout: 3 * time.Minute})
		var link, lateLink string
		// mailed takes the next reset link from the mailbox, past notices.
		mailed := func(to *string) chromedp.Action {
			return do(func() {
				for *to == "" {
					*to = box.Next(t).Link(s.App.Config.BaseURL.String() + "/password/reset/")
				}
			})
		}
		open := func(to *string, ready string) chromedp.Action {
			return chromedp.ActionFunc(func(ctx context.Context) error {
				p, err := url.Parse(*to)
				if err != nil {
					return err
				}
				return visit(s.URL+p.Path, ready).Do(ctx)
			})
		}
		forgot := func(email string) chromedp.Tasks {
			return chromedp.Tasks{
				visit(s.URL+"/password/forgot", "#email"),
				chromedp.SendKeys("#email", email, chromedp.ByQuery),
				submitUnchecked(`form[action="/password/forgot"]`),
			}
		}
		checkStates(t, ctx, true, "signed-out", []pageState{
			{"sign-in", visit(s.URL+"/login", "#email")},
			{"sign-in with an error", chromedp.Tasks{
				chromedp.SendKeys("#email", u.Email, chromedp.ByQuery),
				chromedp.SendKeys("#password", "not my password", chromedp.ByQuery),
				submitUnchecked(`form[action="/login"]`),
				chromedp.WaitVisible("#login-error", chromedp.ByQuery),
			}},
			{"sign-in refused (429)", chromedp.Tasks{
				failSignIns(t, s, "locked@example.com"),
				visit(s.URL+"/login", "#email"),
				chromedp.SendKeys("#email", "locked@example.com", chromedp.ByQuery),
				chromedp.SendKeys("#password", "still wrong", chromedp.ByQuery),
				submitUnchecked(`form[action="/login"]`),
				chromedp.WaitVisible("#login-error", chromedp.ByQuery),
				waitText("#login-error", "Too many"),
			}},
			{"forgot password", visit(s.URL+"/password/forgot", "#email")},
			{"forgot password with an error", chromedp.Tasks{
				forgot("not an address"),
				chromedp.WaitVisible("#email-error", chromedp.ByQuery),
			}},
			{"forgot password, sent", chromedp.Tasks{
				forgot(u.Email),
				chromedp.WaitVisible("#forgot-sent", chromedp.ByQuery),
			}},
			{"forgot password refused (429)", chromedp.Tasks{
				do(func() {
					for range 5 {
						s.NewClient(t).PostForm("/password/forgot",
							url.Values{"email": {"nobody@example.com"}})
					}
				}),
				forgot("nobody@example.com"),
				chromedp.WaitVisible("#email-retry", chromedp.ByQuery),
			}},
			{"reset link", chromedp.Tasks{mailed(&link), open(&link, "#new_password")}},
			{"reset with errors", chromedp.Tasks{
				chromedp.SendKeys("#new_password", "short", chromedp.ByQuery),
				chromedp.SendKeys("#confirm_password", "other", chromedp.ByQuery),
				submitUnchecked("#reset-main form"),
				chromedp.WaitVisible("#reset-alert", chromedp.ByQuery),
			}},
			{"sign-in after a reset", chromedp.Tasks{
				chromedp.SendKeys("#new_password", newPassword, chromedp.ByQuery),
				chromedp.SendKeys("#confirm_password", newPassword, chromedp.ByQuery),
				submitUnchecked("#reset-main form"),
				chromedp.WaitVisible("#reset-done", chromedp.ByQuery),
			}},
			{"reset link used", chromedp.Tasks{open(&link, "h1")}},
			{"reset link not valid", visit(s.URL+"/password/reset/not-a-link", "h1")},
			{"reset link expired", chromedp.Tasks{
				forgot(late.Email),
				chromedp.WaitVisible("#forgot-sent", chromedp.ByQuery),
				mailed(&lateLink),
				do(func() { clock.Advance(31 * time.Minute) }),
				open(&lateLink, "h1"),
				waitText("h1", "expired"),
			}},
			{"public status page", visit(s.URL+"/status/"+tn.slug, ".status-headline")},
			{"not found (404)", visit(s.URL+"/no/such/page", "h1")},
		})
	})

	t.Run("owner", func(t *testing.T) {
		ctx := NewBrowser(t, BrowserOptions{JavaScript: true, Timezone: "Asia/Karachi",
			Timeout: 4 * time.Minute})
		states := []pageState{{"sign in", signIn(t, s, tn.owner)}}
		states = append(states, tn.layoutStates()...)
		states = append(states, tn.writeStates()...)
		states = append(states, tn.orgStates()...)
		states = append(states, profileStates(s, tn.viewer)...)
		states = append(states, tokenStates(t, s, tn.owner, "deploy")...)
		states = append(states,
			pageState{"API reference", visit(s.URL+"/docs/api", "#roles")},
			pageState{"not found (404), signed in", visit(s.URL+"/orgs/no-such-org/incidents", "h1")},
		)
		checkStates(t, ctx, true, "owner", states)
	})

	t.Run("viewer", func(t *testing.T) {
		ctx := NewBrowser(t, BrowserOptions{JavaScript: true, Timezone: "Europe/Berlin",
			Timeout: 2 * time.Minute})
		states := append([]pageState{{"sign in", signIn(t, s, tn.viewer)}}, tn.orgStates()...)
		checkStates(t, ctx, true, "viewer", states)
	})

	// Without JavaScript every form answers with a whole page: the 422
	// pages must pass as well as the fragments htmx swaps in.
	t.Run("javascript off", func(t *testing.T) {
		u := apptest.CreateUser(t, db, "")
		ctx := NewBrowser(t, BrowserOptions{JavaScript: false, Timeout: 3 * time.Minute})
		apptest.SetRole(t, db, tn.org, u, access.Admin)
		states := []pageState{{"sign in", signIn(t, s, u)}}
		states = append(states, tn.writeStates()...)
		states = append(states, profileStates(s, tn.viewer)...)
		states = append(states, tokenStates(t, s, u, "plain")...)
		checkStates(t, ctx, false, "nojs", states)
	})
}

// tooWideJS names the elements that stick out of the window or overflow
// their box, outside the regions meant to scroll.
const tooWideJS = `[...document.querySelectorAll("body *")]
	.filter(e => !e.closest(".table-scroll, .visually-hidden") && e.clientWidth > 0 &&
		(e.getBoundingClientRect().right > innerWidth || e.scrollWidth > e.clientWidth + 1))
	.map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
		(e.className ? "." + e.className : "")).slice(-5)`

// WCAG's reflow rule: at 320 CSS pixels wide no page scrolls sideways;
// only a wide table scrolls, inside its own region.
func TestPagesFitANarrowWindowWithoutScrollingSideways(t *testing.T) {
	s := apptest.NewServer(t, db)
	tn := newTenant(t, s)
	s.CreateToken(t, tn.owner, "deploy pipeline", access.Grant{All: true}, nil)
	ctx := NewBrowser(t, BrowserOptions{JavaScript: true, Timezone: "Asia/Karachi"})
	run(t, ctx, emulation.SetDeviceMetricsOverride(320, 640, 1, true))

	fits := func(u string) {
		var width int
		run(t, ctx, visit(u, "h1"), chromedp.Evaluate(
			`document.documentElement.scrollWidth - document.documentElement.clientWidth`, &width))
		if width > 0 {
			var wide []string
			run(t, ctx, chromedp.Evaluate(tooWideJS, &wide))
			t.Errorf("%s scrolls %dpx sideways at 320px wide; too wide: %s", u, width,
				strings.Join(wide, ", "))
		}
	}
	fits(s.URL + "/login")
	fits(s.URL + "/status/" + tn.slug)
	run(t, ctx, signIn(t, s, tn.owner))
	for _, u := range []string{tn.orgURL + "/incidents", tn.incidentURL,
		tn.orgURL + "/maintenances", tn.maintenance, tn.orgURL + "/members",
		tn.orgURL + "/audit", s.URL + "/profile", s.URL + "/tokens", s.URL + "/docs/api"} {
		fits(u)
	}
}
