package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/invopop/jsonschema"
)

// MaxBody is the largest request body the API reads.
const MaxBody = 1 << 20

// readBody reads a write's body whole before the token is looked up, so
// that the token, its owner's account and role are checked once the
// request has arrived: a body sent slowly cannot carry a write past a
// revocation, a demotion or a deactivation made meanwhile. It keeps at
// most MaxBody+1 bytes, enough for requireJSON to refuse a larger body
// once the caller is known; a body declared larger is not read at all.
func readBody(c *gin.Context) {
	if c.Request.ContentLength > MaxBody {
		c.Next()
		return
	}
	body, err := io.ReadAll(io.LimitReader(c.Request.Body, MaxBody+1))
	if err != nil {
		writeProblem(c, problem("invalid-body", "The body could not be read."))
		return
	}
	c.Request.Body = io.NopCloser(bytes.NewReader(body))
	c.Next()
}

// requireJSON refuses, before the handler, a body that is not declared as
// JSON or that is larger than MaxBody, and caps what the handler can read.
func requireJSON(c *gin.Context) {
	if len(c.Request.Header.Values("Content-Type")) > 1 {
		writeProblem(c, problem("unsupported-media-type",
			"Send one Content-Type header, \"Content-Type: application/json\"."))
		return
	}
	mediaType, params, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
	json := mediaType == "application/json" ||
		c.Request.Method == http.MethodPatch && mediaType == "application/merge-patch+json"
	if err != nil || !json {
		writeProblem(c, problem("unsupported-media-type",
			"Send the body as JSON, with the header \"Content-Type: application/json\"."))
		return
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		writeProblem(c, problem("unsupported-media-type",
			"JSON bodies are UTF-8: leave the charset parameter out or make it utf-8."))
		return
	}
	if !identityEncoded(c.Request.Header) {
		writeProblem(c, problem("unsupported-media-type", "Send the body uncompressed."))
		return
	}
	if c.Request.ContentLength > MaxBody {
		writeProblem(c, tooLarge())
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, MaxBody)
	c.Next()
}

// identityEncoded reports whether every coding the Content-Encoding
// headers list, however many there are, is identity.
func identityEncoded(h http.Header) bool {
	for _, v := range h.Values("Content-Encoding") {
		for _, coding := range strings.Split(v, ",") {
			if c := strings.TrimSpace(coding); c != "" && !strings.EqualFold(c, "identity") {
				return false
			}
		}
	}
	return true
}

func tooLarge() Problem {
	return problem("payload-too-large", fmt.Sprintf("The body can be at most %d bytes.", MaxBody))
}

// decode reads the body into dst, a pointer to a request struct, and
// answers the request itself when the body is not exactly one JSON object
// of dst's fields. It reports whether the handler may go on.
func decode(c *gin.Context, dst any) bool {
	body, err := io.ReadAll(c.Request.Body)
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		writeProblem(c, tooLarge())
		return false
	case err != nil:
		writeProblem(c, problem("invalid-body", "The body could not be read."))
		return false
	case len(bytes.TrimSpace(body)) == 0:
		writeProblem(c, problem("invalid-body", "The body is empty: send a JSON object."))
		return false
	case !utf8.Valid(body):
		writeProblem(c, problem("invalid-body", "The body is not valid UTF-8."))
		return false
	}

	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		writeProblem(c, bodyProblem(err, dst))
		return false
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		writeProblem(c, problem("invalid-body",
			"Data follows the JSON object: send one object only."))
		return false
	}
	if p := checkNames(body, dst); p != nil {
		writeProblem(c, *p)
		return false
	}
	return true
}

// checkNames refuses what encoding/json resolves quietly in a body it
// decoded: a member named twice (parsers disagree on which one counts), a
// name that matches a field only in another case, and a \u escape of a
// lone surrogate, which it turns into U+FFFD. jsontext, the strict
// reader of the json/v2 work, finds the first and the last.
func checkNames(body []byte, dst any) *Problem {
	known := fieldNames(dst)
	dec := jsontext.NewDecoder(bytes.NewReader(body))
	for {
		tok, err := dec.ReadToken()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return strictProblem(err)
		}
		if dec.StackDepth() != 1 {
			continue
		}
		if kind, n := dec.StackIndex(1); kind == '{' && n%2 == 1 &&
			!slices.Contains(known, tok.String()) {
			p := unknownField(tok.String(), dst)
			return &p
		}
	}
}

