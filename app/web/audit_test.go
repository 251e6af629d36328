package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/incido/incido/app/access"
	"github.com/incido/incido/app/apptest"
)

func TestAuditDetailsReadAsNamesAndValuesWithTimesInTheReadersZone(t *testing.T) {
	s := apptest.NewServer(t, db)
	o := apptest.CreateOrg(t, db, "trail")
	u, c := member(t, s, o, access.Owner)
	i := apptest.CreateIncident(t, db, o, u, "Queue stuck")
	c.PostForm("/orgs/"+o.Slug+"/incidents/"+itoa(i.ID), url.Values{"title": {"Queue stuck"},
		"severity": {"major"}, "status": {"monitoring"}})
	c.PostForm("/orgs/"+o.Slug+"/maintenances", url.Values{"title": {"Drill"},
		"status": {"scheduled"}, "starts_at": {"2030-01-02T10:00"}, "ends_at": {"2030-01-02T12:00"}})

	page := c.Get("/orgs/" + o.Slug + "/audit").Body
	for _, want := range []string{
		"<li>status: triage → monitoring</li>",
		`<li>starts at: <time datetime="2030-01-02T09:00:00Z" title="Europe/Berlin, UTC+01:00">`,
		"<li>title: Drill</li>",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the audit page lacks %s", want)
		}
	}
	if strings.Contains(page, `{"`) {
		t.Error("the audit page still shows JSON")
	}
}
