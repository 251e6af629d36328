package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/invopop/jsonschema"

	"github.com/incido/incido/app/access"
)

// The parts of an OpenAPI 3.1 document this API uses.
type (
	openAPIDocument struct {
		OpenAPI    string                          `json:"openapi"`
		Info       openAPIInfo                     `json:"info"`
		Servers    []map[string]string             `json:"servers"`
		Tags       []map[string]string             `json:"tags"`
		Paths      map[string]map[string]operation `json:"paths"`
		Components openAPIComponents               `json:"components"`
	}
	openAPIInfo struct {
		Title       string `json:"title"`
		Version     string `json:"version"`
		Description string `json:"description"`
	}
	openAPIComponents struct {
		Schemas         map[string]*jsonschema.Schema `json:"schemas"`
		SecuritySchemes map[string]map[string]string  `json:"securitySchemes"`
	}
	operation struct {
		OperationID string                `json:"operationId"`
		Summary     string                `json:"summary"`
		Description string                `json:"description,omitempty"`
		Tags        []string              `json:"tags"`
		Security    []map[string][]string `json:"security"`
		Scope       string                `json:"x-incido-scope,omitempty"`
		Parameters  []parameter           `json:"parameters,omitempty"`
		RequestBody *requestBody          `json:"requestBody,omitempty"`
		Responses   map[string]response   `json:"responses"`
	}
	parameter struct {
		Name        string             `json:"name"`
		In          string             `json:"in"`
		Required    bool               `json:"required"`
		Description string             `json:"description"`
		Schema      *jsonschema.Schema `json:"schema"`
	}
	requestBody struct {
		Required bool                 `json:"required"`
		Content  map[string]mediaType `json:"content"`
	}
	mediaType struct {
		Schema *jsonschema.Schema `json:"schema"`
	}
	response struct {
		Description string               `json:"description"`
		Headers     map[string]header    `json:"headers,omitempty"`
		Content     map[string]mediaType `json:"content,omitempty"`
	}
	header struct {
		Description string             `json:"description"`
		Required    bool               `json:"required"`
		Schema      *jsonschema.Schema `json:"schema"`
	}
)

const bearerScheme = "bearerToken"

// Overview is the introduction the reference page and the OpenAPI
// document share, one paragraph a line.
var Overview = []string{
	"Send a personal access token as `Authorization: Bearer <token>`. Create tokens on the " +
		"API tokens page of the Dashboard; give each only the scopes it needs.",
	"A call to an organization's endpoint is allowed when the token has the endpoint's scope " +
		"and your current role in that organization grants it too, checked on every request: " +
		"a token never does more than you could do by hand.",
	"Bodies are JSON (`Content-Type: application/json`), at most 1 MiB, with no unknown " +
		"fields. Times are RFC 3339 in UTC. Errors are `application/problem+json` (RFC 9457).",
	"Lists answer `{\"data\": [...], \"next_cursor\": ...}`: pass `next_cursor` back as " +
		"`cursor` for the next page, with `limit` from 1 to 100 (50 by default).",
}

// Document is the OpenAPI 3.1 document, generated from the reference.
func (r *Reference) Document() ([]byte, error) {
	doc := openAPIDocument{
		OpenAPI: "3.1.0",
		Info: openAPIInfo{Title: "Incido API", Version: "1",
			Description: strings.Join(Overview, "\n\n") + "\n\nEndpoints that need no token: " +
				r.publicList() + ". The readable reference is at /docs/api."},
		Servers: []map[string]string{{"url": Prefix}},
		Paths:   map[string]map[string]operation{},
		Components: openAPIComponents{
			Schemas: map[string]*jsonschema.Schema{
				"Problem": schemaReflector(false).Reflect(Problem{})},
			SecuritySchemes: map[string]map[string]string{bearerScheme: {"type": "http",
				"scheme": "bearer", "description": "A personal access token, incido_pat_…"}},
		},
	}
	for _, s := range r.Scopes {
		doc.Tags = append(doc.Tags, map[string]string{"name": s.Resource})
	}
	doc.Tags = uniqueTags(append(doc.Tags, map[string]string{"name": "account"},
		map[string]string{"name": "public"}))
	for _, e := range r.Endpoints {
		if doc.Paths[e.Path] == nil {
			doc.Paths[e.Path] = map[string]operation{}
		}
		doc.Paths[e.Path][strings.ToLower(e.Method)] = r.operation(e)
	}
	body, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("api: openapi: %w", err)
	}
	return body, nil
}

