// Package cursor makes and reads the opaque page cursors of every listing.
// A cursor names the last row a page returned; the next page is keyset
// pagination from there, so rows created meanwhile never shift the pages
// still to come.
package cursor

import (
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
)

// The bounds of a page.
const (
	DefaultLimit = 50
	MaxLimit     = 100
)

// ErrInvalid is returned for a cursor this server did not make.
var ErrInvalid = errors.New("the cursor is not one this server made: pass next_cursor " +
	"from the previous page unchanged, or leave it out for the first page")

// ErrLimit is returned for a limit out of range or not a whole number.
var ErrLimit = errors.New("limit must be a whole number from 1 to 100")

const version = "c1."

// Encode makes the cursor that continues after the row with that id.
func Encode(id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(version + strconv.FormatInt(id, 10)))
}

// Decode reads a cursor; empty means the first page, and gives 0.
func Decode(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || !strings.HasPrefix(string(raw), version) {
		return 0, ErrInvalid
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(string(raw), version), 10, 64)
	if err != nil || id <= 0 {
		return 0, ErrInvalid
	}
	return id, nil
}

// Limit reads a page size; empty means the default.
func Limit(s string) (int, error) {
	if s == "" {
		return DefaultLimit, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > MaxLimit {
		return 0, ErrLimit
	}
	return n, nil
}

// Page trims a result fetched with limit+1 rows to limit, and returns the
// cursor of the next page, or "" when this is the last one.
func Page[T any](rows []T, limit int, id func(T) int64) ([]T, string) {
	if len(rows) <= limit {
		return rows, ""
	}
	rows = rows[:limit]
	return rows, Encode(id(rows[limit-1]))
}
