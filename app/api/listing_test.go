package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/incido/incido/app/access"
	"github.com/incido/incido/app/apptest"
	"github.com/incido/incido/app/audit"
	"github.com/incido/incido/app/incident"
)

type incidentPage struct {
	Data []struct {
		ID    int64  `json:"id"`
		Title string `json:"title"`
	} `json:"data"`
	NextCursor *string `json:"next_cursor"`
}

func TestPagesNeitherSkipNorRepeatWhileIncidentsAreCreated(t *testing.T) {
	s := apptest.NewServer(t, db)
	tn, auth := ownerToken(t, s, "pages")
	owner := apptest.CreateUser(t, db, "")
	apptest.SetRole(t, db, tn.org, owner, access.Owner)
	before := map[int64]bool{tn.incident: true}
	for i := range 40 {
		before[apptest.CreateIncident(t, db, tn.org, owner, fmt.Sprint("existing ", i)).ID] = true
	}

	// Writers open incidents the whole time the reader pages; the reader
	// waits for at least one more between pages.
	stop, progress := make(chan struct{}), make(chan struct{}, 1)
	var wg sync.WaitGroup
	repo := &incident.Incidents{DB: db.DB}
	for w := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				d, _ := incident.Draft{Title: fmt.Sprint("concurrent ", w, " ", n), Severity: "minor"}.
					Validate(tn.org.ID, time.Now())
				repo.OpenIncident(context.Background(), d, audit.Actor{UserID: owner.ID})
				select {
				case progress <- struct{}{}:
				default:
				}
			}
		}()
	}

	seen := map[int64]int{}
	path := "/api/v1/organizations/" + tn.org.Slug + "/incidents?limit=7"
	pages := 0
	for next := ""; pages == 0 || next != ""; pages++ {
		res := s.API(t, "GET", path+"&cursor="+next, auth, "")
		var p incidentPage
		if err := json.Unmarshal([]byte(res.Body), &p); err != nil || res.StatusCode != 200 {
			t.Fatalf("page %d: %d %s", pages, res.StatusCode, res.Body)
		}
		for _, i := range p.Data {
			seen[i.ID]++
		}
		next = ""
		if p.NextCursor != nil {
			next = *p.NextCursor
		}
		<-progress
	}
	close(stop)
	wg.Wait()

	for id, n := range seen {
		if n > 1 {
			t.Errorf("incident %d came %d times", id, n)
		}
	}
	for id := range before {
		if seen[id] != 1 {
			t.Errorf("incident %d, there before the first page, came %d times", id, seen[id])
		}
	}
	if pages < 6 {
		t.Errorf("only %d pages of 7 for %d incidents", pages, len(before))
	}
}

func TestEveryListPagesWithCursors(t *testing.T) {
	s := apptest.NewServer(t, db)
	tn, auth := ownerToken(t, s, "lists")
	base := "/api/v1/organizations/" + tn.org.Slug
	for range 3 {
		s.API(t, "POST", fmt.Sprintf("%s/incidents/%d/comments", base, tn.incident), auth, `{"body": "more"}`)
		s.API(t, "POST", base+"/maintenances", auth,
			`{"title": "w", "starts_at": "2030-01-01T10:00:00Z", "ends_at": "2030-01-01T11:00:00Z"}`)
		apptest.SetRole(t, db, tn.org, apptest.CreateUser(t, db, ""), access.Viewer)
		s.API(t, "POST", base+"/incidents", auth, `{"title": "more", "severity": "minor"}`)
	}
	for _, list := range []string{"/incidents", fmt.Sprintf("/incidents/%d/comments", tn.incident),
		"/maintenances", "/members", "/audit-events"} {
		ids := map[string]bool{}
		next, pages := "", 0
		for ; pages == 0 || next != ""; pages++ {
			res := s.API(t, "GET", base+list+"?limit=2&cursor="+next, auth, "")
			var p struct {
				Data       []map[string]any `json:"data"`
				NextCursor *string          `json:"next_cursor"`
			}
			json.Unmarshal([]byte(res.Body), &p)
			if res.StatusCode != 200 || len(p.Data) > 2 {
				t.Fatalf("%s: %d, %d items", list, res.StatusCode, len(p.Data))
			}
			for _, item := range p.Data {
				key := fmt.Sprint(item["id"], item["user_id"])
				if ids[key] {
					t.Errorf("%s repeats %s", list, key)
				}
				ids[key] = true
			}
			next = ""
			if p.NextCursor != nil {
				next = *p.NextCursor
			}
		}
		if len(ids) < 3 || pages < 2 {
			t.Errorf("%s: %d items in %d pages", list, len(ids), pages)
		}
	}
}

