package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/incido/incido/app/apptest"
)

func tokenForm(name string, extra ...string) url.Values {
	f := url.Values{"name": {name}, "scope_mode": {"all"}}
	for i := 0; i+1 < len(extra); i += 2 {
		if extra[i] == "scopes" {
			f.Add("scopes", extra[i+1])
			continue
		}
		f.Set(extra[i], extra[i+1])
	}
	return f
}

func activeTokens(t *testing.T, userID int64) int {
	t.Helper()
	var n int
	err := db.DB.Get(&n, `SELECT count(*) FROM api_tokens WHERE user_id = $1
		AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`, userID)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func allTokens(t *testing.T, userID int64) int {
	t.Helper()
	var n int
	if err := db.DB.Get(&n, `SELECT count(*) FROM api_tokens WHERE user_id = $1`, userID); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestTwentyConcurrentCreationsLeaveExactlyTenActive(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	c := s.SignIn(t, u)

	statuses := make([]int, 20)
	bodies := make([]string, 20)
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := c.PostForm("/tokens", tokenForm(fmt.Sprintf("race %d", i)))
			statuses[i], bodies[i] = res.StatusCode, res.Body
		}()
	}
	wg.Wait()

	created, refused := 0, 0
	for i, st := range statuses {
		switch {
		case st == http.StatusOK && secretPattern.MatchString(bodies[i]):
			created++
		case st == http.StatusUnprocessableEntity && strings.Contains(bodies[i], "revoke one"):
			refused++
		default:
			t.Errorf("creation %d: status %d", i, st)
		}
	}
	if created != 10 || refused != 10 {
		t.Errorf("created %d, refused %d; want 10 and 10", created, refused)
	}
	if n := activeTokens(t, u.ID); n != 10 {
		t.Errorf("%d active tokens, want 10", n)
	}
}

func TestTheLimitOfTenHoldsAcrossTwoInstances(t *testing.T) {
	keys := [][]byte{[]byte("a session key both instances share")}
	servers := []*apptest.Server{apptest.NewServer(t, db, apptest.Options{Keys: keys}),
		apptest.NewServer(t, db, apptest.Options{Keys: keys})}
	u := apptest.CreateUser(t, db, "")
	cookie := servers[0].SignIn(t, u).Jar.Cookies(mustParse(servers[0].URL))[0]

	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := servers[i%2].NewClient(t)
			res := c.PostForm("/tokens", tokenForm(fmt.Sprintf("split %d", i)),
				"Cookie", cookie.Name+"="+cookie.Value)
			if res.StatusCode != http.StatusOK && res.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("creation %d: %d", i, res.StatusCode)
			}
		}()
	}
	wg.Wait()
	if n := activeTokens(t, u.ID); n != 10 {
		t.Errorf("%d active tokens after creations on two instances, want 10", n)
	}
}

func mustParse(raw string) *url.URL {
	u, err := url.Parse(raw)
	if err != nil {
		panic(err)
	}
	return u
}

func TestExpiredAndRevokedTokensDoNotCountTowardsTheLimit(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	c := s.SignIn(t, u)
	var ids []int64
	for i := range 10 {
		id, _ := s.CreateToken(t, u, fmt.Sprintf("t%d", i), allScopes, nil)
		ids = append(ids, id)
	}

	page := c.Get("/tokens")
	if !strings.Contains(page.Body, `id="limit-note"`) || !strings.Contains(page.Body, "10 of at most 10") {
		t.Error("at the limit, the form does not say so before it is filled in")
	}
	res := c.PostForm("/tokens", tokenForm("one too many"))
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "revoke one") {
		t.Fatalf("eleventh token: %d", res.StatusCode)
	}
	if !strings.Contains(res.Body, `value="one too many"`) {
		t.Error("the refused form lost the typed name")
	}

	db.DB.MustExec(`UPDATE api_tokens SET revoked_at = now() WHERE id = $1`, ids[0])
	if res := c.PostForm("/tokens", tokenForm("after a revocation")); res.StatusCode != http.StatusOK {
		t.Errorf("with one token revoked: %d, want 200", res.StatusCode)
	}
	db.DB.MustExec(`UPDATE api_tokens SET expires_at = now() - interval '1 minute',
		created_at = now() - interval '2 days' WHERE id = $1`, ids[1])
	if res := c.PostForm("/tokens", tokenForm("after an expiry")); res.StatusCode != http.StatusOK {
		t.Errorf("with one token expired: %d, want 200", res.StatusCode)
	}
	if n := activeTokens(t, u.ID); n != 10 {
		t.Errorf("%d active tokens, want 10", n)
	}
}

