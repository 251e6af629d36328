package token_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/incido/incido/app/access"
	"github.com/incido/incido/app/apptest"
	"github.com/incido/incido/app/audit"
	incidomail "github.com/incido/incido/app/mail"
	"github.com/incido/incido/app/token"
)

// mailbox is a folder the file sender writes to, read back by subject.
type mailbox struct{ dir string }

func (m mailbox) sender() *incidomail.FileSender {
	return &incidomail.FileSender{Dir: m.dir, From: "Incido <no-reply@localhost>",
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
}

// take returns the subjects of the messages delivered since the last
// call, sorted.
func (m mailbox) take(t *testing.T) []string {
	t.Helper()
	var subjects []string
	for _, msg := range apptest.ReadMailDir(t, m.dir) {
		subjects = append(subjects, msg.Subject)
	}
	files, _ := filepath.Glob(filepath.Join(m.dir, "*.eml"))
	for _, f := range files {
		os.Remove(f)
	}
	sort.Strings(subjects)
	return subjects
}

func TestExpiryNoticesGoOutOnceEachAcrossInstances(t *testing.T) {
	tokens := &token.Tokens{DB: db.DB}
	u := apptest.CreateUser(t, db, "")
	t0 := time.Date(2031, 1, 1, 9, 0, 0, 0, time.UTC)
	create := func(name string, life time.Duration) int64 {
		at := t0.Add(life)
		tok, _, err := tokens.CreateToken(context.Background(), token.NewToken{
			UserID: u.ID, Name: name, Grant: access.Grant{All: true}, ExpiresAt: &at,
			Actor: audit.Actor{UserID: u.ID},
		}, t0)
		if err != nil {
			t.Fatal(err)
		}
		return tok.ID
	}
	const day = 24 * time.Hour
	create("monthly", 30*day)
	create("five days", 5*day)
	create("one day", day)
	revoked := create("revoked", 30*day)
	db.DB.MustExec(`UPDATE api_tokens SET revoked_at = $2 WHERE id = $1`, revoked, t0)

	box := mailbox{t.TempDir()}
	clock := &apptest.Clock{}
	notifiers := make([]*token.Notifier, 3)
	for i := range notifiers {
		notifiers[i] = &token.Notifier{Tokens: tokens, Mail: box.sender(),
			Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: clock.Now}
	}
	runAll := func() {
		var wg sync.WaitGroup
		for _, n := range notifiers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := n.SendDue(context.Background()); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
	}

	steps := []struct {
		at   time.Duration
		want []string
	}{
		{time.Hour, nil},
		{4*day + 2*time.Hour, []string{"Your Incido token “five days” expires within a day"}},
		{4*day + 3*time.Hour, nil},
		{23*day + time.Hour, []string{"Your Incido token “monthly” expires in 7 days"}},
		{25 * day, nil},
		{29*day + time.Hour, []string{"Your Incido token “monthly” expires within a day"}},
		{29*day + 2*time.Hour, nil},
		{31 * day, nil},
	}
	for _, st := range steps {
		clock.Set(t0.Add(st.at))
		runAll()
		if got := box.take(t); strings.Join(got, "|") != strings.Join(st.want, "|") {
			t.Errorf("at t0+%v: sent %q, want %q", st.at, got, st.want)
		}
	}
}

func TestAnExpiryNoticeThatCouldNotBeSentIsSentOnTheNextRun(t *testing.T) {
	tokens := &token.Tokens{DB: db.DB}
	u := apptest.CreateUser(t, db, "")
	t0 := time.Date(2032, 5, 1, 9, 0, 0, 0, time.UTC)
	at := t0.Add(10 * 24 * time.Hour)
	if _, _, err := tokens.CreateToken(context.Background(), token.NewToken{
		UserID: u.ID, Name: "flaky mail", Grant: access.Grant{All: true}, ExpiresAt: &at,
		Actor: audit.Actor{UserID: u.ID},
	}, t0); err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return at.Add(-3 * 24 * time.Hour) }
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))

	// A file where the mail folder should be: every delivery fails.
	blocked := filepath.Join(t.TempDir(), "not-a-folder")
	os.WriteFile(blocked, nil, 0o600)
	broken := &token.Notifier{Tokens: tokens, Mail: mailbox{blocked}.sender(), Log: quiet, Now: now}
	if err := broken.SendDue(context.Background()); err != nil {
		t.Fatal(err)
	}

	box := mailbox{t.TempDir()}
	working := &token.Notifier{Tokens: tokens, Mail: box.sender(), Log: quiet, Now: now}
	if err := working.SendDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := box.take(t); len(got) != 1 || !strings.Contains(got[0], "flaky mail") {
		t.Errorf("after a failed delivery, the next run sent %q", got)
	}
}
