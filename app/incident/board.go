package incident

import (
	"context"
	"slices"
	"time"
)

// Indicators are the overall states a public status page shows, worst first.
var Indicators = []string{"critical", "major", "minor", "trivial", "maintenance", "operational"}

// boardLimit bounds what the public page lists; an organization with more
// open incidents than this has bigger problems than a long page.
const boardLimit = 100

// Board is what an organization's public status page shows.
type Board struct {
	Indicator    string
	Incidents    []Incident
	Maintenances []Maintenance
	At           time.Time
}

// LoadBoard gathers the public status of an organization at now.
func LoadBoard(ctx context.Context, incidents *Incidents, maintenances *Maintenances,
	orgID int64, now time.Time) (*Board, error) {
	open, err := incidents.OpenIncidents(ctx, orgID, boardLimit)
	if err != nil {
		return nil, err
	}
	current, err := maintenances.CurrentMaintenances(ctx, orgID, now, boardLimit)
	if err != nil {
		return nil, err
	}
	return &Board{Indicator: indicator(open, current, now), Incidents: open,
		Maintenances: current, At: now}, nil
}

// indicator is the worst open incident's severity, else maintenance
// while a window is running, else operational.
func indicator(open []Incident, current []Maintenance, now time.Time) string {
	worst := len(Severities)
	for _, i := range open {
		worst = min(worst, slices.Index(Severities, i.Severity))
	}
	if worst < len(Severities) {
		return Severities[worst]
	}
	for _, m := range current {
		if m.Status != "scheduled" || !now.Before(m.StartsAt) {
			return "maintenance"
		}
	}
	return "operational"
}
