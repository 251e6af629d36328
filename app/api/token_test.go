package api_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/incido/incido/app/access"
	"github.com/incido/incido/app/api"
	"github.com/incido/incido/app/apptest"
)

func TestTokenIsAcceptedUntilTheInstantOfItsExpiry(t *testing.T) {
	clock := &apptest.Clock{}
	created := time.Date(2024, 10, 26, 22, 0, 0, 0, time.UTC)
	clock.Set(created)
	s := apptest.NewServer(t, db, apptest.Options{Clock: clock})
	u := apptest.CreateUser(t, db, "")
	expires := created.Add(24 * time.Hour)
	_, secret := s.CreateToken(t, u, "one day", allScopes, &expires)

	clock.Set(expires.Add(-time.Nanosecond))
	res := s.API(t, "GET", "/api/v1/me", "Bearer "+secret, "")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("a moment before expiry: %d, want 200", res.StatusCode)
	}
	if got := res.Header.Get(api.ExpiresHeader); got != "2024-10-27T22:00:00Z" {
		t.Errorf("%s = %q, want the expiry in RFC 3339 UTC", api.ExpiresHeader, got)
	}

	clock.Set(expires)
	res = s.API(t, "GET", "/api/v1/me", "Bearer "+secret, "")
	if res.StatusCode != http.StatusUnauthorized || !strings.Contains(res.Body, "expired") {
		t.Errorf("at the instant of expiry: %d %s, want 401 saying expired", res.StatusCode, res.Body)
	}
	if !strings.Contains(res.Header.Get("WWW-Authenticate"), `error="invalid_token"`) {
		t.Errorf("challenge %q", res.Header.Get("WWW-Authenticate"))
	}
}

func TestNeverExpiringTokenCarriesNoExpiryHeader(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	_, secret := s.CreateToken(t, u, "forever", allScopes, nil)
	res := s.API(t, "GET", "/api/v1/organizations", "Bearer "+secret, "")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	if _, present := res.Header[api.ExpiresHeader]; present {
		t.Errorf("%s is sent for a token that never expires", api.ExpiresHeader)
	}
}

func TestRevocationOnOneInstanceRefusesTheNextRequestOnAnother(t *testing.T) {
	clock := &apptest.Clock{}
	clock.Set(time.Now().UTC().Truncate(time.Second))
	a := apptest.NewServer(t, db, apptest.Options{Clock: clock})
	b := apptest.NewServer(t, db, apptest.Options{Clock: clock})
	u := apptest.CreateUser(t, db, "")
	id, secret := a.CreateToken(t, u, "shared", allScopes, nil)

	for range 3 {
		if res := b.API(t, "GET", "/api/v1/me", "Bearer "+secret, ""); res.StatusCode != http.StatusOK {
			t.Fatalf("warming on B: %d", res.StatusCode)
		}
	}
	browser := a.SignIn(t, u)
	revoke := "/tokens/" + itoa(id) + "/revoke"
	if res := browser.PostForm(revoke, nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke on A: %d", res.StatusCode)
	}
	if res := b.API(t, "GET", "/api/v1/me", "Bearer "+secret, ""); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("B, the same second: %d, want 401", res.StatusCode)
	}
	if res := browser.PostForm(revoke, url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("revoking twice: %d", res.StatusCode)
	}
	var events int
	db.DB.Get(&events, `SELECT count(*) FROM audit_events WHERE action = 'token.revoked'
		AND (details->>'token_id')::bigint = $1`, id)
	if events != 1 {
		t.Errorf("%d revocation events, want 1", events)
	}
}

func TestLastUseIsKeptFreshWithinAMinuteWithoutAWritePerRequest(t *testing.T) {
	clock := &apptest.Clock{}
	start := time.Date(2025, 1, 6, 8, 0, 0, 0, time.UTC)
	clock.Set(start)
	s := apptest.NewServer(t, db, apptest.Options{Clock: clock})
	u := apptest.CreateUser(t, db, "")
	id, secret := s.CreateToken(t, u, "used", allScopes, nil)
	lastUse := func() (at *time.Time, ip *string) {
		t.Helper()
		row := db.DB.QueryRow(`SELECT last_used_at, last_used_ip FROM api_tokens WHERE id = $1`, id)
		if err := row.Scan(&at, &ip); err != nil {
			t.Fatal(err)
		}
		return at, ip
	}
	if at, _ := lastUse(); at != nil {
		t.Fatal("a new token has a last use")
	}
	if !strings.Contains(s.SignIn(t, u).Get("/tokens").Body, "Never used") {
		t.Error("the list does not say the token was never used")
	}

	steps := []struct {
		after time.Duration
		want  time.Time
	}{
		{0, start},
		{30 * time.Second, start},
		{59 * time.Second, start},
		{60 * time.Second, start.Add(60 * time.Second)},
		{61 * time.Second, start.Add(60 * time.Second)},
		{10 * time.Minute, start.Add(10 * time.Minute)},
	}
	for _, st := range steps {
		clock.Set(start.Add(st.after))
		if res := s.API(t, "GET", "/api/v1/me", "Bearer "+secret, ""); res.StatusCode != http.StatusOK {
			t.Fatalf("call at +%v: %d", st.after, res.StatusCode)
		}
		at, ip := lastUse()
		if at == nil || !at.Equal(st.want) {
			t.Errorf("after a call at +%v, last used %v, want %v", st.after, at, st.want)
		}
		if ip == nil || *ip != "127.0.0.1" {
			t.Errorf("last used from %v, want 127.0.0.1", ip)
		}
	}
	if row := s.SignIn(t, u).Get("/tokens").Body; !strings.Contains(row, "from 127.0.0.1") {
		t.Error("the list does not show where the token was last used from")
	}
}

func TestCustomTokenWithOnlyIncidentsReadCannotWrite(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	o := apptest.CreateOrg(t, db, "scoped")
	apptest.SetRole(t, db, o, u, access.Owner)
	_, secret := s.CreateToken(t, u, "reader",
		access.Grant{Scopes: []string{string(access.IncidentsRead)}}, nil)
	incidents := "/api/v1/organizations/" + o.Slug + "/incidents"

	if res := s.API(t, "GET", incidents, "Bearer "+secret, ""); res.StatusCode != http.StatusOK {
		t.Fatalf("read with incidents:read: %d", res.StatusCode)
	}
	res := s.API(t, "POST", incidents, "Bearer "+secret, `{"title":"Nope","severity":"minor"}`)
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("write with incidents:read: %d, want 403", res.StatusCode)
	}
	challenge := res.Header.Get("WWW-Authenticate")
	if !strings.Contains(challenge, `error="insufficient_scope"`) ||
		!strings.Contains(challenge, `scope="incidents:write"`) {
		t.Errorf("challenge %q lacks insufficient_scope and scope=", challenge)
	}
	var n int
	db.DB.Get(&n, `SELECT count(*) FROM incidents WHERE organization_id = $1`, o.ID)
	if n != 0 {
		t.Errorf("%d incidents created by a read-only token", n)
	}
}
