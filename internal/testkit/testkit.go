// Package testkit is the one way tests build a Tend: a test configuration, a
// real app on its own PostgreSQL database (cloned from a migrated template
// by dbtest), a real HTTP server in front of it, and builders for the people
// and records most tests start from. internal/web, internal/e2e,
// internal/bench and the domain packages' tests all use it, so a fixture
// is defined once.
//
// Everything a Kit holds belongs to one test: no package-level state, so
// tests using it can run with t.Parallel().
package testkit

import (
	"context"
	"encoding/base64"
	"log/slog"
	"net"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tend-practice/tend/internal/app"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/config"
	"github.com/tend-practice/tend/internal/database"
	"github.com/tend-practice/tend/internal/database/dbtest"
	"github.com/tend-practice/tend/internal/testkit/cleanup"
)

// Password is the password every builder gives the accounts it creates.
const Password = "correct horse battery"

// Config is the configuration tests run the app with: a local practice
// called "Test Practice", A4 paper and a fixed all-zero session key.
func Config() config.Config {
	return config.Config{Env: config.EnvLocal, PracticeName: "Test Practice", BaseURL: "http://127.0.0.1",
		SessionKey: base64.StdEncoding.EncodeToString(make([]byte, 32)), Paper: "A4", DBMaxConns: 8}
}

// Kit is one test's Tend: the app on its own database, with its log kept.
type Kit struct {
	T   testing.TB
	App *app.App
	DB  *database.DB
	Log *Logs
}

// Option adjusts how New builds the app.
type Option func(*settings)

type settings struct {
	cfg  config.Config
	opts app.Options
	db   *database.DB
	log  *slog.Logger
	sync bool
}

// WithConfig edits the configuration before the app is built.
func WithConfig(edit func(*config.Config)) Option {
	return func(s *settings) { edit(&s.cfg) }
}

// WithOptions passes app options (a clock, hooks) to app.New.
func WithOptions(o app.Options) Option {
	return func(s *settings) { s.opts = o }
}

// WithClock runs the app on the clock now.
func WithClock(now func() time.Time) Option {
	return func(s *settings) { s.opts.Now = now }
}

// WithDB builds the app on db instead of a fresh test database.
func WithDB(db *database.DB) Option {
	return func(s *settings) { s.db = db }
}

// WithLogger sends the app's log to log instead of the kit's Logs (a
// benchmark discards it).
func WithLogger(log *slog.Logger) Option {
	return func(s *settings) { s.log = log }
}

// WithoutLibrary skips loading the built-in modules and worksheets.
func WithoutLibrary() Option {
	return func(s *settings) { s.sync = false }
}

// New builds a Tend on a fresh, migrated database of its own (dropped when
// the test ends), with the built-in library loaded.
func New(t testing.TB, options ...Option) *Kit {
	t.Helper()
	s := settings{cfg: Config(), sync: true}
	for _, o := range options {
		o(&s)
	}
	// Thousands of accounts are made and signed in across the suites:
	// argon2id at its cheapest unless the test asks for the real cost.
	if s.opts.Passwords == (auth.Params{}) {
		s.opts.Passwords = auth.TestParams
	}
	db := s.db
	switch {
	case db != nil:
	case s.sync:
		lib, err := library()
		if err != nil {
			t.Fatal(err)
		}
		db = dbtest.NewFilled(t, lib)
	default:
		db = dbtest.New(t)
	}
	logs := &Logs{}
	log := s.log
	if log == nil {
		log = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	a, err := app.New(context.Background(), s.cfg, db, log, s.opts)
	if err != nil {
		t.Fatalf("app.New: %v", err)
	}
	if s.sync {
		if err := a.SyncLibrary(context.Background()); err != nil {
			t.Fatalf("SyncLibrary: %v", err)
		}
	}
	return &Kit{T: t, App: a, DB: db, Log: logs}
}

// Server serves the kit's app (the real router) on 127.0.0.1 over IPv4, on
// a port of its own, until the test ends.
func (k *Kit) Server() *httptest.Server {
	k.T.Helper()
	return Serve(k.T, k.App)
}

// Serve serves a's router on 127.0.0.1 on a free port until t ends.
func Serve(t testing.TB, a *app.App) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(a.Server.Handler())
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	srv.Listener = l
	srv.Start()
	cleanup.Register(t, srv.Close)
	return srv
}

// Logs collects what the app logs; safe for the server's goroutines.
type Logs struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *Logs) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// String returns everything logged so far.
func (l *Logs) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
