package web

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/incido/incido/app/audit"
)

type auditPage struct {
	orgPage
	Events []auditRow
	Pager  pager
}

// auditRow is an event with its details in a readable form.
type auditRow struct {
	audit.Event
	Details []detail
}

// detail is one of an event's details, by name. Its value is in parts so
// that the times in it show in the reader's zone, as every time does.
type detail struct {
	Name  string
	Parts []detailPart
}

type detailPart struct {
	Text string
	At   *time.Time
}

// ShowAudit lists the organization's audit trail, newest first.
func (d *Dashboard) ShowAudit(c *gin.Context) {
	p := auditPage{orgPage: newOrgPage(c, "audit")}
	list, err := d.Trail.OrganizationEvents(c.Request.Context(), p.Org.ID, pageStart(c),
		2*pageSize+1)
	if err != nil {
		d.fail(c, err)
		return
	}
	list, p.Pager = paged(c, list, 2*pageSize, func(e audit.Event) int64 { return e.ID })
	for _, e := range list {
		p.Events = append(p.Events, auditRow{Event: e, Details: detailsOf(e.Details)})
	}
	d.render(c, http.StatusOK, "org_audit", "", d.view(c, "Audit trail · "+p.Org.Name, p))
}

// detailsOf lists an event's details by name, a change's fields among
// them, each reading "from → to". A list of names and words reads better
// than JSON, on screen and to a screen reader.
func detailsOf(raw json.RawMessage) []detail {
	var v map[string]any
	if json.Unmarshal(raw, &v) != nil {
		return nil
	}
	if changes, ok := v["changes"].(map[string]any); ok {
		delete(v, "changes")
		maps.Copy(v, changes)
	}
	var out []detail
	for _, name := range slices.Sorted(maps.Keys(v)) {
		out = append(out, detail{Name: strings.ReplaceAll(name, "_", " "), Parts: partsOf(v[name])})
	}
	return out
}

func partsOf(v any) []detailPart {
	if change, ok := v.(map[string]any); ok && len(change) == 2 {
		from, hasFrom := change["from"]
		to, hasTo := change["to"]
		if hasFrom && hasTo {
			return append(append(partsOf(from), detailPart{Text: " → "}), partsOf(to)...)
		}
	}
	switch x := v.(type) {
	case nil:
		return []detailPart{{Text: "none"}}
	case string:
		if at, err := time.Parse(time.RFC3339Nano, x); err == nil {
			return []detailPart{{At: &at}}
		}
		return []detailPart{{Text: x}}
	case map[string]any, []any:
		b, _ := json.Marshal(x)
		return []detailPart{{Text: string(b)}}
	}
	return []detailPart{{Text: fmt.Sprint(v)}}
}
