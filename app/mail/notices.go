package mail

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	texttemplate "text/template"
)

// Notices are the templates of a domain's notices: for each notice a
// name.txt for the plain-text part and a name.html for the HTML part,
// written from the same data. Parsed once, they fail at start-up rather
// than when a mail is due.
type Notices struct {
	text *texttemplate.Template
	html *htmltemplate.Template
}

// MustParseNotices parses every *.txt and *.html file of the folder dir
// of fsys, which is embedded, so a broken template fails every test and
// every start.
func MustParseNotices(fsys fs.FS, dir string) *Notices {
	return &Notices{
		text: texttemplate.Must(texttemplate.ParseFS(fsys, dir+"/*.txt")),
		html: htmltemplate.Must(htmltemplate.ParseFS(fsys, dir+"/*.html")),
	}
}

// Compose writes the named notice to one person in both parts.
func (n *Notices) Compose(to, subject, name string, data any) (Message, error) {
	var text, html bytes.Buffer
	if err := n.text.ExecuteTemplate(&text, name+".txt", data); err != nil {
		return Message{}, fmt.Errorf("mail: notice %s: %w", name, err)
	}
	if err := n.html.ExecuteTemplate(&html, name+".html", data); err != nil {
		return Message{}, fmt.Errorf("mail: notice %s: %w", name, err)
	}
	return Message{To: to, Subject: subject, Text: text.String(), HTML: html.String()}, nil
}
