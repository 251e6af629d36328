package web_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/incido/incido/app/account"
	"github.com/incido/incido/app/apptest"
)

// inlineEdits are a valid edit of each field, with what is stored after.
var inlineEdits = []struct {
	field  string
	form   url.Values
	stored func(account.User) string
	want   string
}{
	{"given_name", url.Values{"given_name": {"  Dana "}},
		func(u account.User) string { return u.GivenName }, "Dana"},
	{"family_name", url.Values{"family_name": {"Ó Súilleabháin"}},
		func(u account.User) string { return u.FamilyName }, "Ó Súilleabháin"},
	{"timezone", url.Values{"timezone": {"America/New_York"}},
		func(u account.User) string { return u.Timezone }, "America/New_York"},
	{"email", url.Values{"email": {"renamed-{id}@Example.COM"}},
		func(u account.User) string { return u.Email }, "renamed-{id}@example.com"},
}

// withPassword adds the user's password to a form that changes the
// email, and makes its {id} the user's, so that each user claims a
// different address.
func withPassword(form url.Values, u *apptest.User) url.Values {
	out := url.Values{}
	for k, v := range form {
		out[k] = []string{forUser(v[0], u)}
	}
	if out.Has("email") {
		out.Set("current_password", u.Password)
	}
	return out
}

func forUser(s string, u *apptest.User) string {
	return strings.ReplaceAll(s, "{id}", itoa(u.ID))
}

func TestInlineEditWithHTMXOpensTheFieldAndSavesItInPlace(t *testing.T) {
	s := apptest.NewServer(t, db)
	for _, tc := range inlineEdits {
		t.Run(tc.field, func(t *testing.T) {
			u := apptest.CreateUser(t, db, "")
			c := s.SignIn(t, u)

			open := c.Get("/profile?edit="+tc.field, apptest.HTMX...)
			if open.StatusCode != http.StatusOK || strings.Contains(open.Body, "<html") {
				t.Fatalf("open: %d, full page %v", open.StatusCode,
					strings.Contains(open.Body, "<html"))
			}
			control := tagWithID(open.Body, "profile-"+tc.field)
			if _, ok := attr(control, "autofocus"); !ok {
				t.Errorf("the opened form does not take focus: %q", control)
			}
			if !strings.Contains(open.Body, `hx-post="/profile"`) ||
				!strings.Contains(open.Body, `action="/profile"`) {
				t.Error("the form does not post to /profile both ways")
			}

			res := c.PostForm("/profile", withPassword(tc.form, u), apptest.HTMX...)
			if res.StatusCode != http.StatusOK || strings.Contains(res.Body, "<html") {
				t.Fatalf("save: %d %s", res.StatusCode, res.Body)
			}
			want := forUser(tc.want, u)
			if got := tc.stored(storedUser(t, u.ID)); got != want {
				t.Errorf("stored %q, want %q", got, want)
			}
			if !strings.Contains(html.UnescapeString(res.Body), want) {
				t.Error("the fragment does not show the new value")
			}
			if strings.Contains(res.Body, "<form") && tc.field != "timezone" {
				t.Error("the field is still open after saving")
			}
			edit := regexpFind(res.Body, `<a [^>]*id="edit-`+tc.field+`"[^>]*>`)
			if _, ok := attr(edit, "autofocus"); !ok {
				t.Errorf("focus does not go back to the Edit control: %q", edit)
			}
			if liveStatus(res.Body) == "" {
				t.Error("the live region is not updated")
			}

			closed := c.Get("/profile?field="+tc.field, apptest.HTMX...)
			if closed.StatusCode != http.StatusOK || strings.Contains(closed.Body, "<form") {
				t.Errorf("cancel: %d, still a form: %v", closed.StatusCode,
					strings.Contains(closed.Body, "<form"))
			}
		})
	}
}

