package web

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/incido/incido/app/api"
)

type docsPage struct {
	*api.Reference
	Overview []string
}

// ShowAPIDocs renders the API reference from the same registry the API
// enforces and the OpenAPI document is generated from. It is public, so
// the problem type links of API errors work for anyone.
func (d *Dashboard) ShowAPIDocs(c *gin.Context) {
	d.render(c, http.StatusOK, "docs_api", "", d.view(c, "API reference",
		docsPage{Reference: d.Reference, Overview: api.Overview}))
}

// span is a run of reference text, code or not.
type span struct {
	Text string
	Code bool
}

// Inline splits text written with `code` marks into spans, so the page
// and the OpenAPI document can share one wording.
func (docsPage) Inline(text string) []span {
	parts := strings.Split(text, "`")
	out := make([]span, 0, len(parts))
	for i, p := range parts {
		if p != "" {
			out = append(out, span{Text: p, Code: i%2 == 1})
		}
	}
	return out
}
