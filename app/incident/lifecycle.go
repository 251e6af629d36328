package incident

import "slices"

// Statuses of an incident, in lifecycle order.
var Statuses = []string{"triage", "investigating", "active", "monitoring", "resolved", "closed"}

// OpenStatuses are the statuses of an incident still being worked on; an
// incident is created in one of them.
var OpenStatuses = []string{"triage", "investigating", "active", "monitoring"}

// Severities, most severe first.
var Severities = []string{"critical", "major", "minor", "trivial"}

// IncidentLifecycle says, in words, how an incident's status may move.
// The API reference shows it; incidentMove enforces it.
const IncidentLifecycle = "An incident opens in triage, investigating, active or monitoring and " +
	"moves freely between those. From any of them it can be resolved, which sets resolved_at. " +
	"A resolved incident can be reopened (resolved_at is cleared) or closed. " +
	"Closed is final: open a new incident instead. An open incident is resolved before it " +
	"is closed."

// IsOpen reports whether an incident in that status is still being worked on.
func IsOpen(status string) bool {
	return slices.Contains(OpenStatuses, status)
}

// incidentMove explains why an incident cannot go from one status to
// another, or returns "" when it can.
func incidentMove(from, to string) string {
	switch {
	case from == to:
		return ""
	case from == "closed":
		return "A closed incident cannot change status. Open a new incident instead."
	case to == "closed" && from != "resolved":
		return "Resolve the incident before closing it."
	}
	return ""
}

// Statuses of a maintenance window, in lifecycle order.
var MaintenanceStatuses = []string{"draft", "scheduled", "in_progress", "post_maintenance",
	"cancelled", "closed"}

// NewMaintenanceStatuses are those a maintenance may be created in.
var NewMaintenanceStatuses = []string{"draft", "scheduled", "in_progress"}

var maintenanceMoves = map[string][]string{
	"draft":            {"scheduled", "cancelled"},
	"scheduled":        {"draft", "in_progress", "cancelled"},
	"in_progress":      {"post_maintenance", "closed"},
	"post_maintenance": {"in_progress", "closed"},
}

// MaintenanceLifecycle says, in words, how a maintenance's status may move.
const MaintenanceLifecycle = "A maintenance is created as draft, scheduled (the default) or " +
	"in_progress. draft → scheduled or cancelled; scheduled → draft, in_progress or cancelled; " +
	"in_progress → post_maintenance or closed; post_maintenance → in_progress or closed. " +
	"Cancelled and closed are final. Drafts never appear on the public status page."

// maintenanceMove explains why a maintenance cannot go from one status to
// another, or returns "" when it can.
func maintenanceMove(from, to string) string {
	if from == to || slices.Contains(maintenanceMoves[from], to) {
		return ""
	}
	next := maintenanceMoves[from]
	if len(next) == 0 {
		return "A " + from + " maintenance cannot change status. Schedule a new one instead."
	}
	return "A " + from + " maintenance can only move to " + joinOr(next) + "."
}

func joinOr(list []string) string {
	switch len(list) {
	case 0:
		return ""
	case 1:
		return list[0]
	}
	out := ""
	for i, s := range list {
		switch {
		case i == 0:
			out = s
		case i == len(list)-1:
			out += " or " + s
		default:
			out += ", " + s
		}
	}
	return out
}
