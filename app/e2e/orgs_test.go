package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/incido/incido/app/access"
	"github.com/incido/incido/app/apptest"
)

func TestResponderOpensAnIncidentAndCommentsInTheBrowser(t *testing.T) {
	for _, js := range []bool{true, false} {
		name := "javascript on"
		if !js {
			name = "javascript off"
		}
		t.Run(name, func(t *testing.T) {
			s := apptest.NewServer(t, db)
			u := apptest.CreateUser(t, db, "")
			o := apptest.CreateOrg(t, db, "acme")
			apptest.SetRole(t, db, o, u, access.Responder)
			ctx := NewBrowser(t, BrowserOptions{JavaScript: js, Timezone: "Europe/Berlin"})
			shot := strings.ReplaceAll(name, " ", "-")

			open := chromedp.Tasks{
				signIn(t, s, u),
				chromedp.Navigate(s.URL + "/orgs/" + o.Slug + "/incidents"),
				chromedp.Click(`details.create summary`, chromedp.ByQuery),
				chromedp.WaitVisible("#title", chromedp.ByID),
				chromedp.SendKeys("#title", "Browser-made incident", chromedp.ByID),
				chromedp.SetValue("#severity", "major", chromedp.ByID),
				chromedp.SendKeys("#summary", "Opened from Chromium.", chromedp.ByID),
				chromedp.Click(`details.create form button[type=submit]`, chromedp.ByQuery),
			}
			if js {
				// htmx swaps the list in place and links the new incident.
				open = append(open, chromedp.WaitVisible(`.notice a`, chromedp.ByQuery),
					chromedp.Click(`.notice a`, chromedp.ByQuery))
			}
			open = append(open, chromedp.WaitVisible(`#incident-title`, chromedp.ByID))
			if err := chromedp.Run(ctx, open); err != nil {
				t.Fatal(err)
			}
			Screenshot(t, ctx, "incident-"+shot)

			var comments string
			err := chromedp.Run(ctx,
				chromedp.SendKeys("#body", "First note from the browser.", chromedp.ByID),
				chromedp.Click(`#incident-comments button[type=submit]`, chromedp.ByQuery),
				chromedp.WaitVisible(`.comments li`, chromedp.ByQuery),
				chromedp.Text(`.comments`, &comments, chromedp.ByQuery),
			)
			if err != nil {
				t.Fatal(err)
			}
			Screenshot(t, ctx, "comment-"+shot)
			if !strings.Contains(comments, "First note from the browser.") || !strings.Contains(comments, "Test Operator") {
				t.Errorf("comments shown: %q", comments)
			}

			var n int
			db.DB.Get(&n, `SELECT count(*) FROM incidents i JOIN incident_comments c ON c.incident_id = i.id
				WHERE i.organization_id = $1 AND i.title = 'Browser-made incident'
				AND i.summary = 'Opened from Chromium.' AND c.body = 'First note from the browser.'`, o.ID)
			if n != 1 {
				t.Errorf("stored %d matching incident+comment pairs, want 1", n)
			}
		})
	}
}
