package web_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/incido/incido/app/apptest"
)

// newPassword passes the policy for every test user.
const newPassword = "amber falcon drifts over seven hills"

// serverWithMail starts a server that delivers mail to a test SMTP
// listener, with its public address as given (none for the default). It
// trusts the loopback proxy, so that tests can speak for distinct clients
// with fromClient: every test comes from 127.0.0.1, and would otherwise
// share the per-client rate limits with the whole package.
func serverWithMail(t *testing.T, base string) (*apptest.Server, *apptest.Mailbox) {
	t.Helper()
	box := apptest.NewMailbox(t)
	s := apptest.NewServer(t, db, apptest.Options{BaseURL: base,
		Env: map[string]string{"INCIDO_SMTP_URL": box.URL, "INCIDO_TRUSTED_PROXIES": "127.0.0.1"}})
	return s, box
}

var clientSeq atomic.Int32

// fromClient is the header of a request forwarded for a client address
// no other request of the test run has used.
func fromClient() []string {
	n := clientSeq.Add(1)
	return []string{"X-Forwarded-For", fmt.Sprintf("198.18.%d.%d", n/250, n%250+1)}
}

func changeForm(current, pw, confirm string) url.Values {
	return url.Values{
		"current_password": {current},
		"new_password":     {pw},
		"confirm_password": {confirm},
	}
}

func storedHash(t *testing.T, userID int64) string {
	t.Helper()
	var hash string
	if err := db.DB.Get(&hash, `SELECT password_hash FROM users WHERE id = $1`, userID); err != nil {
		t.Fatal(err)
	}
	return hash
}

// fieldError is the text of the error shown next to a form field.
func fieldError(body, field string) string {
	re := regexp.MustCompile(
		`<p class="field-error" id="` + regexp.QuoteMeta(field) + `-error">([^<]*)</p>`,
	)
	m := re.FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// inputTag is the HTML of the input with that id.
func inputTag(body, id string) string {
	i := strings.Index(body, `id="`+id+`"`)
	if i < 0 {
		return ""
	}
	start := strings.LastIndex(body[:i], "<input")
	end := strings.Index(body[i:], ">")
	if start < 0 || end < 0 {
		return ""
	}
	return body[start : i+end+1]
}

// signedIn reports whether the client's next page is served, not sent
// to the sign-in page.
func signedIn(t *testing.T, c *apptest.Client) bool {
	t.Helper()
	res := c.Get("/profile")
	switch {
	case res.StatusCode == http.StatusOK:
		return true
	case res.StatusCode == http.StatusSeeOther && res.Header.Get("Location") == "/login":
		return false
	}
	t.Fatalf("GET /profile: %d %s", res.StatusCode, res.Header.Get("Location"))
	return false
}

// signIn tries a sign-in with a fresh client.
func signIn(
	s *apptest.Server,
	t *testing.T,
	email, password string,
	headers ...string,
) *apptest.Response {
	return s.NewClient(t).PostForm("/login", url.Values{"email": {email}, "password": {password}},
		headers...)
}

// requestResetLink asks for a reset link for email and returns the link
// read out of the delivered mail. The link starts with INCIDO_BASE_URL,
// which the tests leave at its default; resetPath gives the path to
// follow on the test server.
func requestResetLink(t *testing.T, s *apptest.Server, box *apptest.Mailbox, email string) string {
	t.Helper()
	res := s.NewClient(t).
		PostForm("/password/forgot", url.Values{"email": {email}}, fromClient()...)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("forgot: %d", res.StatusCode)
	}
	m := box.Next(t)
	link := m.Link(s.App.Config.BaseURL.String() + "/password/reset/")
	if link == "" {
		t.Fatalf("no reset link in the mail:\n%s", m.Text)
	}
	return link
}

// resetPath is the path part of a reset link, for the test client.
func resetPath(t *testing.T, link string) string {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	return u.Path
}
