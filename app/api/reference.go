package api

import (
	"slices"
	"strings"

	"github.com/invopop/jsonschema"

	"github.com/incido/incido/app/access"
	"github.com/incido/incido/app/cursor"
	"github.com/incido/incido/app/incident"
	"github.com/incido/incido/app/org"
)

// operationDoc is what the reference says about an endpoint beyond the
// access registry: its parameters, its body and its answer, as Go types
// the schemas are reflected from.
type operationDoc struct {
	Description string
	// List endpoints take limit and cursor; Statuses, when set, a status.
	List     bool
	Statuses []string
	Body     any // a request struct; nil for none
	Status   int
	Response any // nil for a free-form object
}

var operationDocs = map[access.Operation]operationDoc{
	access.ShowMe: {Description: "Who the token belongs to, and the token's own name, scopes " +
		"and expiry. Handy to check a token works.", Status: 200, Response: meJSON{}},
	access.ListOrganizations: {Description: "Every organization the token's owner is a member " +
		"of, by id, with their current role. A token sees the same organizations whatever its " +
		"scopes.",
		List: true, Status: 200, Response: page[organizationJSON]{}},
	access.ListIncidents: {Description: "Newest first.", List: true, Statuses: incident.Statuses,
		Status: 200, Response: page[incidentJSON]{}},
	access.CreateIncident: {
		Description: "Audited as incident.created. " + incident.IncidentLifecycle,
		Body:        incidentCreate{}, Status: 201, Response: incidentJSON{}},
	access.ShowIncident: {Status: 200, Response: incidentJSON{}},
	access.UpdateIncident: {Description: "Changes only the fields the body has; a field left out " +
		"stays as it is. title, severity, status and started_at cannot be null; summary: null " +
		"empties it. A change is audited as incident.updated; a body that changes nothing writes " +
		"nothing. " + incident.IncidentLifecycle,
		Body: incidentPatch{}, Status: 200, Response: incidentJSON{}},
	access.ListComments: {Description: "Oldest first, as the conversation reads.", List: true,
		Status: 200, Response: page[commentJSON]{}},
	access.CreateComment: {Description: "Comments are internal notes: the public status page " +
		"never shows them. Audited as incident.commented.",
		Body: commentCreate{}, Status: 201, Response: commentJSON{}},
	access.ShowComment: {Status: 200, Response: commentJSON{}},
	access.ListMaintenances: {Description: "Newest first.", List: true,
		Statuses: incident.MaintenanceStatuses, Status: 200, Response: page[maintenanceJSON]{}},
	access.CreateMaintenance: {Description: "starts_at must be before ends_at. Audited as " +
		"maintenance.created. " + incident.MaintenanceLifecycle,
		Body: maintenanceCreate{}, Status: 201, Response: maintenanceJSON{}},
	access.ShowMaintenance: {Status: 200, Response: maintenanceJSON{}},
	access.UpdateMaintenance: {Description: "Changes only the fields the body has. The window " +
		"that results must still start before it ends. Audited as maintenance.updated. " +
		incident.MaintenanceLifecycle,
		Body: maintenancePatch{}, Status: 200, Response: maintenanceJSON{}},
	access.ListMembers: {Description: "Active members, by user id.", List: true, Status: 200,
		Response: page[memberJSON]{}},
	access.ListAuditEvents: {Description: "Every change made in the organization, newest first, " +
		"naming who made it and, when it went through the API, the token.",
		List: true, Status: 200, Response: page[auditEventJSON]{}},
	access.ShowStatus: {Description: "What the organization's public status page shows: " +
		"incidents not yet resolved and maintenance windows scheduled, running or wrapping up. " +
		"Nothing internal: no comments, no creators, no drafts. Needs no token.",
		Status: 200, Response: statusJSON{}},
	access.ShowOpenAPIDocument: {Description: "This document, generated from the same registry " +
		"that the server enforces. Needs no token.", Status: 200},
}