func TestInlineEditWithoutJavaScriptPostsAndRedirectsToTheProfile(t *testing.T) {
	s := apptest.NewServer(t, db)
	for _, tc := range inlineEdits {
		t.Run(tc.field, func(t *testing.T) {
			u := apptest.CreateUser(t, db, "")
			c := s.SignIn(t, u)

			page := c.Get("/profile")
			link := `href="/profile?edit=` + tc.field + `"`
			if !strings.Contains(page.Body, link) {
				t.Fatalf("the profile has no plain Edit link %s", link)
			}
			open := c.Get("/profile?edit=" + tc.field)
			if open.StatusCode != http.StatusOK || !strings.Contains(open.Body, "<html") ||
				tagWithID(open.Body, "profile-"+tc.field) == "" {
				t.Fatalf("the Edit link's page: %d, lacks the form", open.StatusCode)
			}

			res := c.PostForm("/profile", withPassword(tc.form, u))
			if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/profile" {
				t.Fatalf("save: %d %q", res.StatusCode, res.Header.Get("Location"))
			}
			want := forUser(tc.want, u)
			if got := tc.stored(storedUser(t, u.ID)); got != want {
				t.Errorf("stored %q, want %q", got, want)
			}
			after := c.Get("/profile")
			if !strings.Contains(after.Body, `class="notice"`) ||
				!strings.Contains(html.UnescapeString(after.Body), want) {
				t.Error("the profile after the redirect lacks the notice or the new value")
			}
			if again := c.Get("/profile"); strings.Contains(again.Body, `class="notice"`) {
				t.Error("the notice shows a second time")
			}
		})
	}
}

const wrongPassword = "not my password, never to be echoed"

func TestProfileFormErrorsAre422NextToTheFieldWithTheInputKept(t *testing.T) {
	s := apptest.NewServer(t, db)
	other := apptest.CreateUser(t, db, "")
	cases := []struct {
		name  string
		form  url.Values
		field string // where the error shows
		kept  string // the value the control must still hold; "" for none
	}{
		{"empty given name", url.Values{"given_name": {"   "}}, "given_name", "   "},
		{"given name too long", url.Values{"given_name": {strings.Repeat("x", 101)}},
			"given_name", strings.Repeat("x", 101)},
		{"control character", url.Values{"family_name": {"Lee\x07"}}, "family_name", "Lee\x07"},
		{"line break", url.Values{"family_name": {"Lee\nSmith"}}, "family_name", "Lee\nSmith"},
		{"markup kept escaped", url.Values{"given_name": {"<b>" + strings.Repeat("y", 100)}},
			"given_name", "<b>" + strings.Repeat("y", 100)},
		{"email not an address", url.Values{"email": {"not an email"},
			"current_password": {wrongPassword}},
			"email", "not an email"},
		{"email with display name", url.Values{"email": {"Ops <ops@example.com>"},
			"current_password": {wrongPassword}}, "email", "Ops <ops@example.com>"},
		{"email with zero-width space", url.Values{"email": {"ops\u200b@example.com"},
			"current_password": {wrongPassword}}, "email", "ops\u200b@example.com"},
		{"email taken", url.Values{"email": {strings.ToUpper(other.Email)}}, "email",
			strings.ToUpper(other.Email)},
		{"email without password", url.Values{"email": {"fresh@example.com"},
			"current_password": {""}},
			"current_password", ""},
		{"email with wrong password", url.Values{"email": {"fresh@example.com"},
			"current_password": {wrongPassword}}, "current_password", ""},
		{"timezone Local", url.Values{"timezone": {"Local"}}, "timezone", ""},
		{"timezone empty", url.Values{"timezone": {""}}, "timezone", ""},
		{"timezone unknown", url.Values{"timezone": {"Mars/Olympus_Mons"}}, "timezone", ""},
		{"timezone wrong case", url.Values{"timezone": {"europe/berlin"}}, "timezone", ""},
	}
	for _, tc := range cases {
		for _, htmx := range []bool{true, false} {
			name := tc.name + map[bool]string{true: " (htmx)", false: " (plain)"}[htmx]
			t.Run(name, func(t *testing.T) {
				u := apptest.CreateUser(t, db, "")
				c := s.SignIn(t, u)
				form := tc.form
				if form.Has("email") && !form.Has("current_password") {
					form = withPassword(form, u)
				}
				var headers []string
				if htmx {
					headers = apptest.HTMX
				}
				before := storedUser(t, u.ID)

				res := c.PostForm("/profile", form, headers...)
				if res.StatusCode != http.StatusUnprocessableEntity {
					t.Fatalf("status %d, want 422", res.StatusCode)
				}
				assertInvalid(t, res.Body, tc.field)
				if tc.kept != "" {
					v, _ := attr(tagWithID(res.Body, "profile-"+tc.field), "value")
					if v != tc.kept {
						t.Errorf("the input was not kept: %q, want %q", v, tc.kept)
					}
				}
				if strings.Contains(res.Body, "<b>") {
					t.Error("markup from the form is reflected unescaped")
				}
				if pw := form.Get("current_password"); pw != "" && strings.Contains(res.Body, pw) {
					t.Error("the password is echoed back")
				}
				if htmx && (strings.Contains(res.Body, "<html") ||
					!strings.HasPrefix(liveStatus(res.Body), "Not saved")) {
					t.Error("the htmx answer is not the field fragment announcing the error")
				}
				after := storedUser(t, u.ID)
				if after.GivenName != before.GivenName || after.FamilyName != before.FamilyName ||
					after.Email != before.Email || after.Timezone != before.Timezone {
					t.Errorf("the profile changed: %+v", after)
				}
			})
		}
	}
}