func TestTokenNamesAreValidated(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	c := s.SignIn(t, u)

	refused := map[string]string{
		"empty":                "",
		"only spaces":          "   \t ",
		"101 characters":       strings.Repeat("n", 101),
		"a NUL":                "ci\x00job",
		"a line break":         "ci\njob",
		"a tab inside":         "ci\tjob",
		"invalid UTF-8":        "ci\xffjob",
		"an escape":            "ci\x1b[31m",
		"101 accented runes":   strings.Repeat("é", 101),
		"a line separator":     "ci\u2028job",
		"a direction override": "ci\u202ebo" + "j",
		"a zero-width space":   "ci\u200bjob",
	}
	for name, value := range refused {
		t.Run(name, func(t *testing.T) {
			res := c.PostForm("/tokens", tokenForm(value))
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", res.StatusCode)
			}
			if !strings.Contains(res.Body, `id="name-error"`) ||
				!strings.Contains(res.Body, `aria-invalid="true"`) {
				t.Error("the error is not next to the name field")
			}
		})
	}
	if n := allTokens(t, u.ID); n != 0 {
		t.Fatalf("%d tokens created from invalid names", n)
	}

	res := c.PostForm("/tokens", tokenForm("  "+strings.Repeat("é", 100)+"  "))
	if res.StatusCode != http.StatusOK {
		t.Errorf("100 characters, surrounded by spaces: %d", res.StatusCode)
	}
	var stored string
	db.DB.Get(&stored, `SELECT name FROM api_tokens WHERE user_id = $1`, u.ID)
	if stored != strings.Repeat("é", 100) {
		t.Errorf("stored name %q is not trimmed", stored)
	}
}

