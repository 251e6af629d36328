package cursor_test

import (
	"errors"
	"testing"

	"github.com/incido/incido/app/cursor"
)

const list = "/api/v1/organizations/acme/incidents?status="

func TestCursorsRoundTripAndGarbageIsRefused(t *testing.T) {
	for _, id := range []int64{1, 42, 9_007_199_254_740_993} {
		got, err := cursor.Decode(list, cursor.Encode(list, id))
		if err != nil || got != id {
			t.Errorf("round trip of %d: %d %v", id, got, err)
		}
	}
	if id, err := cursor.Decode(list, ""); id != 0 || err != nil {
		t.Errorf("empty cursor: %d %v", id, err)
	}
	garbage := []string{"garbage", "!!!", "YzEu", "YzEuMA", "YzEuLTE", "YzEuYQ", "MTIz",
		"YzEuMTI=x", "YzIu", "YzIuMTI", "YzIueC4w", "YzIueC4tNQ"}
	for _, bad := range garbage {
		if _, err := cursor.Decode(list, bad); !errors.Is(err, cursor.ErrInvalid) {
			t.Errorf("Decode(%q) = %v, want ErrInvalid", bad, err)
		}
	}
}

func TestACursorOfAnotherListIsRefused(t *testing.T) {
	other := cursor.Encode("/api/v1/organizations/globex/incidents?status=", 42)
	if _, err := cursor.Decode(list, other); !errors.Is(err, cursor.ErrOtherList) {
		t.Errorf("a cursor of another list: %v, want ErrOtherList", err)
	}
}

func TestLimitBounds(t *testing.T) {
	for in, want := range map[string]int{"": 50, "1": 1, "100": 100} {
		if got, err := cursor.Limit(in); got != want || err != nil {
			t.Errorf("Limit(%q) = %d %v", in, got, err)
		}
	}
	for _, bad := range []string{"0", "101", "-5", "ten", "1e2", " 5"} {
		if _, err := cursor.Limit(bad); err == nil {
			t.Errorf("Limit(%q) accepted", bad)
		}
	}
}

func TestPageTrimsAndPointsAtTheLastRow(t *testing.T) {
	rows, next := cursor.Page([]int64{9, 8, 7}, 2, list, func(i int64) int64 { return i })
	if len(rows) != 2 || next != cursor.Encode(list, 8) {
		t.Errorf("Page = %v %q", rows, next)
	}
	if _, next := cursor.Page([]int64{9, 8}, 2, list, func(i int64) int64 { return i }); next != "" {
		t.Errorf("the last page has a cursor %q", next)
	}
}
