package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/incido/incido/app/account"
	"github.com/incido/incido/app/org"
	"github.com/incido/incido/app/zone"
	"github.com/incido/incido/views"
)

// Views holds every page, parsed once at start-up. Each page is the
// layout plus the page's file; a page's fragments are named blocks of it.
type Views struct {
	pages map[string]*template.Template
	// shared is the layout and partials alone, for blocks every page has.
	shared *template.Template
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
	v := &Views{pages: map[string]*template.Template{}, shared: base}
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

// RenderShared executes a block of the layout or a partial, such as the
// timezone banner that belongs to every page rather than to one.
func (v *Views) RenderShared(block string, data *View) ([]byte, error) {
	var buf bytes.Buffer
	if err := v.shared.ExecuteTemplate(&buf, block, data); err != nil {
		return nil, fmt.Errorf("views: %s: %w", block, err)
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

// Time renders t as a <time> element in the viewer's timezone, with the
// UTC instant in its datetime attribute and a human form that names the
// zone in effect at that instant, so that the two 01:30s of a night when
// clocks go back read 01:30 EDT and 01:30 EST. The title gives the IANA
// name and offset. Every template formats times through it.
func (v *View) Time(t time.Time) template.HTML {
	loc := v.Loc
	if loc == nil {
		loc = time.UTC
	}
	local := t.In(loc)
	_, offset := local.Zone()
	return template.HTML(fmt.Sprintf(`<time datetime="%s" title="%s">%s</time>`,
		t.UTC().Format(time.RFC3339),
		template.HTMLEscapeString(loc.String()+", "+zone.FormatOffset(offset)),
		template.HTMLEscapeString(zone.Human(t, loc))))
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

// Focus names the field a re-rendered form puts the keyboard on, with
// autofocus: the first, in the form's order (names separated by spaces),
// that has an error. A screen reader then reads that field's label, its
// invalid state and the message, with JavaScript (htmx focuses autofocus
// in what it swaps in) or without (the browser does on load).
func (e Errors) Focus(order string) string {
	for _, name := range strings.Fields(order) {
		if _, ok := e[name]; ok {
			return name
		}
	}
	return ""
}

// sentence turns a package's error into a sentence for the page.
func sentence(err error) string {
	s := err.Error()
	r, size := utf8.DecodeRuneInString(s)
	s = string(unicode.ToUpper(r)) + s[size:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}
