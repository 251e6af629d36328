// Package config reads Incido's settings from the environment, once, at
// start-up, into a validated struct that is passed down.
package config

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"strings"
)

// Config is everything the server is configured with.
type Config struct {
	DatabaseURL string
	Addr        string
	BaseURL     *url.URL
	// SessionKeys sign session cookies, newest first; older keys still
	// read cookies so that keys rotate without signing anyone out.
	SessionKeys [][]byte
	// EphemeralKey is true when no key was configured and one was made up
	// for this process.
	EphemeralKey bool
	SMTPURL      *url.URL
	MailFrom     *mail.Address
	MailDir      string
	// TrustedProxies are the addresses (or CIDR ranges) of the proxies
	// whose X-Forwarded-For names the client; none by default, so a
	// client cannot choose the address that rate limits count against.
	TrustedProxies []string
}

// SecureCookies reports whether cookies must carry the Secure attribute.
func (c *Config) SecureCookies() bool {
	return c.BaseURL.Scheme == "https"
}

// Error names the variable that is missing or invalid.
type Error struct {
	Variable string
	Problem  string
}

func (e *Error) Error() string {
	return fmt.Sprintf("config: %s: %s", e.Variable, e.Problem)
}

// Load reads the configuration through getenv (os.Getenv in production).
func Load(getenv func(string) string) (*Config, error) {
	c := &Config{
		DatabaseURL: getenv("DATABASE_URL"),
		Addr:        or(getenv("INCIDO_ADDR"), "127.0.0.1:8080"),
		MailDir:     or(getenv("INCIDO_MAIL_DIR"), "var/mail"),
	}
	if err := c.loadDatabase(); err != nil {
		return nil, err
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return nil, &Error{"INCIDO_ADDR", "want host:port, such as 127.0.0.1:8080"}
	}
	if err := c.loadBaseURL(getenv("INCIDO_BASE_URL")); err != nil {
		return nil, err
	}
	if err := c.loadSessionKeys(getenv("INCIDO_SESSION_KEYS")); err != nil {
		return nil, err
	}
	if err := c.loadMail(getenv("INCIDO_SMTP_URL"), getenv("INCIDO_MAIL_FROM")); err != nil {
		return nil, err
	}
	if err := c.loadTrustedProxies(getenv("INCIDO_TRUSTED_PROXIES")); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *Config) loadTrustedProxies(raw string) error {
	for _, part := range strings.Split(raw, ",") {
		p := strings.TrimSpace(part)
		if p == "" {
			continue
		}
		if net.ParseIP(p) == nil {
			if _, _, err := net.ParseCIDR(p); err != nil {
				return &Error{"INCIDO_TRUSTED_PROXIES", fmt.Sprintf(
					"%q is neither an IP address nor a CIDR range such as 10.0.0.0/8", p)}
			}
		}
		c.TrustedProxies = append(c.TrustedProxies, p)
	}
	return nil
}

func (c *Config) loadDatabase() error {
	if c.DatabaseURL == "" {
		return &Error{"DATABASE_URL", "is not set; want a PostgreSQL URL such as " +
			"postgres://user@127.0.0.1:5432/incido?sslmode=disable"}
	}
	u, err := url.Parse(c.DatabaseURL)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return &Error{"DATABASE_URL", "is not a postgres:// URL"}
	}
	return nil
}

func (c *Config) loadBaseURL(raw string) error {
	if raw == "" {
		raw = "http://" + c.Addr
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return &Error{"INCIDO_BASE_URL", "want an http:// or https:// URL"}
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	c.BaseURL = u
	return nil
}

func (c *Config) loadSessionKeys(raw string) error {
	if strings.TrimSpace(raw) == "" {
		key := make([]byte, 32)
		rand.Read(key)
		c.SessionKeys, c.EphemeralKey = [][]byte{key}, true
		return nil
	}
	for i, part := range strings.Split(raw, ",") {
		key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(part))
		if err != nil {
			key, err = base64.RawURLEncoding.DecodeString(strings.TrimSpace(part))
		}
		if err != nil || len(key) < 32 {
			return &Error{"INCIDO_SESSION_KEYS", fmt.Sprintf(
				"key %d is not base64 of at least 32 bytes (make one with: openssl rand -base64 32)", i+1)}
		}
		c.SessionKeys = append(c.SessionKeys, key)
	}
	return nil
}

func (c *Config) loadMail(smtpURL, from string) error {
	if smtpURL != "" {
		u, err := url.Parse(smtpURL)
		if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Port() == "" {
			return &Error{"INCIDO_SMTP_URL", "want smtp://[user:pass@]host:port or smtps://…"}
		}
		c.SMTPURL = u
	}
	addr, err := mail.ParseAddress(or(from, "Incido <no-reply@localhost>"))
	if err != nil {
		return &Error{"INCIDO_MAIL_FROM", "is not an email address"}
	}
	c.MailFrom = addr
	return nil
}

func or(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}
