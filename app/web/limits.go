package web

import (
	"fmt"
	"math"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/incido/incido/app/account"
	"github.com/incido/incido/app/ratelimit"
)

// The rate limits. Sign-ins count only failures (a success refunds its
// attempt) so an office behind one address is not locked out by its own
// colleagues; reset requests count every request, since each sends mail.
// Keys are the email as typed, whether or not an account uses it, so the
// limits answer the same for known and unknown addresses.
var (
	signInPerAccount = ratelimit.Rule{Name: "signin-account", Limit: 10, Window: 15 * time.Minute}
	signInPerClient  = ratelimit.Rule{Name: "signin-client", Limit: 50, Window: 15 * time.Minute}
	resetPerAccount  = ratelimit.Rule{Name: "reset-account", Limit: 5, Window: time.Hour}
	resetPerClient   = ratelimit.Rule{Name: "reset-client", Limit: 20, Window: time.Hour}
)

// accountKey counts against the address typed, in its normalised form
// when it is one, so that case and spacing do not make new keys.
func accountKey(rule ratelimit.Rule, email string) ratelimit.Key {
	if normalized, err := account.NormalizeEmail(email); err == nil {
		email = normalized
	}
	return ratelimit.Key{Rule: rule, Value: strings.ToLower(strings.TrimSpace(email))}
}

// clientKey counts against the client's address (the proxy's view of it
// only behind INCIDO_TRUSTED_PROXIES), in its canonical form. An IPv6
// client counts by its /64: a single line is routinely given one, and
// counting each of its 2^64 addresses apart would be no limit at all.
func clientKey(rule ratelimit.Rule, c *gin.Context) ratelimit.Key {
	return ratelimit.Key{Rule: rule, Value: clientNetwork(c.ClientIP())}
}

func clientNetwork(ip string) string {
	addr, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	addr = addr.Unmap()
	if addr.Is4() {
		return addr.String()
	}
	network, _ := addr.WithZone("").Prefix(64)
	return network.String()
}

// retry is what a refused form says: when to try again.
type retry struct {
	At time.Time
	// In is the wait in words, such as "12 minutes".
	In string
}

// refused sets Retry-After for a refused attempt and says when to retry.
func (d *Dashboard) refused(c *gin.Context, res ratelimit.Result) *retry {
	wait := res.RetryAfter(d.Now())
	c.Header("Retry-After", strconv.Itoa(int(wait.Seconds())))
	return &retry{At: res.RetryAt, In: waitInWords(wait)}
}

// waitInWords rounds a wait up to whole minutes, or seconds under one.
func waitInWords(d time.Duration) string {
	if d < time.Minute {
		return plural(int(math.Ceil(d.Seconds())), "second")
	}
	return plural(int(math.Ceil(d.Minutes())), "minute")
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}