// Reference is the API reference, built from the route and scope
// registries: the /docs/api page renders it and the OpenAPI document is
// generated from it.
type Reference struct {
	Endpoints []EndpointDoc
	Scopes    []ScopeDoc
	Problems  []ProblemKind
	Roles     []access.Role
}

// Public lists the endpoints that need no token.
func (r *Reference) Public() []EndpointDoc {
	var out []EndpointDoc
	for _, e := range r.Endpoints {
		if e.Auth == access.Public {
			out = append(out, e)
		}
	}
	return out
}

// EndpointDoc is one endpoint as the reference shows it.
type EndpointDoc struct {
	access.Endpoint
	Description string
	Params      []Field
	Body        []Field
	Status      int
	Response    []Field
	Problems    []ProblemKind

	bodySchema, responseSchema *jsonschema.Schema
}

// URL is the endpoint's full path.
func (e EndpointDoc) URL() string { return Prefix + e.Path }

// Anchor is the endpoint's anchor in the reference.
func (e EndpointDoc) Anchor() string { return "op-" + string(e.Operation) }

// Field is one parameter or one JSON field.
type Field struct {
	Name        string
	In          string // path, query; empty for body fields
	Type        string
	Required    bool
	Description string

	schema *jsonschema.Schema
}

// ScopeDoc is a scope with the roles that grant it and what it unlocks.
type ScopeDoc struct {
	access.Scope
	Endpoints []access.Endpoint
}

// NewReference builds the reference from the registries.
func NewReference() *Reference {
	r := &Reference{Problems: Problems, Roles: access.Roles}
	for _, e := range access.Endpoints {
		r.Endpoints = append(r.Endpoints, endpointDoc(e))
	}
	for _, s := range access.Scopes {
		r.Scopes = append(r.Scopes, ScopeDoc{Scope: s, Endpoints: access.EndpointsNeeding(s.Name)})
	}
	return r
}

func endpointDoc(e access.Endpoint) EndpointDoc {
	doc, ok := operationDocs[e.Operation]
	if !ok {
		panic("api: no reference entry for " + string(e.Operation))
	}
	out := EndpointDoc{Endpoint: e, Description: doc.Description, Status: doc.Status,
		Params: params(e, doc)}
	if doc.Body != nil {
		out.bodySchema = schemaReflector(true).Reflect(doc.Body)
		out.Body = fields(out.bodySchema, "")
	}
	out.responseSchema = &jsonschema.Schema{Type: "object"}
	if doc.Response != nil {
		out.responseSchema = schemaReflector(false).Reflect(doc.Response)
		out.Response = fields(out.responseSchema, "")
	}
	out.Problems = problemsOf(e, doc)
	return out
}

// params lists the path and query parameters of an endpoint.
func params(e access.Endpoint, doc operationDoc) []Field {
	var out []Field
	for _, seg := range strings.Split(e.Path, "/") {
		if name, ok := strings.CutPrefix(seg, "{"); ok {
			out = append(out, pathParam(strings.TrimSuffix(name, "}")))
		}
	}
	if doc.List {
		out = append(out,
			Field{Name: "limit", In: "query", Type: "integer", Description: "Items per page, " +
				"1–100; 50 when left out.", schema: &jsonschema.Schema{Type: "integer",
				Minimum: "1", Maximum: "100", Default: cursor.DefaultLimit}},
			Field{Name: "cursor", In: "query", Type: "string", Description: "The next_cursor " +
				"of the previous page, unchanged; leave out for the first page. Every item that " +
				"existed when you asked for the first page comes exactly once.",
				schema: &jsonschema.Schema{Type: "string"}})
	}
	if doc.Statuses != nil {
		s := &jsonschema.Schema{Type: "string", Enum: anySlice(doc.Statuses)}
		out = append(out, Field{Name: "status", In: "query", Type: typeOf(s),
			Description: "Only items in this status.", schema: s})
	}
	return out
}

