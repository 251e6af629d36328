package api_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/jmoiron/sqlx"

	"github.com/incido/incido/app/access"
	"github.com/incido/incido/app/api"
	"github.com/incido/incido/app/apptest"
	"github.com/incido/incido/app/database"
	"github.com/incido/incido/app/org"
	"github.com/incido/incido/app/token"
)

// roundTrips dials PostgreSQL and counts the round trips made on its
// connections: each read that follows a write is one.
type roundTrips struct {
	n atomic.Int64
}

func (r *roundTrips) Dial(network, address string) (net.Conn, error) {
	return r.DialTimeout(network, address, 0)
}

func (r *roundTrips) DialTimeout(network, address string, timeout time.Duration) (net.Conn, error) {
	c, err := net.DialTimeout(network, address, timeout)
	if err != nil {
		return nil, err
	}
	return &countingConn{Conn: c, trips: &r.n}, nil
}

type countingConn struct {
	net.Conn
	trips   *atomic.Int64
	written bool
}

func (c *countingConn) Write(p []byte) (int, error) {
	c.written = true
	return c.Conn.Write(p)
}

func (c *countingConn) Read(p []byte) (int, error) {
	if c.written {
		c.written = false
		c.trips.Add(1)
	}
	return c.Conn.Read(p)
}

// countedDB opens the test database the way the server does, through
// the counting dialer; options are extra lib/pq connection options.
func countedDB(tb testing.TB, options string) (*sqlx.DB, *roundTrips) {
	tb.Helper()
	url := db.URL
	if options != "" {
		url += "&" + options
	}
	connector, err := database.Connector(url)
	if err != nil {
		tb.Fatal(err)
	}
	trips := &roundTrips{}
	connector.Dialer(trips)
	conn, err := database.OpenConnector(context.Background(), connector)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { conn.Close() })
	return conn, trips
}

// probeHandler is the API's own middleware chain in front of a handler
// that does nothing, so that only verification is measured.
func probeHandler(conn *sqlx.DB) http.Handler {
	gin.SetMode(gin.ReleaseMode)
	v1 := &api.API{Tokens: &token.Tokens{DB: conn}, Orgs: &org.Organizations{DB: conn},
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: time.Now}
	r := gin.New()
	r.GET("/api/v1/organizations/:org/probe", v1.Authenticate, v1.Require(access.IncidentsRead),
		func(c *gin.Context) { c.Status(http.StatusNoContent) })
	return r
}

// probe makes a responder's token that may read incidents, and the path
// of a probe in its organization.
func probe(tb testing.TB) (secret, path string) {
	u := apptest.CreateUser(tb, db, "")
	o := apptest.CreateOrg(tb, db, "probe")
	apptest.SetRole(tb, db, o, u, access.Responder)
	s := apptest.NewServer(tb, db)
	_, secret = s.CreateToken(tb, u, "probe",
		access.Grant{Scopes: []string{string(access.IncidentsRead)}}, nil)
	return secret, "/api/v1/organizations/" + o.Slug + "/probe"
}

func serveProbe(tb testing.TB, h http.Handler, path, secret string) {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Header.Set("Authorization", "Bearer "+secret)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusNoContent {
		tb.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
}

func TestBearerVerificationIsOneDatabaseRoundTrip(t *testing.T) {
	secret, path := probe(t)
	conn, trips := countedDB(t, "")
	h := probeHandler(conn)
	// The first request records the token's use and prepares the lookup.
	serveProbe(t, h, path, secret)

	trips.n.Store(0)
	for range 50 {
		serveProbe(t, h, path, secret)
	}
	if n := trips.n.Load(); n != 50 {
		t.Errorf("50 verified requests took %d round trips, want 50", n)
	}
}

// BenchmarkBearerVerification measures what every API request pays before
// its handler runs: parsing the header, the checksum, the digest, the one
// lookup of token, owner and role, and the policy check. The baselines are
// one parameterised query in the same run, sent the way the server sends
// it (one message) and the way lib/pq does by default (a prepare round
// trip, then an execute round trip).
func BenchmarkBearerVerification(b *testing.B) {
	secret, path := probe(b)
	for _, mode := range []struct{ name, options string }{
		{"one-message", ""},
		{"prepare-then-execute", "binary_parameters=no"},
	} {
		conn, trips := countedDB(b, mode.options)
		b.Run("baseline-query/"+mode.name, func(b *testing.B) {
			trips.n.Store(0)
			for b.Loop() {
				var one int
				if err := conn.Get(&one, `SELECT $1::int`, 1); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(trips.n.Load())/float64(b.N), "round-trips/op")
		})
	}

	conn, trips := countedDB(b, "")
	b.Run("verification", func(b *testing.B) {
		h := probeHandler(conn)
		serveProbe(b, h, path, secret)
		trips.n.Store(0)
		for b.Loop() {
			serveProbe(b, h, path, secret)
		}
		b.ReportMetric(float64(trips.n.Load())/float64(b.N), "round-trips/op")
	})
}
