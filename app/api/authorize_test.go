package api_test

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/incido/incido/app/access"
	"github.com/incido/incido/app/account"
	"github.com/incido/incido/app/apptest"
	"github.com/incido/incido/app/audit"
)

// A write is authorized once its body has arrived, not when its headers
// did: a client that sends its body slowly cannot carry a write past a
// revocation, a demotion or a deactivation made in the meantime. The
// server asks for the body (100 Continue) before the change is made.
func TestAWriteIsAuthorizedOnceItsBodyHasArrived(t *testing.T) {
	s := apptest.NewServer(t, db)
	for _, tc := range []struct {
		name   string
		change func(t *testing.T, u *apptest.User, tn tenant, tokenID int64)
		status int
	}{
		{"token revoked", func(t *testing.T, u *apptest.User, _ tenant, id int64) {
			err := s.App.API.Tokens.RevokeToken(context.Background(), u.ID, id,
				audit.Actor{UserID: u.ID})
			if err != nil {
				t.Fatal(err)
			}
		}, http.StatusUnauthorized},
		{"demoted to viewer", func(t *testing.T, u *apptest.User, tn tenant, _ int64) {
			apptest.SetRole(t, db, tn.org, u, access.Viewer)
		}, http.StatusForbidden},
		{"removed", func(t *testing.T, u *apptest.User, tn tenant, _ int64) {
			if _, err := s.App.API.Orgs.RemoveMember(context.Background(), tn.org.ID,
				u.ID); err != nil {
				t.Fatal(err)
			}
		}, http.StatusNotFound},
		{"deactivated", func(t *testing.T, u *apptest.User, _ tenant, _ int64) {
			users := &account.Users{DB: db.DB}
			if err := users.DeactivateUser(context.Background(), u.ID); err != nil {
				t.Fatal(err)
			}
		}, http.StatusUnauthorized},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u := apptest.CreateUser(t, db, "")
			tn := newTenant(t, "slow", u)
			id, secret := s.CreateToken(t, u, "slow", allScopes, nil)
			path := "/api/v1/organizations/" + tn.org.Slug + "/incidents"
			body := `{"title": "Sent slowly", "severity": "minor"}`

			conn, err := net.Dial("tcp", s.Listener.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: incido\r\n"+
				"Authorization: Bearer %s\r\nContent-Type: application/json\r\n"+
				"Content-Length: %d\r\nExpect: 100-continue\r\n\r\n", path, secret, len(body))
			r := bufio.NewReader(conn)
			line, err := r.ReadString('\n')
			if err != nil || !strings.Contains(line, "100 Continue") {
				t.Fatalf("the server did not ask for the body: %q %v", line, err)
			}
			r.ReadString('\n')

			tc.change(t, u, tn, id)
			fmt.Fprint(conn, body)
			res, err := http.ReadResponse(r, nil)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != tc.status {
				t.Errorf("%d, want %d", res.StatusCode, tc.status)
			}
			var n int
			db.DB.Get(&n, `SELECT count(*) FROM incidents WHERE organization_id = $1
				AND title = 'Sent slowly'`, tn.org.ID)
			if n != 0 {
				t.Errorf("the write went through")
			}
		})
	}
}
