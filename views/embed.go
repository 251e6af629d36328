// Package views holds the html/template files, embedded into the binary.
package views

import "embed"

// Files are the layout, partials and pages.
//
//go:embed *.html
var Files embed.FS