// strictProblem says what jsontext refused in a body encoding/json took.
func strictProblem(err error) *Problem {
	var syntax *jsontext.SyntacticError
	errors.As(err, &syntax)
	var name string
	if syntax != nil {
		name = shorten(syntax.JSONPointer.LastToken())
	}
	var p Problem
	switch {
	case errors.Is(err, jsontext.ErrDuplicateName):
		p = problem("invalid-body", fmt.Sprintf(
			"The field %q is given more than once: send each field once.", name))
		p.Errors = map[string]string{name: "is given more than once"}
	// jsontext has no sentinel for it; its message is the only sign.
	case strings.Contains(err.Error(), "surrogate"):
		p = problem("invalid-body", fmt.Sprintf("The field %q holds a \\u escape of a lone "+
			"UTF-16 surrogate: send the character itself, or both halves of its pair.", name))
		p.Errors = map[string]string{name: "holds a lone surrogate"}
	default:
		p = problem("invalid-body", "The body is not strict JSON (RFC 8259, as I-JSON "+
			"narrows it): check the field "+strconv.Quote(name)+".")
	}
	return &p
}

// bodyProblem says what is wrong with a body the decoder refused.
func bodyProblem(err error, dst any) Problem {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return problem("invalid-body", fmt.Sprintf("The body is not valid JSON: %s (at byte %d).",
			strings.TrimPrefix(syntax.Error(), "json: "), syntax.Offset))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return problem("invalid-body", "The body ends in the middle of the JSON value.")
	case errors.As(err, &typ) && typ.Field == "":
		return problem("invalid-body",
			"The body must be a JSON object, not "+article(typ.Value)+".")
	case errors.As(err, &typ):
		msg := fmt.Sprintf("must be %s, not %s", expected(typ.Type), article(typ.Value))
		p := problem("invalid-body", fmt.Sprintf("The field %q %s.", typ.Field, msg))
		p.Errors = map[string]string{typ.Field: msg}
		return p
	}
	if field, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return unknownField(strings.Trim(field, `"`), dst)
	}
	return problem("invalid-body", "The body could not be decoded as this endpoint's JSON object.")
}

// unknownField says that a name is not one of dst's fields; names match
// exactly, case included.
func unknownField(name string, dst any) Problem {
	name = shorten(name)
	p := problem("invalid-body", fmt.Sprintf("Unknown field %q: this endpoint takes %s.",
		name, strings.Join(fieldNames(dst), ", ")))
	p.Errors = map[string]string{name: "is not a field of this request"}
	return p
}

// shorten keeps a name echoed from the body short: the body is the
// client's, and a megabyte-long key need not come back.
func shorten(s string) string {
	if r := []rune(s); len(r) > 64 {
		return string(r[:64]) + "…"
	}
	return s
}

var timestampType = reflect.TypeOf(Timestamp{})

// expected names a Go type the way a JSON author thinks of it.
func expected(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == timestampType:
		return "an RFC 3339 time such as \"2026-05-01T09:30:00Z\""
	case t.Kind() == reflect.String:
		return "a string"
	case t.Kind() == reflect.Bool:
		return "true or false"
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64:
		return "a whole number"
	case t.Kind() == reflect.Slice:
		return "an array"
	}
	return "an object"
}

func article(jsonKind string) string {
	switch jsonKind {
	case "array", "object":
		return "an " + jsonKind
	case "number", "string", "bool":
		return "a " + strings.Replace(jsonKind, "bool", "boolean", 1)
	}
	return jsonKind
}

// fieldNames lists the JSON names a request struct takes.
func fieldNames(dst any) []string {
	t := reflect.TypeOf(dst).Elem()
	var names []string
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// Timestamp is an RFC 3339 time in a request body.
type Timestamp struct{ time.Time }

// UnmarshalJSON accepts a JSON string holding an RFC 3339 time.
func (t *Timestamp) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return &json.UnmarshalTypeError{Value: jsonKind(b), Type: timestampType}
	}
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return &json.UnmarshalTypeError{Value: "string that is not an RFC 3339 time",
			Type: timestampType}
	}
	t.Time = v
	return nil
}

// JSONSchema describes a Timestamp in the OpenAPI document.
func (Timestamp) JSONSchema() *jsonschema.Schema {
	return &jsonschema.Schema{Type: "string", Format: "date-time"}
}

func jsonKind(b []byte) string {
	switch b[0] {
	case '"':
		return "string"
	case '{':
		return "object"
	case '[':
		return "array"
	case 't', 'f':
		return "bool"
	case 'n':
		return "null"
	}
	return "number"
}

// Optional is a field of a PATCH body, which tells a field left out
// (Set is false) from one sent as null (Null is true).
type Optional[T any] struct {
	Set   bool
	Null  bool
	Value T
}

// UnmarshalJSON is called only for a field that is present.
func (o *Optional[T]) UnmarshalJSON(b []byte) error {
	o.Set = true
	if string(b) == "null" {
		o.Null = true
		return nil
	}
	return json.Unmarshal(b, &o.Value)
}

// JSONSchema is T's schema, or null.
func (Optional[T]) JSONSchema() *jsonschema.Schema {
	inner := schemaReflector(false).Reflect(new(T))
	inner.Version, inner.ID = "", ""
	return &jsonschema.Schema{OneOf: []*jsonschema.Schema{inner, {Type: "null"}}}
}
