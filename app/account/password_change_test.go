package account_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/incido/incido/app/account"
	"github.com/incido/incido/app/apptest"
)

func TestChangePasswordEndsEverySessionAndOpensANewOne(t *testing.T) {
	users := &account.Users{DB: db.DB}
	sessions := &account.Sessions{DB: db.DB}
	links := &account.ResetLinks{DB: db.DB}
	u := apptest.CreateUser(t, db, "")
	ctx := context.Background()
	changing, _ := sessions.CreateSession(ctx, u.ID, account.Browser{IP: "192.0.2.1"}, t0)
	other, _ := sessions.CreateSession(ctx, u.ID, account.Browser{IP: "192.0.2.2"}, t0)
	secret, _, _ := links.CreateResetLink(ctx, u.ID, t0)

	now := t0.Add(time.Hour)
	fresh, err := users.ChangePassword(ctx, u.ID, "new-hash",
		account.Browser{IP: "192.0.2.1", UserAgent: "Firefox"}, now)
	if err != nil {
		t.Fatal(err)
	}

	for _, s := range []*account.Session{changing, other} {
		if _, _, err := sessions.ActiveSession(ctx, s.ID, now); !errors.Is(
			err,
			account.ErrNotFound,
		) {
			t.Errorf("old session %d still active: %v", s.ID, err)
		}
	}
	if _, _, err := sessions.ActiveSession(ctx, fresh.ID, now); err != nil {
		t.Errorf("the new session is not active: %v", err)
	}
	if fresh.ID == changing.ID || !fresh.CreatedAt.Equal(now) || fresh.UserAgent != "Firefox" {
		t.Errorf("new session %+v", fresh)
	}
	l, _, _ := links.ResetLinkByDigest(ctx, account.ResetDigest(secret))
	if l.State(now) != account.LinkUsed {
		t.Errorf("pending reset link is %s after the change, want used", l.State(now))
	}
	var action, target string
	db.DB.QueryRow(`SELECT action, target FROM audit_events WHERE actor_user_id = $1
		ORDER BY id DESC LIMIT 1`, u.ID).Scan(&action, &target)
	if action != "password.changed" || target != "user:"+u.Email {
		t.Errorf("audit %s %s", action, target)
	}
}

func TestSessionsEndAfterTwelveIdleHoursOrSevenDays(t *testing.T) {
	sessions := &account.Sessions{DB: db.DB}
	u := apptest.CreateUser(t, db, "")
	ctx := context.Background()
	active := func(id int64, at time.Time) bool {
		_, _, err := sessions.ActiveSession(ctx, id, at)
		return err == nil
	}

	idle, _ := sessions.CreateSession(ctx, u.ID, account.Browser{}, t0)
	if !active(idle.ID, t0.Add(account.IdleTimeout-time.Minute)) {
		t.Error("session ended before 12 idle hours")
	}
	if active(idle.ID, t0.Add(account.IdleTimeout-time.Minute).Add(account.IdleTimeout)) {
		t.Error("session lived through 12 idle hours")
	}

	// Seen every 11 hours, a session still ends 7 days after sign-in.
	busy, _ := sessions.CreateSession(ctx, u.ID, account.Browser{}, t0)
	at := t0
	for at.Add(11 * time.Hour).Before(t0.Add(account.AbsoluteTimeout)) {
		at = at.Add(11 * time.Hour)
		if !active(busy.ID, at) {
			t.Fatalf("busy session ended after %v", at.Sub(t0))
		}
	}
	if active(busy.ID, t0.Add(account.AbsoluteTimeout)) {
		t.Error("busy session lived past 7 days")
	}
	list, _ := sessions.ActiveSessions(ctx, u.ID, t0.Add(account.AbsoluteTimeout))
	if len(list) != 0 {
		t.Errorf("%d sessions listed after 7 days", len(list))
	}
}
