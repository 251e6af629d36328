package account

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxNameLength is the most characters a given or family name may have.
const MaxNameLength = 100

// NormalizePersonName trims a name and checks its length and characters.
func NormalizePersonName(raw string) (string, error) {
	name := strings.TrimSpace(raw)
	switch {
	case !utf8.ValidString(name):
		return "", errors.New("the name contains characters that are not text")
	case name == "":
		return "", errors.New("enter a name")
	case utf8.RuneCountInString(name) > MaxNameLength:
		return "", fmt.Errorf("a name can be at most %d characters", MaxNameLength)
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		return "", errors.New("a name cannot contain control characters such as tabs or line breaks")
	}
	return name, nil
}
