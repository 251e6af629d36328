package cli_test

import (
	"testing"
)

func TestDemoGivesEveryPageSomethingToShow(t *testing.T) {
	if code, _, errOut := run(t, "", "demo"); code != 0 {
		t.Fatalf("demo: %d %s", code, errOut)
	}
	counts := map[string]string{
		"acme incidents":      `SELECT count(*) FROM incidents i JOIN organizations o ON o.id = i.organization_id WHERE o.slug = 'acme'`,
		"acme open incidents": `SELECT count(*) FROM incidents i JOIN organizations o ON o.id = i.organization_id WHERE o.slug = 'acme' AND i.resolved_at IS NULL`,
		"acme comments":       `SELECT count(*) FROM incident_comments c JOIN incidents i ON i.id = c.incident_id JOIN organizations o ON o.id = i.organization_id WHERE o.slug = 'acme'`,
		"acme maintenances":   `SELECT count(*) FROM maintenances m JOIN organizations o ON o.id = m.organization_id WHERE o.slug = 'acme' AND m.status = 'scheduled'`,
		"acme drafts":         `SELECT count(*) FROM maintenances m JOIN organizations o ON o.id = m.organization_id WHERE o.slug = 'acme' AND m.status = 'draft'`,
		"acme audit events":   `SELECT count(*) FROM audit_events e JOIN organizations o ON o.id = e.organization_id WHERE o.slug = 'acme'`,
		"globex incidents":    `SELECT count(*) FROM incidents i JOIN organizations o ON o.id = i.organization_id WHERE o.slug = 'globex'`,
		"globex maintenances": `SELECT count(*) FROM maintenances m JOIN organizations o ON o.id = m.organization_id WHERE o.slug = 'globex'`,
		"globex-only members": `SELECT count(*) FROM memberships m JOIN organizations o ON o.id = m.organization_id WHERE o.slug = 'globex' AND m.user_id NOT IN (SELECT user_id FROM memberships m2 JOIN organizations o2 ON o2.id = m2.organization_id WHERE o2.slug = 'acme')`,
		"acme admins":         `SELECT count(*) FROM memberships m JOIN organizations o ON o.id = m.organization_id WHERE o.slug = 'acme' AND m.role = 'admin'`,
	}
	for name, q := range counts {
		var n int
		if err := db.DB.Get(&n, q); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			t.Errorf("the demo has no %s", name)
		}
	}
}
