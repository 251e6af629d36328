package api_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/incido/incido/app/apptest"
)

type problemBody struct {
	Type   string            `json:"type"`
	Status int               `json:"status"`
	Detail string            `json:"detail"`
	Errors map[string]string `json:"errors"`
}

// send posts a body with exactly the Content-Type given (none when empty).
func send(t *testing.T, s *apptest.Server, method, path, auth, contentType string,
	body io.Reader) (int, problemBody, string) {
	t.Helper()
	req, _ := http.NewRequest(method, s.URL+path, body)
	req.Header.Set("Authorization", auth)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var p problemBody
	json.Unmarshal(raw, &p)
	return res.StatusCode, p, string(raw)
}

func ownerToken(t *testing.T, s *apptest.Server, prefix string) (tenant, string) {
	u := apptest.CreateUser(t, db, "")
	tn := newTenant(t, prefix, u)
	_, tok := s.CreateToken(t, u, "owner", allScopes, nil)
	return tn, "Bearer " + tok
}

// bodyCase is a body and the answer it must get: the status, the problem
// kind and the field the errors map must name (if any).
type bodyCase struct {
	name, body string
	status     int
	kind       string
	field      string
}

func runBodyCases(t *testing.T, s *apptest.Server, method, path, auth string, cases []bodyCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, p, raw := send(t, s, method, path, auth, "application/json", strings.NewReader(tc.body))
			if status != tc.status {
				t.Fatalf("%d, want %d: %s", status, tc.status, raw)
			}
			if tc.kind != "" && p.Type != "/docs/api#problem-"+tc.kind {
				t.Errorf("type %q, want %s", p.Type, tc.kind)
			}
			if tc.field != "" && p.Errors[tc.field] == "" {
				t.Errorf("errors %v lack %q", p.Errors, tc.field)
			}
			if tc.status >= 400 && p.Detail == "" {
				t.Errorf("no detail: %s", raw)
			}
		})
	}
}

