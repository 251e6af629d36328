package account_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/incido/incido/app/account"
	"github.com/incido/incido/app/apptest"
	"github.com/incido/incido/app/database"
)

var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

func TestResetLinkIsStoredOnlyAsADigest(t *testing.T) {
	links := &account.ResetLinks{DB: db.DB}
	u := apptest.CreateUser(t, db, "")
	secret, _, err := links.CreateResetLink(context.Background(), u.ID, t0)
	if err != nil {
		t.Fatal(err)
	}
	if len(secret) != 43 {
		t.Errorf("secret %q: want 43 base64url characters (256 bits)", secret)
	}
	var stored []byte
	db.DB.Get(&stored, `SELECT digest FROM password_reset_tokens WHERE user_id = $1`, u.ID)
	sum := sha256.Sum256([]byte(secret))
	if !bytes.Equal(stored, sum[:]) || bytes.Contains(stored, []byte(secret)) {
		t.Error("the stored digest is not the SHA-256 of the secret")
	}
}

func TestResetDigestRefusesWhatCannotBeASecret(t *testing.T) {
	secret, _, _ := (&account.ResetLinks{DB: db.DB}).CreateResetLink(context.Background(),
		apptest.CreateUser(t, db, "").ID, t0)
	for _, bad := range []string{"", "short", secret + "x", secret[:42] + "=", secret[:42] + "/"} {
		if account.ResetDigest(bad) != nil {
			t.Errorf("ResetDigest(%q) is not nil", bad)
		}
	}
	if account.ResetDigest(secret) == nil {
		t.Error("a real secret has no digest")
	}
}

func TestResetLinkStates(t *testing.T) {
	links := &account.ResetLinks{DB: db.DB}
	u := apptest.CreateUser(t, db, "")
	ctx := context.Background()
	secret, _, _ := links.CreateResetLink(ctx, u.ID, t0)
	l, owner, err := links.ResetLinkByDigest(ctx, account.ResetDigest(secret))
	if err != nil || owner.ID != u.ID {
		t.Fatalf("lookup: %v", err)
	}
	for _, tc := range []struct {
		at   time.Duration
		want account.LinkState
	}{
		{0, account.LinkValid},
		{29*time.Minute + 59*time.Second, account.LinkValid},
		{30 * time.Minute, account.LinkExpired},
		{24 * time.Hour, account.LinkExpired},
	} {
		if got := l.State(t0.Add(tc.at)); got != tc.want {
			t.Errorf("after %v: %s, want %s", tc.at, got, tc.want)
		}
	}
	if _, _, err := links.ResetLinkByDigest(ctx, account.ResetDigest("x")); !errors.Is(
		err,
		account.ErrNotFound,
	) {
		t.Errorf("unknown link: %v, want ErrNotFound", err)
	}
}

func TestResetPasswordSpendsTheLinkAndEndsEverySession(t *testing.T) {
	links := &account.ResetLinks{DB: db.DB}
	sessions := &account.Sessions{DB: db.DB}
	u := apptest.CreateUser(t, db, "")
	ctx := context.Background()
	used, _, _ := links.CreateResetLink(ctx, u.ID, t0)
	other, _, _ := links.CreateResetLink(ctx, u.ID, t0)
	s1, _ := sessions.CreateSession(ctx, u.ID, account.Browser{IP: "192.0.2.1"}, t0)
	s2, _ := sessions.CreateSession(ctx, u.ID, account.Browser{IP: "192.0.2.2"}, t0)

	id, err := links.ResetPassword(
		ctx,
		account.ResetDigest(used),
		"new-hash",
		t0.Add(time.Minute),
		"192.0.2.9",
	)
	if err != nil || id != u.ID {
		t.Fatalf("ResetPassword = %d, %v", id, err)
	}

	for _, secret := range []string{used, other} {
		l, _, _ := links.ResetLinkByDigest(ctx, account.ResetDigest(secret))
		if l.State(t0.Add(time.Minute)) != account.LinkUsed {
			t.Errorf("a link is still %s after the reset", l.State(t0.Add(time.Minute)))
		}
	}
	for _, s := range []*account.Session{s1, s2} {
		if _, _, err := sessions.ActiveSession(ctx, s.ID, t0.Add(time.Minute)); !errors.Is(
			err,
			account.ErrNotFound,
		) {
			t.Errorf("session %d survived the reset: %v", s.ID, err)
		}
	}
	var hash string
	db.DB.Get(&hash, `SELECT password_hash FROM users WHERE id = $1`, u.ID)
	if hash != "new-hash" {
		t.Errorf("hash %q not replaced", hash)
	}
	var action string
	db.DB.Get(&action, `SELECT action FROM audit_events WHERE actor_user_id = $1
		ORDER BY id DESC LIMIT 1`, u.ID)
	if action != "password.reset" {
		t.Errorf("audit action %q, want password.reset", action)
	}
	if _, err := links.ResetPassword(ctx, account.ResetDigest(used), "again", t0.Add(2*time.Minute), ""); !errors.Is(
		err,
		account.ErrLinkSpent,
	) {
		t.Errorf("second use: %v, want ErrLinkSpent", err)
	}
}

