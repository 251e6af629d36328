// Package ratelimit counts attempts in fixed time windows kept in
// PostgreSQL, so that every server instance sees the same counts.
//
// Each hit is one atomic UPSERT that counts the attempt only while its
// window has room: concurrent attempts on any number of instances can never
// push a window past its limit, and refused attempts are not counted, so a
// client that keeps hammering is let in again when the window ends.
package ratelimit

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jmoiron/sqlx"
)

// Rule is one limit: at most Limit attempts per Window for each key.
type Rule struct {
	// Name keeps the rule's counters apart from other rules'.
	Name   string
	Limit  int
	Window time.Duration
}

// Key is what one attempt counts against: a rule and the value it is
// counted per, such as an email address or a client address.
type Key struct {
	Rule  Rule
	Value string
}

// bucket names the key's counter. The value is stored as a digest so
// that whatever a person typed (an email field can hold a password typed
// in the wrong box) never sits in the table.
func (k Key) bucket() string {
	sum := sha256.Sum256([]byte(k.Value))
	return k.Rule.Name + ":" + hex.EncodeToString(sum[:16])
}

// windowStart is the start of the window that holds now.
func (k Key) windowStart(now time.Time) time.Time {
	return now.UTC().Truncate(k.Rule.Window)
}

// Result says whether an attempt may go ahead, and if not, when to retry.
type Result struct {
	Allowed bool
	RetryAt time.Time
}

// RetryAfter is how long from now until a retry may succeed, rounded up
// to whole seconds and never less than one, as Retry-After wants it.
func (r Result) RetryAfter(now time.Time) time.Duration {
	d := r.RetryAt.Sub(now)
	if d < time.Second {
		return time.Second
	}
	return (d + time.Second - 1).Truncate(time.Second)
}

const (
	// pruneEvery is how often an instance deletes windows long past.
	pruneEvery = 10 * time.Minute
	// keepWindows is how long past windows stay; longer than any rule's.
	keepWindows = 24 * time.Hour
)

// Limiter counts attempts in the rate_limits table.
type Limiter struct {
	DB *sqlx.DB

	mu       sync.Mutex
	prunedAt time.Time
}

// Take counts one attempt against every key, all or nothing: when a key is
// at its limit none is counted, and the result says when that key's
// window ends.
func (l *Limiter) Take(ctx context.Context, now time.Time, keys ...Key) (Result, error) {
	if err := l.prune(ctx, now); err != nil {
		return Result{}, err
	}
	for i, k := range keys {
		counted, err := l.hit(ctx, k, now)
		if err != nil {
			return Result{}, err
		}
		if counted {
			continue
		}
		if err := l.Refund(ctx, now, keys[:i]...); err != nil {
			return Result{}, err
		}
		return Result{RetryAt: k.windowStart(now).Add(k.Rule.Window)}, nil
	}
	return Result{Allowed: true}, nil
}

// hit counts one attempt against the key when its window has room, and
// reports whether it did.
func (l *Limiter) hit(ctx context.Context, k Key, now time.Time) (bool, error) {
	var hits int
	err := l.DB.GetContext(ctx, &hits, `
		INSERT INTO rate_limits AS r (bucket, window_start, hits) VALUES ($1, $2, 1)
		ON CONFLICT (bucket, window_start) DO UPDATE SET hits = r.hits + 1
		WHERE r.hits < $3
		RETURNING r.hits`,
		k.bucket(), k.windowStart(now), k.Rule.Limit)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("ratelimit: hit %s: %w", k.Rule.Name, err)
	}
	return hits <= k.Rule.Limit, nil
}

// Refund takes back one attempt from each key, for attempts that should
// count only when they fail, such as a sign-in.
func (l *Limiter) Refund(ctx context.Context, now time.Time, keys ...Key) error {
	for _, k := range keys {
		_, err := l.DB.ExecContext(ctx, `UPDATE rate_limits SET hits = hits - 1
			WHERE bucket = $1 AND window_start = $2 AND hits > 0`,
			k.bucket(), k.windowStart(now))
		if err != nil {
			return fmt.Errorf("ratelimit: refund %s: %w", k.Rule.Name, err)
		}
	}
	return nil
}

// prune deletes windows long past, at most once per pruneEvery on this
// instance, so the table stays as small as the traffic of the last day.
func (l *Limiter) prune(ctx context.Context, now time.Time) error {
	l.mu.Lock()
	due := now.Sub(l.prunedAt) >= pruneEvery
	if due {
		l.prunedAt = now
	}
	l.mu.Unlock()
	if !due {
		return nil
	}
	_, err := l.DB.ExecContext(ctx, `DELETE FROM rate_limits WHERE window_start < $1`,
		now.Add(-keepWindows))
	if err != nil {
		return fmt.Errorf("ratelimit: prune: %w", err)
	}
	return nil
}
