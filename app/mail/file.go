package mail

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"mime"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// FileSender writes each message as an .eml file under Dir and logs the
// file's name (never its content).
type FileSender struct {
	Dir  string
	From string
	Log  *slog.Logger
}

// Send writes the message to a new file.
func (f *FileSender) Send(ctx context.Context, m Message) error {
	if err := os.MkdirAll(f.Dir, 0o700); err != nil {
		return fmt.Errorf("mail: %w", err)
	}
	suffix := make([]byte, 4)
	rand.Read(suffix)
	name := filepath.Join(f.Dir, time.Now().UTC().Format("20060102T150405.000")+"-"+
		hex.EncodeToString(suffix)+".eml")
	var b strings.Builder
	fmt.Fprintf(&b, "From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMIME-Version: 1.0\r\n",
		f.From, m.To, mime.QEncoding.Encode("utf-8", m.Subject), time.Now().UTC().Format(time.RFC1123Z))
	b.WriteString("Content-Type: text/plain; charset=utf-8\r\n\r\n")
	b.WriteString(strings.ReplaceAll(m.Text, "\n", "\r\n"))
	if err := os.WriteFile(name, []byte(b.String()), 0o600); err != nil {
		return fmt.Errorf("mail: %w", err)
	}
	f.Log.Info("mail saved", "file", name, "subject", m.Subject)
	return nil
}
