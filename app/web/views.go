package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"strings"
	"time"

	"github.com/incido/incido/app/account"
	"github.com/incido/incido/app/org"
	"github.com/incido/incido/views"
)

// Views holds every page, parsed once at start-up. Each page is the
// layout plus the page's file; a page's fragments are named blocks of it.
type Views struct {
	pages map[string]*template.Template
}

// ParseViews parses the embedded templates and fails on any error, so a
// broken template stops start-up rather than a request.
func ParseViews() (*Views, error) {
	funcs := template.FuncMap{
		"join": strings.Join,
	}
	// layout.html and every _*.html partial are shared by all pages.
	base, err := template.New("base").Funcs(funcs).ParseFS(views.Files, "layout.html", "_*.html")
	if err != nil {
		return nil, fmt.Errorf("views: layout: %w", err)
	}
	names, err := fs.Glob(views.Files, "*.html")
	if err != nil {
		return nil, fmt.Errorf("views: %w", err)
	}
	v := &Views{pages: map[string]*template.Template{}}
	for _, name := range names {
		if name == "layout.html" || strings.HasPrefix(name, "_") {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(views.Files, name)
		if err != nil {
			return nil, fmt.Errorf("views: %s: %w", name, err)
		}
		v.pages[strings.TrimSuffix(name, ".html")] = t
	}
	return v, nil
}

// Render executes a page (block "layout") or one of its fragments into a
// buffer, so a template error never leaves half a page on the wire.
func (v *Views) Render(page, block string, data *View) ([]byte, error) {
	t, ok := v.pages[page]
	if !ok {
		return nil, fmt.Errorf("views: no page %q", page)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, block, data); err != nil {
		return nil, fmt.Errorf("views: %s/%s: %w", page, block, err)
	}
	return buf.Bytes(), nil
}

// View is the data every template gets: who is signed in, where, and the
// page's own typed data in Page.
type View struct {
	Title   string
	User    *account.User
	Orgs    []org.Membership
	OrgSlug string
	Now     time.Time
	Loc     *time.Location
	// Status is announced by the polite live region.
	Status string
	// Fragment is true when only a block of the page is rendered, for htmx.
	Fragment bool
	Page     any
}

// Time renders t as a <time> element in the viewer's timezone, naming the
// zone, with the UTC instant in its datetime attribute. Every template
// formats times through it.
func (v *View) Time(t time.Time) template.HTML {
	local := t.In(v.Loc)
	return template.HTML(fmt.Sprintf(`<time datetime="%s">%s</time>`,
		t.UTC().Format(time.RFC3339),
		template.HTMLEscapeString(local.Format("2 Jan 2006, 15:04 MST"))))
}

// MaybeTime is Time for an optional instant, with a word for none.
func (v *View) MaybeTime(t *time.Time, none string) template.HTML {
	if t == nil {
		return template.HTML(template.HTMLEscapeString(none))
	}
	return v.Time(*t)
}

// FieldError is a validation message for one form field.
type FieldError struct {
	ID      string
	Message string
}

// Errors maps field names to their messages.
type Errors map[string]string

// For returns the field's error for the "field-error" partial, or nil.
func (e Errors) For(field string) *FieldError {
	if msg, ok := e[field]; ok {
		return &FieldError{ID: field, Message: msg}
	}
	return nil
}
