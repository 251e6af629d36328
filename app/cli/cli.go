// Package cli is the incido command line: serve, migrate, and the
// administration commands of DESIGN.md.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/incido/incido/app/config"
	"github.com/incido/incido/app/database"
)

// Env is what a command runs with.
type Env struct {
	Args   []string
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
}

const usage = `usage:
  incido serve                      migrate, then serve
  incido migrate
  incido user create --email E --given-name G --family-name F [--timezone Z] [--password-stdin]
  incido user deactivate --email E
  incido org create --slug S --name N
  incido member add --org S --email E --role owner|admin|responder|viewer
  incido member remove --org S --email E
  incido demo                       demo organization, operators and data
`

// errUsage is returned when the command line is wrong; usage is printed.
var errUsage = errors.New("usage")

// Run runs one command and returns the process exit code.
func Run(ctx context.Context, env Env) int {
	err := run(ctx, env)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errUsage), errors.Is(err, flag.ErrHelp):
		fmt.Fprint(env.Stderr, usage)
		return 2
	default:
		fmt.Fprintln(env.Stderr, "incido:", err)
		return 1
	}
}

func run(ctx context.Context, env Env) error {
	args := env.Args
	if len(args) == 0 {
		return errUsage
	}
	cmd := args[0]
	if len(args) > 1 && (cmd == "user" || cmd == "org" || cmd == "member") {
		cmd += " " + args[1]
		args = args[1:]
	}
	args = args[1:]

	switch cmd {
	case "serve":
		return serve(ctx, env)
	case "migrate":
		return withDB(ctx, env, func(db *sqlx.DB, _ *config.Config) error { return nil })
	case "user create":
		return userCreate(ctx, env, args)
	case "user deactivate":
		return userDeactivate(ctx, env, args)
	case "org create":
		return orgCreate(ctx, env, args)
	case "member add":
		return memberAdd(ctx, env, args)
	case "member remove":
		return memberRemove(ctx, env, args)
	case "demo":
		return demo(ctx, env)
	}
	return errUsage
}

// withDB loads the configuration, opens and migrates the database, and
// runs fn.
func withDB(ctx context.Context, env Env, fn func(*sqlx.DB, *config.Config) error) error {
	cfg, err := config.Load(env.Getenv)
	if err != nil {
		return err
	}
	db, err := database.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	applied, err := database.Migrate(ctx, db)
	if err != nil {
		return err
	}
	for _, name := range applied {
		fmt.Fprintln(env.Stderr, "migrated", name)
	}
	return fn(db, cfg)
}

func newFlags(name string, env Env) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	return fs
}

// required checks that every named flag was given a non-blank value.
func required(fs *flag.FlagSet, names ...string) error {
	if fs.NArg() > 0 {
		return fmt.Errorf("%s: unexpected argument %q", fs.Name(), fs.Arg(0))
	}
	for _, n := range names {
		if strings.TrimSpace(fs.Lookup(n).Value.String()) == "" {
			return fmt.Errorf("%s: --%s is required", fs.Name(), n)
		}
	}
	return nil
}

func logger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

// Main is the binary's entry point.
func Main() {
	os.Exit(Run(context.Background(), Env{Args: os.Args[1:], Stdin: os.Stdin,
		Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}))
}
