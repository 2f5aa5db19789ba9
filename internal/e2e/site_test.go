package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/account"
	"github.com/tend-practice/tend/internal/app"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/config"
	"github.com/tend-practice/tend/internal/testkit"
	"github.com/tend-practice/tend/internal/testkit/cleanup"
)

// testPassword is every test account's password.
const testPassword = testkit.Password

// site is one real Tend: the production router from internal/app, on its
// own freshly cloned PostgreSQL database, served on 127.0.0.1.
type site struct {
	t   *testing.T
	URL string   // e.g. http://127.0.0.1:41234, no trailing slash
	App *app.App // services, for arranging data directly (Accounts, DB, ...)
	log *testkit.Logs
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
	var opts []testkit.Option
	if edit != nil {
		opts = append(opts, testkit.WithConfig(edit))
	}
	k := testkit.New(t, opts...)
	a, logs := k.App, k.Log
	srv := k.Server()
	s := &site{t: t, URL: srv.URL, App: a, log: logs}
	cleanup.Register(t, func() { // lets go of the site (and its app) once run
		if t.Failed() {
			t.Logf("server log:\n%s", s.logs())
		}
	})
	return s
}

// kit is the site as a testkit.Kit, for the shared builders.
func (s *site) kit() *testkit.Kit {
	return &testkit.Kit{T: s.t, App: s.App, DB: s.App.DB, Log: s.log}
}

// user creates an active account with testPassword. The display name is
// the part of the email before the @.
func (s *site) user(role auth.Role, email string) account.User {
	s.t.Helper()
	name, _, _ := strings.Cut(email, "@")
	return s.kit().UserNamed(role, email, name)
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
