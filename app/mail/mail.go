// Package mail sends Incido's notices: over SMTP when INCIDO_SMTP_URL is
// set, otherwise as .eml files in a folder, never dropped and never printed.
package mail

import (
	"context"
	"fmt"
	"log/slog"

	gomail "github.com/wneessen/go-mail"

	"github.com/incido/incido/app/config"
)

// Message is one notice to one person. Text is required; HTML, when set,
// is sent as the alternative a mail client shows by preference.
// A message never carries a secret other than a password-reset link.
type Message struct {
	To      string
	Subject string
	Text    string
	HTML    string
}

// Sender delivers messages.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// FromConfig is the sender the configuration asks for: SMTP when
// INCIDO_SMTP_URL is set, files under INCIDO_MAIL_DIR otherwise.
func FromConfig(cfg *config.Config, log *slog.Logger) Sender {
	if cfg.SMTPURL != nil {
		return &SMTPSender{URL: cfg.SMTPURL, From: cfg.MailFrom.String(), Log: log}
	}
	return &FileSender{Dir: cfg.MailDir, From: cfg.MailFrom.String(), Log: log}
}

// compose builds the MIME message: plain text alone, or plain text and
// HTML as multipart/alternative.
func compose(from string, m Message) (*gomail.Msg, error) {
	msg := gomail.NewMsg()
	if err := msg.From(from); err != nil {
		return nil, fmt.Errorf("mail: from: %w", err)
	}
	if err := msg.To(m.To); err != nil {
		return nil, fmt.Errorf("mail: to: %w", err)
	}
	msg.Subject(m.Subject)
	msg.SetDate()
	msg.SetMessageID()
	msg.SetUserAgent("Incido")
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	return msg, nil
}
