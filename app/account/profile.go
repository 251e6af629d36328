package account

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"github.com/incido/incido/app/audit"
	"github.com/incido/incido/app/database"
	"github.com/incido/incido/app/text"
)

// MaxNameLength is the most characters a given or family name may have.
const MaxNameLength = 100

// NormalizePersonName trims a name and checks its length and characters.
func NormalizePersonName(raw string) (string, error) {
	name := strings.TrimSpace(raw)
	switch {
	case !utf8.ValidString(name):
		return "", errors.New("the name contains characters that are not text")
	case name == "":
		return "", errors.New("enter a name")
	case utf8.RuneCountInString(name) > MaxNameLength:
		return "", fmt.Errorf("a name can be at most %d characters", MaxNameLength)
	case strings.IndexFunc(name, text.IsBreakOrControl) >= 0:
		return "", errors.New(
			"a name cannot contain control characters such as tabs or line breaks")
	case strings.IndexFunc(name, text.IsHiddenFormat) >= 0:
		return "", errors.New("a name cannot contain invisible formatting characters")
	}
	return name, nil
}

// ProfileChange is what one profile update sets; a nil field stays as it
// is. Values must already be normalised: names by NormalizePersonName,
// the email by NormalizeEmail, the timezone by zone.Canonical.
type ProfileChange struct {
	GivenName  *string
	FamilyName *string
	Email      *string
	Timezone   *string
}

// Updated says what an update changed.
type Updated struct {
	Before, After *User
	// Fields are the form names of the fields whose value changed.
	Fields []string
}

// Changed reports whether the field's value changed.
func (u *Updated) Changed(field string) bool {
	for _, f := range u.Fields {
		if f == field {
			return true
		}
	}
	return false
}

// UpdateProfile applies the change to an active user in one transaction,
// with an audit event for each field whose value changed; a new email also
// kills the pending password-reset links. An address another active
// account holds, in any case, is ErrEmailTaken: the partial unique index
// decides, so two concurrent claims cannot both win.
func (r *Users) UpdateProfile(ctx context.Context, userID int64, ch ProfileChange,
	actor audit.Actor) (*Updated, error) {
	var up Updated
	err := database.InTx(ctx, r.DB, func(tx *sqlx.Tx) error {
		before, err := lockUser(ctx, tx, userID)
		if err != nil {
			return err
		}
		after, err := updateProfile(ctx, tx, userID, ch)
		if err != nil {
			return err
		}
		up = Updated{Before: before, After: after, Fields: changedFields(before, after)}
		if up.Changed("email") {
			if err := InvalidateResetLinks(ctx, tx, userID); err != nil {
				return err
			}
		}
		return recordProfileEvents(ctx, tx, actor, &up)
	})
	if err != nil {
		return nil, err
	}
	return &up, nil
}

func lockUser(ctx context.Context, tx *sqlx.Tx, id int64) (*User, error) {
	var u User
	err := tx.GetContext(ctx, &u, `SELECT `+userColumns+` FROM users
		WHERE id = $1 AND deactivated_at IS NULL FOR UPDATE`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("account: update profile: %w", err)
	}
	return &u, nil
}

func updateProfile(ctx context.Context, tx *sqlx.Tx, id int64, ch ProfileChange) (*User, error) {
	var u User
	err := tx.GetContext(ctx, &u, `UPDATE users SET
			given_name  = coalesce($2, given_name),
			family_name = coalesce($3, family_name),
			email       = coalesce($4, email),
			timezone    = coalesce($5, timezone),
			updated_at  = now()
		WHERE id = $1
		RETURNING `+userColumns,
		id, ch.GivenName, ch.FamilyName, ch.Email, ch.Timezone)
	if database.IsUniqueViolation(err, "users_active_email_key") {
		return nil, ErrEmailTaken
	}
	if err != nil {
		return nil, fmt.Errorf("account: update profile: %w", err)
	}
	return &u, nil
}

// profileFields are the editable fields, by form name, with their values.
var profileFields = []struct {
	name  string
	value func(*User) string
}{
	{"given_name", func(u *User) string { return u.GivenName }},
	{"family_name", func(u *User) string { return u.FamilyName }},
	{"email", func(u *User) string { return u.Email }},
	{"timezone", func(u *User) string { return u.Timezone }},
}

func changedFields(before, after *User) []string {
	var fields []string
	for _, f := range profileFields {
		if f.value(before) != f.value(after) {
			fields = append(fields, f.name)
		}
	}
	return fields
}

// recordProfileEvents writes profile.<field>_changed for each change. The
// values are names, an address and a zone: nothing secret.
func recordProfileEvents(ctx context.Context, tx *sqlx.Tx, actor audit.Actor, up *Updated) error {
	target := "user:" + up.After.Email
	for _, f := range profileFields {
		if !up.Changed(f.name) {
			continue
		}
		err := audit.Record(ctx, tx, actor, nil, "profile."+f.name+"_changed", target,
			map[string]any{"from": f.value(up.Before), "to": f.value(up.After)})
		if err != nil {
			return err
		}
	}
	return nil
}
