package apptest

import (
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Mailbox is a real SMTP server on a loopback port that keeps every
// message it is given, for tests that read what Incido mailed.
type Mailbox struct {
	// URL is the server's address in INCIDO_SMTP_URL form.
	URL string

	mu       sync.Mutex
	received []Mail
	arrived  chan struct{}
}

// Mail is one delivered message, decoded.
type Mail struct {
	From    string
	To      []string
	Subject string
	Header  mail.Header
	Text    string
	HTML    string
	Raw     string
}

// NewMailbox starts an SMTP server for the test; it stops with the test.
func NewMailbox(t testing.TB) *Mailbox {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	b := &Mailbox{URL: "smtp://" + l.Addr().String(), arrived: make(chan struct{}, 100)}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		return &mailboxSession{box: b}, nil
	}))
	srv.Domain = "localhost"
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return b
}

// Next waits for the next message not yet returned, failing the test
// when none arrives within ten seconds.
func (b *Mailbox) Next(t testing.TB) Mail {
	t.Helper()
	select {
	case <-b.arrived:
	case <-time.After(10 * time.Second):
		t.Fatal("no mail arrived within 10s")
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	m := b.received[0]
	b.received = b.received[1:]
	return m
}

// Pending is how many delivered messages Next has not returned yet.
func (b *Mailbox) Pending() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.received)
}

func (b *Mailbox) deliver(m Mail) {
	b.mu.Lock()
	b.received = append(b.received, m)
	b.mu.Unlock()
	b.arrived <- struct{}{}
}

type mailboxSession struct {
	box  *Mailbox
	from string
	to   []string
}

func (s *mailboxSession) Reset()        { s.from, s.to = "", nil }
func (s *mailboxSession) Logout() error { return nil }

func (s *mailboxSession) Mail(from string, _ *smtp.MailOptions) error {
	s.from = from
	return nil
}

func (s *mailboxSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}

func (s *mailboxSession) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m, err := parseMail(string(raw))
	if err != nil {
		return err
	}
	m.From, m.To = s.from, s.to
	s.box.deliver(m)
	return nil
}

func parseMail(raw string) (Mail, error) {
	msg, err := mail.ReadMessage(strings.NewReader(raw))
	if err != nil {
		return Mail{}, err
	}
	subject, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	m := Mail{Subject: subject, Header: msg.Header, Raw: raw}
	err = readParts(&m, msg.Header.Get("Content-Type"),
		msg.Header.Get("Content-Transfer-Encoding"), msg.Body)
	return m, err
}

// readParts fills Text and HTML from a body, descending into multiparts.
func readParts(m *Mail, contentType, encoding string, body io.Reader) error {
	media, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		media = "text/plain"
	}
	if strings.HasPrefix(media, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			err = readParts(m, p.Header.Get("Content-Type"),
				p.Header.Get("Content-Transfer-Encoding"), p)
			if err != nil {
				return err
			}
		}
	}
	switch strings.ToLower(encoding) {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body)
	}
	text, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	switch media {
	case "text/plain":
		m.Text += strings.ReplaceAll(string(text), "\r\n", "\n")
	case "text/html":
		m.HTML += string(text)
	}
	return nil
}

var linkPattern = regexp.MustCompile(`https?://[^\s<>"]+`)

// Links are the URLs in the plain-text part, in order.
func (m Mail) Links() []string {
	return linkPattern.FindAllString(m.Text, -1)
}

// Link is the first URL of the plain-text part that starts with prefix,
// or "" when there is none.
func (m Mail) Link(prefix string) string {
	for _, l := range m.Links() {
		if strings.HasPrefix(l, prefix) {
			return l
		}
	}
	return ""
}

// SavedMail reads, decoded, the messages the server's file sender wrote
// to its mail folder (the sender used when INCIDO_SMTP_URL is unset),
// once the mail handlers sent after their responses is out.
func (s *Server) SavedMail(t testing.TB) []Mail {
	t.Helper()
	s.App.Dashboard.Wait()
	return ReadMailDir(t, s.App.Config.MailDir)
}

// ReadMailDir reads, decoded, the .eml files a file sender wrote to dir.
func ReadMailDir(t testing.TB, dir string) []Mail {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.eml"))
	if err != nil {
		t.Fatal(err)
	}
	var out []Mail
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		m, err := parseMail(string(raw))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if addrs, err := m.Header.AddressList("To"); err == nil {
			for _, a := range addrs {
				m.To = append(m.To, a.Address)
			}
		}
		out = append(out, m)
	}
	return out
}
