// Package api serves the JSON API under /api/v1, authenticated by personal
// access tokens.
package api

import (
	"encoding/json"
	"net/http"

	"github.com/gin-gonic/gin"
)

// Problem is an RFC 9457 problem document.
type Problem struct {
	Type   string            `json:"type"`
	Title  string            `json:"title"`
	Status int               `json:"status"`
	Detail string            `json:"detail,omitempty"`
	Errors map[string]string `json:"errors,omitempty"`
}

// problemBase prefixes the type URIs; each names a section of the reference.
const problemBase = "/docs/api#problem-"

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

func problem(status int, kind, title, detail string) Problem {
	return Problem{Type: problemBase + kind, Title: title, Status: status, Detail: detail}
}

// notFound is the one body for a missing resource, an organization that
// does not exist and one the caller is not a member of.
func notFound() Problem {
	return problem(http.StatusNotFound, "not-found", "Not found",
		"There is no such resource, or your account cannot see it.")
}

// serverError answers an unexpected failure; the error is logged once by
// the request logger.
func serverError(c *gin.Context, err error) {
	c.Error(err)
	writeProblem(c, problem(http.StatusInternalServerError, "internal", "Internal error",
		"The server could not finish this request. Try again in a moment."))
}
