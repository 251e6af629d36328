// Package static holds the stylesheets, scripts and vendored front-end
// packages (copied from node_modules by `task assets`), embedded into the binary.
package static

import "embed"

// Files are served under /static/.
//
//go:embed css js vendor
var Files embed.FS
