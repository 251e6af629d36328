package web

import "testing"

func TestDescribeAgentNamesTheBrowserAndSystem(t *testing.T) {
	for _, tc := range []struct{ ua, want string }{
		{"Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", "Firefox 128 on Linux"},
		{"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) " +
			"Version/17.5 Safari/605.1.15", "Safari 17 on macOS"},
		{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) " +
			"Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0", "Edge 126 on Windows"},
		{"Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) " +
			"Version/17.5 Mobile/15E148 Safari/604.1", "Safari 17 on iOS"},
		{"curl/8.5.0", "Other program (curl/8.5.0)"},
		{"", "Unknown browser"},
		{"   ", "Unknown browser"},
	} {
		if got := describeAgent(tc.ua); got != tc.want {
			t.Errorf("describeAgent(%.40q) = %q, want %q", tc.ua, got, tc.want)
		}
	}
}
