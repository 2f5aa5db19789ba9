package bench

import (
	"context"
	"encoding/base64"
	"io"
	"log/slog"
	"testing"

	"github.com/tend-practice/tend/internal/app"
	"github.com/tend-practice/tend/internal/config"
	"github.com/tend-practice/tend/internal/database"
	"github.com/tend-practice/tend/internal/database/dbtest"
	"github.com/tend-practice/tend/internal/testkit"
)

// TestPassword is the password of every account NewApp seeds.
const TestPassword = "bench-password-2026"

// TestConfig is the configuration NewApp builds instances with: local, a
// fixed session key (so that two instances open each other's sealed data,
// as a deployment's instances do), and a small pool.
func TestConfig() config.Config {
	c := testkit.Config()
	c.PracticeName = "Bench Practice"
	c.SessionKey = base64.StdEncoding.EncodeToString([]byte("tend-bench-session-key-32-bytes!"))
	return c
}

// NewApp wires a Tend over db with TestConfig and syncs the library. Its
// logs are discarded unless log is given.
func NewApp(tb testing.TB, db *database.DB, log *slog.Logger) *app.App {
	tb.Helper()
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return testkit.New(tb, testkit.WithDB(db), testkit.WithLogger(log),
		testkit.WithConfig(func(c *config.Config) { *c = TestConfig() })).App
}

// NewPractice gives a benchmark or test a fresh database (dbtest) holding a
// seeded practice of clinicians x clients, each client with WorkPerClient
// assignments, and a Tend wired over it. Answers are stored in the clear,
// which the app reads as it reads rows from before sealing.
func NewPractice(tb testing.TB, clinicians, clients int) (*app.App, Practice) {
	tb.Helper()
	db := dbtest.New(tb)
	a := NewApp(tb, db, nil)
	p, _, err := Seed(context.Background(), db.Pool, Spec{Clinicians: clinicians, ClientsPerClinician: clients,
		Password: TestPassword, Seed: 1})
	if err != nil {
		tb.Fatal(err)
	}
	return a, p
}
