package mail

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"
)

// FileSender writes each message as an .eml file under Dir and logs the
// file's name (never its content), for development without a mail server.
type FileSender struct {
	Dir  string
	From string
	Log  *slog.Logger
}

// Send writes the message to a new file.
func (f *FileSender) Send(ctx context.Context, m Message) error {
	msg, err := compose(f.From, m)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(f.Dir, 0o700); err != nil {
		return fmt.Errorf("mail: %w", err)
	}
	suffix := make([]byte, 4)
	rand.Read(suffix)
	name := filepath.Join(f.Dir, time.Now().UTC().Format("20060102T150405.000")+"-"+
		hex.EncodeToString(suffix)+".eml")

	file, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("mail: %w", err)
	}
	if _, err := msg.WriteTo(file); err != nil {
		file.Close()
		return fmt.Errorf("mail: write %s: %w", name, err)
	}
	if err := file.Close(); err != nil {
		return fmt.Errorf("mail: write %s: %w", name, err)
	}
	f.Log.Info("mail saved", "file", name, "subject", m.Subject)
	return nil
}
