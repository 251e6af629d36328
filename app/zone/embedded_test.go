package zone_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// withoutTZDataEnv marks the run of this package's tests in a mount
// namespace where no tz database exists but the embedded one.
const withoutTZDataEnv = "INCIDO_ZONE_TEST_WITHOUT_TZDATA"

// tzDirs are every place Go looks for tz data besides the embedded copy.
func tzDirs() []string {
	dirs := []string{"/usr/share/zoneinfo", "/usr/share/lib/zoneinfo", "/usr/lib/locale/TZ",
		"/etc/zoneinfo"}
	if root := runtime.GOROOT(); root != "" {
		dirs = append(dirs, filepath.Join(root, "lib", "time"))
	}
	var present []string
	for _, d := range dirs {
		if fi, err := os.Stat(d); err == nil && fi.IsDir() {
			present = append(present, d)
		}
	}
	return present
}

// TestZonesWorkWithoutSystemTZData runs this package's tests again with
// every tz database directory hidden under an empty tmpfs, as on a minimal
// server image: names, aliases, offsets and mismatches must come out the
// same from the data time/tzdata embeds.
func TestZonesWorkWithoutSystemTZData(t *testing.T) {
	if os.Getenv(withoutTZDataEnv) != "" {
		for _, d := range tzDirs() {
			if entries, _ := os.ReadDir(d); len(entries) > 0 {
				t.Fatalf("%s is not hidden in the namespace", d)
			}
		}
		return
	}
	unshare, err := exec.LookPath("unshare")
	if err != nil {
		t.Skip("unshare(1) is missing, so the system tz database cannot be hidden")
	}
	if out, err := exec.Command(unshare, "--user", "--map-root-user", "--mount",
		"true").CombinedOutput(); err != nil {
		t.Skipf("no user and mount namespaces here (%v: %s)", err, out)
	}

	var script strings.Builder
	for _, d := range tzDirs() {
		script.WriteString("mount -t tmpfs none '" + d + "' || exit 97\n")
	}
	script.WriteString(`exec "$0" "$@"`)
	cmd := exec.Command(unshare, "--user", "--map-root-user", "--mount", "sh", "-c",
		script.String(),
		os.Args[0], "-test.run=^Test", "-test.count=1")
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "ZONEINFO=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, withoutTZDataEnv+"=1")
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 97 {
		t.Skipf("cannot mount over the tz database here: %s", out)
	}
	if err != nil {
		t.Fatalf("the tests fail without a system tz database: %v\n%s", err, out)
	}
}