func TestTokenNamesAreUniqueAmongActiveTokensIgnoringCase(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	c := s.SignIn(t, u)

	if res := c.PostForm("/tokens", tokenForm("ci")); res.StatusCode != http.StatusOK {
		t.Fatalf("first ci: %d", res.StatusCode)
	}
	res := c.PostForm("/tokens", tokenForm(" CI "))
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="name-error"`) {
		t.Fatalf("second CI: %d, want 422 next to the name", res.StatusCode)
	}
	if !strings.Contains(res.Body, `value=" CI "`) {
		t.Error("the typed name was not kept")
	}

	// Expired but never revoked, the old ci no longer blocks the name.
	db.DB.MustExec(`UPDATE api_tokens SET expires_at = now() - interval '1 second',
		created_at = now() - interval '1 day' WHERE user_id = $1`, u.ID)
	if res := c.PostForm("/tokens", tokenForm("ci")); res.StatusCode != http.StatusOK {
		t.Errorf("ci after the old one expired: %d, want 200", res.StatusCode)
	}
	db.DB.MustExec(`UPDATE api_tokens SET revoked_at = now() WHERE user_id = $1`, u.ID)
	if res := c.PostForm("/tokens", tokenForm("Ci")); res.StatusCode != http.StatusOK {
		t.Errorf("Ci after the old one was revoked: %d, want 200", res.StatusCode)
	}
}

func TestConcurrentCreationsWithOneNameGiveOneTokenAndOneFieldError(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	c := s.SignIn(t, u)
	for round := range 10 {
		name := fmt.Sprintf("deploy %d", round)
		var wg sync.WaitGroup
		statuses := make([]int, 2)
		bodies := make([]string, 2)
		for i := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res := c.PostForm("/tokens", tokenForm(name))
				statuses[i], bodies[i] = res.StatusCode, res.Body
			}()
		}
		wg.Wait()
		ok, fieldErr := 0, 0
		for i, st := range statuses {
			switch {
			case st == http.StatusOK:
				ok++
			case st == http.StatusUnprocessableEntity && strings.Contains(bodies[i], `id="name-error"`):
				fieldErr++
			default:
				t.Errorf("round %d: status %d", round, st)
			}
		}
		if ok != 1 || fieldErr != 1 {
			t.Errorf("round %d: %d created and %d field errors, want 1 and 1", round, ok, fieldErr)
		}
		// Keep under the limit of ten for the next round.
		db.DB.MustExec(`UPDATE api_tokens SET revoked_at = now() WHERE user_id = $1`, u.ID)
	}
}

func TestTokenExpiryIsAWholeNumberOfDays(t *testing.T) {
	clock := &apptest.Clock{}
	// The night of 30–31 March 2024 is an hour short in Europe/Berlin,
	// the test user's zone: N days must still be N×24 hours.
	start := time.Date(2024, 3, 30, 12, 0, 0, 0, time.UTC)
	clock.Set(start)
	s := apptest.NewServer(t, db, apptest.Options{Clock: clock})
	u := apptest.CreateUser(t, db, "")
	c := s.SignIn(t, u)

	for _, days := range []string{"0", "366", "-1", "1.5", "abc", "1e2", " ", "٣", "99999999999999999999"} {
		res := c.PostForm("/tokens", tokenForm("expiry "+days, "expires_in_days", days))
		if strings.TrimSpace(days) == "" {
			continue
		}
		if res.StatusCode != http.StatusUnprocessableEntity ||
			!strings.Contains(res.Body, `id="expires_in_days-error"`) {
			t.Errorf("expires_in_days=%q: %d, want 422 next to the field", days, res.StatusCode)
		}
		if !strings.Contains(res.Body, `value="expiry `+days+`"`) {
			t.Errorf("expires_in_days=%q: the typed name was not kept", days)
		}
	}
	db.DB.MustExec(`DELETE FROM api_tokens WHERE user_id = $1`, u.ID)

	for _, days := range []int{1, 2, 365} {
		res := c.PostForm("/tokens", tokenForm(fmt.Sprintf("days %d", days),
			"expires_in_days", fmt.Sprint(days)))
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%d days: %d", days, res.StatusCode)
		}
		var expires time.Time
		db.DB.Get(&expires, `SELECT expires_at FROM api_tokens WHERE user_id = $1 AND name = $2`,
			u.ID, fmt.Sprintf("days %d", days))
		if want := start.Add(time.Duration(days) * 24 * time.Hour); !expires.Equal(want) {
			t.Errorf("%d days: expires %v, want %v", days, expires.UTC(), want)
		}
	}

	c.PostForm("/tokens", tokenForm("forever", "expires_in_days", ""))
	var never *time.Time
	db.DB.Get(&never, `SELECT expires_at FROM api_tokens WHERE user_id = $1 AND name = 'forever'`, u.ID)
	if never != nil {
		t.Errorf("a never-expiring token is stored with expiry %v, want NULL", never)
	}
	row := tokenRow(t, c.Get("/tokens").Body, "forever")
	if !strings.Contains(row, "Never") {
		t.Errorf("a never-expiring token is not shown as Never: %s", row)
	}
}

// tokenRow returns the list row of the named token.
func tokenRow(t *testing.T, body, name string) string {
	t.Helper()
	i := strings.Index(body, `<th scope="row">`+name+`</th>`)
	if i < 0 {
		t.Fatalf("no row for %q", name)
	}
	end := strings.Index(body[i:], "</tr>")
	return body[i : i+end]
}

func TestCustomScopesComeFromTheRegistry(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	c := s.SignIn(t, u)

	for _, scopes := range [][]string{{"*"}, {"admin"}, {"incidents:delete"}, {}, {"incidents:read", "nope"}} {
		form := tokenForm("custom", "scope_mode", "custom")
		for _, sc := range scopes {
			form.Add("scopes", sc)
		}
		res := c.PostForm("/tokens", form)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="scopes-error"`) {
			t.Errorf("scopes %q: %d, want 422 next to the scopes", scopes, res.StatusCode)
		}
		if !strings.Contains(res.Body, `value="custom"`) {
			t.Errorf("scopes %q: the typed name was not kept", scopes)
		}
	}
	if res := c.PostForm("/tokens", tokenForm("custom", "scope_mode", "sideways")); res.StatusCode != 422 {
		t.Errorf("an unknown scope mode: %d", res.StatusCode)
	}
	if n := allTokens(t, u.ID); n != 0 {
		t.Fatalf("%d tokens created from bad scopes", n)
	}

	form := tokenForm("twice", "scope_mode", "custom", "scopes", "incidents:read",
		"scopes", "incidents:read", "scopes", "audit:read")
	if res := c.PostForm("/tokens", form); res.StatusCode != http.StatusOK {
		t.Fatalf("custom token: %d", res.StatusCode)
	}
	form = tokenForm("all of them", "scope_mode", "all", "scopes", "incidents:read", "scopes", "bogus")
	if res := c.PostForm("/tokens", form); res.StatusCode != http.StatusOK {
		t.Fatalf("all scopes with scopes sent: %d", res.StatusCode)
	}

	var rows []struct {
		Name   string `db:"name"`
		All    bool   `db:"all_scopes"`
		Scopes string `db:"scopes"`
	}
	db.DB.Select(&rows, `SELECT name, all_scopes, array_to_string(scopes, ',') scopes
		FROM api_tokens WHERE user_id = $1 ORDER BY id`, u.ID)
	want := []string{"twice false incidents:read,audit:read", "all of them true "}
	for i, r := range rows {
		if got := fmt.Sprintf("%s %v %s", r.Name, r.All, r.Scopes); i >= len(want) || got != want[i] {
			t.Errorf("token %d: %q", i, got)
		}
	}
	if row := tokenRow(t, c.Get("/tokens").Body, "twice"); !strings.Contains(row, "incidents:read, audit:read") {
		t.Errorf("the list does not show the scopes: %s", row)
	}
}

