package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/incido/incido/app/apptest"
)

func TestCustomScopeTokenWithExpiryFromTheForm(t *testing.T) {
	for _, js := range []bool{true, false} {
		name := map[bool]string{true: "javascript-on", false: "javascript-off"}[js]
		t.Run(name, func(t *testing.T) {
			s := apptest.NewServer(t, db)
			u := apptest.CreateUser(t, db, "")
			ctx := NewBrowser(t, BrowserOptions{JavaScript: js})

			var preview string
			steps := chromedp.Tasks{
				signIn(t, s, u),
				chromedp.Navigate(s.URL + "/tokens"),
				chromedp.WaitVisible("#name", chromedp.ByID),
				Loaded(),
				chromedp.SendKeys("#name", "read-only monitor", chromedp.ByID),
				chromedp.Click("#scope_mode_custom", chromedp.ByID),
				chromedp.Click(`#scope-incidents\:read`, chromedp.ByQuery),
				chromedp.SendKeys("#expires_in_days", "30", chromedp.ByID),
			}
			if !js {
				// Without JavaScript the server works the date out.
				steps = append(steps,
					chromedp.Click(`button[value=preview]`, chromedp.ByQuery),
					chromedp.WaitVisible(`#expiry-preview time`, chromedp.ByQuery))
			}
			steps = append(steps, chromedp.Text("#expiry-preview", &preview, chromedp.ByID))
			if err := chromedp.Run(ctx, steps); err != nil {
				t.Fatal(err)
			}
			Screenshot(t, ctx, "tokens-form-"+name)
			want := time.Now().Add(30 * 24 * time.Hour).In(u.Location()).Format("2006")
			if !strings.Contains(preview, "Expires") || !strings.Contains(preview, want) {
				t.Errorf("expiry preview %q", preview)
			}

			var secret, row string
			err := chromedp.Run(ctx,
				chromedp.Click(`form[action="/tokens"] button[type=submit]:not([value])`, chromedp.ByQuery),
				chromedp.WaitVisible("#token-secret", chromedp.ByID),
				chromedp.Value("#token-secret", &secret, chromedp.ByID),
				chromedp.Text(`table.list tbody tr`, &row, chromedp.ByQuery),
			)
			if err != nil {
				t.Fatal(err)
			}
			Screenshot(t, ctx, "tokens-created-"+name)
			if !strings.Contains(row, "incidents:read") || strings.Contains(row, "all scopes") {
				t.Errorf("the new token's row reads %q", row)
			}
			res := s.API(t, "GET", "/api/v1/me", "Bearer "+secret, "")
			if res.StatusCode != 200 || !strings.Contains(res.Body, `"scopes":["incidents:read"]`) {
				t.Errorf("/api/v1/me: %d %s", res.StatusCode, res.Body)
			}
		})
	}
}
