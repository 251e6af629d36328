package account_test

import (
	"strings"
	"testing"
	"time"

	"github.com/incido/incido/app/account"
)

func TestNoticesNameTheAccountAndTheTimeInItsZone(t *testing.T) {
	u := &account.User{Email: "kim@example.com", GivenName: "Kim <b>", Timezone: "Europe/Berlin"}
	winter := time.Date(2026, 1, 15, 8, 30, 0, 0, time.UTC)
	link := "https://incido.example/password/reset/abc"

	reset, err := account.ResetLinkNotice(u, link, &account.ResetLink{CreatedAt: winter,
		ExpiresAt: winter.Add(account.ResetLinkLifetime)})
	if err != nil {
		t.Fatal(err)
	}
	changed, err := account.PasswordChangedNotice(u, account.PasswordChange{At: winter,
		IP: "192.0.2.1", Browser: "Firefox on Linux",
		TokensURL: "https://incido.example/tokens", ForgotURL: "https://incido.example/password/forgot"})
	if err != nil {
		t.Fatal(err)
	}

	for name, m := range map[string]struct {
		text, html string
		want       []string
	}{
		"reset link":       {reset.Text, reset.HTML, []string{"kim@example.com", "09:30 CET", "10:00 CET", "Europe/Berlin", link}},
		"password changed": {changed.Text, changed.HTML, []string{"kim@example.com", "09:30 CET", "Europe/Berlin", "192.0.2.1", "Firefox on Linux", "/tokens", "/password/forgot"}},
	} {
		for _, part := range []string{m.text, m.html} {
			for _, w := range m.want {
				if !strings.Contains(part, w) {
					t.Errorf("%s: a part lacks %q:\n%s", name, w, part)
				}
			}
		}
		if strings.Contains(m.html, "Kim <b>") || !strings.Contains(m.html, "Kim &lt;b&gt;") {
			t.Errorf("%s: the name is not escaped in HTML", name)
		}
	}
	if reset.To != u.Email || changed.To != u.Email {
		t.Error("a notice is not addressed to the account")
	}
	if strings.Contains(changed.Text, "/password/reset/") {
		t.Error("the change notice carries a reset link")
	}
}
