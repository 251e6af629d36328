package web_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/incido/incido/app/access"
	"github.com/incido/incido/app/account"
	"github.com/incido/incido/app/apptest"
	"github.com/incido/incido/app/incident"
)

// twoInstances are two servers on one database, with one clock, trusting
// the loopback proxy so each test speaks for its own client addresses.
func twoInstances(t *testing.T) []*apptest.Server {
	clock := &apptest.Clock{}
	clock.Set(time.Date(2026, 6, 1, 9, 3, 0, 0, time.UTC))
	opts := apptest.Options{
		Clock: clock,
		Env:   map[string]string{"INCIDO_TRUSTED_PROXIES": "127.0.0.1"},
	}
	return []*apptest.Server{apptest.NewServer(t, db, opts), apptest.NewServer(t, db, opts)}
}

func TestSignInFailuresAreLimitedPerAccountAcrossInstances(t *testing.T) {
	servers := twoInstances(t)
	u := apptest.CreateUser(t, db, "")
	unknown := "nobody-" + u.Email

	for _, email := range []string{u.Email, unknown} {
		for i := range 10 {
			res := signIn(
				servers[i%2],
				t,
				email,
				"wrong password number "+strconv.Itoa(i),
				fromClient()...)
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("%s failure %d: %d", email, i+1, res.StatusCode)
			}
		}
	}

	// The eleventh attempt is refused on either instance, from any
	// address, with the right password too, and reads the same for the
	// unknown address.
	var bodies []string
	for i, email := range []string{u.Email, unknown} {
		pw := u.Password
		res := signIn(servers[i], t, email, pw, fromClient()...)
		if res.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("%s: 11th attempt %d, want 429", email, res.StatusCode)
		}
		if got := res.Header.Get("Retry-After"); got != "720" {
			t.Errorf("Retry-After %q, want 720 (the window ends at 09:15)", got)
		}
		if len(res.Cookies()) != 0 {
			t.Error("a refused sign-in set a cookie")
		}
		bodies = append(bodies, strings.ReplaceAll(alertText(res.Body), email, ""))
		if !strings.Contains(res.Body, "Try again after") ||
			!strings.Contains(res.Body, "09:15 UTC") ||
			!strings.Contains(res.Body, "in 12 minutes") {
			t.Errorf("the refusal does not say when to retry:\n%s", alertText(res.Body))
		}
	}
	if bodies[0] != bodies[1] {
		t.Errorf(
			"known and unknown accounts are refused differently: %q vs %q",
			bodies[0],
			bodies[1],
		)
	}

	servers[0].Clock.Set(time.Date(2026, 6, 1, 9, 15, 0, 0, time.UTC))
	if res := signIn(servers[1], t, u.Email, u.Password, fromClient()...); res.StatusCode != http.StatusSeeOther {
		t.Errorf("after the window: %d, want a sign-in", res.StatusCode)
	}
}

func TestSuccessfulSignInsDoNotCountAgainstTheLimit(t *testing.T) {
	servers := twoInstances(t)
	u := apptest.CreateUser(t, db, "")
	from := fromClient()
	for i := range 15 {
		if res := signIn(servers[i%2], t, u.Email, u.Password, from...); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign-in %d: %d", i+1, res.StatusCode)
		}
	}
}

func TestSignInFailuresAreLimitedPerClient(t *testing.T) {
	servers := twoInstances(t)
	from := fromClient()
	for i := range 50 {
		email := fmt.Sprintf("guess%d@example.com", i)
		if res := signIn(servers[i%2], t, email, "wrong", from...); res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("failure %d: %d", i+1, res.StatusCode)
		}
	}
	u := apptest.CreateUser(t, db, "")
	if res := signIn(servers[0], t, u.Email, u.Password, from...); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("51st attempt from the address: %d, want 429", res.StatusCode)
	}
	if res := signIn(servers[1], t, u.Email, u.Password, fromClient()...); res.StatusCode != http.StatusSeeOther {
		t.Errorf("another address: %d, want a sign-in", res.StatusCode)
	}
}

