// Package api serves the JSON API under /api/v1, authenticated by personal
// access tokens.
package api

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"
)

// Problem is an RFC 9457 problem document.
type Problem struct {
	Type   string            `json:"type" jsonschema_description:"A link to this kind of problem in the API reference."`
	Title  string            `json:"title" jsonschema_description:"The kind of problem, the same for every occurrence."`
	Status int               `json:"status" jsonschema_description:"The HTTP status code."`
	Detail string            `json:"detail,omitempty" jsonschema_description:"What went wrong this time and how to fix it."`
	Errors map[string]string `json:"errors,omitempty" jsonschema_description:"Field or parameter name to what is wrong with it."`
}

// ProblemKind is one kind of error the API answers with.
type ProblemKind struct {
	Kind        string
	Status      int
	Title       string
	Description string
}

// problemBase prefixes the type URIs; each names a section of the
// reference, whose anchors are "problem-" and the kind.
const problemBase = "/docs/api#problem-"

// Type is the kind's type URI.
func (k ProblemKind) Type() string { return problemBase + k.Kind }

// Anchor is the kind's anchor in the reference.
func (k ProblemKind) Anchor() string { return "problem-" + k.Kind }

// Problems is every kind of error, in status order; the reference
// documents each under its anchor.
var Problems = []ProblemKind{
	{"invalid-request", 400, "Invalid request",
		"The request itself is malformed, for example it carries two Authorization headers."},
	{"invalid-body", 400, "Invalid body",
		"The body is not a JSON object of this endpoint's fields: it is not valid JSON or UTF-8, " +
			"a field has the wrong type, a field is unknown (names match exactly, case " +
			"included) or given twice, a string holds a lone surrogate, or data follows the " +
			"object. " +
			"`detail` says what is wrong and where; `errors` names the fields."},
	{"invalid-parameter", 400, "Invalid parameter",
		"A query parameter is wrong: `limit` outside 1–100, a `cursor` this server did not make " +
			"or made for another list, an unknown `status`, or one of them given twice. " +
			"`errors` names the parameter."},
	{"unauthorized", 401, "Unauthorized",
		"No token, or a token that is malformed, unknown, revoked or expired, or whose owner was " +
			"deactivated. The `WWW-Authenticate` header carries the Bearer challenge, with " +
			"`error=\"invalid_token\"` when a token was sent."},
	{"insufficient-scope", 403, "Insufficient scope",
		"The token was not granted the scope this endpoint needs. The `WWW-Authenticate` header " +
			"names it: `error=\"insufficient_scope\", scope=\"…\"`. Create a token that has it."},
	{"forbidden", 403, "Forbidden",
		"The token has the scope, but your current role in the organization does not allow this. " +
			"There is no challenge: another token would not help."},
	{"not-found", 404, "Not found",
		"There is no such resource, or your account cannot see it. An organization that does not " +
			"exist and one you are not a member of get the same answer, byte for byte."},
	{"method-not-allowed", 405, "Method not allowed",
		"The path exists but not with this method. The `Allow` header lists those it has."},
	{"payload-too-large", 413, "Payload too large", "The body is larger than 1 MiB."},
	{"unsupported-media-type", 415, "Unsupported media type",
		"The body is not sent as `Content-Type: application/json` (one such header; a " +
			"`charset` parameter, if any, must be `utf-8`; PATCH also takes " +
			"`application/merge-patch+json`), or it is compressed."},
	{"validation", 422, "Validation failed",
		"The body is well-formed JSON but a value breaks a rule: a title too long, an unknown " +
			"severity, a status the lifecycle does not allow. `errors` maps each field to its " +
			"message."},
	{"internal", 500, "Internal error",
		"The server could not finish the request. Nothing was changed; try again in a moment."},
}

// problemKind returns a registered kind; an unknown one is a programming
// error that the reference test catches.
func problemKind(kind string) ProblemKind {
	for _, k := range Problems {
		if k.Kind == kind {
			return k
		}
	}
	panic(fmt.Sprintf("api: no problem kind %q", kind))
}

// problem builds a problem of a registered kind.
func problem(kind, detail string) Problem {
	k := problemKind(kind)
	return Problem{Type: k.Type(), Title: k.Title, Status: k.Status, Detail: detail}
}

// writeProblem answers with a problem document and ends the request.
func writeProblem(c *gin.Context, p Problem) {
	body, err := json.Marshal(p)
	if err != nil {
		c.AbortWithStatus(http.StatusInternalServerError)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Data(p.Status, "application/problem+json", body)
	c.Abort()
}

// notFound is the one body for a missing resource, an organization that
// does not exist and one the caller is not a member of.
func notFound() Problem {
	return problem("not-found", "There is no such resource, or your account cannot see it.")
}

// serverError answers an unexpected failure; the error is logged once by
// the request logger.
func serverError(c *gin.Context, err error) {
	c.Error(err)
	writeProblem(c, problem("internal",
		"The server could not finish this request. Try again in a moment."))
}

// invalidParameter answers a bad query parameter.
func invalidParameter(c *gin.Context, name, msg string) {
	p := problem("invalid-parameter", "The "+name+" parameter is wrong: "+msg+".")
	p.Errors = map[string]string{name: msg}
	writeProblem(c, p)
}
