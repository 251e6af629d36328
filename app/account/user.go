// Package account owns operators: their profile, password and browser
// sessions.
package account

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/incido/incido/app/database"
	"github.com/incido/incido/app/zone"
)

// ErrNotFound is returned when no active account matches.
var ErrNotFound = errors.New("account: not found")

// ErrEmailTaken is returned when another active account has the address.
var ErrEmailTaken = errors.New("that email address belongs to another account")

// User is an operator.
type User struct {
	ID            int64      `db:"id"`
	Email         string     `db:"email"`
	GivenName     string     `db:"given_name"`
	FamilyName    string     `db:"family_name"`
	Timezone      string     `db:"timezone"`
	PasswordHash  string     `db:"password_hash"`
	CreatedAt     time.Time  `db:"created_at"`
	UpdatedAt     time.Time  `db:"updated_at"`
	DeactivatedAt *time.Time `db:"deactivated_at"`
}

// FullName is the given name followed by the family name.
func (u *User) FullName() string {
	if u.FamilyName == "" {
		return u.GivenName
	}
	return u.GivenName + " " + u.FamilyName
}

// Location is the user's timezone, UTC when it cannot be loaded.
func (u *User) Location() *time.Location {
	loc, err := zone.Load(u.Timezone)
	if err != nil {
		return time.UTC
	}
	return loc
}

const userColumns = `id, email, given_name, family_name, timezone, password_hash,
	created_at, updated_at, deactivated_at`

// Users is the repository of operators.
type Users struct {
	DB *sqlx.DB
}

// NewUser is what creating an operator takes.
type NewUser struct {
	Email        string
	GivenName    string
	FamilyName   string
	Timezone     string
	PasswordHash string
}

// CreateUser inserts an operator. The email must already be normalised.
func (r *Users) CreateUser(ctx context.Context, n NewUser) (*User, error) {
	var u User
	err := r.DB.GetContext(ctx, &u, `
		INSERT INTO users (email, given_name, family_name, timezone, password_hash)
		VALUES ($1, $2, $3, $4, $5)
		RETURNING `+userColumns,
		n.Email, n.GivenName, n.FamilyName, n.Timezone, n.PasswordHash)
	if database.IsUniqueViolation(err, "users_active_email_key") {
		return nil, ErrEmailTaken
	}
	if err != nil {
		return nil, fmt.Errorf("account: create user: %w", err)
	}
	return &u, nil
}

// UserByID returns the active operator with that id.
func (r *Users) UserByID(ctx context.Context, id int64) (*User, error) {
	return r.one(ctx, `SELECT `+userColumns+` FROM users
		WHERE id = $1 AND deactivated_at IS NULL`, id)
}

// UserByEmail returns the active operator with that address, any case.
func (r *Users) UserByEmail(ctx context.Context, email string) (*User, error) {
	return r.one(ctx, `SELECT `+userColumns+` FROM users
		WHERE lower(email) = lower($1) AND deactivated_at IS NULL`, email)
}

func (r *Users) one(ctx context.Context, query string, args ...any) (*User, error) {
	var u User
	err := r.DB.GetContext(ctx, &u, query, args...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("account: user: %w", err)
	}
	return &u, nil
}

// SetPasswordHash replaces the stored hash, for instance after a
// parameter upgrade at sign-in.
func (r *Users) SetPasswordHash(ctx context.Context, id int64, hash string) error {
	_, err := r.DB.ExecContext(ctx, `UPDATE users
		SET password_hash = $2, updated_at = now() WHERE id = $1`, id, hash)
	if err != nil {
		return fmt.Errorf("account: set password hash: %w", err)
	}
	return nil
}

// DeactivateUser marks the account deactivated, revokes its sessions and
// frees its address for another account.
func (r *Users) DeactivateUser(ctx context.Context, id int64) error {
	return database.InTx(ctx, r.DB, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE users
			SET deactivated_at = now(), updated_at = now()
			WHERE id = $1 AND deactivated_at IS NULL`, id)
		if err != nil {
			return fmt.Errorf("account: deactivate: %w", err)
		}
		_, err = revokeSessions(ctx, tx, id, 0)
		return err
	})
}