func TestIncidentCreationRules(t *testing.T) {
	s := apptest.NewServer(t, db)
	tn, auth := ownerToken(t, s, "rules")
	path := "/api/v1/organizations/" + tn.org.Slug + "/incidents"
	future := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	runBodyCases(t, s, "POST", path, auth, []bodyCase{
		{"minimal", `{"title": "Login slow", "severity": "minor"}`, 201, "", ""},
		{"everything", `{"title": " Padded ", "severity": "major", "status": "investigating",
			"summary": "Line one\nLine two", "started_at": "2026-01-01T10:00:00+02:00"}`, 201, "", ""},
		{"no title", `{"severity": "minor"}`, 422, "validation", "title"},
		{"blank title", `{"title": "   ", "severity": "minor"}`, 422, "validation", "title"},
		{"title of 201", `{"title": "` + strings.Repeat("x", 201) + `", "severity": "minor"}`, 422, "validation", "title"},
		{"title of 200", `{"title": "` + strings.Repeat("é", 200) + `", "severity": "minor"}`, 201, "", ""},
		{"title with a line break", `{"title": "a\nb", "severity": "minor"}`, 422, "validation", "title"},
		{"title with a line separator", `{"title": "a\u2028b", "severity": "minor"}`, 422, "validation", "title"},
		{"title with a direction override", `{"title": "a\u202eb", "severity": "minor"}`, 422, "validation", "title"},
		{"title with a zero-width joiner", `{"title": "👩\u200d🚒 on call", "severity": "minor"}`, 201, "", ""},
		{"no severity", `{"title": "x"}`, 422, "validation", "severity"},
		{"unknown severity", `{"title": "x", "severity": "apocalyptic"}`, 422, "validation", "severity"},
		{"created resolved", `{"title": "x", "severity": "minor", "status": "resolved"}`, 422, "validation", "status"},
		{"unknown status", `{"title": "x", "severity": "minor", "status": "on fire"}`, 422, "validation", "status"},
		{"summary of 10001", `{"title": "x", "severity": "minor", "summary": "` + strings.Repeat("s", 10001) + `"}`, 422, "validation", "summary"},
		{"summary with a control character", `{"title": "x", "severity": "minor", "summary": "bell\u0007"}`, 422, "validation", "summary"},
		{"started in the future", `{"title": "x", "severity": "minor", "started_at": "` + future + `"}`, 422, "validation", "started_at"},
		{"started_at not a time", `{"title": "x", "severity": "minor", "started_at": "yesterday"}`, 400, "invalid-body", "started_at"},
		{"started_at a number", `{"title": "x", "severity": "minor", "started_at": 1700000000}`, 400, "invalid-body", "started_at"},
		{"title a number", `{"title": 5, "severity": "minor"}`, 400, "invalid-body", "title"},
		{"unknown field", `{"title": "x", "severity": "minor", "priority": 1}`, 400, "invalid-body", "priority"},
		{"trailing data", `{"title": "x", "severity": "minor"} {"again": true}`, 400, "invalid-body", ""},
		{"trailing garbage", `{"title": "x", "severity": "minor"}]`, 400, "invalid-body", ""},
		{"not JSON", `title=x&severity=minor`, 400, "invalid-body", ""},
		{"cut short", `{"title": "x", "severity"`, 400, "invalid-body", ""},
		{"an array", `[{"title": "x"}]`, 400, "invalid-body", ""},
		{"a string", `"x"`, 400, "invalid-body", ""},
		{"null", `null`, 422, "validation", "title"},
		{"empty", ``, 400, "invalid-body", ""},
		{"invalid UTF-8", "{\"title\": \"\xff\xfe\", \"severity\": \"minor\"}", 400, "invalid-body", ""},
		{"a field twice", `{"title": "a", "severity": "minor", "title": "b"}`, 400, "invalid-body", "title"},
		{"a field twice in two cases", `{"title": "a", "TITLE": "b", "severity": "minor"}`, 400, "invalid-body", "TITLE"},
		{"a field in another case", `{"Title": "a", "severity": "minor"}`, 400, "invalid-body", "Title"},
		{"a lone surrogate", `{"title": "a\ud800", "severity": "minor"}`, 400, "invalid-body", "title"},
		{"a surrogate pair", `{"title": "a\ud83d\ude00", "severity": "minor"}`, 201, "", ""},
		{"nested a hundred thousand deep", `{"title": ` + strings.Repeat("[", 100_000) +
			strings.Repeat("]", 100_000) + `}`, 400, "invalid-body", ""},
		{"a huge number", `{"title": 1e999, "severity": "minor"}`, 400, "invalid-body", "title"},
	})
}

func TestBodiesThatAreNotJSONOrTooLargeNeverReachTheHandler(t *testing.T) {
	s := apptest.NewServer(t, db)
	tn, auth := ownerToken(t, s, "media")
	path := "/api/v1/organizations/" + tn.org.Slug + "/incidents"
	ok := `{"title": "Media", "severity": "minor"}`
	huge := `{"title": "x", "severity": "minor", "summary": "` + strings.Repeat("a", 1<<20) + `"}`
	cases := []struct {
		name, contentType string
		body              io.Reader
		status            int
	}{
		{"json", "application/json", strings.NewReader(ok), 201},
		{"json with utf-8 charset", "application/json; charset=utf-8", strings.NewReader(ok), 201},
		{"json with UTF-8 charset", "application/json; charset=UTF-8", strings.NewReader(ok), 201},
		{"json with latin-1 charset", "application/json; charset=iso-8859-1", strings.NewReader(ok), 415},
		{"text", "text/plain", strings.NewReader(ok), 415},
		{"form", "application/x-www-form-urlencoded", strings.NewReader("title=x&severity=minor"), 415},
		{"big form", "application/x-www-form-urlencoded", strings.NewReader(strings.Repeat("a=b&", 300_000)), 415},
		{"no content type", "", strings.NewReader(ok), 415},
		{"garbled content type", "application/json; =;", strings.NewReader(ok), 415},
		{"over 1 MiB", "application/json", strings.NewReader(huge), 413},
		{"over 1 MiB, chunked", "application/json", io.MultiReader(strings.NewReader(huge)), 413},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, p, raw := send(t, s, "POST", path, auth, tc.contentType, tc.body)
			if status != tc.status {
				t.Fatalf("%d, want %d: %.200s", status, tc.status, raw)
			}
			if status >= 400 && (p.Status != status || p.Detail == "") {
				t.Errorf("not a problem document: %.200s", raw)
			}
		})
	}
	req, _ := http.NewRequest("POST", s.URL+path, strings.NewReader(ok))
	req.Header.Set("Authorization", auth)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Content-Encoding", "gzip")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 415 {
		t.Errorf("a gzip-encoded body: %d, want 415", res.StatusCode)
	}
	for _, headers := range [][]string{
		{"Content-Type", "application/json", "Content-Type", "text/plain"},
		{"Content-Encoding", "identity", "Content-Encoding", "gzip"},
		{"Content-Encoding", "identity, gzip"},
	} {
		res := s.API(t, "POST", path, auth, ok, headers...)
		if res.StatusCode != 415 {
			t.Errorf("%v: %d, want 415", headers, res.StatusCode)
		}
	}
	if status, _, _ := send(t, s, "PATCH", fmt.Sprintf("%s/%d", path, tn.incident), auth,
		"application/merge-patch+json", strings.NewReader(`{"summary": "merge patch"}`)); status != 200 {
		t.Errorf("PATCH as application/merge-patch+json: %d", status)
	}
}

