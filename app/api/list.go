package api

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/incido/incido/app/cursor"
	"github.com/incido/incido/app/incident"
)

// page is the shape of every list answer.
type page[T any] struct {
	Data       []T     `json:"data"`
	NextCursor *string `json:"next_cursor" jsonschema:"nullable" jsonschema_description:"Pass as cursor to get the next page; null on the last page."`
}

// listParams reads limit and cursor, and status when statuses is not nil.
// It answers a bad parameter itself and reports whether to go on. The
// filter's Limit is one more than asked, to tell whether a next page exists.
func listParams(c *gin.Context, statuses []string) (incident.Filter, bool) {
	var f incident.Filter
	for _, name := range []string{"limit", "cursor", "status"} {
		if len(c.QueryArray(name)) > 1 {
			invalidParameter(c, name, "give it once")
			return f, false
		}
	}
	limit, err := cursor.Limit(c.Query("limit"))
	if err != nil {
		invalidParameter(c, "limit", err.Error())
		return f, false
	}
	f.Before, err = cursor.Decode(cursor.List(c.Request), c.Query("cursor"))
	if err != nil {
		invalidParameter(c, "cursor", err.Error())
		return f, false
	}
	if statuses != nil {
		f.Status = c.Query("status")
		if f.Status != "" && !slices.Contains(statuses, f.Status) {
			invalidParameter(c, "status", "use one of "+strings.Join(statuses, ", "))
			return f, false
		}
	}
	f.Limit = limit + 1
	return f, true
}

// listIn answers a page of the path's organization's rows, fetched by
// fetch with the request's filter.
func listIn[T, J any](c *gin.Context, statuses []string,
	fetch func(ctx context.Context, orgID int64, f incident.Filter) ([]T, error),
	id func(*T) int64, out func(*T) J) {
	f, ok := listParams(c, statuses)
	if !ok {
		return
	}
	list, err := fetch(c.Request.Context(), orgID(c), f)
	if err != nil {
		serverError(c, err)
		return
	}
	writePage(c, list, f, id, out)
}

// writePage answers with a page of rows fetched with listParams' limit,
// converted by out.
func writePage[T, J any](c *gin.Context, rows []T, f incident.Filter, id func(*T) int64,
	out func(*T) J) {
	rows, next := cursor.Page(rows, f.Limit-1, cursor.List(c.Request),
		func(r T) int64 { return id(&r) })
	p := page[J]{Data: make([]J, 0, len(rows))}
	for i := range rows {
		p.Data = append(p.Data, out(&rows[i]))
	}
	if next != "" {
		p.NextCursor = &next
	}
	c.JSON(http.StatusOK, p)
}
