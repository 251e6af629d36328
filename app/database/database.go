// Package database opens the PostgreSQL pool, applies migrations and maps
// driver errors to the sentinels the repositories share.
package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/incido/incido/db"
)

// Connector is lib/pq's connector for a database URL, with the options
// Incido relies on added where the URL does not set them:
// binary_parameters=yes sends each parameterised statement in one message
// instead of a prepare round trip followed by an execute round trip, so a
// query costs one round trip. It also sends []byte parameters as binary,
// which is right for bytea; JSON must therefore be passed as a string.
func Connector(rawURL string) (*pq.Connector, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("database: url: %w", err)
	}
	q := u.Query()
	if !q.Has("binary_parameters") {
		q.Set("binary_parameters", "yes")
	}
	u.RawQuery = q.Encode()
	c, err := pq.NewConnector(u.String())
	if err != nil {
		return nil, fmt.Errorf("database: %w", err)
	}
	return c, nil
}

// Open connects to PostgreSQL and checks the connection.
func Open(ctx context.Context, rawURL string) (*sqlx.DB, error) {
	c, err := Connector(rawURL)
	if err != nil {
		return nil, err
	}
	return OpenConnector(ctx, c)
}

// OpenConnector makes the pool on a connector and checks the connection.
func OpenConnector(ctx context.Context, c *pq.Connector) (*sqlx.DB, error) {
	conn := sqlx.NewDb(sql.OpenDB(c), "postgres")
	conn.SetMaxOpenConns(20)
	conn.SetMaxIdleConns(10)
	conn.SetConnMaxIdleTime(5 * time.Minute)

	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := conn.PingContext(pingCtx); err != nil {
		conn.Close()
		return nil, fmt.Errorf("database: ping: %w", err)
	}
	return conn, nil
}

// migrationLock is the advisory lock key that serialises concurrent
// migrations, so several instances may start at once.
const migrationLock = 7_151_623

// Migrate applies every embedded migration not yet recorded, each in its
// own transaction, and returns the names it applied.
func Migrate(ctx context.Context, conn *sqlx.DB) ([]string, error) {
	names, err := fs.Glob(db.Migrations, "migrations/*.sql")
	if err != nil {
		return nil, fmt.Errorf("database: migrate: %w", err)
	}
	sort.Strings(names)

	c, err := conn.Connx(ctx)
	if err != nil {
		return nil, fmt.Errorf("database: migrate: %w", err)
	}
	defer c.Close()
	if _, err := c.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, migrationLock); err != nil {
		return nil, fmt.Errorf("database: migrate: lock: %w", err)
	}
	defer c.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, migrationLock)

	_, err = c.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		name       text PRIMARY KEY,
		applied_at timestamptz NOT NULL DEFAULT now()
	)`)
	if err != nil {
		return nil, fmt.Errorf("database: migrate: %w", err)
	}

	var applied []string
	for _, path := range names {
		name := strings.TrimPrefix(path, "migrations/")
		done, err := applyMigration(ctx, c, name, path)
		if err != nil {
			return applied, err
		}
		if done {
			applied = append(applied, name)
		}
	}
	return applied, nil
}

func applyMigration(ctx context.Context, c *sqlx.Conn, name, path string) (bool, error) {
	var exists bool
	err := c.GetContext(ctx, &exists,
		`SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE name = $1)`, name)
	if err != nil || exists {
		return false, err
	}
	body, err := fs.ReadFile(db.Migrations, path)
	if err != nil {
		return false, fmt.Errorf("database: migrate %s: %w", name, err)
	}

	tx, err := c.BeginTxx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("database: migrate %s: %w", name, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return false, fmt.Errorf("database: migrate %s: %w", name, err)
	}
	if _, err := tx.ExecContext(ctx,
		`INSERT INTO schema_migrations (name) VALUES ($1)`, name); err != nil {
		return false, fmt.Errorf("database: migrate %s: %w", name, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("database: migrate %s: %w", name, err)
	}
	return true, nil
}

// IsUniqueViolation reports whether err is PostgreSQL's unique_violation
// (SQLSTATE 23505), optionally on the named constraint or index.
func IsUniqueViolation(err error, constraint string) bool {
	var pqErr *pq.Error
	if !errors.As(err, &pqErr) || pqErr.Code != "23505" {
		return false
	}
	return constraint == "" || pqErr.Constraint == constraint
}

// InTx runs fn in a transaction, committing when it returns nil.
func InTx(ctx context.Context, conn *sqlx.DB, fn func(tx *sqlx.Tx) error) error {
	tx, err := conn.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("database: begin: %w", err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("database: commit: %w", err)
	}
	return nil
}

// ParseID reads a row id from a URL. An id has one spelling: a positive
// decimal without sign or leading zeros, so /incidents/3 is the only
// address of incident 3 (not 03 or +3).
func ParseID(s string) (int64, bool) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 || strconv.FormatInt(id, 10) != s {
		return 0, false
	}
	return id, true
}
