package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/incido/incido/app/access"
	"github.com/incido/incido/app/apptest"
	"github.com/incido/incido/app/org"
)

// member signs in a new user holding role in o.
func member(t *testing.T, s *apptest.Server, o *org.Organization, role access.Role) (*apptest.User, *apptest.Client) {
	u := apptest.CreateUser(t, db, "")
	apptest.SetRole(t, db, o, u, role)
	return u, s.SignIn(t, u)
}

func TestOrganizationPagesShowOnlyTheControlsTheRoleAllows(t *testing.T) {
	s := apptest.NewServer(t, db)
	owner := apptest.CreateUser(t, db, "")
	o := apptest.CreateOrg(t, db, "roles")
	apptest.SetRole(t, db, o, owner, access.Owner)
	inc := apptest.CreateIncident(t, db, o, owner, "Visible to all")
	m := apptest.CreateMaintenance(t, db, o, owner, "Window", "scheduled", time.Now().Add(time.Hour))
	base := "/orgs/" + o.Slug

	controls := []struct {
		page, form string
		needs      access.Permission
	}{
		{base + "/incidents", `method="post" action="` + base + `/incidents"`, access.IncidentsWrite},
		{fmt.Sprintf("%s/incidents/%d", base, inc.ID), fmt.Sprintf(`action="%s/incidents/%d"`, base, inc.ID), access.IncidentsWrite},
		{fmt.Sprintf("%s/incidents/%d", base, inc.ID), fmt.Sprintf(`action="%s/incidents/%d/comments"`, base, inc.ID), access.CommentsWrite},
		{base + "/maintenances", `method="post" action="` + base + `/maintenances"`, access.MaintenancesWrite},
		{fmt.Sprintf("%s/maintenances/%d", base, m.ID), fmt.Sprintf(`action="%s/maintenances/%d"`, base, m.ID), access.MaintenancesWrite},
		{base + "/members", `href="` + base + `/audit"`, access.AuditRead},
	}
	for _, role := range access.Roles {
		_, c := member(t, s, o, role)
		for _, ctl := range controls {
			res := c.Get(ctl.page)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%s as %s: %d", ctl.page, role, res.StatusCode)
			}
			if has := strings.Contains(res.Body, ctl.form); has != role.Allows(ctl.needs) {
				t.Errorf("%s as %s: control %s shown = %v, want %v", ctl.page, role, ctl.form, has, !has)
			}
		}
		audit := c.Get(base + "/audit")
		want := http.StatusForbidden
		if role.Allows(access.AuditRead) {
			want = http.StatusOK
		}
		if audit.StatusCode != want {
			t.Errorf("audit page as %s: %d, want %d", role, audit.StatusCode, want)
		}
	}
}

func TestForgedPostsAreForbiddenForTheRole(t *testing.T) {
	s := apptest.NewServer(t, db)
	owner := apptest.CreateUser(t, db, "")
	o := apptest.CreateOrg(t, db, "forged")
	apptest.SetRole(t, db, o, owner, access.Owner)
	inc := apptest.CreateIncident(t, db, o, owner, "Untouchable")
	m := apptest.CreateMaintenance(t, db, o, owner, "Window", "scheduled", time.Now().Add(time.Hour))
	_, viewer := member(t, s, o, access.Viewer)
	base := "/orgs/" + o.Slug

	posts := map[string]url.Values{
		base + "/incidents": {"title": {"Forged"}, "severity": {"minor"}},
		fmt.Sprintf("%s/incidents/%d", base, inc.ID): {"title": {"Forged"}, "severity": {"minor"},
			"status": {"resolved"}, "summary": {""}},
		fmt.Sprintf("%s/incidents/%d/comments", base, inc.ID): {"body": {"Forged"}},
		base + "/maintenances": {"title": {"Forged"}, "starts_at": {"2030-01-01T10:00"},
			"ends_at": {"2030-01-01T11:00"}},
		fmt.Sprintf("%s/maintenances/%d", base, m.ID): {"title": {"Forged"}, "status": {"cancelled"}},
	}
	for path, form := range posts {
		for _, headers := range [][]string{nil, apptest.HTMX} {
			if res := viewer.PostForm(path, form, headers...); res.StatusCode != http.StatusForbidden {
				t.Errorf("viewer POST %s: %d, want 403", path, res.StatusCode)
			}
		}
	}
	var forged int
	db.DB.Get(&forged, `SELECT (SELECT count(*) FROM incidents WHERE title = 'Forged' OR status = 'resolved')
		+ (SELECT count(*) FROM incident_comments WHERE body = 'Forged')
		+ (SELECT count(*) FROM maintenances WHERE title = 'Forged' OR status = 'cancelled')`)
	if forged != 0 {
		t.Errorf("%d forged changes were stored", forged)
	}
}

