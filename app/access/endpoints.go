package access

import "fmt"

// Auth is what calling an API endpoint takes.
type Auth int

// The kinds of endpoint.
const (
	// Public endpoints need no token.
	Public Auth = iota
	// Token endpoints need any valid token.
	Token
	// Member endpoints need a valid token whose scope includes the
	// endpoint's permission, held by a member of the organization named in
	// the path whose current role grants it too.
	Member
)

// Operation names an API endpoint; it is the OpenAPI operationId.
type Operation string

// Endpoint is one operation of the JSON API and what calling it takes.
type Endpoint struct {
	Operation Operation
	Method    string
	// Path is under /api/v1, with {org} (the organization's slug) and
	// other parameters in OpenAPI form.
	Path    string
	Auth    Auth
	Needs   Permission // for Member endpoints
	Summary string
}

// The operations of the API.
const (
	ShowMe              Operation = "showMe"
	ListOrganizations   Operation = "listOrganizations"
	ListIncidents       Operation = "listIncidents"
	CreateIncident      Operation = "createIncident"
	ShowIncident        Operation = "showIncident"
	UpdateIncident      Operation = "updateIncident"
	ListComments        Operation = "listComments"
	ShowComment         Operation = "showComment"
	CreateComment       Operation = "createComment"
	ListMaintenances    Operation = "listMaintenances"
	CreateMaintenance   Operation = "createMaintenance"
	ShowMaintenance     Operation = "showMaintenance"
	UpdateMaintenance   Operation = "updateMaintenance"
	ListMembers         Operation = "listMembers"
	ListAuditEvents     Operation = "listAuditEvents"
	ShowStatus          Operation = "showStatus"
	ShowOpenAPIDocument Operation = "showOpenAPIDocument"
)

const orgPath = "/organizations/{org}"

// Endpoints is the registry of every API endpoint, in the order the
// reference lists them. The route table mounts each with the checks its
// Auth and Needs call for; the API reference and the OpenAPI document are
// generated from it.
var Endpoints = []Endpoint{
	{ShowMe, "GET", "/me", Token, "", "The token's owner and the token itself"},
	{ListOrganizations, "GET", "/organizations", Token, "",
		"The organizations the token's owner is a member of, with their role"},
	{ListIncidents, "GET", orgPath + "/incidents", Member, IncidentsRead, "List incidents"},
	{CreateIncident, "POST", orgPath + "/incidents", Member, IncidentsWrite, "Open an incident"},
	{ShowIncident, "GET", orgPath + "/incidents/{id}", Member, IncidentsRead, "Read an incident"},
	{UpdateIncident, "PATCH", orgPath + "/incidents/{id}", Member, IncidentsWrite,
		"Change an incident"},
	{ListComments, "GET", orgPath + "/incidents/{id}/comments", Member, IncidentsRead,
		"List an incident's internal comments"},
	{CreateComment, "POST", orgPath + "/incidents/{id}/comments", Member, CommentsWrite,
		"Add an internal comment to an incident"},
	{ShowComment, "GET", orgPath + "/incidents/{id}/comments/{comment_id}", Member, IncidentsRead,
		"Read one internal comment"},
	{ListMaintenances, "GET", orgPath + "/maintenances", Member, MaintenancesRead,
		"List maintenance windows"},
	{CreateMaintenance, "POST", orgPath + "/maintenances", Member, MaintenancesWrite,
		"Schedule a maintenance window"},
	{ShowMaintenance, "GET", orgPath + "/maintenances/{id}", Member, MaintenancesRead,
		"Read a maintenance window"},
	{UpdateMaintenance, "PATCH", orgPath + "/maintenances/{id}", Member, MaintenancesWrite,
		"Change a maintenance window"},
	{ListMembers, "GET", orgPath + "/members", Member, MembersRead,
		"List the organization's members and their roles"},
	{ListAuditEvents, "GET", orgPath + "/audit-events", Member, AuditRead,
		"Read the organization's audit trail"},
	{ShowStatus, "GET", "/status/{slug}", Public, "",
		"An organization's public status: open incidents and current maintenances"},
	{ShowOpenAPIDocument, "GET", "/openapi.json", Public, "", "This API's OpenAPI 3.1 document"},
}

// EndpointOf returns the registry's entry for an operation. Asking for
// one that is not registered is a programming error caught at start-up.
func EndpointOf(op Operation) Endpoint {
	for _, e := range Endpoints {
		if e.Operation == op {
			return e
		}
	}
	panic(fmt.Sprintf("access: no endpoint %q", op))
}

// RolesWith lists the roles that grant the permission, most powerful first.
func RolesWith(p Permission) []Role {
	var out []Role
	for _, r := range Roles {
		if r.Allows(p) {
			out = append(out, r)
		}
	}
	return out
}

// EndpointsNeeding lists the endpoints a scope unlocks.
func EndpointsNeeding(p Permission) []Endpoint {
	var out []Endpoint
	for _, e := range Endpoints {
		if e.Auth == Member && e.Needs == p {
			out = append(out, e)
		}
	}
	return out
}
