// Package mail sends Incido's notices: over SMTP when INCIDO_SMTP_URL is
// set, otherwise as .eml files in a folder, never dropped and never printed.
package mail

import (
	"context"
)

// Message is one notice to one person. Text is required; HTML is optional.
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
