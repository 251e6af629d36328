package api

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/incido/incido/app/access"
)

// Prefix is where the API is mounted.
const Prefix = "/api/v1"

// Handle mounts the handler of one registry endpoint on the API group,
// behind the checks its registry entry calls for: a bearer token unless it
// is public, the scope and the current role for organization endpoints,
// and a JSON body for writes, read whole before the token is looked up.
func (a *API) Handle(g *gin.RouterGroup, op access.Operation, h gin.HandlerFunc) {
	e := access.EndpointOf(op)
	write := e.Method == http.MethodPost || e.Method == http.MethodPatch
	var chain []gin.HandlerFunc
	if write {
		chain = append(chain, readBody)
	}
	if e.Auth != access.Public {
		chain = append(chain, a.Authenticate)
	}
	if e.Auth == access.Member {
		chain = append(chain, a.Require(e.Needs))
	}
	if write {
		chain = append(chain, requireJSON)
	}
	g.Handle(e.Method, ginPath(e.Path), append(chain, h)...)
	a.mounted = append(a.mounted, op)
}

// Unmounted lists the registry's endpoints that have no handler yet; the
// route table checks it is empty.
func (a *API) Unmounted() []access.Operation {
	var out []access.Operation
	for _, e := range access.Endpoints {
		found := false
		for _, op := range a.mounted {
			found = found || op == e.Operation
		}
		if !found {
			out = append(out, e.Operation)
		}
	}
	return out
}

// ginPath turns /a/{b}/c into gin's /a/:b/c.
func ginPath(p string) string {
	return strings.NewReplacer("{", ":", "}", "").Replace(p)
}

// NotFound answers an unmatched path under the API with a problem
// document, and leaves every other path to the next handler.
func (a *API) NotFound(c *gin.Context) {
	if !isAPIPath(c) {
		c.Next()
		return
	}
	writeProblem(c, notFound())
}

// MethodNotAllowed answers a known API path asked with the wrong method.
func (a *API) MethodNotAllowed(c *gin.Context) {
	if !isAPIPath(c) {
		c.Next()
		return
	}
	writeProblem(c, problem("method-not-allowed", "This path does not take "+c.Request.Method+"."))
}

func isAPIPath(c *gin.Context) bool {
	p := c.Request.URL.Path
	return p == Prefix || strings.HasPrefix(p, Prefix+"/")
}
