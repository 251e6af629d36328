package cli_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/incido/incido/app/cli"
	"github.com/incido/incido/app/database/dbtest"
)

var db *dbtest.Database

func TestMain(m *testing.M) {
	os.Exit(dbtest.Run(m, &db))
}

func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	env := map[string]string{"DATABASE_URL": db.URL}
	code := cli.Run(context.Background(), cli.Env{Args: args, Stdin: strings.NewReader(stdin),
		Stdout: &out, Stderr: &errOut, Getenv: func(k string) string { return env[k] }})
	return code, out.String(), errOut.String()
}

func TestDemoIsIdempotent(t *testing.T) {
	counts := func() (users, orgs, members, incidents int) {
		db.DB.Get(&users, `SELECT count(*) FROM users`)
		db.DB.Get(&orgs, `SELECT count(*) FROM organizations`)
		db.DB.Get(&members, `SELECT count(*) FROM memberships`)
		db.DB.Get(&incidents, `SELECT count(*) FROM incidents`)
		return
	}
	code, out, errOut := run(t, "", "demo")
	if code != 0 {
		t.Fatalf("first demo: %d %s", code, errOut)
	}
	for _, want := range []string{"/login", "owner@acme.example", "viewer@acme.example", "password:"} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q:\n%s", want, out)
		}
	}
	u1, o1, m1, i1 := counts()
	if code, _, errOut := run(t, "", "demo"); code != 0 {
		t.Fatalf("second demo: %d %s", code, errOut)
	}
	u2, o2, m2, i2 := counts()
	if u1 != u2 || o1 != o2 || m1 != m2 || i1 != i2 {
		t.Errorf("second run changed counts: %v -> %v", []int{u1, o1, m1, i1}, []int{u2, o2, m2, i2})
	}
	if i1 == 0 || u1 < 2 {
		t.Errorf("demo made %d users and %d incidents", u1, i1)
	}
}

func TestAdministrationCommands(t *testing.T) {
	steps := []struct {
		stdin string
		args  []string
		code  int
		out   string
	}{
		{"cobalt lighthouse gathers slow rain\n", []string{"user", "create", "--email", " Kim@Example.COM ",
			"--given-name", "Kim", "--family-name", "Lee", "--timezone", "Asia/Calcutta", "--password-stdin"}, 0, "Kim@example.com"},
		{"cobalt lighthouse gathers slow rain\n", []string{"user", "create", "--email", "kim@example.com",
			"--given-name", "Kim", "--family-name", "Lee", "--password-stdin"}, 1, ""},
		{"short\n", []string{"user", "create", "--email", "short@example.com",
			"--given-name", "S", "--family-name", "P", "--password-stdin"}, 1, ""},
		{"", []string{"org", "create", "--slug", "initech", "--name", "Initech"}, 0, "initech"},
		{"", []string{"org", "create", "--slug", "Bad Slug", "--name", "Bad"}, 1, ""},
		{"", []string{"member", "add", "--org", "initech", "--email", "kim@example.com", "--role", "viewer"}, 0, "viewer"},
		{"", []string{"member", "add", "--org", "initech", "--email", "kim@example.com", "--role", "admin"}, 0, "admin"},
		{"", []string{"member", "add", "--org", "initech", "--email", "kim@example.com", "--role", "god"}, 1, ""},
		{"", []string{"member", "remove", "--org", "initech", "--email", "kim@example.com"}, 0, "removed"},
		{"", []string{"user", "deactivate", "--email", "KIM@example.com"}, 0, "deactivated"},
		{"", []string{"nonsense"}, 2, ""},
	}
	for _, st := range steps {
		code, out, errOut := run(t, st.stdin, st.args...)
		if code != st.code || !strings.Contains(out, st.out) {
			t.Errorf("%v: code %d out %q err %q; want code %d and %q", st.args, code, out, errOut, st.code, st.out)
		}
	}
	var tz string
	db.DB.Get(&tz, `SELECT timezone FROM users WHERE email = 'Kim@example.com'`)
	if tz != "Asia/Kolkata" {
		t.Errorf("alias stored as %q, want Asia/Kolkata", tz)
	}
}