func TestEmailUniquenessIgnoresCaseAndAUserMayRecaseTheirOwn(t *testing.T) {
	s := apptest.NewServer(t, db)
	for _, pair := range [][2]string{
		{"ops@example.com", "Ops@Example.com"},
		{"alice@example.com", "Alice@Example.COM"},
	} {
		owner := apptest.CreateUser(t, db, pair[0])
		other := apptest.CreateUser(t, db, "")
		res := s.SignIn(t, other).PostForm("/profile", withPassword(url.Values{"email": {pair[1]}},
			other))
		if res.StatusCode != http.StatusUnprocessableEntity ||
			!strings.Contains(fieldErrorText(res.Body, "email"), "another account") {
			t.Errorf("%s claimed while %s exists: %d %q", pair[1], pair[0], res.StatusCode,
				fieldErrorText(res.Body, "email"))
		}

		res = s.SignIn(t, owner).PostForm("/profile", withPassword(url.Values{"email": {pair[1]}},
			owner))
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("recasing one's own address: %d %q", res.StatusCode,
				fieldErrorText(res.Body, "email"))
		}
		if got := storedUser(t, owner.ID).Email; !strings.EqualFold(got, pair[1]) ||
			got[0] != pair[1][0] {
			t.Errorf("stored %q after recasing to %q", got, pair[1])
		}
	}
}

func TestSpellingsOfOneInternationalDomainAreOneAddress(t *testing.T) {
	s := apptest.NewServer(t, db)
	owner := apptest.CreateUser(t, db, "bob@xn--bcher-kva.example")
	other := apptest.CreateUser(t, db, "")
	c := s.SignIn(t, other)
	for _, spelling := range []string{
		"bob@xn--bcher-kva.example", "bob@BÜCHER.example", "bob@bücher.example",
		"  bob@bücher.example\t", "bob@XN--BCHER-KVA.EXAMPLE",
	} {
		res := c.PostForm("/profile", withPassword(url.Values{"email": {spelling}}, other))
		if res.StatusCode != http.StatusUnprocessableEntity ||
			!strings.Contains(fieldErrorText(res.Body, "email"), "another account") {
			t.Errorf("%q while %s exists: %d %q", spelling, owner.Email, res.StatusCode,
				fieldErrorText(res.Body, "email"))
		}
	}
	res := c.PostForm("/profile", withPassword(url.Values{"email": {"carol@BÜCHER.example"}},
		other))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("a free IDN address: %d %q", res.StatusCode, fieldErrorText(res.Body, "email"))
	}
	if got := storedUser(t, other.ID).Email; got != "carol@xn--bcher-kva.example" {
		t.Errorf("stored %q, want the ASCII form of the domain", got)
	}
	for _, bad := range []string{"bob@xn--bcher-kva-.example", "bob@xn--.example",
		"ops\u00a0@example.com",
		"ops @example.com", "ops@example.com\r\n", "\u2060ops@example.com"} {
		res := c.PostForm("/profile", withPassword(url.Values{"email": {bad}}, other))
		if res.StatusCode != http.StatusUnprocessableEntity ||
			fieldErrorText(res.Body, "email") == "" {
			t.Errorf("%q: %d, want a field error", bad, res.StatusCode)
		}
	}
}