func TestIncidentUpdatesChangeOnlyWhatIsGivenAndFollowTheLifecycle(t *testing.T) {
	s := apptest.NewServer(t, db)
	tn, auth := ownerToken(t, s, "patch")
	path := fmt.Sprintf("/api/v1/organizations/%s/incidents/%d", tn.org.Slug, tn.incident)
	patch := func(body string) (int, map[string]any, problemBody) {
		res := s.API(t, "PATCH", path, auth, body)
		var out map[string]any
		var p problemBody
		json.Unmarshal([]byte(res.Body), &out)
		json.Unmarshal([]byte(res.Body), &p)
		return res.StatusCode, out, p
	}

	status, inc, _ := patch(`{"severity": "critical"}`)
	if status != 200 || inc["severity"] != "critical" || inc["title"] != "patch incident" ||
		inc["summary"] != "Summary of patch incident" {
		t.Fatalf("severity only: %d %v", status, inc)
	}
	if _, inc, _ = patch(`{"summary": null}`); inc["summary"] != "" || inc["title"] != "patch incident" {
		t.Errorf("summary null must empty it and keep the rest: %v", inc)
	}
	for _, field := range []string{"title", "severity", "status", "started_at"} {
		if status, _, p := patch(`{"` + field + `": null}`); status != 422 || p.Errors[field] == "" {
			t.Errorf("%s null: %d %v, want 422 naming it", field, status, p.Errors)
		}
	}
	if status, inc, _ := patch(`{}`); status != 200 || inc["severity"] != "critical" {
		t.Errorf("an empty patch: %d %v", status, inc)
	}

	steps := []struct {
		body     string
		status   int
		resolved bool
	}{
		{`{"status": "closed"}`, 422, false},
		{`{"status": "investigating"}`, 200, false},
		{`{"status": "monitoring"}`, 200, false},
		{`{"status": "active"}`, 200, false},
		{`{"status": "resolved"}`, 200, true},
		{`{"status": "investigating"}`, 200, false},
		{`{"status": "resolved"}`, 200, true},
		{`{"status": "closed"}`, 200, true},
		{`{"status": "triage"}`, 422, true},
		{`{"status": "resolved"}`, 422, true},
		{`{"status": "exploded"}`, 422, true},
	}
	for _, st := range steps {
		status, inc, p := patch(st.body)
		if status != st.status {
			t.Errorf("%s: %d %v, want %d", st.body, status, p.Errors, st.status)
			continue
		}
		if status == 422 && p.Errors["status"] == "" {
			t.Errorf("%s: errors %v lack status", st.body, p.Errors)
		}
		if status == 200 && (inc["resolved_at"] != nil) != st.resolved {
			t.Errorf("%s: resolved_at %v, want set %v", st.body, inc["resolved_at"], st.resolved)
		}
	}

	var events int
	db.DB.Get(&events, `SELECT count(*) FROM audit_events WHERE target = $1 AND action = 'incident.updated'`,
		fmt.Sprintf("incident:%d", tn.incident))
	if events != 9 {
		t.Errorf("%d incident.updated events, want 9 (one per change, none for refused or empty ones)", events)
	}
}

