package ratelimit_test

import (
	"context"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/incido/incido/app/database"
	"github.com/incido/incido/app/database/dbtest"
	"github.com/incido/incido/app/ratelimit"
)

var db *dbtest.Database

func TestMain(m *testing.M) {
	os.Exit(dbtest.Run(m, &db))
}

var t0 = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

func rule(name string, limit int) ratelimit.Rule {
	return ratelimit.Rule{Name: name, Limit: limit, Window: 15 * time.Minute}
}

func take(
	t *testing.T,
	l *ratelimit.Limiter,
	now time.Time,
	keys ...ratelimit.Key,
) ratelimit.Result {
	t.Helper()
	res, err := l.Take(context.Background(), now, keys...)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestLimitHoldsUnderConcurrentAttemptsOnTwoInstances(t *testing.T) {
	// Two limiters on two connection pools stand for two server instances.
	other, err := database.Open(context.Background(), db.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	instances := []*ratelimit.Limiter{{DB: db.DB}, {DB: other}}
	key := ratelimit.Key{Rule: rule("concurrent", 10), Value: "kim@example.com"}

	var allowed atomic.Int32
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := instances[i%2].Take(context.Background(), t0, key)
			if err != nil {
				t.Error(err)
				return
			}
			if res.Allowed {
				allowed.Add(1)
			}
		}()
	}
	wg.Wait()
	if got := allowed.Load(); got != 10 {
		t.Errorf("%d of 40 concurrent attempts allowed, want exactly 10", got)
	}
}

func TestRefusedAttemptsSayWhenToRetryAndTheNextWindowReopens(t *testing.T) {
	l := &ratelimit.Limiter{DB: db.DB}
	key := ratelimit.Key{Rule: rule("reopen", 3), Value: "198.51.100.7"}
	now := t0.Add(4 * time.Minute)
	for i := range 3 {
		if !take(t, l, now, key).Allowed {
			t.Fatalf("attempt %d refused under the limit", i+1)
		}
	}

	// Hammering while refused does not push the reopening further out.
	for range 5 {
		res := take(t, l, now.Add(time.Minute), key)
		if res.Allowed {
			t.Fatal("attempt over the limit allowed")
		}
		if want := t0.Add(15 * time.Minute); !res.RetryAt.Equal(want) {
			t.Fatalf("RetryAt = %v, want the window's end %v", res.RetryAt, want)
		}
		if got := res.RetryAfter(now.Add(time.Minute)); got != 10*time.Minute {
			t.Errorf("RetryAfter = %v, want 10m", got)
		}
	}
	if !take(t, l, t0.Add(15*time.Minute), key).Allowed {
		t.Error("attempt refused after the window ended")
	}
}

func TestTakeCountsNothingWhenOneKeyIsFull(t *testing.T) {
	l := &ratelimit.Limiter{DB: db.DB}
	account := ratelimit.Key{Rule: rule("all-or-nothing-account", 2), Value: "kim@example.com"}
	client := ratelimit.Key{Rule: rule("all-or-nothing-client", 1), Value: "203.0.113.9"}
	if !take(t, l, t0, account, client).Allowed {
		t.Fatal("first attempt refused")
	}
	if take(t, l, t0, account, client).Allowed {
		t.Fatal("attempt allowed with the client key full")
	}
	// The refused attempt took nothing from the account's allowance.
	if !take(t, l, t0, account).Allowed {
		t.Error("the account key was charged for a refused attempt")
	}
	if take(t, l, t0, account).Allowed {
		t.Error("the account key allowed more than its limit")
	}
}

func TestRefundGivesAnAttemptBack(t *testing.T) {
	l := &ratelimit.Limiter{DB: db.DB}
	key := ratelimit.Key{Rule: rule("refund", 1), Value: "kim@example.com"}
	take(t, l, t0, key)
	if err := l.Refund(context.Background(), t0, key); err != nil {
		t.Fatal(err)
	}
	if !take(t, l, t0, key).Allowed {
		t.Error("a refunded attempt still counts")
	}
	// A refund never goes below zero.
	for range 3 {
		l.Refund(context.Background(), t0, key)
	}
	take(t, l, t0, key)
	if take(t, l, t0, key).Allowed {
		t.Error("refunds below zero made room for extra attempts")
	}
}

func TestCountersDoNotStoreTheValue(t *testing.T) {
	l := &ratelimit.Limiter{DB: db.DB}
	value := "typed-my-password-in-the-email-box"
	take(t, l, t0, ratelimit.Key{Rule: rule("digest", 5), Value: value})
	var n int
	db.DB.Get(&n, `SELECT count(*) FROM rate_limits WHERE bucket LIKE '%' || $1 || '%'`, value)
	if n != 0 {
		t.Error("the counted value is stored in clear")
	}
}

func TestOldWindowsArePruned(t *testing.T) {
	l := &ratelimit.Limiter{DB: db.DB}
	old := ratelimit.Key{Rule: rule("prune-old", 5), Value: "x"}
	take(t, l, t0, old)
	take(t, l, t0.Add(48*time.Hour), ratelimit.Key{Rule: rule("prune-new", 5), Value: "x"})
	var buckets []string
	db.DB.Select(&buckets, `SELECT bucket FROM rate_limits WHERE bucket LIKE 'prune-%'`)
	if len(buckets) != 1 || !strings.HasPrefix(buckets[0], "prune-new:") {
		t.Errorf("after two days the buckets are %v, want only prune-new", buckets)
	}
}

func TestRetryAfterRoundsUpToWholeSeconds(t *testing.T) {
	for _, tc := range []struct {
		left time.Duration
		want time.Duration
	}{
		{90*time.Second + time.Millisecond, 91 * time.Second},
		{90 * time.Second, 90 * time.Second},
		{100 * time.Millisecond, time.Second},
		{-time.Minute, time.Second},
	} {
		res := ratelimit.Result{RetryAt: t0.Add(tc.left)}
		if got := res.RetryAfter(t0); got != tc.want {
			t.Errorf("RetryAfter with %v left = %v, want %v", tc.left, got, tc.want)
		}
	}
}