func TestTheFormOffersEveryScopeWithItsDescription(t *testing.T) {
	s := apptest.NewServer(t, db)
	body := s.SignIn(t, apptest.CreateUser(t, db, "")).Get("/tokens").Body
	for _, want := range []string{
		`<legend>incidents</legend>`, `value="incidents:write"`, `value="audit:read"`,
		`aria-describedby="scope-audit:read-desc"`, "Read the organization&#39;s audit trail.",
		`min="1" max="365"`, "from 1 to 365",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the tokens page lacks %s", want)
		}
	}
}

func TestExpiryDateIsWorkedOutWithoutJavaScript(t *testing.T) {
	clock := &apptest.Clock{}
	clock.Set(time.Date(2024, 3, 1, 9, 15, 0, 0, time.UTC))
	s := apptest.NewServer(t, db, apptest.Options{Clock: clock})
	u := apptest.CreateUser(t, db, "")
	c := s.SignIn(t, u)

	res := c.PostForm("/tokens", tokenForm("later", "expires_in_days", "30", "intent", "preview"))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("preview: %d", res.StatusCode)
	}
	if !strings.Contains(res.Body, `<time datetime="2024-03-31T09:15:00Z"`) ||
		!strings.Contains(res.Body, "11:15") {
		t.Error("the preview does not give the expiry in the user's timezone")
	}
	if !strings.Contains(res.Body, `value="later"`) || !strings.Contains(res.Body, `value="30"`) {
		t.Error("the preview lost the form")
	}
	if n := allTokens(t, u.ID); n != 0 {
		t.Errorf("the preview created %d tokens", n)
	}
	res = c.PostForm("/tokens", tokenForm("later", "expires_in_days", "400", "intent", "preview"))
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("preview of 400 days: %d, want 422", res.StatusCode)
	}
}

func TestTheListMarksTokensExpiringSoonAndExpired(t *testing.T) {
	clock := &apptest.Clock{}
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	clock.Set(now)
	s := apptest.NewServer(t, db, apptest.Options{Clock: clock})
	u := apptest.CreateUser(t, db, "")
	c := s.SignIn(t, u)
	in := func(d time.Duration) *time.Time { at := now.Add(d); return &at }
	s.CreateToken(t, u, "soon", allScopes, in(6*24*time.Hour))
	s.CreateToken(t, u, "later", allScopes, in(30*24*time.Hour))
	s.CreateToken(t, u, "done", allScopes, in(time.Hour))
	clock.Advance(2 * time.Hour)

	body := c.Get("/tokens").Body
	if row := tokenRow(t, body, "soon"); !strings.Contains(row, "expires soon") {
		t.Errorf("a token expiring within 7 days is not marked: %s", row)
	}
	if row := tokenRow(t, body, "later"); strings.Contains(row, "expires soon") {
		t.Errorf("a token expiring in 30 days is marked: %s", row)
	}
	row := tokenRow(t, body, "done")
	if !strings.Contains(row, "state-expired") || strings.Contains(row, "/revoke") {
		t.Errorf("an expired token is not shown as expired: %s", row)
	}
	if !strings.Contains(row, "Never used") {
		t.Errorf("an unused token does not say so: %s", row)
	}
}