func TestMaintenanceRules(t *testing.T) {
	s := apptest.NewServer(t, db)
	tn, auth := ownerToken(t, s, "windows")
	path := "/api/v1/organizations/" + tn.org.Slug + "/maintenances"
	runBodyCases(t, s, "POST", path, auth, []bodyCase{
		{"scheduled", `{"title": "DB upgrade", "starts_at": "2030-01-01T10:00:00Z", "ends_at": "2030-01-01T12:00:00Z"}`, 201, "", ""},
		{"draft", `{"title": "DB upgrade", "status": "draft", "starts_at": "2030-01-01T10:00:00Z", "ends_at": "2030-01-01T12:00:00Z"}`, 201, "", ""},
		{"ends before it starts", `{"title": "x", "starts_at": "2030-01-01T12:00:00Z", "ends_at": "2030-01-01T10:00:00Z"}`, 422, "validation", "ends_at"},
		{"ends as it starts", `{"title": "x", "starts_at": "2030-01-01T12:00:00Z", "ends_at": "2030-01-01T13:00:00+01:00"}`, 422, "validation", "ends_at"},
		{"no start", `{"title": "x", "ends_at": "2030-01-01T10:00:00Z"}`, 422, "validation", "starts_at"},
		{"no end", `{"title": "x", "starts_at": "2030-01-01T10:00:00Z"}`, 422, "validation", "ends_at"},
		{"created closed", `{"title": "x", "status": "closed", "starts_at": "2030-01-01T10:00:00Z", "ends_at": "2030-01-01T12:00:00Z"}`, 422, "validation", "status"},
		{"no title", `{"starts_at": "2030-01-01T10:00:00Z", "ends_at": "2030-01-01T12:00:00Z"}`, 422, "validation", "title"},
		{"bad time", `{"title": "x", "starts_at": "2030-01-01 10:00", "ends_at": "2030-01-01T12:00:00Z"}`, 400, "invalid-body", "starts_at"},
		{"unknown field", `{"title": "x", "severity": "minor"}`, 400, "invalid-body", "severity"},
	})

	one := fmt.Sprintf("%s/%d", path, tn.maintenance)
	runBodyCases(t, s, "PATCH", one, auth, []bodyCase{
		{"end before the stored start", `{"ends_at": "2000-01-01T00:00:00Z"}`, 422, "validation", "ends_at"},
		{"start after the stored end", `{"starts_at": "2099-01-01T00:00:00Z"}`, 422, "validation", "starts_at"},
		{"both moved", `{"starts_at": "2031-01-01T10:00:00Z", "ends_at": "2031-01-01T11:00:00Z"}`, 200, "", ""},
		{"scheduled to post_maintenance", `{"status": "post_maintenance"}`, 422, "validation", "status"},
		{"start it", `{"status": "in_progress"}`, 200, "", ""},
		{"back to draft", `{"status": "draft"}`, 422, "validation", "status"},
		{"wrap up", `{"status": "post_maintenance"}`, 200, "", ""},
		{"close", `{"status": "closed"}`, 200, "", ""},
		{"closed is final", `{"status": "in_progress"}`, 422, "validation", "status"},
		{"title null", `{"title": null}`, 422, "validation", "title"},
		{"summary twice", `{"summary": "kept?", "summary": null}`, 400, "invalid-body", "summary"},
		{"summary null", `{"summary": null}`, 200, "", ""},
	})
}