func TestDemotionInTheDashboardBitesOnTheNextPost(t *testing.T) {
	s := apptest.NewServer(t, db)
	o := apptest.CreateOrg(t, db, "demote")
	u, c := member(t, s, o, access.Responder)
	form := url.Values{"title": {"Before"}, "severity": {"minor"}}
	if res := c.PostForm("/orgs/"+o.Slug+"/incidents", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("responder: %d", res.StatusCode)
	}
	apptest.SetRole(t, db, o, u, access.Viewer)
	if res := c.PostForm("/orgs/"+o.Slug+"/incidents", form); res.StatusCode != http.StatusForbidden {
		t.Errorf("after demotion: %d, want 403", res.StatusCode)
	}
	if strings.Contains(c.Get("/orgs/"+o.Slug+"/incidents").Body, `method="post" action="/orgs/`+o.Slug+`/incidents"`) {
		t.Error("a viewer still sees the form")
	}
}

var incidentLocation = regexp.MustCompile(`^/orgs/[a-z0-9-]+/incidents/(\d+)$`)

func TestFormsPostThenRedirectAndHTMXGetsTheFragment(t *testing.T) {
	s := apptest.NewServer(t, db)
	o := apptest.CreateOrg(t, db, "forms")
	_, c := member(t, s, o, access.Responder)
	base := "/orgs/" + o.Slug

	res := c.PostForm(base+"/incidents", url.Values{"title": {"Plain form"}, "severity": {"major"},
		"status": {"investigating"}, "summary": {"Typed in a browser."}})
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !incidentLocation.MatchString(loc) {
		t.Fatalf("plain create: %d %q", res.StatusCode, loc)
	}
	if page := c.Get(loc); page.StatusCode != 200 || !strings.Contains(page.Body, "Typed in a browser.") {
		t.Fatalf("the new incident's page: %d", page.StatusCode)
	}

	frag := c.PostForm(base+"/incidents", url.Values{"title": {"Through htmx"}, "severity": {"minor"}}, apptest.HTMX...)
	if frag.StatusCode != http.StatusOK || strings.Contains(frag.Body, "<html") ||
		!strings.HasPrefix(strings.TrimSpace(frag.Body), `<div id="incidents-main">`) {
		t.Fatalf("htmx create: %d %.200s", frag.StatusCode, frag.Body)
	}
	if !strings.Contains(frag.Body, "Through htmx") || !strings.Contains(frag.Body, "hx-swap-oob") {
		t.Error("the fragment lacks the new incident or the live-region update")
	}

	comments := loc + "/comments"
	res = c.PostForm(comments, url.Values{"body": {"Plain comment"}})
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), loc+"#comment-") {
		t.Errorf("plain comment: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	frag = c.PostForm(comments, url.Values{"body": {"htmx comment"}}, apptest.HTMX...)
	if frag.StatusCode != 200 || !strings.HasPrefix(strings.TrimSpace(frag.Body), `<section id="incident-comments"`) ||
		!strings.Contains(frag.Body, "Plain comment") || !strings.Contains(frag.Body, "htmx comment") {
		t.Errorf("htmx comment: %d %.300s", frag.StatusCode, frag.Body)
	}

	res = c.PostForm(loc, url.Values{"title": {"Plain form"}, "severity": {"major"}, "status": {"resolved"},
		"summary": {"Fixed."}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != loc {
		t.Errorf("plain update: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	frag = c.PostForm(loc, url.Values{"title": {"Plain form"}, "severity": {"major"}, "status": {"closed"},
		"summary": {"Fixed."}}, apptest.HTMX...)
	if frag.StatusCode != 200 || !strings.HasPrefix(strings.TrimSpace(frag.Body), `<section id="incident-details"`) ||
		!strings.Contains(frag.Body, "status-closed") {
		t.Errorf("htmx update: %d %.300s", frag.StatusCode, frag.Body)
	}

	mres := c.PostForm(base+"/maintenances", url.Values{"title": {"Window"}, "status": {"scheduled"},
		"starts_at": {"2030-01-01T10:00"}, "ends_at": {"2030-01-01T12:00"}})
	if mres.StatusCode != http.StatusSeeOther || !strings.HasPrefix(mres.Header.Get("Location"), base+"/maintenances/") {
		t.Errorf("plain maintenance: %d %q", mres.StatusCode, mres.Header.Get("Location"))
	}
}

func TestInvalidFormsComeBackWithTheErrorNextToTheFieldAndTheInputKept(t *testing.T) {
	s := apptest.NewServer(t, db)
	o := apptest.CreateOrg(t, db, "invalid")
	_, c := member(t, s, o, access.Responder)
	base := "/orgs/" + o.Slug

	for _, headers := range [][]string{nil, apptest.HTMX} {
		res := c.PostForm(base+"/incidents", url.Values{"title": {"  "}, "severity": {"major"},
			"summary": {"Kept summary"}, "started_at": {"2020-01-01T10:00"}}, headers...)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("blank title: %d", res.StatusCode)
		}
		for _, want := range []string{`aria-invalid="true" aria-describedby="title-error"`, `id="title-error"`,
			`<option value="major" selected>`, "Kept summary", `value="2020-01-01T10:00"`} {
			if !strings.Contains(res.Body, want) {
				t.Errorf("the re-rendered form lacks %s", want)
			}
		}
	}

	res := c.PostForm(base+"/incidents", url.Values{"title": {"x"}, "severity": {"major"}, "started_at": {"soon"}})
	if res.StatusCode != 422 || !strings.Contains(res.Body, `id="started_at-error"`) {
		t.Errorf("unreadable start: %d", res.StatusCode)
	}
	res = c.PostForm(base+"/maintenances", url.Values{"title": {"Backwards"}, "status": {"scheduled"},
		"starts_at": {"2030-01-01T12:00"}, "ends_at": {"2030-01-01T10:00"}})
	if res.StatusCode != 422 || !strings.Contains(res.Body, `id="ends_at-error"`) ||
		!strings.Contains(res.Body, `value="Backwards"`) {
		t.Errorf("window ending before it starts: %d", res.StatusCode)
	}

	i := apptest.CreateIncident(t, db, o, apptest.CreateUser(t, db, ""), "Commented")
	res = c.PostForm(fmt.Sprintf("%s/incidents/%d/comments", base, i.ID), url.Values{"body": {"   "}}, apptest.HTMX...)
	if res.StatusCode != 422 || !strings.Contains(res.Body, `id="body-error"`) {
		t.Errorf("empty comment: %d", res.StatusCode)
	}
	res = c.PostForm(fmt.Sprintf("%s/incidents/%d", base, i.ID), url.Values{"title": {"Commented"},
		"severity": {"major"}, "status": {"closed"}, "summary": {""}})
	if res.StatusCode != 422 || !strings.Contains(res.Body, "Resolve the incident before closing it") {
		t.Errorf("closing an open incident: %d", res.StatusCode)
	}
}

func TestAnotherOrganizationsPagesAreNotFound(t *testing.T) {
	s := apptest.NewServer(t, db)
	acme := apptest.CreateOrg(t, db, "acme")
	globex := apptest.CreateOrg(t, db, "globex")
	stranger := apptest.CreateUser(t, db, "")
	apptest.SetRole(t, db, globex, stranger, access.Owner)
	secret := apptest.CreateIncident(t, db, globex, stranger, "Globex secret")
	_, c := member(t, s, acme, access.Owner)

	missing := c.Get("/orgs/nosuch/incidents")
	for _, path := range []string{"/orgs/" + globex.Slug + "/incidents", "/orgs/" + globex.Slug + "/members",
		fmt.Sprintf("/orgs/%s/incidents/%d", globex.Slug, secret.ID),
		fmt.Sprintf("/orgs/%s/incidents/%d", acme.Slug, secret.ID),
		"/orgs/" + strings.ToUpper(acme.Slug) + "/incidents"} {
		res := c.Get(path)
		if res.StatusCode != http.StatusNotFound || strings.Contains(res.Body, "Globex secret") {
			t.Errorf("%s: %d, want 404", path, res.StatusCode)
		}
	}
	if missing.StatusCode != http.StatusNotFound {
		t.Errorf("nosuch: %d", missing.StatusCode)
	}
	res := c.PostForm(fmt.Sprintf("/orgs/%s/incidents/%d/comments", globex.Slug, secret.ID), url.Values{"body": {"x"}})
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("comment in another organization: %d", res.StatusCode)
	}
	if strings.Contains(c.Get("/orgs/"+acme.Slug+"/incidents").Body, globex.Name+"</a>") {
		t.Error("the organization menu lists an organization the user is not in")
	}
}

func TestTimesAreShownInTheViewersTimezone(t *testing.T) {
	s := apptest.NewServer(t, db)
	o := apptest.CreateOrg(t, db, "zones")
	u, c := member(t, s, o, access.Responder) // Europe/Berlin
	if u.Timezone != "Europe/Berlin" {
		t.Fatalf("fixture timezone %s", u.Timezone)
	}
	res := c.PostForm("/orgs/"+o.Slug+"/incidents", url.Values{"title": {"Winter"}, "severity": {"minor"},
		"started_at": {"2026-01-15T13:00"}})
	loc := res.Header.Get("Location")
	page := c.Get(loc)
	want := `<time datetime="2026-01-15T12:00:00Z" title="Europe/Berlin, UTC+01:00">15 Jan 2026, 13:00 CET</time>`
	if !strings.Contains(page.Body, want) {
		t.Errorf("the incident page lacks %s", want)
	}
	var stored time.Time
	db.DB.Get(&stored, `SELECT started_at FROM incidents WHERE title = 'Winter' AND organization_id = $1`, o.ID)
	if !stored.Equal(time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("stored %v, want 12:00 UTC", stored)
	}
	db.DB.Exec(`UPDATE users SET timezone = 'Asia/Kolkata' WHERE id = $1`, u.ID)
	if !strings.Contains(c.Get(loc).Body, `<time datetime="2026-01-15T12:00:00Z" title="Asia/Kolkata, UTC+05:30">15 Jan 2026, 17:30 IST</time>`) {
		t.Error("after a timezone change the page does not follow it")
	}
}

func TestAuditPageNamesTheActorAndTheToken(t *testing.T) {
	s := apptest.NewServer(t, db)
	o := apptest.CreateOrg(t, db, "trail")
	u, c := member(t, s, o, access.Owner)
	_, tok := s.CreateToken(t, u, "deploy bot", allScopes, nil)
	s.API(t, "POST", "/api/v1/organizations/"+o.Slug+"/incidents", "Bearer "+tok, `{"title": "From CI", "severity": "minor"}`)
	c.PostForm("/orgs/"+o.Slug+"/incidents", url.Values{"title": {"From the browser"}, "severity": {"minor"}})

	page := c.Get("/orgs/" + o.Slug + "/audit")
	for _, want := range []string{"Test Operator", "API token “deploy bot”", "Dashboard", "incident.created",
		"From CI", "From the browser"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the audit page lacks %q", want)
		}
	}
	if strings.Index(page.Body, "From the browser") > strings.Index(page.Body, "From CI") {
		t.Error("the audit page is not newest first")
	}
	if strings.Contains(page.Body, tok) {
		t.Error("the audit page shows the secret")
	}
}
