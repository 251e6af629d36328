package app

import (
	"bytes"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/incido/incido/app/config"
	"github.com/incido/incido/app/database/dbtest"
)

var db *dbtest.Database

func TestMain(m *testing.M) {
	os.Exit(dbtest.Run(m, &db))
}

// A panic in a handler is logged once, by the server's own logger, naming
// the route: never the request itself, whose path can hold a reset token
// and whose headers hold the session cookie.
func TestAPanicIsLoggedOnceWithoutTheRequest(t *testing.T) {
	var stderr bytes.Buffer
	was := gin.DefaultErrorWriter
	defer func() { gin.DefaultErrorWriter = was }()
	gin.DefaultErrorWriter = &stderr
	env := map[string]string{"DATABASE_URL": db.URL, "INCIDO_MAIL_DIR": t.TempDir()}
	cfg, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	var logs strings.Builder
	a, err := New(cfg, db.DB, slog.New(slog.NewTextHandler(&logs, nil)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := a.routes()
	if err != nil {
		t.Fatal(err)
	}
	r.GET("/panics/:token", func(*gin.Context) { panic("a handler's bug") })
	r.GET("/breaks/:token", func(*gin.Context) {
		panic(&net.OpError{Op: "write", Net: "tcp", Err: syscall.EPIPE})
	})
	srv := httptest.NewServer(r)
	defer srv.Close()

	for _, path := range []string{"/panics/secret-token", "/breaks/secret-token"} {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		req.Header.Set("Cookie", "incido_session=secret-cookie")
		res, err := http.DefaultClient.Do(req)
		if err == nil {
			res.Body.Close()
		}
	}
	if stderr.Len() > 0 {
		t.Errorf("gin wrote to stderr: %q", stderr.String())
	}
	if strings.Contains(logs.String(), "secret") {
		t.Errorf("the log names the request: %s", logs.String())
	}
	if n := strings.Count(logs.String(), "msg=panic"); n != 1 {
		t.Errorf("%d panic lines, want 1: %s", n, logs.String())
	}
}
