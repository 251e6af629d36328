// Package access is the one place that says what a role or a token scope
// allows. The Dashboard, the API, the token picker and the API reference
// all read it.
package access

import (
	"slices"
	"strings"
)

// Permission is a `resource:action` name. Token scopes use the same names.
type Permission string

// The permissions, in the order the token picker and the reference show them.
const (
	IncidentsRead     Permission = "incidents:read"
	IncidentsWrite    Permission = "incidents:write"
	MaintenancesRead  Permission = "maintenances:read"
	MaintenancesWrite Permission = "maintenances:write"
	CommentsWrite     Permission = "comments:write"
	MembersRead       Permission = "members:read"
	AuditRead         Permission = "audit:read"
)

// Scope describes one permission for people choosing token scopes.
type Scope struct {
	Name        Permission
	Resource    string
	Description string
}

// Scopes is the registry of every permission, grouped by resource.
var Scopes = []Scope{
	{IncidentsRead, "incidents", "List and read incidents."},
	{IncidentsWrite, "incidents", "Open incidents and change their status, severity and summary."},
	{MaintenancesRead, "maintenances", "List and read maintenance windows."},
	{MaintenancesWrite, "maintenances", "Schedule maintenance windows and change them."},
	{CommentsWrite, "comments", "Add internal comments to incidents."},
	{MembersRead, "members", "List the members of an organization and their roles."},
	{AuditRead, "audit", "Read the organization's audit trail."},
}

// Role is a member's fixed set of permissions in one organization.
type Role string

// The roles, most powerful first.
const (
	Owner     Role = "owner"
	Admin     Role = "admin"
	Responder Role = "responder"
	Viewer    Role = "viewer"
)

// Roles lists every role, most powerful first.
var Roles = []Role{Owner, Admin, Responder, Viewer}

var grants = map[Role][]Permission{
	Owner: {IncidentsRead, IncidentsWrite, MaintenancesRead, MaintenancesWrite,
		CommentsWrite, MembersRead, AuditRead},
	Admin: {IncidentsRead, IncidentsWrite, MaintenancesRead, MaintenancesWrite,
		CommentsWrite, MembersRead, AuditRead},
	Responder: {IncidentsRead, IncidentsWrite, MaintenancesRead, MaintenancesWrite,
		CommentsWrite, MembersRead},
	Viewer: {IncidentsRead, MaintenancesRead, MembersRead},
}

// ParseRole returns the role of that exact name.
func ParseRole(s string) (Role, bool) {
	r := Role(s)
	_, ok := grants[r]
	return r, ok
}

// Allows reports whether the role grants the permission.
func (r Role) Allows(p Permission) bool {
	return slices.Contains(grants[r], p)
}

// Permissions lists what the role grants, in registry order.
func (r Role) Permissions() []Permission {
	return grants[r]
}

// KnownScope reports whether name is a scope of the registry.
func KnownScope(name string) bool {
	for _, s := range Scopes {
		if string(s.Name) == name {
			return true
		}
	}
	return false
}

// Grant is what a token may do: every scope, present and future, or a list.
type Grant struct {
	All    bool
	Scopes []string
}

// Has reports whether the grant includes the permission.
func (g Grant) Has(p Permission) bool {
	return g.All || slices.Contains(g.Scopes, string(p))
}

// String is the grant as people read it.
func (g Grant) String() string {
	if g.All {
		return "all scopes"
	}
	return strings.Join(g.Scopes, ", ")
}

// Decision is the outcome of checking one request.
type Decision int

// The outcomes, in the order they are checked.
const (
	Allowed Decision = iota
	// MissingScope: the token was not granted the permission.
	MissingScope
	// RoleForbids: the member's current role does not include it.
	RoleForbids
)

// Check decides a request for permission p by a member with role r, made
// through a token with grant g (nil for a browser session). The token's
// scope is checked first, then the role: a token never does more than
// its owner could do by hand.
func Check(g *Grant, r Role, p Permission) Decision {
	if g != nil && !g.Has(p) {
		return MissingScope
	}
	if !r.Allows(p) {
		return RoleForbids
	}
	return Allowed
}