func TestExpiredLinkCannotResetThePassword(t *testing.T) {
	links := &account.ResetLinks{DB: db.DB}
	u := apptest.CreateUser(t, db, "")
	secret, _, _ := links.CreateResetLink(context.Background(), u.ID, t0)
	_, err := links.ResetPassword(context.Background(), account.ResetDigest(secret), "h",
		t0.Add(account.ResetLinkLifetime), "")
	if !errors.Is(err, account.ErrLinkSpent) {
		t.Errorf("expired link: %v, want ErrLinkSpent", err)
	}
}

func TestTwoSubmissionsOfOneLinkSetThePasswordOnce(t *testing.T) {
	links := &account.ResetLinks{DB: db.DB}
	u := apptest.CreateUser(t, db, "")
	secret, _, _ := links.CreateResetLink(context.Background(), u.ID, t0)
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = links.ResetPassword(context.Background(), account.ResetDigest(secret),
				"hash", t0.Add(time.Minute), "")
		}()
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, account.ErrLinkSpent):
			t.Errorf("unexpected error %v", err)
		}
	}
	if won != 1 {
		t.Errorf("%d submissions set the password, want exactly 1", won)
	}
}

// The email change (issue 3) calls InvalidateResetLinks inside its own
// transaction: the links must die with the commit and live on a rollback.
func TestInvalidateResetLinksKillsPendingLinksWithTheTransaction(t *testing.T) {
	links := &account.ResetLinks{DB: db.DB}
	u := apptest.CreateUser(t, db, "")
	ctx := context.Background()
	secret, _, _ := links.CreateResetLink(ctx, u.ID, t0)
	bystander := apptest.CreateUser(t, db, "")
	theirs, _, _ := links.CreateResetLink(ctx, bystander.ID, t0)
	state := func(s string) account.LinkState {
		l, _, _ := links.ResetLinkByDigest(ctx, account.ResetDigest(s))
		return l.State(t0.Add(time.Minute))
	}

	rolledBack := errors.New("the email change failed")
	err := database.InTx(ctx, db.DB, func(tx *sqlx.Tx) error {
		if err := account.InvalidateResetLinks(ctx, tx, u.ID); err != nil {
			return err
		}
		return rolledBack
	})
	if !errors.Is(err, rolledBack) || state(secret) != account.LinkValid {
		t.Fatalf("after a rolled-back change the link is %s", state(secret))
	}

	err = database.InTx(ctx, db.DB, func(tx *sqlx.Tx) error {
		return account.InvalidateResetLinks(ctx, tx, u.ID)
	})
	if err != nil {
		t.Fatal(err)
	}
	if state(secret) != account.LinkUsed {
		t.Errorf("after the change the link is %s, want used", state(secret))
	}
	if _, err := links.ResetPassword(ctx, account.ResetDigest(secret), "h", t0.Add(time.Minute), ""); !errors.Is(
		err,
		account.ErrLinkSpent,
	) {
		t.Errorf("the invalidated link still resets: %v", err)
	}
	if state(theirs) != account.LinkValid {
		t.Error("another account's link was invalidated")
	}
}

func TestDeactivatedAccountsLinksAreUnknown(t *testing.T) {
	links := &account.ResetLinks{DB: db.DB}
	u := apptest.CreateUser(t, db, "")
	secret, _, _ := links.CreateResetLink(context.Background(), u.ID, t0)
	(&account.Users{DB: db.DB}).DeactivateUser(context.Background(), u.ID)
	if _, _, err := links.ResetLinkByDigest(context.Background(), account.ResetDigest(secret)); !errors.Is(
		err,
		account.ErrNotFound,
	) {
		t.Errorf("lookup: %v, want ErrNotFound", err)
	}
}
