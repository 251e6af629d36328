package api_test

import (
	"encoding/json"
	"testing"

	"github.com/incido/incido/app/apptest"
	"github.com/incido/incido/app/cursor"
)

// BenchmarkIncidentPages compares, in one run, a token check alone
// (/me, the baseline), the first page of incidents, and a page deep in
// 20 000 incidents reached by cursor. Keyset pagination should keep the
// deep page as cheap as the first: report deep/first and first/me.
func BenchmarkIncidentPages(b *testing.B) {
	s := apptest.NewServer(b, db)
	u := apptest.CreateUser(b, db, "")
	tn := newTenant(b, "bench", u)
	_, tok := s.CreateToken(b, u, "bench", allScopes, nil)
	auth := "Bearer " + tok
	if _, err := db.DB.Exec(`INSERT INTO incidents (organization_id, title, status, severity,
		created_by_user_id) SELECT $1, 'bulk ' || n, 'triage', 'minor', $2
		FROM generate_series(1, 20000) n`, tn.org.ID, u.ID); err != nil {
		b.Fatal(err)
	}
	db.DB.Exec(`ANALYZE incidents`)
	var deepID int64
	db.DB.Get(&deepID, `SELECT id FROM incidents WHERE organization_id = $1
		ORDER BY id DESC OFFSET 19000 LIMIT 1`, tn.org.ID)
	incidents := "/api/v1/organizations/" + tn.org.Slug + "/incidents"
	base := incidents + "?limit=50"

	cases := []struct{ name, path string }{
		{"me", "/api/v1/me"},
		{"first page", base},
		{"page 380", base + "&cursor=" + cursor.Encode(incidents+"?status=", deepID)},
	}
	for _, bc := range cases {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				res := s.API(b, "GET", bc.path, auth, "")
				if res.StatusCode != 200 {
					b.Fatalf("%d %s", res.StatusCode, res.Body)
				}
				if bc.name != "me" {
					var p struct{ Data []json.RawMessage }
					json.Unmarshal([]byte(res.Body), &p)
					if len(p.Data) != 50 {
						b.Fatalf("%d items", len(p.Data))
					}
				}
			}
		})
	}
}