func TestOnlyRevokedOrExpiredTokensCanBeDeleted(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	c := s.SignIn(t, u)
	active, _ := s.CreateToken(t, u, "still used", allScopes, nil)
	gone, _ := s.CreateToken(t, u, "old one", allScopes, nil)
	db.DB.MustExec(`UPDATE api_tokens SET revoked_at = now() WHERE id = $1`, gone)

	if res := c.PostForm("/tokens/"+itoa(active)+"/delete", nil); res.StatusCode != http.StatusConflict {
		t.Errorf("deleting an active token: %d, want 409", res.StatusCode)
	}
	other := s.SignIn(t, apptest.CreateUser(t, db, ""))
	if res := other.PostForm("/tokens/"+itoa(gone)+"/delete", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("deleting another user's token: %d, want 404", res.StatusCode)
	}
	res := c.PostForm("/tokens/"+itoa(gone)+"/delete", nil)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/tokens" {
		t.Fatalf("deleting a revoked token: %d", res.StatusCode)
	}
	body := c.Get("/tokens").Body
	if !strings.Contains(body, "Token old one deleted.") {
		t.Error("the page after the redirect does not say the token was deleted")
	}
	list := body[strings.Index(body, `id="list-heading"`):]
	if strings.Contains(list, "old one") || !strings.Contains(list, "still used") {
		t.Error("the list is wrong after deleting")
	}
	if again := c.Get("/tokens").Body; strings.Contains(again, "Token old one deleted.") {
		t.Error("the news shows again on the next visit")
	}
	if res := c.PostForm("/tokens/"+itoa(gone)+"/delete", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("deleting twice: %d, want 404", res.StatusCode)
	}
	var names []string
	db.DB.Select(&names, `SELECT t.name FROM audit_events e JOIN api_tokens t ON t.id = (e.details->>'token_id')::bigint
		WHERE e.action = 'token.deleted' AND e.actor_user_id = $1`, u.ID)
	if len(names) != 1 || names[0] != "old one" {
		t.Errorf("audit of the deletion names %v", names)
	}
}

func TestRevokingWithHTMXSwapsTheListAndAnnouncesIt(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	c := s.SignIn(t, u)
	id, _ := s.CreateToken(t, u, "swap me", allScopes, nil)
	res := c.PostForm("/tokens/"+itoa(id)+"/revoke", nil, apptest.HTMX...)
	if res.StatusCode != http.StatusOK || strings.Contains(res.Body, "<html") {
		t.Fatalf("htmx revoke: %d", res.StatusCode)
	}
	if !strings.Contains(res.Body, "state-revoked") || !strings.Contains(res.Body, "Token swap me revoked.") {
		t.Error("the fragment does not show and announce the revocation")
	}
}

func TestCreatingATokenMailsTheOwnerWithoutTheSecret(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	c := s.SignIn(t, u)
	secret := secretPattern.FindString(c.PostForm("/tokens",
		tokenForm("nightly backup", "scope_mode", "custom", "scopes", "incidents:read")).Body)

	mail := s.SavedMail(t)
	if len(mail) != 1 {
		t.Fatalf("%d mails, want 1", len(mail))
	}
	msg := mail[0]
	if len(msg.To) != 1 || msg.To[0] != u.Email {
		t.Errorf("the notice goes to %v, want %s", msg.To, u.Email)
	}
	for _, part := range []string{msg.Text, msg.HTML} {
		for _, want := range []string{"nightly backup", "incidents:read"} {
			if !strings.Contains(part, want) {
				t.Errorf("a part of the notice lacks %q:\n%s", want, part)
			}
		}
	}
	if secret == "" || strings.Contains(msg.Raw, secret[11:]) || strings.Contains(msg.Raw, secret[:20]) {
		t.Error("the notice carries the secret")
	}
}

func TestTokenFormErrorsReadAsSentences(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	c := s.SignIn(t, u)
	s.CreateToken(t, u, "ci", allScopes, nil)

	for name, want := range map[string]string{
		"":   "Give the token a name, such as the script that will use it.",
		"ci": "You already have an active token with this name.",
	} {
		res := c.PostForm("/tokens", url.Values{"name": {name}, "scope_mode": {"all"}})
		if !strings.Contains(res.Body, `<p class="field-error" id="name-error">`+want+`</p>`) {
			t.Errorf("name %q: the error does not read %q", name, want)
		}
	}
}
