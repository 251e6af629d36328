package mail

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// smtpTimeout bounds connecting to and talking with the mail server.
const smtpTimeout = 20 * time.Second

// SMTPSender delivers through the server in URL: smtp:// upgrades with
// STARTTLS when the server offers it, smtps:// speaks TLS from the start;
// a user and password in the URL are used to authenticate.
type SMTPSender struct {
	URL  *url.URL
	From string
	Log  *slog.Logger
}

// Send delivers one message over a connection of its own, so concurrent
// sends share no state.
func (s *SMTPSender) Send(ctx context.Context, m Message) error {
	msg, err := compose(s.From, m)
	if err != nil {
		return err
	}
	client, err := gomail.NewClient(s.URL.Hostname(), s.options()...)
	if err != nil {
		return fmt.Errorf("mail: smtp client: %w", err)
	}
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("mail: send through %s: %w", s.URL.Host, err)
	}
	s.Log.Info("mail sent", "server", s.URL.Host, "subject", m.Subject)
	return nil
}

func (s *SMTPSender) options() []gomail.Option {
	port, _ := strconv.Atoi(s.URL.Port())
	opts := []gomail.Option{gomail.WithPort(port), gomail.WithTimeout(smtpTimeout)}
	if s.URL.Scheme == "smtps" {
		opts = append(opts, gomail.WithSSL())
	} else {
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	}
	if user := s.URL.User; user != nil {
		pass, _ := user.Password()
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(user.Username()), gomail.WithPassword(pass))
	}
	return opts
}
