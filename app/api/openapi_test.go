package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/incido/incido/app/access"
	"github.com/incido/incido/app/apptest"
)

type openAPIDoc struct {
	OpenAPI string `json:"openapi"`
	Info    struct {
		Description string `json:"description"`
	} `json:"info"`
	Paths map[string]map[string]struct {
		OperationID string                `json:"operationId"`
		Scope       string                `json:"x-incido-scope"`
		Security    []map[string][]string `json:"security"`
		Responses   map[string]any        `json:"responses"`
		RequestBody *struct {
			Content map[string]any `json:"content"`
		} `json:"requestBody"`
	} `json:"paths"`
}

func TestOpenAPIDocumentDescribesEveryEndpointOfTheRegistry(t *testing.T) {
	s := apptest.NewServer(t, db)
	res := s.API(t, "GET", "/api/v1/openapi.json", "", "")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("openapi.json: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	var doc openAPIDoc
	if err := json.Unmarshal([]byte(res.Body), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi = %q", doc.OpenAPI)
	}
	for _, e := range access.Endpoints {
		op, ok := doc.Paths[e.Path][strings.ToLower(e.Method)]
		if !ok {
			t.Errorf("%s %s is not in the document", e.Method, e.Path)
			continue
		}
		if op.OperationID != string(e.Operation) {
			t.Errorf("%s: operationId %q", e.Operation, op.OperationID)
		}
		switch e.Auth {
		case access.Public:
			if len(op.Security) != 0 {
				t.Errorf("%s is public but has security %v", e.Operation, op.Security)
			}
			if !strings.Contains(doc.Info.Description, "/api/v1"+e.Path) {
				t.Errorf("the introduction does not list public %s", e.Path)
			}
		case access.Member:
			if op.Scope != string(e.Needs) || len(op.Security) != 1 ||
				op.Security[0]["bearerToken"][0] != string(e.Needs) {
				t.Errorf("%s: scope %q security %v, want %s", e.Operation, op.Scope, op.Security, e.Needs)
			}
			for _, status := range []string{"401", "403", "404"} {
				if op.Responses[status] == nil {
					t.Errorf("%s lacks the %s answer", e.Operation, status)
				}
			}
		}
		if e.Method == "POST" || e.Method == "PATCH" {
			for _, status := range []string{"400", "413", "415", "422"} {
				if op.Responses[status] == nil {
					t.Errorf("%s lacks the %s answer", e.Operation, status)
				}
			}
			if op.RequestBody == nil || op.RequestBody.Content["application/json"] == nil {
				t.Errorf("%s has no JSON request body", e.Operation)
			}
		}
	}
	if n := countOperations(doc); n != len(access.Endpoints) {
		t.Errorf("the document has %d operations, the registry %d", n, len(access.Endpoints))
	}
}

func countOperations(doc openAPIDoc) int {
	n := 0
	for _, ops := range doc.Paths {
		n += len(ops)
	}
	return n
}

func TestAnswersTheDocumentDoesNotDescribeAreReported(t *testing.T) {
	req, _ := http.NewRequest("GET", "http://example.test/api/v1/me", nil)
	h := http.Header{"Content-Type": {"application/json; charset=utf-8"}}
	cases := map[string]struct {
		status int
		body   string
	}{
		"a field missing":          {200, `{"id": 1, "email": "a@example.com"}`},
		"an undocumented status":   {418, `{}`},
		"a problem of wrong shape": {401, `{"type": 5}`},
	}
	for name, tc := range cases {
		hh := h.Clone()
		if tc.status == 401 {
			hh.Set("Content-Type", "application/problem+json")
			hh.Set("WWW-Authenticate", `Bearer realm="incido"`)
		}
		if msg := apptest.ValidateAPIAnswer(req, tc.status, hh, []byte(tc.body)); msg == "" {
			t.Errorf("%s: the check let it through", name)
		}
	}
	good := `{"id":1,"email":"a@example.com","given_name":"A","family_name":"B","timezone":"Etc/UTC",` +
		`"created_at":"2026-01-02T03:04:05Z","token":{"id":2,"name":"t","scopes":[],"all_scopes":true,"expires_at":null}}`
	if msg := apptest.ValidateAPIAnswer(req, 200, h, []byte(good)); msg != "" {
		t.Errorf("a right answer was refused: %s", msg)
	}
}
