package cli_test

import (
	"strings"
	"testing"
)

func TestUserCreateAppliesThePasswordPolicy(t *testing.T) {
	for _, tc := range []struct {
		name, password, want string
	}{
		{"too short", "tulip-radar-73", "at least 15 characters"},
		{"300 characters", strings.Repeat("abcdefghij", 30), "at most 256 characters; this one has 300"},
		{"guessable", "passwordpassword", "too easy to guess"},
		{"own email", "ada.quackenbush@example.com", "built from your name or email"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := run(
				t,
				tc.password+"\n",
				"user",
				"create",
				"--email",
				"ada.quackenbush@example.com",
				"--given-name",
				"Ada",
				"--family-name",
				"Quackenbush",
				"--password-stdin",
			)
			if code != 1 || !strings.Contains(errOut, tc.want) {
				t.Errorf("code %d, stderr %q; want 1 and %q", code, errOut, tc.want)
			}
		})
	}
	code, out, errOut := run(
		t,
		"Crème brûlée à la mode 2024\n",
		"user",
		"create",
		"--email",
		"ada.quackenbush@example.com",
		"--given-name",
		"Ada",
		"--family-name",
		"Quackenbush",
		"--password-stdin",
	)
	if code != 0 || !strings.Contains(out, "created user") {
		t.Errorf("a good password: code %d %q %q", code, out, errOut)
	}
}