func (r *Reference) publicList() string {
	var names []string
	for _, e := range r.Public() {
		names = append(names, e.Method+" "+e.URL())
	}
	return strings.Join(append(names, "GET /healthz"), ", ")
}

func (r *Reference) operation(e EndpointDoc) operation {
	op := operation{OperationID: string(e.Operation), Summary: e.Summary,
		Description: e.Description, Tags: []string{tagOf(e.Endpoint)},
		Security: []map[string][]string{}, Responses: map[string]response{}}
	switch e.Auth {
	case access.Token:
		op.Security = []map[string][]string{{bearerScheme: {}}}
	case access.Member:
		op.Security = []map[string][]string{{bearerScheme: {string(e.Needs)}}}
		op.Scope = string(e.Needs)
		op.Description = strings.TrimSpace("Needs the " + string(e.Needs) + " scope and a role " +
			"that grants it (" + roleList(e.Needs) + "). " + op.Description)
	}
	for _, p := range e.Params {
		op.Parameters = append(op.Parameters, parameter{Name: p.Name, In: p.In,
			Required: p.Required, Description: p.Description, Schema: p.schema})
	}
	if e.bodySchema != nil {
		content := map[string]mediaType{"application/json": {Schema: e.bodySchema}}
		if e.Method == http.MethodPatch {
			content["application/merge-patch+json"] = mediaType{Schema: e.bodySchema}
		}
		op.RequestBody = &requestBody{Required: true, Content: content}
	}
	op.Responses[strconv.Itoa(e.Status)] = success(e)
	for status, kinds := range byStatus(e.Problems) {
		op.Responses[strconv.Itoa(status)] = problemResponse(status, kinds)
	}
	return op
}

func tagOf(e access.Endpoint) string {
	switch {
	case e.Auth == access.Public:
		return "public"
	case e.Auth == access.Token:
		return "account"
	}
	for _, s := range access.Scopes {
		if s.Name == e.Needs {
			return s.Resource
		}
	}
	return "account"
}

func roleList(p access.Permission) string {
	roles := access.RolesWith(p)
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = string(r)
	}
	return strings.Join(names, ", ")
}

func success(e EndpointDoc) response {
	res := response{Description: http.StatusText(e.Status),
		Content: map[string]mediaType{"application/json": {Schema: e.responseSchema}}}
	if e.Status == http.StatusCreated {
		res.Headers = map[string]header{"Location": {Description: "Where the new resource lives.",
			Required: true, Schema: &jsonschema.Schema{Type: "string"}}}
	}
	return res
}

func byStatus(kinds []ProblemKind) map[int][]ProblemKind {
	out := map[int][]ProblemKind{}
	for _, k := range kinds {
		out[k.Status] = append(out[k.Status], k)
	}
	return out
}

func problemResponse(status int, kinds []ProblemKind) response {
	var parts []string
	for _, k := range kinds {
		parts = append(parts, k.Title+" ("+k.Type()+"): "+k.Description)
	}
	ref := &jsonschema.Schema{Ref: "#/components/schemas/Problem"}
	res := response{Description: strings.Join(parts, " — "),
		Content: map[string]mediaType{"application/problem+json": {Schema: ref}}}
	if status == http.StatusUnauthorized || status == http.StatusForbidden {
		res.Headers = map[string]header{"WWW-Authenticate": {
			Description: "The Bearer challenge; on a 403 only when a scope is missing.",
			Required:    status == http.StatusUnauthorized,
			Schema:      &jsonschema.Schema{Type: "string"}}}
	}
	return res
}

func uniqueTags(tags []map[string]string) []map[string]string {
	seen := map[string]bool{}
	var out []map[string]string
	for _, t := range tags {
		if !seen[t["name"]] {
			seen[t["name"]] = true
			out = append(out, t)
		}
	}
	return out
}

// ShowOpenAPIDocument answers with the OpenAPI document, to anyone.
func (a *API) ShowOpenAPIDocument(c *gin.Context) {
	c.Header("Cache-Control", "public, max-age=300")
	c.Header("Access-Control-Allow-Origin", "*")
	c.Data(http.StatusOK, "application/json", a.OpenAPI)
}