func TestDeactivatingAnAccountFreesItsAddress(t *testing.T) {
	s := apptest.NewServer(t, db)
	leaver := apptest.CreateUser(t, db, "")
	newcomer := apptest.CreateUser(t, db, "")
	c := s.SignIn(t, newcomer)
	form := withPassword(url.Values{"email": {strings.ToUpper(leaver.Email)}}, newcomer)

	if res := c.PostForm("/profile", form); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("claiming an active account's address: %d", res.StatusCode)
	}
	deactivate(t, leaver)
	if res := c.PostForm("/profile", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("claiming a deactivated account's address: %d %q", res.StatusCode,
			fieldErrorText(res.Body, "email"))
	}
}

func TestConcurrentClaimsOfOneAddressLetExactlyOneWin(t *testing.T) {
	s := apptest.NewServer(t, db)
	for round := range 20 {
		users := []*apptest.User{apptest.CreateUser(t, db, ""), apptest.CreateUser(t, db, "")}
		clients := []*apptest.Client{s.SignIn(t, users[0]), s.SignIn(t, users[1])}
		claims := []string{"dana@example.com", "DANA@example.com"}

		var wg sync.WaitGroup
		results := make([]*apptest.Response, 2)
		start := make(chan struct{})
		for i := range 2 {
			wg.Go(func() {
				<-start
				results[i] = clients[i].PostForm("/profile",
					withPassword(url.Values{"email": {claims[i]}}, users[i]), apptest.HTMX...)
			})
		}
		close(start)
		wg.Wait()

		wins, losses := 0, 0
		for i, res := range results {
			switch {
			case res.StatusCode == http.StatusOK:
				wins++
				deactivate(t, users[i]) // free the address for the next round
			case res.StatusCode == http.StatusUnprocessableEntity &&
				strings.Contains(fieldErrorText(res.Body, "email"), "another account"):
				losses++
			default:
				t.Errorf("round %d: %d %s", round, res.StatusCode, res.Body)
			}
		}
		if wins != 1 || losses != 1 {
			t.Fatalf("round %d: %d wins and %d field errors, want one of each", round, wins, losses)
		}
	}
	if strings.Contains(s.Log.String(), "level=ERROR") {
		t.Errorf("a claim ended in a server error:\n%s", s.Log.String())
	}
}

