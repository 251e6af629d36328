// Package db holds the SQL migrations, embedded into the binary.
package db

import "embed"

// Migrations are the schema changes, applied in file-name order.
//
//go:embed migrations/*.sql
var Migrations embed.FS