func pathParam(name string) Field {
	switch name {
	case "org", "slug":
		return Field{Name: name, In: "path", Type: "string", Required: true,
			Description: "The organization's slug, matched exactly (acme, not ACME).",
			schema:      &jsonschema.Schema{Type: "string", Pattern: org.SlugPattern}}
	}
	return Field{Name: name, In: "path", Type: "integer", Required: true,
		Description: "The id, as in the id field of the resource.",
		schema:      &jsonschema.Schema{Type: "integer", Minimum: "1"}}
}

// problemsOf lists the errors an endpoint can answer with.
func problemsOf(e access.Endpoint, doc operationDoc) []ProblemKind {
	var kinds []string
	if e.Auth != access.Public {
		kinds = append(kinds, "invalid-request", "unauthorized")
	}
	if doc.Body != nil {
		kinds = append(kinds, "invalid-body")
	}
	if doc.List {
		kinds = append(kinds, "invalid-parameter")
	}
	if e.Auth == access.Member {
		kinds = append(kinds, "insufficient-scope", "forbidden")
	}
	if e.Auth == access.Member || strings.Contains(e.Path, "{") {
		kinds = append(kinds, "not-found")
	}
	if doc.Body != nil {
		kinds = append(kinds, "payload-too-large", "unsupported-media-type", "validation")
	}
	if e.Operation != access.ShowOpenAPIDocument {
		kinds = append(kinds, "internal")
	}
	out := make([]ProblemKind, 0, len(kinds))
	for _, k := range kinds {
		out = append(out, problemKind(k))
	}
	return out
}

// schemaReflector reflects request bodies (where only fields tagged
// required are) or answers (where every field is, null or not).
func schemaReflector(request bool) *jsonschema.Reflector {
	return &jsonschema.Reflector{DoNotReference: true, Anonymous: true,
		RequiredFromJSONSchemaTags: request}
}

// fields flattens an object schema into the rows of the reference's
// tables, nested objects as dotted names and list items as name[].
func fields(s *jsonschema.Schema, prefix string) []Field {
	if s == nil || s.Properties == nil {
		return nil
	}
	var out []Field
	for p := s.Properties.Oldest(); p != nil; p = p.Next() {
		name, prop := prefix+p.Key, p.Value
		out = append(out, Field{Name: name, Type: typeOf(prop), Description: prop.Description,
			Required: slices.Contains(s.Required, p.Key)})
		inner := prop
		if len(inner.OneOf) > 0 {
			inner = inner.OneOf[0]
		}
		switch {
		case inner.Type == "object":
			out = append(out, fields(inner, name+".")...)
		case inner.Type == "array" && inner.Items != nil && inner.Items.Type == "object":
			out = append(out, fields(inner.Items, name+"[].")...)
		}
	}
	return out
}

// typeOf names a schema's type the way the reference tables show it.
func typeOf(s *jsonschema.Schema) string {
	if len(s.OneOf) == 2 && s.OneOf[1].Type == "null" {
		return typeOf(s.OneOf[0]) + " or null"
	}
	t := s.Type
	switch {
	case s.Format == "date-time":
		t = "RFC 3339 time"
	case len(s.Enum) > 0:
		vals := make([]string, len(s.Enum))
		for i, v := range s.Enum {
			vals[i], _ = v.(string)
		}
		t = "one of " + strings.Join(vals, ", ")
	case t == "array" && s.Items != nil:
		t = "array of " + typeOf(s.Items)
	}
	return t
}

func anySlice(list []string) []any {
	out := make([]any, len(list))
	for i, v := range list {
		out[i] = v
	}
	return out
}

// IsPublic reports whether the endpoint needs no token.
func (e EndpointDoc) IsPublic() bool { return e.Auth == access.Public }

// IsMember reports whether the endpoint acts in an organization.
func (e EndpointDoc) IsMember() bool { return e.Auth == access.Member }

// Roles lists the roles that may call a member endpoint.
func (e EndpointDoc) Roles() []access.Role { return access.RolesWith(e.Needs) }
