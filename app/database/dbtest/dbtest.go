// Package dbtest gives each test binary a fresh, migrated PostgreSQL
// database that is dropped when the tests end.
package dbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"testing"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/incido/incido/app/database"
)

// AdminURL is the server the test databases are made on. It is the
// maintenance database of INCIDO_TEST_DATABASE_URL, or of the local
// trust-auth cluster.
func AdminURL() string {
	if u := os.Getenv("INCIDO_TEST_DATABASE_URL"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
}

// Database is one throw-away database.
type Database struct {
	Name string
	URL  string
	DB   *sqlx.DB
}

// Run creates a fresh database, migrates it, runs the tests and drops it.
// Use it from TestMain: os.Exit(dbtest.Run(m, &db)).
func Run(m *testing.M, out **Database) int {
	d, err := Create(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, "dbtest:", err)
		return 1
	}
	*out = d
	code := m.Run()
	if err := d.Drop(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, "dbtest:", err)
	}
	return code
}

// Create makes and migrates a database with a random name.
func Create(ctx context.Context) (*Database, error) {
	admin, err := database.Open(ctx, AdminURL())
	if err != nil {
		return nil, err
	}
	defer admin.Close()

	suffix := make([]byte, 6)
	rand.Read(suffix)
	name := "incido_test_" + hex.EncodeToString(suffix)
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+pq.QuoteIdentifier(name)); err != nil {
		return nil, fmt.Errorf("dbtest: create %s: %w", name, err)
	}

	u, err := url.Parse(AdminURL())
	if err != nil {
		return nil, fmt.Errorf("dbtest: %w", err)
	}
	u.Path = "/" + name
	d := &Database{Name: name, URL: u.String()}
	if d.DB, err = database.Open(ctx, d.URL); err != nil {
		return nil, err
	}
	if _, err := database.Migrate(ctx, d.DB); err != nil {
		return nil, err
	}
	return d, nil
}

// Drop closes the pool and drops the database.
func (d *Database) Drop(ctx context.Context) error {
	d.DB.Close()
	admin, err := database.Open(ctx, AdminURL())
	if err != nil {
		return err
	}
	defer admin.Close()
	_, err = admin.ExecContext(ctx,
		"DROP DATABASE IF EXISTS "+pq.QuoteIdentifier(d.Name)+" WITH (FORCE)")
	if err != nil {
		return fmt.Errorf("dbtest: drop %s: %w", d.Name, err)
	}
	return nil
}
