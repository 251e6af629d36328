package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/incido/incido/app/incident"
)

type commentJSON struct {
	ID         int64      `json:"id"`
	IncidentID int64      `json:"incident_id"`
	Body       string     `json:"body"`
	Author     personJSON `json:"author"`
	CreatedAt  time.Time  `json:"created_at"`
}

func commentOf(c *incident.Comment) commentJSON {
	return commentJSON{ID: c.ID, IncidentID: c.IncidentID, Body: c.Body,
		Author:    personJSON{ID: c.AuthorUserID, Name: c.AuthorName},
		CreatedAt: c.CreatedAt.UTC()}
}

func commentID(c *incident.Comment) int64 { return c.ID }

// ListComments answers with a page of an incident's comments, oldest
// first.
func (a *API) ListComments(c *gin.Context) {
	i, ok := a.incident(c)
	if !ok {
		return
	}
	f, ok := listParams(c, nil)
	if !ok {
		return
	}
	list, err := a.Incidents.Comments(c.Request.Context(), orgID(c), i.ID, f.Before, f.Limit)
	if err != nil {
		serverError(c, err)
		return
	}
	writePage(c, list, f, commentID, commentOf)
}

type commentCreate struct {
	Body string `json:"body" jsonschema:"required,minLength=1,maxLength=10000" jsonschema_description:"Internal: never shown on the public status page."`
}

// CreateComment adds an internal comment to an incident.
func (a *API) CreateComment(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var in commentCreate
	if !decode(c, &in) {
		return
	}
	body, err := incident.CleanComment(in.Body)
	if failed(c, err) {
		return
	}
	com, err := a.Incidents.AddComment(c.Request.Context(), orgID(c), id, body, actor(c))
	if failed(c, err) {
		return
	}
	created(c, "/incidents/"+strconv.FormatInt(id, 10)+"/comments/"+
		strconv.FormatInt(com.ID, 10), commentOf(com))
}

// ShowComment answers with one comment of an incident.
func (a *API) ShowComment(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	commentID, ok := pathID(c, "comment_id")
	if !ok {
		return
	}
	com, err := a.Incidents.Comment(c.Request.Context(), orgID(c), id, commentID)
	if failed(c, err) {
		return
	}
	c.JSON(http.StatusOK, commentOf(com))
}
