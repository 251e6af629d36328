package account_test

import (
	"strings"
	"testing"
	"time"

	"github.com/incido/incido/app/account"
)

func TestEmailChangedNoticeGoesToTheOldAddressInTextAndHTML(t *testing.T) {
	u := &account.User{GivenName: `<b>Dana</b>`, Email: "new@example.com",
		Timezone: "America/New_York"}
	at := time.Date(2024, 11, 3, 6, 30, 0, 0, time.UTC)
	msg, err := account.EmailChangedNotice(u, "old@example.com", at)
	if err != nil {
		t.Fatal(err)
	}
	if msg.To != "old@example.com" || msg.Subject == "" {
		t.Errorf("To %q, Subject %q", msg.To, msg.Subject)
	}
	for part, body := range map[string]string{"text": msg.Text, "html": msg.HTML} {
		for _, want := range []string{"old@example.com", "new@example.com",
			"3 Nov 2024, 01:30 EST"} {
			if !strings.Contains(body, want) {
				t.Errorf("the %s part lacks %q:\n%s", part, want, body)
			}
		}
		if strings.Contains(body, "http") {
			t.Errorf("the %s part carries a link", part)
		}
	}
	if strings.Contains(msg.HTML, "<b>Dana") || !strings.Contains(msg.HTML, "&lt;b&gt;Dana") {
		t.Error("the HTML part does not escape the name")
	}
}
