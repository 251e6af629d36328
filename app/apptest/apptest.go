// Package apptest starts real Incido servers on a real PostgreSQL database
// for tests, and gives them browser-like and API clients.
package apptest

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/incido/incido/app"
	"github.com/incido/incido/app/access"
	"github.com/incido/incido/app/account"
	"github.com/incido/incido/app/audit"
	"github.com/incido/incido/app/config"
	"github.com/incido/incido/app/database/dbtest"
	"github.com/incido/incido/app/org"
	"github.com/incido/incido/app/token"
)

// FastHash keeps argon2id cheap in tests; production uses the defaults.
var FastHash = account.HashParams{Memory: 1024, Time: 1, Threads: 1}

// Clock is a settable time source shared by a test and its servers.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// Now returns the clock's time, or the real time when it was never set.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.now.IsZero() {
		return time.Now()
	}
	return c.now
}

// Set fixes the clock at t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// Advance moves a set clock forward.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// Server is one running instance.
type Server struct {
	*httptest.Server
	App   *app.App
	DB    *dbtest.Database
	Clock *Clock
	Log   *strings.Builder
}

// Options change how a test server is built.
type Options struct {
	Clock   *Clock
	BaseURL string
	Keys    [][]byte
	Env     map[string]string
}

// NewServer starts an instance on db; it stops with the test.
func NewServer(t testing.TB, db *dbtest.Database, opts ...Options) *Server {
	t.Helper()
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	if o.Clock == nil {
		o.Clock = &Clock{}
	}
	env := map[string]string{"DATABASE_URL": db.URL, "INCIDO_MAIL_DIR": t.TempDir()}
	if o.BaseURL != "" {
		env["INCIDO_BASE_URL"] = o.BaseURL
	}
	for k, v := range o.Env {
		env[k] = v
	}
	cfg, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if o.Keys != nil {
		cfg.SessionKeys = o.Keys
	}

	logs := &strings.Builder{}
	log := slog.New(slog.NewTextHandler(&lockedWriter{w: logs}, nil))
	a, err := app.New(cfg, db.DB, log, app.Options{Now: o.Clock.Now, HashParams: &FastHash})
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	s := &Server{Server: httptest.NewServer(rec.wrap(a.Handler())), App: a, DB: db,
		Clock: o.Clock, Log: logs}
	t.Cleanup(func() {
		s.Close()
		// Mail that handlers send after their responses is written into
		// the test's folders: it must be out before they are removed.
		a.Dashboard.Wait()
		rec.check(t)
	})
	return s
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// User is an operator made for a test, with the password it signs in with.
type User struct {
	*account.User
	Password string
}

var userSeq struct {
	sync.Mutex
	n int
}

// CreateUser makes an operator with a unique email in the test database.
func CreateUser(t testing.TB, db *dbtest.Database, email string) *User {
	t.Helper()
	if email == "" {
		userSeq.Lock()
		userSeq.n++
		email = "operator" + itoa(userSeq.n) + "-" + strings.ToLower(randomWord()) + "@example.com"
		userSeq.Unlock()
	}
	const password = "violet mountain trains whisper softly"
	hash, err := account.NewHasher(FastHash).Hash(context.Background(), password)
	if err != nil {
		t.Fatal(err)
	}
	u, err := (&account.Users{DB: db.DB}).CreateUser(context.Background(), account.NewUser{
		Email: email, GivenName: "Test", FamilyName: "Operator", Timezone: "Europe/Berlin",
		PasswordHash: hash,
	})
	if err != nil {
		t.Fatal(err)
	}
	return &User{User: u, Password: password}
}

// CreateOrg makes an organization with a unique slug starting with prefix.
func CreateOrg(t testing.TB, db *dbtest.Database, prefix string) *org.Organization {
	t.Helper()
	o, err := (&org.Organizations{DB: db.DB}).CreateOrganization(context.Background(),
		prefix+"-"+strings.ToLower(randomWord()), strings.ToUpper(prefix[:1])+prefix[1:])
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// SetRole makes the user a member of the organization with the role.
func SetRole(t testing.TB, db *dbtest.Database, o *org.Organization, u *User, role access.Role) {
	t.Helper()
	if err := (&org.Organizations{DB: db.DB}).SetMember(context.Background(), o.ID, u.ID, role); err != nil {
		t.Fatal(err)
	}
}

// Client is a browser-like client: it keeps cookies and does not follow
// redirects, so tests see each 303.
type Client struct {
	*http.Client
	Base string
	t    testing.TB
}

// NewClient returns a client for the server with an empty cookie jar.
func (s *Server) NewClient(t testing.TB) *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{Base: s.URL, t: t, Client: &http.Client{
		Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}}
}

// SignIn returns a client signed in as u.
func (s *Server) SignIn(t testing.TB, u *User) *Client {
	t.Helper()
	c := s.NewClient(t)
	res := c.PostForm("/login", url.Values{"email": {u.Email}, "password": {u.Password}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in as %s: status %d, body %s", u.Email, res.StatusCode, res.Body)
	}
	return c
}

// Response is a read answer.
type Response struct {
	*http.Response
	Body string
}

// Do sends a request and reads the whole answer.
func (c *Client) Do(req *http.Request) *Response {
	c.t.Helper()
	res, err := c.Client.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return &Response{Response: res, Body: string(body)}
}

// Get fetches a path.
func (c *Client) Get(path string, headers ...string) *Response {
	req, _ := http.NewRequest(http.MethodGet, c.Base+path, nil)
	setHeaders(req, headers)
	return c.Do(req)
}

// PostForm posts a form to a path; headers are name, value pairs.
func (c *Client) PostForm(path string, form url.Values, headers ...string) *Response {
	req, _ := http.NewRequest(http.MethodPost, c.Base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	setHeaders(req, headers)
	return c.Do(req)
}

func setHeaders(req *http.Request, headers []string) {
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Add(headers[i], headers[i+1])
	}
}

// HTMX are the headers htmx sends with its requests.
var HTMX = []string{"HX-Request", "true"}

// CreateToken mints a token for u straight through the repository and
// returns its secret.
func (s *Server) CreateToken(t testing.TB, u *User, name string, grant access.Grant, expiresAt *time.Time) (int64, string) {
	t.Helper()
	tok, secret, err := s.App.Dashboard.Tokens.CreateToken(context.Background(), token.NewToken{
		UserID: u.ID, Name: name, Grant: grant, ExpiresAt: expiresAt,
		Actor: audit.Actor{UserID: u.ID},
	}, s.Clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	return tok.ID, secret
}

// API sends a request with an Authorization header (none when auth is
// empty) and an optional JSON body.
func (s *Server) API(t testing.TB, method, path, auth, body string, headers ...string) *Response {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, s.URL+path, r)
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	setHeaders(req, headers)
	c := &Client{Client: http.DefaultClient, Base: s.URL, t: t}
	return c.Do(req)
}
