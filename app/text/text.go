// Package text says which characters a one-line text people type may
// hold: a person's name, a token's name, an incident's title. One rule
// for all, so none can show a line break or hide text where another
// would refuse it.
package text

import "unicode"

// IsBreakOrControl reports a control character (a tab, a line feed, an
// escape) or one of the Unicode line and paragraph separators, which
// break a line as surely as a line feed.
func IsBreakOrControl(r rune) bool {
	return unicode.IsControl(r) || unicode.In(r, unicode.Zl, unicode.Zp)
}

// IsHiddenFormat reports an invisible format character (a zero-width
// space, a direction override, a byte-order mark) other than the two
// joiners that Persian, Indic scripts and emoji need.
func IsHiddenFormat(r rune) bool {
	const zwnj, zwj = '\u200c', '\u200d'
	return unicode.Is(unicode.Cf, r) && r != zwnj && r != zwj
}