func TestAuditTrailNamesTheUserAndTheTokenOfEveryWrite(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	tn := newTenant(t, "audited", u)
	_, tok := s.CreateToken(t, u, "release bot", allScopes, nil)
	auth := "Bearer " + tok
	base := "/api/v1/organizations/" + tn.org.Slug

	res := s.API(t, "POST", base+"/incidents", auth, `{"title": "Audited", "severity": "major"}`)
	var inc struct{ ID int64 }
	json.Unmarshal([]byte(res.Body), &inc)
	writes := []struct{ method, path, body, action string }{
		{"PATCH", fmt.Sprintf("%s/incidents/%d", base, inc.ID), `{"status": "resolved"}`, "incident.updated"},
		{"POST", fmt.Sprintf("%s/incidents/%d/comments", base, inc.ID), `{"body": "Done."}`, "incident.commented"},
		{"POST", base + "/maintenances", `{"title": "Audited window", "starts_at": "2030-01-01T10:00:00Z", "ends_at": "2030-01-01T11:00:00Z"}`, "maintenance.created"},
		{"PATCH", fmt.Sprintf("%s/maintenances/%d", base, tn.maintenance), `{"status": "in_progress"}`, "maintenance.updated"},
	}
	for _, w := range writes {
		if res := s.API(t, w.method, w.path, auth, w.body); res.StatusCode >= 300 {
			t.Fatalf("%s %s: %d %s", w.method, w.path, res.StatusCode, res.Body)
		}
	}

	var page struct {
		Data []struct {
			Action  string                 `json:"action"`
			Target  string                 `json:"target"`
			Actor   *struct{ Name string } `json:"actor"`
			Token   *struct{ Name string } `json:"token"`
			Details map[string]any         `json:"details"`
		} `json:"data"`
	}
	res = s.API(t, "GET", base+"/audit-events?limit=5", auth, "")
	json.Unmarshal([]byte(res.Body), &page)
	wantActions := []string{"maintenance.updated", "maintenance.created", "incident.commented",
		"incident.updated", "incident.created"}
	if len(page.Data) != len(wantActions) {
		t.Fatalf("%d events: %s", len(page.Data), res.Body)
	}
	for i, e := range page.Data {
		if e.Action != wantActions[i] {
			t.Errorf("event %d is %s, want %s (newest first)", i, e.Action, wantActions[i])
		}
		if e.Actor == nil || e.Actor.Name != "Test Operator" {
			t.Errorf("%s: actor %+v", e.Action, e.Actor)
		}
		if e.Token == nil || e.Token.Name != "release bot" {
			t.Errorf("%s: token %+v, want release bot", e.Action, e.Token)
		}
	}
	if strings.Contains(res.Body, tok) || strings.Contains(res.Body, tok[11:]) {
		t.Error("the audit trail holds the secret")
	}

	// Writes made in the Dashboard name no token.
	var tokenless int
	db.DB.Get(&tokenless, `SELECT count(*) FROM audit_events WHERE organization_id = $1
		AND action = 'incident.created' AND token_id IS NULL AND actor_user_id = $2`, tn.org.ID, u.ID)
	if tokenless != 1 {
		t.Errorf("%d token-less incident.created events, want the fixture's one", tokenless)
	}
}

// A cursor continues the list it came from and no other: one taken to
// another organization, another resource or another status filter would
// give a page that is neither a first page nor a next one.
func TestACursorWorksOnlyOnTheListItCameFrom(t *testing.T) {
	s := apptest.NewServer(t, db)
	u := apptest.CreateUser(t, db, "")
	acme, globex := newTenant(t, "acme", u), newTenant(t, "globex", u)
	_, secret := s.CreateToken(t, u, "lists", allScopes, nil)
	auth := "Bearer " + secret
	for _, tn := range []tenant{acme, globex} {
		apptest.CreateIncident(t, db, tn.org, u, "second")
		apptest.CreateMaintenance(t, db, tn.org, u, "second", "scheduled", time.Now())
	}
	first := func(path string) string {
		var page incidentPage
		res := s.API(t, "GET", path+"limit=1", auth, "")
		json.Unmarshal([]byte(res.Body), &page)
		if page.NextCursor == nil {
			t.Fatalf("%s: no next cursor: %s", path, res.Body)
		}
		return *page.NextCursor
	}
	acmeIncidents := "/api/v1/organizations/" + acme.org.Slug + "/incidents?"
	globexIncidents := "/api/v1/organizations/" + globex.org.Slug + "/incidents?"
	next := first(acmeIncidents)
	triage := first(acmeIncidents + "status=triage&")

	if res := s.API(t, "GET", acmeIncidents+"cursor="+next, auth, ""); res.StatusCode != 200 {
		t.Errorf("on its own list: %d %s", res.StatusCode, res.Body)
	}
	for name, path := range map[string]string{
		"another organization": globexIncidents + "cursor=" + next,
		"another resource": "/api/v1/organizations/" + acme.org.Slug +
			"/maintenances?cursor=" + next,
		"another filter":  acmeIncidents + "cursor=" + triage,
		"a filter added":  acmeIncidents + "status=triage&cursor=" + next,
		"the memberships": "/api/v1/organizations?cursor=" + next,
	} {
		res := s.API(t, "GET", path, auth, "")
		if res.StatusCode != 400 || !strings.Contains(res.Body, `"cursor"`) {
			t.Errorf("on %s: %d %s", name, res.StatusCode, res.Body)
		}
	}
}
