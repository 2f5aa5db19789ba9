package e2e

import (
	"context"
	"encoding/base64"
	"log/slog"
	"net"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/tend-practice/tend/internal/account"
	"github.com/tend-practice/tend/internal/app"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/config"
	"github.com/tend-practice/tend/internal/database/dbtest"
)

// testPassword is every test account's password.
const testPassword = "correct horse battery"

// site is one real Tend: the production router from internal/app, on its
// own freshly cloned PostgreSQL database, served on 127.0.0.1.
type site struct {
	t   *testing.T
	URL string   // e.g. http://127.0.0.1:41234, no trailing slash
	App *app.App // services, for arranging data directly (Accounts, DB, ...)
	log *syncBuilder
}

// newSite starts a Tend for t, once it knows a browser is there to test it
// with. The server, database and logs go away when the test ends; on
// failure the server's log is printed.
func newSite(t *testing.T) *site {
	t.Helper()
	return newSiteWith(t, nil)
}

// newSiteWith is newSite with the configuration adjusted by edit first
// (say, the practice's name for screenshots).
func newSiteWith(t *testing.T, edit func(*config.Config)) *site {
	t.Helper()
	browserRoot(t) // skip (or fail) before building a database for nothing
	db := dbtest.New(t)
	logs := &syncBuilder{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	cfg := config.Config{Env: config.EnvLocal, PracticeName: "Test Practice", BaseURL: "http://127.0.0.1",
		SessionKey: base64.StdEncoding.EncodeToString(make([]byte, 32)), Paper: "A4", DBMaxConns: 8}
	if edit != nil {
		edit(&cfg)
	}
	a, err := app.New(context.Background(), cfg, db, log, app.Options{})
	if err != nil {
		t.Fatalf("app.New: %v", err)
	}
	if err := a.SyncLibrary(context.Background()); err != nil {
		t.Fatalf("SyncLibrary: %v", err)
	}
	srv := httptest.NewUnstartedServer(a.Server.Handler())
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv.Listener = l
	srv.Start()
	t.Cleanup(srv.Close)
	s := &site{t: t, URL: srv.URL, App: a, log: logs}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("server log:\n%s", s.logs())
		}
	})
	return s
}

// user creates an active account with testPassword. The display name is
// the part of the email before the @.
func (s *site) user(role auth.Role, email string) account.User {
	s.t.Helper()
	name, _, _ := strings.Cut(email, "@")
	u, err := s.App.Accounts.Create(context.Background(), auth.Actor{}, account.NewUser{
		Email: email, DisplayName: name, Role: role, Password: testPassword})
	if err != nil {
		s.t.Fatalf("create %s %s: %v", role, email, err)
	}
	return u
}

// browser opens a new person's browser on this site: paths given to its
// helpers are relative to s.URL.
func (s *site) browser(v viewport) *browser {
	s.t.Helper()
	b := newBrowser(s.t, v.Width, v.Height)
	b.base = s.URL
	return b
}

// hasRoute reports whether the router has a route for method whose path
// starts with prefix, so a journey can skip a step whose page another
// change has not added yet (and check it as soon as it is there).
func (s *site) hasRoute(method, prefix string) bool {
	for _, r := range s.App.Server.Engine().Routes() {
		if r.Method == method && strings.HasPrefix(r.Path, prefix) {
			return true
		}
	}
	return false
}

// logs is everything the server logged so far.
func (s *site) logs() string { return s.log.String() }

type syncBuilder struct {
	mu sync.Mutex
	b  strings.Builder
}

func (w *syncBuilder) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *syncBuilder) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

// repoRoot is the directory holding go.mod.
func repoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test's directory")
		}
		dir = parent
	}
}
