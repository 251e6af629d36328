package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

// requestLog writes one line per request, with a request id, the route
// pattern rather than the raw path (paths can hold reset tokens), and the
// errors handlers attached. 4xx are warnings, 5xx errors.
func requestLog(log *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		id := newRequestID()
		c.Header("X-Request-Id", id)
		c.Next()

		status := c.Writer.Status()
		route := c.FullPath()
		if route == "" {
			route = "unmatched"
		}
		attrs := []any{"request_id", id, "method", requestMethod(c.Request), "route", route,
			"status", status, "duration_ms", time.Since(start).Milliseconds(), "ip", c.ClientIP()}
		if len(c.Errors) > 0 {
			attrs = append(attrs, "error", c.Errors.String())
		}
		switch {
		case status >= 500:
			log.Error("request", attrs...)
		case status >= 400:
			log.Warn("request", attrs...)
		default:
			log.Info("request", attrs...)
		}
	}
}

func newRequestID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; " +
	"img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; " +
	"frame-ancestors 'none'"

// securityHeaders sets the headers every answer carries.
func securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	c.Next()
}

// crossOriginProtection refuses cross-origin form posts to the Dashboard,
// using the browser's Sec-Fetch-Site and Origin headers. The bearer-only
// API is not behind it: a browser never attaches a bearer token by itself.
func crossOriginProtection() gin.HandlerFunc {
	cop := http.NewCrossOriginProtection()
	return func(c *gin.Context) {
		if err := cop.Check(c.Request); err != nil {
			c.Header("Cache-Control", "no-store")
			c.String(http.StatusForbidden, "Cross-origin request refused.")
			c.Abort()
			return
		}
		c.Next()
	}
}

// limitFormBody caps the body of Dashboard form posts at max and parses
// it whole, URL-encoded or multipart, so that a huge password is refused
// before any hashing whatever its encoding.
func limitFormBody(max int64) gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.Request.Method != http.MethodPost || c.Request.Body == nil {
			c.Next()
			return
		}
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, max)
		if err := parseForm(c.Request, max); err != nil {
			var tooLarge *http.MaxBytesError
			status, msg := http.StatusBadRequest, "The form could not be read."
			if errors.As(err, &tooLarge) {
				status, msg = http.StatusRequestEntityTooLarge, "The form is too large."
			}
			c.Header("Cache-Control", "no-store")
			c.String(status, msg)
			c.Abort()
			return
		}
		c.Next()
	}
}

// parseForm reads a form body, URL-encoded or multipart; a multipart one
// is kept in memory, being no larger than max.
func parseForm(r *http.Request, max int64) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	if mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mediaType ==
		"multipart/form-data" {
		return r.ParseMultipartForm(max)
	}
	return nil
}

// allowHEAD adds HEAD to the methods a 405 lists when GET is one of them,
// since answerHEAD serves it.
func allowHEAD(c *gin.Context) {
	allow := c.Writer.Header().Get("Allow")
	if strings.Contains(allow, http.MethodGet) {
		c.Header("Allow", allow+", "+http.MethodHead)
	}
}

// answerHEAD serves a HEAD request as its GET, as RFC 9110 wants of every
// resource that has GET; net/http leaves out the body of the answer to a
// HEAD request by itself. gin would route HEAD only where it is declared.
func answerHEAD(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			r = r.WithContext(context.WithValue(r.Context(), askedHEAD{}, true))
			r.Method = http.MethodGet
		}
		next.ServeHTTP(w, r)
	})
}

// askedHEAD marks, for the request log, a request that came as HEAD.
type askedHEAD struct{}

// requestMethod is the method the client used.
func requestMethod(r *http.Request) string {
	if head, _ := r.Context().Value(askedHEAD{}).(bool); head {
		return http.MethodHead
	}
	return r.Method
}