func TestCommentRules(t *testing.T) {
	s := apptest.NewServer(t, db)
	tn, auth := ownerToken(t, s, "notes")
	path := fmt.Sprintf("/api/v1/organizations/%s/incidents/%d/comments", tn.org.Slug, tn.incident)
	runBodyCases(t, s, "POST", path, auth, []bodyCase{
		{"a note", `{"body": "Rolled back the deploy."}`, 201, "", ""},
		{"empty", `{"body": "  "}`, 422, "validation", "body"},
		{"missing", `{}`, 422, "validation", "body"},
		{"too long", `{"body": "` + strings.Repeat("n", 10001) + `"}`, 422, "validation", "body"},
		{"not a string", `{"body": ["x"]}`, 400, "invalid-body", "body"},
	})
	res := s.API(t, "POST", path, auth, `{"body": "Second note"}`)
	loc := res.Header.Get("Location")
	if res.StatusCode != 201 || !strings.HasPrefix(loc, path+"/") {
		t.Fatalf("Location %q", loc)
	}
	if got := s.API(t, "GET", loc, auth, ""); got.StatusCode != 200 || !strings.Contains(got.Body, "Second note") {
		t.Errorf("GET Location: %d %s", got.StatusCode, got.Body)
	}
	missing := fmt.Sprintf("/api/v1/organizations/%s/incidents/999999999/comments", tn.org.Slug)
	if res := s.API(t, "POST", missing, auth, `{"body": "x"}`); res.StatusCode != 404 {
		t.Errorf("a comment on a missing incident: %d", res.StatusCode)
	}
}

func TestCreatedResourcesAreWhereLocationSays(t *testing.T) {
	s := apptest.NewServer(t, db)
	tn, auth := ownerToken(t, s, "where")
	base := "/api/v1/organizations/" + tn.org.Slug
	for path, body := range map[string]string{
		base + "/incidents":    `{"title": "Located", "severity": "trivial"}`,
		base + "/maintenances": `{"title": "Located", "starts_at": "2030-01-01T10:00:00Z", "ends_at": "2030-01-01T11:00:00Z"}`,
	} {
		res := s.API(t, "POST", path, auth, body)
		var created struct{ ID int64 }
		json.Unmarshal([]byte(res.Body), &created)
		if want := fmt.Sprintf("%s/%d", path, created.ID); res.Header.Get("Location") != want {
			t.Errorf("POST %s: Location %q, want %q", path, res.Header.Get("Location"), want)
		}
		got := s.API(t, "GET", res.Header.Get("Location"), auth, "")
		if got.StatusCode != 200 || !strings.Contains(got.Body, `"title":"Located"`) {
			t.Errorf("GET %s: %d", res.Header.Get("Location"), got.StatusCode)
		}
	}
}

func TestTimesAreRFC3339InUTC(t *testing.T) {
	s := apptest.NewServer(t, db)
	tn, auth := ownerToken(t, s, "times")
	res := s.API(t, "POST", "/api/v1/organizations/"+tn.org.Slug+"/incidents", auth,
		`{"title": "Zoned", "severity": "minor", "started_at": "2026-03-01T09:00:00+05:30"}`)
	var inc map[string]any
	json.Unmarshal([]byte(res.Body), &inc)
	if inc["started_at"] != "2026-03-01T03:30:00Z" {
		t.Errorf("started_at = %v, want 2026-03-01T03:30:00Z", inc["started_at"])
	}
	for _, f := range []string{"created_at", "updated_at"} {
		v, _ := inc[f].(string)
		if _, err := time.Parse(time.RFC3339, v); err != nil || !strings.HasSuffix(v, "Z") {
			t.Errorf("%s = %q, want RFC 3339 in UTC", f, v)
		}
	}
}

func TestListParametersAreChecked(t *testing.T) {
	s := apptest.NewServer(t, db)
	tn, auth := ownerToken(t, s, "params")
	base := "/api/v1/organizations/" + tn.org.Slug
	for _, tc := range []struct {
		query string
		field string
	}{
		{"?limit=0", "limit"}, {"?limit=101", "limit"}, {"?limit=ten", "limit"}, {"?limit=-1", "limit"},
		{"?limit=1.5", "limit"}, {"?cursor=garbage", "cursor"}, {"?cursor=%00%01", "cursor"},
		{"?cursor=YzEuLTU", "cursor"}, {"?status=burning", "status"},
		{"?limit=1&limit=2", "limit"}, {"?status=triage&status=closed", "status"},
		{"?cursor=&cursor=YzEuMTA", "cursor"},
	} {
		for _, list := range []string{"/incidents", "/maintenances"} {
			res := s.API(t, "GET", base+list+tc.query, auth, "")
			var p problemBody
			json.Unmarshal([]byte(res.Body), &p)
			if res.StatusCode != 400 || p.Errors[tc.field] == "" || p.Type != "/docs/api#problem-invalid-parameter" {
				t.Errorf("%s%s: %d %s", list, tc.query, res.StatusCode, res.Body)
			}
		}
	}
	for _, q := range []string{"?limit=1", "?limit=100", "?status=triage", "?cursor="} {
		if res := s.API(t, "GET", base+"/incidents"+q, auth, ""); res.StatusCode != 200 {
			t.Errorf("%s: %d", q, res.StatusCode)
		}
	}
}

