// Package e2e drives the Dashboard in a real headless Chromium.
package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// chromiumPath finds the system Chromium that `task chromium` installs.
func chromiumPath(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("no Chromium on the PATH: run `go tool -modfile=tools/go.mod task chromium`")
	return ""
}

// BrowserOptions change the browser a test gets.
type BrowserOptions struct {
	JavaScript bool
	Timezone   string
	// Timeout bounds the whole browser session; 90 seconds when zero, so
	// a loaded CI machine is slow rather than failing.
	Timeout time.Duration
}

// NewBrowser starts a headless Chromium for the test and returns its
// context; the browser stops with the test.
func NewBrowser(t *testing.T, o BrowserOptions) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		// No UserDataDir: chromedp makes its own and removes it once the
		// browser's helper processes are done writing to it, which
		// t.TempDir's cleanup sometimes is not.
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	if o.Timeout == 0 {
		o.Timeout = 90 * time.Second
	}
	ctx, cancelTimeout := context.WithTimeout(ctx, o.Timeout)
	// Close the browser gracefully first: killed, Chromium can still be
	// writing its profile (saved sign-ins) while the folder is removed.
	t.Cleanup(func() { chromedp.Cancel(ctx); cancelTimeout(); cancelCtx(); cancelAlloc() })

	var setup []chromedp.Action
	if !o.JavaScript {
		setup = append(setup, emulation.SetScriptExecutionDisabled(true))
	}
	if o.Timezone != "" {
		setup = append(setup, emulation.SetTimezoneOverride(o.Timezone))
	}
	// Accept every confirm() dialog, as a person clicking OK would.
	chromedp.ListenTarget(ctx, func(ev any) {
		if _, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			go chromedp.Run(ctx, page.HandleJavaScriptDialog(true))
		}
	})
	if err := chromedp.Run(ctx, setup...); err != nil {
		t.Fatal(err)
	}
	return ctx
}

// Screenshot saves the page as a PNG under INCIDO_SCREENSHOTS, when set,
// so a person can look at what the test saw.
func Screenshot(t *testing.T, ctx context.Context, name string) {
	dir := os.Getenv("INCIDO_SCREENSHOTS")
	if dir == "" {
		return
	}
	var png []byte
	if err := chromedp.Run(ctx, chromedp.FullScreenshot(&png, 100)); err != nil {
		t.Logf("screenshot %s: %v", name, err)
		return
	}
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
}

// Loaded waits until the page that a click or a form post opened has
// finished loading, deferred scripts included. chromedp waits for that
// only after Navigate: a test that clicks on before htmx is set up posts
// the form natively, and the page it holds nodes of goes away under it.
func Loaded() chromedp.Action {
	return chromedp.Poll(`document.readyState === "complete"`, nil)
}