// An IPv6 client holds a whole /64 (a home line often gets one), so its
// addresses count as one client; written in any form, an address is the
// same client.
func TestSignInFailuresCountAnIPv6NetworkAsOneClient(t *testing.T) {
	servers := twoInstances(t)
	for i := range 50 {
		email := fmt.Sprintf("v6guess%d@example.com", i)
		from := []string{"X-Forwarded-For", fmt.Sprintf("2001:db8:5:6::%x", i+1)}
		if res := signIn(servers[i%2], t, email, "wrong", from...); res.StatusCode !=
			http.StatusUnprocessableEntity {
			t.Fatalf("failure %d: %d", i+1, res.StatusCode)
		}
	}
	u := apptest.CreateUser(t, db, "")
	for _, from := range []string{"2001:db8:5:6:ffff:ffff:ffff:ffff", "2001:0DB8:0005:0006::1"} {
		res := signIn(servers[0], t, u.Email, u.Password, "X-Forwarded-For", from)
		if res.StatusCode != http.StatusTooManyRequests {
			t.Errorf("from %s, in the same /64: %d, want 429", from, res.StatusCode)
		}
	}
	res := signIn(servers[1], t, u.Email, u.Password, "X-Forwarded-For", "2001:db8:5:7::1")
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("from the next /64: %d, want a sign-in", res.StatusCode)
	}
}

func TestForwardedForIsIgnoredUnlessTheProxyIsTrusted(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	c := s.NewClient(t)
	c.PostForm(
		"/login",
		url.Values{"email": {u.Email}, "password": {u.Password}},
		"X-Forwarded-For",
		"203.0.113.50",
	)
	list, _ := s.App.Dashboard.Sessions.ActiveSessions(context.Background(), u.ID, s.Clock.Now())
	if len(list) != 1 || list[0].IP != "127.0.0.1" {
		t.Errorf("session IP %v, want the connection's 127.0.0.1", list)
	}
}

func TestResetRequestsAreLimitedPerAddressAndPerClient(t *testing.T) {
	servers := twoInstances(t)
	u := apptest.CreateUser(t, db, "")
	ask := func(s *apptest.Server, email string, from []string) *apptest.Response {
		return s.NewClient(t).PostForm("/password/forgot", url.Values{"email": {email}}, from...)
	}
	for _, email := range []string{u.Email, "nobody-" + u.Email} {
		for i := range 5 {
			if res := ask(servers[i%2], email, fromClient()); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("request %d: %d", i+1, res.StatusCode)
			}
		}
		res := ask(servers[0], strings.ToUpper(email), fromClient())
		if res.StatusCode != http.StatusTooManyRequests ||
			res.Header.Get("Retry-After") != "3420" ||
			!strings.Contains(res.Body, "in 57 minutes") {
			t.Errorf(
				"%s, 6th request: %d Retry-After %q",
				email,
				res.StatusCode,
				res.Header.Get("Retry-After"),
			)
		}
	}

	from := fromClient()
	for i := range 20 {
		if res := ask(servers[i%2], fmt.Sprintf("someone%d@example.com", i), from); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("client request %d: %d", i+1, res.StatusCode)
		}
	}
	if res := ask(servers[1], "someone-else@example.com", from); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("21st request from one client: %d, want 429", res.StatusCode)
	}
	for _, s := range servers {
		s.App.Dashboard.Wait()
	}
}

func TestAMegabytePasswordIsRefusedBeforeHashingAndHealthzStaysUp(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	c := s.SignIn(t, u)
	huge := strings.Repeat("x", 1<<20)
	hasher := s.App.Dashboard.Hasher
	before := hasher.Computed()

	post := func(path string, form url.Values, client *http.Client) int {
		req, _ := http.NewRequest(http.MethodPost, s.URL+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		res, err := client.Do(req)
		if err != nil {
			// The server may close the connection before the whole body is sent.
			return 0
		}
		res.Body.Close()
		return res.StatusCode
	}
	if got := post("/login", url.Values{"email": {u.Email}, "password": {huge}}, http.DefaultClient); got != http.StatusRequestEntityTooLarge {
		t.Errorf("sign-in with 1 MiB: %d, want 413", got)
	}
	if got := post("/profile/password", changeForm(huge, huge, huge), c.Client); got != http.StatusRequestEntityTooLarge {
		t.Errorf("change with 1 MiB: %d, want 413", got)
	}

	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			post("/login", url.Values{"email": {u.Email}, "password": {huge}}, &http.Client{})
		}()
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"/healthz", nil)
	res, err := (&http.Client{}).Do(req)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Errorf("/healthz during the flood: %v %v, want 200 within a second", res, err)
	}
	wg.Wait()
	if n := hasher.Computed() - before; n != 0 {
		t.Errorf("%d hashes computed for oversized passwords", n)
	}
	if !signedIn(t, c) || signIn(s, t, u.Email, u.Password).StatusCode != http.StatusSeeOther {
		t.Error("the account was changed or locked by the flood")
	}
}