func TestUnknownAPIPathsAnswerWithProblems(t *testing.T) {
	s := apptest.NewServer(t, db)
	tn, auth := ownerToken(t, s, "paths")
	for _, tc := range []struct {
		method, path string
		status       int
	}{
		{"GET", "/api/v1/nothing-here", 404},
		{"GET", "/api/v1/organizations/" + tn.org.Slug + "/incidents/abc", 404},
		{"GET", "/api/v1/organizations/" + tn.org.Slug + "/incidents/0", 404},
		{"DELETE", "/api/v1/organizations/" + tn.org.Slug + "/incidents", 405},
	} {
		res := s.API(t, tc.method, tc.path, auth, "")
		if res.StatusCode != tc.status || res.Header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("%s %s: %d %s", tc.method, tc.path, res.StatusCode, res.Header.Get("Content-Type"))
		}
	}
}

// A time JSON cannot write (its UTC year outside 0000–9999) would be
// stored and then break every answer that lists it: refused up front, on
// create and on update, and the lists keep answering.
func TestTimesOutsideFourDigitYearsAreRefused(t *testing.T) {
	s := apptest.NewServer(t, db)
	tn, auth := ownerToken(t, s, "years")
	base := "/api/v1/organizations/" + tn.org.Slug
	incident := fmt.Sprintf("%s/incidents/%d", base, tn.incident)
	window := fmt.Sprintf("%s/maintenances/%d", base, tn.maintenance)
	const (
		yearMinus1 = "0000-01-01T00:00:00+01:00"
		year10000  = "9999-12-31T23:00:00-02:00"
	)
	runBodyCases(t, s, "POST", base+"/incidents", auth, []bodyCase{
		{"started in year -1", `{"title": "x", "severity": "minor", "started_at": "` +
			yearMinus1 + `"}`, 422, "validation", "started_at"},
		{"started before 1970", `{"title": "x", "severity": "minor",
			"started_at": "1969-12-31T23:59:59Z"}`, 422, "validation", "started_at"},
		{"started in 1970", `{"title": "x", "severity": "minor",
			"started_at": "1970-01-01T00:00:00Z"}`, 201, "", ""},
	})
	runBodyCases(t, s, "PATCH", incident, auth, []bodyCase{
		{"moved to year -1", `{"started_at": "` + yearMinus1 + `"}`, 422, "validation",
			"started_at"},
	})
	runBodyCases(t, s, "POST", base+"/maintenances", auth, []bodyCase{
		{"ends in year 10000", `{"title": "x", "starts_at": "9999-12-31T00:00:00Z",
			"ends_at": "` + year10000 + `"}`, 422, "validation", "ends_at"},
		{"starts in year -1", `{"title": "x", "starts_at": "` + yearMinus1 + `",
			"ends_at": "2030-01-01T00:00:00Z"}`, 422, "validation", "starts_at"},
		{"ends in 9999", `{"title": "x", "starts_at": "9999-12-31T00:00:00Z",
			"ends_at": "9999-12-31T23:59:59Z"}`, 201, "", ""},
	})
	runBodyCases(t, s, "PATCH", window, auth, []bodyCase{
		{"end moved to year 10000", `{"ends_at": "` + year10000 + `"}`, 422, "validation",
			"ends_at"},
	})

	for _, list := range []string{base + "/incidents", base + "/maintenances",
		"/api/v1/status/" + tn.org.Slug} {
		if res := s.API(t, "GET", list, auth, ""); res.StatusCode != 200 ||
			!strings.HasPrefix(res.Body, "{") {
			t.Errorf("GET %s: %d %.200s", list, res.StatusCode, res.Body)
		}
	}
}
