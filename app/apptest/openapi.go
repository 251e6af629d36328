package apptest

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
	"github.com/pb33f/libopenapi-validator/helpers"

	"github.com/incido/incido/app/api"
)

// Every test server records the API answers it gives, and when the test
// ends checks each against the OpenAPI document the server publishes.
// So every real answer the test suite provokes is checked, in whatever
// package the test lives.

// exchange is one API request and the answer it got.
type exchange struct {
	req    *http.Request
	status int
	header http.Header
	body   []byte
}

// recorder keeps the API exchanges of one server.
type recorder struct {
	mu   sync.Mutex
	list []exchange
}

// wrap records the exchanges under the API prefix that next serves.
func (r *recorder) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if !strings.HasPrefix(req.URL.Path, api.Prefix+"/") {
			next.ServeHTTP(w, req)
			return
		}
		// net/http drops what a handler writes in answer to HEAD, so the
		// wire carries no body to check.
		tee := &teeWriter{ResponseWriter: w, status: http.StatusOK,
			bodyless: req.Method == http.MethodHead}
		next.ServeHTTP(tee, req)
		copied := req.Clone(req.Context())
		copied.Body = http.NoBody
		r.mu.Lock()
		r.list = append(r.list, exchange{req: copied, status: tee.status,
			header: w.Header().Clone(), body: tee.body.Bytes()})
		r.mu.Unlock()
	})
}

type teeWriter struct {
	http.ResponseWriter
	status   int
	body     bytes.Buffer
	bodyless bool
}

func (t *teeWriter) WriteHeader(code int) {
	t.status = code
	t.ResponseWriter.WriteHeader(code)
}

func (t *teeWriter) Write(b []byte) (int, error) {
	if !t.bodyless {
		t.body.Write(b)
	}
	return t.ResponseWriter.Write(b)
}

func (t *teeWriter) Unwrap() http.ResponseWriter { return t.ResponseWriter }

var openAPI struct {
	once sync.Once
	mu   sync.Mutex
	v    validator.Validator
	err  error
}

// apiValidator builds, once, a validator for the server's OpenAPI document,
// after checking the document itself against the OpenAPI 3.1 schema.
func apiValidator() (validator.Validator, error) {
	openAPI.once.Do(func() {
		body, err := api.NewReference().Document()
		if err != nil {
			openAPI.err = err
			return
		}
		doc, err := libopenapi.NewDocument(body)
		if err != nil {
			openAPI.err = err
			return
		}
		v, errs := validator.NewValidator(doc, config.WithFormatAssertions())
		if len(errs) > 0 {
			openAPI.err = fmt.Errorf("openapi: %v", errs)
			return
		}
		if ok, verrs := v.ValidateDocument(); !ok {
			openAPI.err = fmt.Errorf("the OpenAPI document is not valid: %s", describe(verrs))
			return
		}
		openAPI.v = v
	})
	return openAPI.v, openAPI.err
}

// check validates every recorded answer and reports each that the
// document does not describe. An answer to a path the API does not have
// is only checked to be a 404 or 405.
func (r *recorder) check(t testing.TB) {
	t.Helper()
	r.mu.Lock()
	list := r.list
	r.mu.Unlock()
	if len(list) == 0 {
		return
	}
	v, err := apiValidator()
	if err != nil {
		t.Error(err)
		return
	}
	openAPI.mu.Lock()
	defer openAPI.mu.Unlock()
	for _, x := range list {
		if msg := validate(v, x); msg != "" {
			t.Errorf("OpenAPI: %s %s answered %d, which the document does not describe: %s",
				x.req.Method, x.req.URL.RequestURI(), x.status, msg)
		}
	}
}

func validate(v validator.Validator, x exchange) string {
	res := &http.Response{StatusCode: x.status, Header: x.header,
		Body: io.NopCloser(bytes.NewReader(x.body)), Request: x.req}
	ok, errs := v.ValidateHttpResponse(x.req, res)
	if ok {
		return ""
	}
	unknownPath := len(errs) > 0 && errs[0].ValidationType == helpers.PathValidation
	if unknownPath && (x.status == http.StatusNotFound || x.status == http.StatusMethodNotAllowed) {
		return ""
	}
	return describe(errs)
}

// describe joins validation errors with their reasons.
func describe[E interface{ Error() string }](errs []E) string {
	parts := make([]string, 0, len(errs))
	for _, e := range errs {
		parts = append(parts, e.Error())
	}
	return strings.Join(parts, "; ")
}

// ValidateAPIAnswer checks one answer against the OpenAPI document, for
// tests that build their own requests.
func ValidateAPIAnswer(req *http.Request, status int, header http.Header, body []byte) string {
	v, err := apiValidator()
	if err != nil {
		return err.Error()
	}
	openAPI.mu.Lock()
	defer openAPI.mu.Unlock()
	return validate(v, exchange{req: req, status: status, header: header, body: body})
}
