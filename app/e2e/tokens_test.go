package e2e

import (
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/incido/incido/app/access"
	"github.com/incido/incido/app/apptest"
	"github.com/incido/incido/app/database/dbtest"
)

var db *dbtest.Database

func TestMain(m *testing.M) {
	os.Exit(dbtest.Run(m, &db))
}

func signIn(t *testing.T, s *apptest.Server, u *apptest.User) chromedp.Tasks {
	return chromedp.Tasks{
		chromedp.Navigate(s.URL + "/login"),
		chromedp.SendKeys("#email", u.Email, chromedp.ByID),
		chromedp.SendKeys("#password", u.Password, chromedp.ByID),
		chromedp.Submit("#password", chromedp.ByID),
		chromedp.WaitVisible(".user-menu", chromedp.ByQuery),
		Loaded(),
	}
}

func TestOperatorMintsATokenCallsTheAPIAndRevokesIt(t *testing.T) {
	for _, js := range []bool{true, false} {
		name := "javascript on"
		if !js {
			name = "javascript off"
		}
		t.Run(name, func(t *testing.T) {
			s := apptest.NewServer(t, db)
			u := apptest.CreateUser(t, db, "")
			o := apptest.CreateOrg(t, db, "acme")
			apptest.SetRole(t, db, o, u, access.Owner)
			ctx := NewBrowser(t, BrowserOptions{JavaScript: js})

			var secret string
			err := chromedp.Run(ctx,
				signIn(t, s, u),
				chromedp.Click(`.user-menu summary`, chromedp.ByQuery),
				chromedp.Click(`.user-menu a[href="/tokens"]`, chromedp.ByQuery),
				chromedp.WaitVisible("#name", chromedp.ByID),
				Loaded(),
				chromedp.SendKeys("#name", "browser token", chromedp.ByID),
				chromedp.Click(`form[action="/tokens"] button[type=submit]`, chromedp.ByQuery),
				chromedp.WaitVisible("#token-secret", chromedp.ByID),
				chromedp.Value("#token-secret", &secret, chromedp.ByID),
			)
			if err != nil {
				t.Fatal(err)
			}
			Screenshot(t, ctx, "tokens-reveal-"+strings.ReplaceAll(name, " ", "-"))

			res := s.API(t, "GET", "/api/v1/me", "Bearer "+secret, "")
			var me struct{ Email string }
			json.Unmarshal([]byte(res.Body), &me)
			if res.StatusCode != http.StatusOK || me.Email != u.Email {
				t.Fatalf("/api/v1/me: %d %s", res.StatusCode, res.Body)
			}

			revoke := chromedp.Tasks{
				chromedp.Navigate(s.URL + "/tokens"),
				chromedp.Click(`a[href$="/revoke"]`, chromedp.ByQuery),
			}
			if !js {
				// Without JavaScript the link opens a confirmation page.
				revoke = append(revoke, chromedp.WaitVisible(`button.danger`, chromedp.ByQuery),
					chromedp.Click(`button.danger`, chromedp.ByQuery))
			}
			revoke = append(revoke, chromedp.WaitVisible(`.state-revoked`, chromedp.ByQuery))
			if err := chromedp.Run(ctx, revoke); err != nil {
				t.Fatal(err)
			}
			if res := s.API(t, "GET", "/api/v1/me", "Bearer "+secret, ""); res.StatusCode != http.StatusUnauthorized {
				t.Errorf("after revoking in the browser: %d, want 401", res.StatusCode)
			}
			var html string
			chromedp.Run(ctx, chromedp.OuterHTML("html", &html, chromedp.ByQuery))
			if strings.Contains(html, secret) {
				t.Error("the tokens page shows the secret again")
			}
		})
	}
}
