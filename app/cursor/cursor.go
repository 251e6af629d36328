// Package cursor makes and reads the opaque page cursors of every listing.
// A cursor names the last row a page returned and the list it belongs to;
// the next page is keyset pagination from there, so rows created
// meanwhile never shift the pages still to come.
package cursor

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"
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

// ErrOtherList is returned for a cursor made for another list: another
// organization, resource or filter.
var ErrOtherList = errors.New("the cursor belongs to another list (another organization, " +
	"resource or status filter): pass the next_cursor of this list's previous page")

// ErrLimit is returned for a limit out of range or not a whole number.
var ErrLimit = errors.New("limit must be a whole number from 1 to 100")

const version = "c2."

// List names the listing a request asks for, which its cursors are bound
// to: the path, which names the organization and the resource, and the
// status filter.
func List(r *http.Request) string {
	return r.URL.Path + "?status=" + r.URL.Query().Get("status")
}

// listTag is a short digest of a list's name. It is no signature: a
// cursor is not a secret, only a place in one list.
func listTag(list string) string {
	sum := sha256.Sum256([]byte(list))
	return hex.EncodeToString(sum[:6])
}

// Encode makes the cursor that continues the list after the row with
// that id.
func Encode(list string, id int64) string {
	raw := version + listTag(list) + "." + strconv.FormatInt(id, 10)
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

// Decode reads a cursor of the list; empty means the first page, and
// gives 0.
func Decode(list, s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(s)
	rest, ok := strings.CutPrefix(string(raw), version)
	if err != nil || !ok {
		return 0, ErrInvalid
	}
	tag, n, ok := strings.Cut(rest, ".")
	if !ok {
		return 0, ErrInvalid
	}
	id, err := strconv.ParseInt(n, 10, 64)
	if err != nil || id <= 0 {
		return 0, ErrInvalid
	}
	if tag != listTag(list) {
		return 0, ErrOtherList
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

// Page trims a result of the list fetched with limit+1 rows to limit, and
// returns the cursor of the next page, or "" when this is the last one.
func Page[T any](rows []T, limit int, list string, id func(T) int64) ([]T, string) {
	if len(rows) <= limit {
		return rows, ""
	}
	rows = rows[:limit]
	return rows, Encode(list, id(rows[limit-1]))
}