func TestEmailChangeKillsResetLinksAuditsAndWritesToTheOldAddress(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	_, err := db.DB.Exec(`INSERT INTO password_reset_tokens (user_id, digest, expires_at)
		VALUES ($1, gen_random_bytes(32), now() + interval '30 minutes'),
		       ($1, gen_random_bytes(32), now() + interval '30 minutes')`, u.ID)
	if err != nil {
		// gen_random_bytes needs pgcrypto; any unique bytes will do.
		_, err = db.DB.Exec(`INSERT INTO password_reset_tokens (user_id, digest, expires_at)
			VALUES ($1, decode(md5(random()::text), 'hex'), now() + interval '30 minutes'),
			       ($1, decode(md5(random()::text), 'hex'), now() + interval '30 minutes')`, u.ID)
	}
	if err != nil {
		t.Fatal(err)
	}

	res := s.SignIn(t, u).PostForm("/profile",
		withPassword(url.Values{"email": {"moved@example.com"}}, u))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("email change: %d %q", res.StatusCode, fieldErrorText(res.Body, "email"))
	}

	var pending int
	db.DB.Get(&pending, `SELECT count(*) FROM password_reset_tokens
		WHERE user_id = $1 AND used_at IS NULL`, u.ID)
	if pending != 0 {
		t.Errorf("%d reset links still work after the email change", pending)
	}

	var event struct {
		Actor   int64  `db:"actor_user_id"`
		Details string `db:"details"`
	}
	err = db.DB.Get(&event, `SELECT actor_user_id, details::text details FROM audit_events
		WHERE action = 'profile.email_changed' AND target = 'user:moved@example.com'`)
	if err != nil || event.Actor != u.ID || !strings.Contains(event.Details, u.Email) {
		t.Errorf("audit event: %+v, %v", event, err)
	}

	mail := s.SavedMail(t)
	if len(mail) != 1 {
		t.Fatalf("%d messages sent, want 1", len(mail))
	}
	if len(mail[0].To) != 1 || mail[0].To[0] != u.Email ||
		!strings.Contains(mail[0].Text, "moved@example.com") {
		t.Errorf("the notice does not go to the old address or name the new one:\n%s", mail[0].Raw)
	}
	if strings.Contains(mail[0].Raw, u.Password) {
		t.Error("the notice contains the password")
	}
}

// readMail returns every message the server saved.
func TestEveryProfileChangeIsAuditedWithItsActor(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	c := s.SignIn(t, u)
	for _, tc := range inlineEdits {
		res := c.PostForm("/profile", withPassword(tc.form, u))
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: %d", tc.field, res.StatusCode)
		}
	}
	// Saving a value unchanged is no change and no event.
	c.PostForm("/profile", url.Values{"given_name": {"Dana"}})

	var events []struct {
		Action string `db:"action"`
		Actor  int64  `db:"actor_user_id"`
		IP     string `db:"ip"`
	}
	db.DB.Select(&events, `SELECT action, actor_user_id, ip FROM audit_events
		WHERE actor_user_id = $1 AND action LIKE 'profile.%' ORDER BY id`, u.ID)
	want := []string{"profile.given_name_changed", "profile.family_name_changed",
		"profile.timezone_changed", "profile.email_changed"}
	if len(events) != len(want) {
		t.Fatalf("events %+v, want %v", events, want)
	}
	for i, e := range events {
		if e.Action != want[i] || e.Actor != u.ID || e.IP == "" {
			t.Errorf("event %d: %+v, want %s by user %d with an IP", i, e, want[i], u.ID)
		}
	}

	var name string
	db.DB.Get(&name, `SELECT coalesce(u.given_name || ' ' || u.family_name, '')
		FROM audit_events e JOIN users u ON u.id = e.actor_user_id
		WHERE e.action = 'profile.given_name_changed' AND e.actor_user_id = $1`, u.ID)
	if name != "Dana Ó Súilleabháin" {
		t.Errorf("the trail names the actor %q", name)
	}
}

