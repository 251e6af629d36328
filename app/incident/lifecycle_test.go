package incident

import (
	"strings"
	"testing"
	"time"
)

func TestIncidentLifecycle(t *testing.T) {
	allowed := map[[2]string]bool{}
	for _, from := range Statuses {
		for _, to := range Statuses {
			allowed[[2]string{from, to}] = incidentMove(from, to) == ""
		}
	}
	for _, tc := range []struct {
		from, to string
		ok       bool
	}{
		{"triage", "monitoring", true}, {"monitoring", "triage", true}, {"active", "resolved", true},
		{"resolved", "investigating", true}, {"resolved", "closed", true},
		{"triage", "closed", false}, {"monitoring", "closed", false},
		{"closed", "triage", false}, {"closed", "resolved", false}, {"closed", "closed", true},
	} {
		if allowed[[2]string{tc.from, tc.to}] != tc.ok {
			t.Errorf("%s → %s allowed = %v, want %v", tc.from, tc.to, !tc.ok, tc.ok)
		}
	}
}

func TestResolvedAtFollowsTheStatus(t *testing.T) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	i := &Incident{Status: "active", StartedAt: now.Add(-time.Hour)}
	step := func(status string) {
		t.Helper()
		if _, err := i.apply(Patch{Status: &status}, now); err != nil {
			t.Fatalf("to %s: %v", status, err)
		}
	}
	step("resolved")
	if i.ResolvedAt == nil || !i.ResolvedAt.Equal(now) {
		t.Fatalf("resolved_at = %v, want %v", i.ResolvedAt, now)
	}
	now = now.Add(time.Hour)
	step("closed")
	if !i.ResolvedAt.Equal(now.Add(-time.Hour)) {
		t.Errorf("closing moved resolved_at to %v", i.ResolvedAt)
	}
	start := now.Add(time.Minute)
	if _, err := i.apply(Patch{StartedAt: &start}, now.Add(time.Hour)); err == nil {
		t.Error("a start after resolved_at was accepted")
	}
}

func TestMaintenanceLifecycle(t *testing.T) {
	for _, tc := range []struct {
		from, to string
		ok       bool
	}{
		{"draft", "scheduled", true}, {"draft", "in_progress", false}, {"scheduled", "draft", true},
		{"scheduled", "in_progress", true}, {"in_progress", "post_maintenance", true},
		{"post_maintenance", "in_progress", true}, {"in_progress", "closed", true},
		{"in_progress", "cancelled", false}, {"cancelled", "scheduled", false}, {"closed", "draft", false},
	} {
		if got := maintenanceMove(tc.from, tc.to) == ""; got != tc.ok {
			t.Errorf("%s → %s allowed = %v, want %v", tc.from, tc.to, got, tc.ok)
		}
	}
}

func TestTextRules(t *testing.T) {
	for raw, ok := range map[string]bool{"Fine": true, " padded ": true, "": false, "a\tb": false,
		"line\nbreak": false, strings.Repeat("x", 201): false, strings.Repeat("é", 200): true} {
		if _, msg := cleanTitle(raw); (msg == "") != ok {
			t.Errorf("cleanTitle(%q): %q", raw, msg)
		}
	}
	if s, msg := cleanText("one\r\ntwo\tthree\n", "summary", 100, false); msg != "" || s != "one\ntwo\tthree" {
		t.Errorf("cleanText kept %q (%s)", s, msg)
	}
	if _, msg := cleanText("bell\a", "summary", 100, false); msg == "" {
		t.Error("a control character was accepted")
	}
}
