// Package org owns organizations and the roles their members hold.
package org

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/incido/incido/app/access"
	"github.com/incido/incido/app/database"
)

// ErrNotFound is returned for an organization that does not exist or that
// the user is not a member of: callers cannot tell the two apart.
var ErrNotFound = errors.New("org: not found")

// ErrSlugTaken is returned when another organization has the slug.
var ErrSlugTaken = errors.New("org: slug taken")

// ErrInvalidSlug is returned for a slug that is not lowercase and URL-safe.
var ErrInvalidSlug = errors.New("a slug is 1–63 lowercase letters, digits and hyphens, " +
	"starting with a letter or digit")

// SlugPattern is what a slug looks like, for the API reference too.
const SlugPattern = `^[a-z0-9][a-z0-9-]{0,62}$`

var slugPattern = regexp.MustCompile(SlugPattern)

// Organization is a tenant.
type Organization struct {
	ID        int64     `db:"id"`
	Slug      string    `db:"slug"`
	Name      string    `db:"name"`
	CreatedAt time.Time `db:"created_at"`
}

// Membership is a user's organization and role in it.
type Membership struct {
	Organization
	Role access.Role `db:"role"`
}

// Member is a user as seen in an organization's member list.
type Member struct {
	UserID     int64       `db:"user_id"`
	Email      string      `db:"email"`
	GivenName  string      `db:"given_name"`
	FamilyName string      `db:"family_name"`
	Role       access.Role `db:"role"`
	JoinedAt   time.Time   `db:"created_at"`
}

// Organizations is the repository of organizations and memberships.
type Organizations struct {
	DB *sqlx.DB
}

// CreateOrganization inserts an organization.
func (r *Organizations) CreateOrganization(ctx context.Context, slug, name string) (*Organization, error) {
	if !slugPattern.MatchString(slug) {
		return nil, ErrInvalidSlug
	}
	var o Organization
	err := r.DB.GetContext(ctx, &o, `INSERT INTO organizations (slug, name)
		VALUES ($1, $2) RETURNING id, slug, name, created_at`, slug, name)
	if database.IsUniqueViolation(err, "") {
		return nil, ErrSlugTaken
	}
	if err != nil {
		return nil, fmt.Errorf("org: create: %w", err)
	}
	return &o, nil
}

// OrganizationBySlug returns the organization with exactly that slug.
func (r *Organizations) OrganizationBySlug(ctx context.Context, slug string) (*Organization, error) {
	var o Organization
	err := r.DB.GetContext(ctx, &o, `SELECT id, slug, name, created_at
		FROM organizations WHERE slug = $1`, slug)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("org: by slug: %w", err)
	}
	return &o, nil
}

// Memberships lists the user's organizations with their role, by name.
func (r *Organizations) Memberships(ctx context.Context, userID int64) ([]Membership, error) {
	var list []Membership
	err := r.DB.SelectContext(ctx, &list, `
		SELECT o.id, o.slug, o.name, o.created_at, m.role
		FROM organizations o JOIN memberships m ON m.organization_id = o.id
		WHERE m.user_id = $1 ORDER BY o.name, o.slug`, userID)
	if err != nil {
		return nil, fmt.Errorf("org: memberships: %w", err)
	}
	return list, nil
}

// MembershipsAfter lists the user's organizations with their role by
// organization id, from after the id after (0: from the first).
func (r *Organizations) MembershipsAfter(ctx context.Context, userID, after int64,
	limit int) ([]Membership, error) {
	var list []Membership
	err := r.DB.SelectContext(ctx, &list, `
		SELECT o.id, o.slug, o.name, o.created_at, m.role
		FROM organizations o JOIN memberships m ON m.organization_id = o.id
		WHERE m.user_id = $1 AND o.id > $2 ORDER BY o.id LIMIT $3`, userID, after, limit)
	if err != nil {
		return nil, fmt.Errorf("org: memberships: %w", err)
	}
	return list, nil
}

// SetMember adds the user with the role, or changes the role of a member.
func (r *Organizations) SetMember(ctx context.Context, orgID, userID int64, role access.Role) error {
	_, err := r.DB.ExecContext(ctx, `
		INSERT INTO memberships (organization_id, user_id, role) VALUES ($1, $2, $3)
		ON CONFLICT (organization_id, user_id) DO UPDATE SET role = EXCLUDED.role`,
		orgID, userID, role)
	if err != nil {
		return fmt.Errorf("org: set member: %w", err)
	}
	return nil
}

// RemoveMember ends the user's membership; it reports whether there was one.
func (r *Organizations) RemoveMember(ctx context.Context, orgID, userID int64) (bool, error) {
	res, err := r.DB.ExecContext(ctx, `DELETE FROM memberships
		WHERE organization_id = $1 AND user_id = $2`, orgID, userID)
	if err != nil {
		return false, fmt.Errorf("org: remove member: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// Members lists the active members of an organization by user id, from
// after the user id after (0: from the first).
func (r *Organizations) Members(ctx context.Context, orgID, after int64,
	limit int) ([]Member, error) {
	var list []Member
	err := r.DB.SelectContext(ctx, &list, `
		SELECT u.id user_id, u.email, u.given_name, u.family_name, m.role, m.created_at
		FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.organization_id = $1 AND u.deactivated_at IS NULL AND u.id > $2
		ORDER BY u.id LIMIT $3`, orgID, after, limit)
	if err != nil {
		return nil, fmt.Errorf("org: members: %w", err)
	}
	return list, nil
}

// FullName is the member's name as people read it.
func (m *Member) FullName() string {
	if m.FamilyName == "" {
		return m.GivenName
	}
	return m.GivenName + " " + m.FamilyName
}
