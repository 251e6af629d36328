package incident

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/incido/incido/app/audit"
	"github.com/incido/incido/app/database"
)

// Comment is an internal note on an incident. Comments never leave the
// organization: the public status page does not show them.
type Comment struct {
	ID           int64     `db:"id"`
	IncidentID   int64     `db:"incident_id"`
	AuthorUserID int64     `db:"author_user_id"`
	Body         string    `db:"body"`
	CreatedAt    time.Time `db:"created_at"`
	AuthorName   string    `db:"author_name"`
}

const commentColumns = `c.id, c.incident_id, c.author_user_id, c.body, c.created_at,
	trim(u.given_name || ' ' || u.family_name) author_name`

// The comments of incidents in one organization only: an id from
// another organization matches nothing.
const commentFrom = ` FROM incident_comments c
	JOIN incidents i ON i.id = c.incident_id
	JOIN users u ON u.id = c.author_user_id`

// CleanComment trims a comment body and checks it.
func CleanComment(raw string) (string, error) {
	body, msg := cleanText(raw, "comment", MaxCommentLength, true)
	if msg != "" {
		return "", Invalid{"body": msg}
	}
	return body, nil
}

// AddComment adds a cleaned comment to an incident of the organization,
// with its audit event, and returns it as stored.
func (r *Incidents) AddComment(ctx context.Context, orgID, incidentID int64, body string,
	by audit.Actor) (*Comment, error) {
	var id int64
	err := database.InTx(ctx, r.DB, func(tx *sqlx.Tx) error {
		err := tx.GetContext(ctx, &id, `
			INSERT INTO incident_comments (incident_id, author_user_id, author_token_id, body)
			SELECT i.id, $3, $4, $5 FROM incidents i
			WHERE i.organization_id = $1 AND i.id = $2
			RETURNING id`, orgID, incidentID, by.UserID, by.TokenID, body)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("incident: comment: %w", err)
		}
		return audit.Record(ctx, tx, by, &orgID, "incident.commented",
			target("incident", incidentID), map[string]any{"comment_id": id})
	})
	if err != nil {
		return nil, err
	}
	return r.Comment(ctx, orgID, incidentID, id)
}

// Comment returns one comment of an incident of the organization.
func (r *Incidents) Comment(ctx context.Context, orgID, incidentID, id int64) (*Comment, error) {
	var c Comment
	err := r.DB.GetContext(ctx, &c, `SELECT `+commentColumns+commentFrom+`
		WHERE i.organization_id = $1 AND c.incident_id = $2 AND c.id = $3`, orgID, incidentID, id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("incident: comment: %w", err)
	}
	return &c, nil
}

// Comments lists an incident's comments oldest first, as a conversation
// reads, from after the comment id after (0: from the first).
func (r *Incidents) Comments(ctx context.Context, orgID, incidentID, after int64,
	limit int) ([]Comment, error) {
	var list []Comment
	err := r.DB.SelectContext(ctx, &list, `SELECT `+commentColumns+commentFrom+`
		WHERE i.organization_id = $1 AND c.incident_id = $2 AND c.id > $3
		ORDER BY c.id LIMIT $4`, orgID, incidentID, after, limit)
	if err != nil {
		return nil, fmt.Errorf("incident: comments: %w", err)
	}
	return list, nil
}
