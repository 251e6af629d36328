package mail_test

import (
	"context"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/incido/incido/app/apptest"
	"github.com/incido/incido/app/config"
	"github.com/incido/incido/app/mail"
)

var notice = mail.Message{
	To:      "kim@example.com",
	Subject: "Your Incido password was changed — für Kim",
	Text:    "Hello Kim,\n\nYour password was changed at 09:30 CET.\n",
	HTML:    "<p>Hello Kim,</p><p>Your password was changed at <strong>09:30 CET</strong>.</p>",
}

func TestSMTPSenderDeliversPlainTextAndHTML(t *testing.T) {
	box := apptest.NewMailbox(t)
	var logs strings.Builder
	cfg, err := config.Load(func(k string) string {
		return map[string]string{
			"DATABASE_URL":     "postgres://x@127.0.0.1/x",
			"INCIDO_SMTP_URL":  box.URL,
			"INCIDO_MAIL_FROM": "Incido <no-reply@incido.example>",
		}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	sender := mail.FromConfig(cfg, slog.New(slog.NewTextHandler(&logs, nil)))
	if _, ok := sender.(*mail.SMTPSender); !ok {
		t.Fatalf("with INCIDO_SMTP_URL set the sender is %T", sender)
	}
	if err := sender.Send(context.Background(), notice); err != nil {
		t.Fatal(err)
	}

	got := box.Next(t)
	if got.Subject != notice.Subject {
		t.Errorf("subject %q, want %q", got.Subject, notice.Subject)
	}
	if got.From != "no-reply@incido.example" || len(got.To) != 1 || got.To[0] != notice.To {
		t.Errorf("envelope from %q to %v", got.From, got.To)
	}
	if !strings.HasPrefix(got.Header.Get("Content-Type"), "multipart/alternative") {
		t.Errorf("Content-Type %q, want multipart/alternative", got.Header.Get("Content-Type"))
	}
	if got.Text != notice.Text {
		t.Errorf("text part %q, want %q", got.Text, notice.Text)
	}
	if !strings.Contains(got.HTML, "<strong>09:30 CET</strong>") {
		t.Errorf("html part %q", got.HTML)
	}
	if strings.Contains(logs.String(), "changed at") {
		t.Error("the log holds the message body")
	}
}

func TestSMTPSenderReportsAnUnreachableServer(t *testing.T) {
	u, _ := url.Parse("smtp://127.0.0.1:1")
	s := &mail.SMTPSender{URL: u, From: "no-reply@localhost", Log: slog.Default()}
	if err := s.Send(context.Background(), notice); err == nil {
		t.Fatal("sending to a closed port succeeded")
	}
}

func TestFileSenderWritesAMultipartMessageAndLogsOnlyTheFile(t *testing.T) {
	dir := t.TempDir()
	var logs strings.Builder
	f := &mail.FileSender{Dir: dir, From: "Incido <no-reply@localhost>",
		Log: slog.New(slog.NewTextHandler(&logs, nil))}
	if err := f.Send(context.Background(), notice); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
	if len(files) != 1 {
		t.Fatalf("%d files written, want 1", len(files))
	}
	raw, _ := os.ReadFile(files[0])
	for _, want := range []string{"multipart/alternative", "text/plain", "text/html",
		"To: <kim@example.com>"} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("the .eml lacks %q:\n%s", want, raw)
		}
	}
	if !strings.Contains(logs.String(), files[0]) || strings.Contains(logs.String(), "changed at") {
		t.Errorf("log %q should name the file and not the body", logs.String())
	}
	if info, _ := os.Stat(files[0]); info.Mode().Perm() != 0o600 {
		t.Errorf("file mode %v, want 0600", info.Mode().Perm())
	}
}
