package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/incido/incido/app/access"
	"github.com/incido/incido/app/account"
	"github.com/incido/incido/app/config"
	"github.com/incido/incido/app/org"
	"github.com/incido/incido/app/zone"
)

// newUser validates an operator's details and creates the account.
func newUser(ctx context.Context, db *sqlx.DB, email, given, family, tz, password string) (*account.User, error) {
	normalized, err := account.NormalizeEmail(email)
	if err != nil {
		return nil, fmt.Errorf("--email: %w", err)
	}
	if given, err = account.NormalizePersonName(given); err != nil {
		return nil, fmt.Errorf("--given-name: %w", err)
	}
	if family, err = account.NormalizePersonName(family); err != nil {
		return nil, fmt.Errorf("--family-name: %w", err)
	}
	if tz, err = zone.Canonical(tz); err != nil {
		return nil, fmt.Errorf("--timezone: %w", err)
	}
	if err := account.CheckPolicy(password, normalized, given, family); err != nil {
		return nil, fmt.Errorf("password: %w", err)
	}
	hash, err := account.NewHasher(account.DefaultHashParams).Hash(ctx, password)
	if err != nil {
		return nil, err
	}
	users := &account.Users{DB: db}
	return users.CreateUser(ctx, account.NewUser{Email: normalized, GivenName: given,
		FamilyName: family, Timezone: tz, PasswordHash: hash})
}

func userCreate(ctx context.Context, env Env, args []string) error {
	fs := newFlags("user create", env)
	email := fs.String("email", "", "email address")
	given := fs.String("given-name", "", "given name")
	family := fs.String("family-name", "", "family name")
	tz := fs.String("timezone", "Etc/UTC", "IANA timezone")
	fromStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := required(fs, "email", "given-name", "family-name"); err != nil {
		return err
	}
	if !*fromStdin {
		return errors.New("user create: give the password on standard input with --password-stdin")
	}
	password, err := readPassword(env.Stdin)
	if err != nil {
		return err
	}
	return withDB(ctx, env, func(db *sqlx.DB, _ *config.Config) error {
		u, err := newUser(ctx, db, *email, *given, *family, *tz, password)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "created user %d <%s>\n", u.ID, u.Email)
		return nil
	})
}

func readPassword(r io.Reader) (string, error) {
	line, err := bufio.NewReader(io.LimitReader(r, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func userDeactivate(ctx context.Context, env Env, args []string) error {
	fs := newFlags("user deactivate", env)
	email := fs.String("email", "", "email address")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := required(fs, "email"); err != nil {
		return err
	}
	return withDB(ctx, env, func(db *sqlx.DB, _ *config.Config) error {
		users := &account.Users{DB: db}
		u, err := findUser(ctx, users, *email)
		if err != nil {
			return err
		}
		if err := users.DeactivateUser(ctx, u.ID); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "deactivated user %d <%s>\n", u.ID, u.Email)
		return nil
	})
}

func findUser(ctx context.Context, users *account.Users, email string) (*account.User, error) {
	normalized, err := account.NormalizeEmail(email)
	if err != nil {
		return nil, fmt.Errorf("--email: %w", err)
	}
	u, err := users.UserByEmail(ctx, normalized)
	if errors.Is(err, account.ErrNotFound) {
		return nil, fmt.Errorf("no active user has the email %s", normalized)
	}
	return u, err
}

func orgCreate(ctx context.Context, env Env, args []string) error {
	fs := newFlags("org create", env)
	slug := fs.String("slug", "", "lowercase, URL-safe identifier")
	name := fs.String("name", "", "display name")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := required(fs, "slug", "name"); err != nil {
		return err
	}
	return withDB(ctx, env, func(db *sqlx.DB, _ *config.Config) error {
		n, err := account.NormalizePersonName(*name)
		if err != nil {
			return fmt.Errorf("--name: %w", err)
		}
		o, err := (&org.Organizations{DB: db}).CreateOrganization(ctx, *slug, n)
		if err != nil {
			return fmt.Errorf("--slug: %w", err)
		}
		fmt.Fprintf(env.Stdout, "created organization %s (%s)\n", o.Slug, o.Name)
		return nil
	})
}

func memberFlags(name string, env Env, args []string, withRole bool) (slug, email, role string, err error) {
	fs := newFlags(name, env)
	fs.StringVar(&slug, "org", "", "organization slug")
	fs.StringVar(&email, "email", "", "member's email address")
	names := []string{"org", "email"}
	if withRole {
		fs.StringVar(&role, "role", "", "owner, admin, responder or viewer")
		names = append(names, "role")
	}
	if err = fs.Parse(args); err == nil {
		err = required(fs, names...)
	}
	return
}

func memberAdd(ctx context.Context, env Env, args []string) error {
	slug, email, roleName, err := memberFlags("member add", env, args, true)
	if err != nil {
		return err
	}
	role, ok := access.ParseRole(roleName)
	if !ok {
		return fmt.Errorf("--role: want owner, admin, responder or viewer, not %q", roleName)
	}
	return withDB(ctx, env, func(db *sqlx.DB, _ *config.Config) error {
		orgs := &org.Organizations{DB: db}
		o, u, err := findOrgAndUser(ctx, db, orgs, slug, email)
		if err != nil {
			return err
		}
		if err := orgs.SetMember(ctx, o.ID, u.ID, role); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "%s is %s of %s\n", u.Email, role, o.Slug)
		return nil
	})
}

func memberRemove(ctx context.Context, env Env, args []string) error {
	slug, email, _, err := memberFlags("member remove", env, args, false)
	if err != nil {
		return err
	}
	return withDB(ctx, env, func(db *sqlx.DB, _ *config.Config) error {
		orgs := &org.Organizations{DB: db}
		o, u, err := findOrgAndUser(ctx, db, orgs, slug, email)
		if err != nil {
			return err
		}
		removed, err := orgs.RemoveMember(ctx, o.ID, u.ID)
		if err != nil {
			return err
		}
		if !removed {
			return fmt.Errorf("%s is not a member of %s", u.Email, o.Slug)
		}
		fmt.Fprintf(env.Stdout, "removed %s from %s\n", u.Email, o.Slug)
		return nil
	})
}

func findOrgAndUser(ctx context.Context, db *sqlx.DB, orgs *org.Organizations, slug, email string) (*org.Organization, *account.User, error) {
	o, err := orgs.OrganizationBySlug(ctx, slug)
	if errors.Is(err, org.ErrNotFound) {
		return nil, nil, fmt.Errorf("no organization has the slug %q", slug)
	}
	if err != nil {
		return nil, nil, err
	}
	u, err := findUser(ctx, &account.Users{DB: db}, email)
	return o, u, err
}