func TestUnicodePasswordsSignInWithNFKCEquivalentInput(t *testing.T) {
	s := apptest.NewServer(t, db)
	cases := []struct{ name, set, typed string }{
		{"composed set, decomposed typed", "Cr\u00e8me br\u00fbl\u00e9e \u00e0 la mode 2024",
			"Cre\u0300me bru\u0302le\u0301e a\u0300 la mode 2024"},
		{"fullwidth set, ASCII typed", "ｃｏｒｒｅｃｔ　ｈｏｒｓｅ　ｂａｔｔｅｒｙ　ｓｔａｐｌｅ",
			"correct horse battery staple"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			u := apptest.CreateUser(t, db, "")
			c := s.SignIn(t, u)
			// Confirmation typed in the other form still confirms.
			res := c.PostForm("/profile/password", changeForm(u.Password, tc.set, tc.typed))
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("change: %d %s", res.StatusCode, fieldError(res.Body, "confirm_password"))
			}
			if res := signIn(s, t, u.Email, tc.typed); res.StatusCode != http.StatusSeeOther {
				t.Errorf("the equivalent form does not sign in: %d", res.StatusCode)
			}
			if res := signIn(s, t, u.Email, tc.set); res.StatusCode != http.StatusSeeOther {
				t.Errorf("the form set does not sign in: %d", res.StatusCode)
			}
		})
	}
}

func TestSignInUpgradesAHashMadeWithOlderParameters(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	old, _ := account.NewHasher(account.HashParams{Memory: 512, Time: 1, Threads: 1}).
		Hash(context.Background(), u.Password)
	s.App.Dashboard.Users.SetPasswordHash(context.Background(), u.ID, old)

	if res := signIn(s, t, u.Email, u.Password); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in with the old hash: %d", res.StatusCode)
	}
	hash := storedHash(t, u.ID)
	want := s.App.Dashboard.Hasher.Params
	if !strings.Contains(
		hash,
		fmt.Sprintf("$m=%d,t=%d,p=%d$", want.Memory, want.Time, want.Threads),
	) {
		t.Errorf("hash %q not redone with the current parameters", hash)
	}
	if res := signIn(s, t, u.Email, u.Password); res.StatusCode != http.StatusSeeOther {
		t.Errorf("sign-in after the upgrade: %d", res.StatusCode)
	}
}

// The form limit keeps huge bodies, such as a megabyte of password, from
// reaching a handler whatever their encoding, yet lets through the
// longest text a form takes: 10 000 characters, each up to twelve bytes
// once form-encoded.
func TestTheFormLimitFitsTheLongestTextAndHoldsForEveryEncoding(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	o := apptest.CreateOrg(t, db, "long")
	apptest.SetRole(t, db, o, u, access.Responder)
	i := apptest.CreateIncident(t, db, o, u, "Long texts")
	c := s.SignIn(t, u)
	incidents := "/orgs/" + o.Slug + "/incidents"

	comment := c.PostForm(fmt.Sprintf("%s/%d/comments", incidents, i.ID),
		url.Values{"body": {strings.Repeat("€", incident.MaxCommentLength)}})
	if comment.StatusCode != http.StatusSeeOther {
		t.Errorf("a comment of 10 000 €: %d, want 303", comment.StatusCode)
	}
	opened := c.PostForm(incidents, url.Values{"title": {strings.Repeat("𝄞", 200)},
		"severity": {"minor"}, "summary": {strings.Repeat("𝄞", incident.MaxSummaryLength)}})
	if opened.StatusCode != http.StatusSeeOther {
		t.Errorf("an incident with 10 000 four-byte characters: %d, want 303", opened.StatusCode)
	}

	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	w.WriteField("email", u.Email)
	w.WriteField("password", strings.Repeat("x", 1<<20))
	w.Close()
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/login", &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	before := s.App.Dashboard.Hasher.Computed()
	res, err := http.DefaultClient.Do(req)
	if err == nil {
		res.Body.Close()
	}
	if err == nil && res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("a multipart sign-in with 1 MiB of password: %d, want 413", res.StatusCode)
	}
	if n := s.App.Dashboard.Hasher.Computed() - before; n != 0 {
		t.Errorf("%d hashes computed for a multipart megabyte", n)
	}
}
