package text_test

import (
	"testing"

	"github.com/incido/incido/app/text"
)

func TestWhatAOneLineTextMayHold(t *testing.T) {
	for _, tc := range []struct {
		name          string
		r             rune
		breaks, hides bool
	}{
		{"a letter", 'a', false, false},
		{"a space", ' ', false, false},
		{"a tab", '\t', true, false},
		{"a line feed", '\n', true, false},
		{"next line", '\u0085', true, false},
		{"a line separator", '\u2028', true, false},
		{"a paragraph separator", '\u2029', true, false},
		{"a zero-width space", '\u200b', false, true},
		{"a right-to-left override", '\u202e', false, true},
		{"a byte-order mark", '\ufeff', false, true},
		{"a zero-width joiner", '\u200d', false, false},
		{"a zero-width non-joiner", '\u200c', false, false},
	} {
		if got := text.IsBreakOrControl(tc.r); got != tc.breaks {
			t.Errorf("%s: IsBreakOrControl = %v", tc.name, got)
		}
		if got := text.IsHiddenFormat(tc.r); got != tc.hides {
			t.Errorf("%s: IsHiddenFormat = %v", tc.name, got)
		}
	}
}