func TestAliasTimezonesAreStoredAndShownUnderTheirCanonicalName(t *testing.T) {
	s := apptest.NewServer(t, db)
	for alias, canonical := range map[string]string{
		"Asia/Calcutta": "Asia/Kolkata",
		"US/Eastern":    "America/New_York",
		"UTC":           "Etc/UTC",
	} {
		u := apptest.CreateUser(t, db, "")
		c := s.SignIn(t, u)
		res := c.PostForm("/profile", url.Values{"timezone": {alias}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: %d", alias, res.StatusCode)
		}
		if got := storedUser(t, u.ID).Timezone; got != canonical {
			t.Errorf("%s stored as %q, want %q", alias, got, canonical)
		}

		// A row that still holds the alias shows and selects the canonical name.
		setTimezone(t, u, alias)
		page := html.UnescapeString(c.Get("/profile?edit=timezone").Body)
		if !strings.Contains(page, `<option value="`+canonical+`" selected>`) {
			t.Errorf("stored %s: %s is not the selected option", alias, canonical)
		}
		if strings.Contains(page, `value="`+alias+`"`) {
			t.Errorf("stored %s: the alias is offered", alias)
		}
	}
}

func TestTimezonePickerGroupsCanonicalZonesWithTheirOffsets(t *testing.T) {
	s := apptest.NewServer(t, db)
	c := s.SignIn(t, apptest.CreateUser(t, db, ""))
	s.Clock.Set(mustTime(t, "2025-01-15T12:00:00Z"))

	page := html.UnescapeString(c.Get("/profile?edit=timezone", apptest.HTMX...).Body)
	for _, want := range []string{
		`<optgroup label="Europe">`, `<optgroup label="America">`, `<optgroup label="UTC">`,
		`<option value="Europe/Berlin" selected>Berlin (UTC+01:00)</option>`,
		`<option value="Asia/Kolkata">Kolkata (UTC+05:30)</option>`,
		`<option value="America/Argentina/Buenos_Aires">` +
			`Buenos Aires (Argentina) (UTC−03:00)</option>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the picker lacks %s", want)
		}
	}
	if strings.Contains(page, `"Asia/Calcutta"`) || strings.Contains(page, `"US/Eastern"`) {
		t.Error("the picker offers aliases")
	}
}

func TestProfileStaysSignedInAndSameOrigin(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	anon := s.NewClient(t)
	res := anon.PostForm("/profile", url.Values{"given_name": {"X"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
		t.Errorf("signed-out post: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	res = s.SignIn(t, u).PostForm("/profile", url.Values{"given_name": {"X"}},
		"Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site")
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site post: %d, want 403", res.StatusCode)
	}
	if storedUser(t, u.ID).GivenName != u.GivenName {
		t.Error("a refused post changed the profile")
	}
}

func TestProfilePostNamingNoFieldIsABadRequest(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	res := s.SignIn(t, u).PostForm("/profile", url.Values{"current_password": {u.Password},
		"x": {"y"}})
	if res.StatusCode != http.StatusBadRequest || strings.Contains(res.Body, u.Password) {
		t.Errorf("a post without profile fields: %d", res.StatusCode)
	}
}

func TestFullPagesKeepAnEmptyLiveRegionThatFragmentsUpdate(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	c := s.SignIn(t, u)

	empty := `<div id="live-status" class="visually-hidden" role="status" aria-live="polite"></div>`
	for _, path := range []string{"/profile", "/profile?edit=email", "/tokens"} {
		if page := c.Get(path); !strings.Contains(page.Body, empty) {
			t.Errorf("%s lacks the empty live region", path)
		}
	}
	res := c.PostForm("/profile", url.Values{"given_name": {"Robin"}}, apptest.HTMX...)
	if got := liveStatus(res.Body); got != "Given name saved." {
		t.Errorf("the fragment announces %q", got)
	}
	res = c.PostForm("/profile", url.Values{"given_name": {""}}, apptest.HTMX...)
	if got := liveStatus(res.Body); !strings.HasPrefix(got, "Not saved. Enter a name") {
		t.Errorf("the error fragment announces %q", got)
	}
}

func TestNameChangeUpdatesTheHeaderAndTimezoneChangeTheWholePage(t *testing.T) {
	s := apptest.NewServer(t, db)
	c := s.SignIn(t, apptest.CreateUser(t, db, ""))

	res := c.PostForm("/profile", url.Values{"given_name": {"Robin"}}, apptest.HTMX...)
	header := `<span id="user-menu-name" hx-swap-oob="innerHTML">Robin Operator</span>`
	if !strings.Contains(res.Body, header) {
		t.Error("the header's name is not updated")
	}
	res = c.PostForm("/profile", url.Values{"timezone": {"Asia/Tokyo"}}, apptest.HTMX...)
	if res.Header.Get("HX-Retarget") != "#main" || !strings.Contains(res.Body,
		"<h1>Your profile</h1>") {
		t.Errorf("a new timezone does not redraw the page: %q", res.Header.Get("HX-Retarget"))
	}
	if !strings.Contains(res.Body, `title="Asia/Tokyo, UTC+09:00"`) {
		t.Error("the page's times are not in the new zone")
	}
}
