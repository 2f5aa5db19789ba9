// Package dbtest gives each test its own PostgreSQL database, cloned from a
// template built once from the real migrations. Cloning takes tens of
// milliseconds, so every test can start from a clean schema.
package dbtest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/tend-practice/tend/internal/database"
	"github.com/tend-practice/tend/internal/testkit/cleanup"
	"github.com/tend-practice/tend/migrations"
)

// AdminURL is the server-level connection the tests use to create databases.
// TEND_TEST_DATABASE_URL overrides it.
func AdminURL() string {
	if v := os.Getenv("TEND_TEST_DATABASE_URL"); v != "" {
		return v
	}
	return "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
}

// URL returns a connection URL for the named database on the test server.
// Its sessions commit without waiting for the WAL to reach the disk
// (synchronous_commit=off): a commit is as atomic and as visible as ever,
// only a crash of the test server could lose the last fraction of a
// second, and a test database is dropped anyway. It saves an fsync per
// transaction, which on a shared machine is most of a test's wait.
func URL(name string) string {
	u, err := url.Parse(AdminURL())
	if err != nil {
		panic(err)
	}
	u.Path = "/" + name
	q := u.Query()
	if q.Get("options") == "" { // libpq's and pgx's way to set it at connection
		q.Set("options", "-c synchronous_commit=off")
	}
	// %20, not +: pgx reads the query as a path would (no + for space).
	u.RawQuery = strings.ReplaceAll(q.Encode(), "+", "%20")
	return u.String()
}

// New creates a fresh, fully migrated database for t and opens a pool on it.
// The database is dropped when the test ends.
func New(t testing.TB) *database.DB {
	t.Helper()
	return open(t, NewDatabase(t))
}

// NewDatabase creates a migrated database and returns its name, for tests
// that start their own processes against it.
func NewDatabase(t testing.TB) string {
	t.Helper()
	tpl, err := template(context.Background())
	if err != nil {
		t.Fatalf("test database template: %v", err)
	}
	return clone(t, tpl)
}

// Filled is a template built on top of the migrated one: Key names its
// contents (change it when they change) and Fill writes them, once per
// key and set of migrations, into a database at the URL it is given.
type Filled struct {
	Key  string
	Fill func(ctx context.Context, url string) error
}

// NewFilled is New on a clone of f's template instead of the bare
// migrated one: what every test would otherwise write first (the built-in
// library) is written once and copied.
func NewFilled(t testing.TB, f Filled) *database.DB {
	t.Helper()
	tpl, err := filledTemplate(context.Background(), f)
	if err != nil {
		t.Fatalf("test database template %s: %v", f.Key, err)
	}
	return open(t, clone(t, tpl))
}

func open(t testing.TB, name string) *database.DB {
	t.Helper()
	db, err := database.Open(context.Background(), URL(name), database.Options{MaxConns: 8})
	if err != nil {
		t.Fatalf("open test database: %v", err)
	}
	cleanup.Register(t, db.Close)
	return db
}

// clone creates a test database from the template tpl, dropped when t ends.
func clone(t testing.TB, tpl string) string {
	t.Helper()
	ctx := context.Background()
	name := "tend_test_" + randomHex(6)
	conn, err := pgx.Connect(ctx, AdminURL())
	if err != nil {
		t.Fatalf("connect to PostgreSQL at %s: %v (is it running? see README)", AdminURL(), err)
	}
	defer conn.Close(ctx)
	for attempt := 0; ; attempt++ {
		_, err = conn.Exec(ctx, fmt.Sprintf(`CREATE DATABASE %s TEMPLATE %s`, name, tpl))
		if err == nil || attempt > 20 || !strings.Contains(err.Error(), "being accessed by other users") {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("clone test database: %v", err)
	}
	t.Cleanup(func() { Drop(name) })
	return name
}

// Drop removes a test database, closing any connection still open on it.
func Drop(name string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, AdminURL())
	if err != nil {
		return
	}
	defer conn.Close(ctx)
	_, _ = conn.Exec(ctx, fmt.Sprintf(`DROP DATABASE IF EXISTS %s WITH (FORCE)`, name))
}

// template returns the name of a template database holding the current
// migrations, building it under an advisory lock if no test process has yet.
func template(ctx context.Context) (string, error) {
	sum, err := migrationsChecksum()
	if err != nil {
		return "", err
	}
	name := "tend_tpl_" + sum[:12]
	conn, err := pgx.Connect(ctx, AdminURL())
	if err != nil {
		return "", fmt.Errorf("connect to PostgreSQL at %s: %w (is it running? see README)", AdminURL(), err)
	}
	defer conn.Close(ctx)
	// Test binaries of several packages run at once; one builds, the others wait.
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock(727274)`); err != nil {
		return "", err
	}
	defer conn.Exec(ctx, `SELECT pg_advisory_unlock(727274)`) //nolint:errcheck
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
		return "", err
	}
	if exists {
		return name, nil
	}
	building := name + "_build"
	_, _ = conn.Exec(ctx, fmt.Sprintf(`DROP DATABASE IF EXISTS %s WITH (FORCE)`, building))
	if _, err := conn.Exec(ctx, fmt.Sprintf(`CREATE DATABASE %s`, building)); err != nil {
		return "", err
	}
	db, err := database.Open(ctx, URL(building), database.Options{MaxConns: 2})
	if err != nil {
		return "", err
	}
	_, err = database.Migrate(ctx, db.SQL)
	db.Close()
	if err != nil {
		return "", err
	}
	if _, err := conn.Exec(ctx, fmt.Sprintf(`ALTER DATABASE %s RENAME TO %s`, building, name)); err != nil {
		return "", err
	}
	return name, nil
}

// filledTemplate returns the name of f's template, building it under the
// same advisory lock as the migrated one when no test process has yet.
func filledTemplate(ctx context.Context, f Filled) (string, error) {
	base, err := template(ctx)
	if err != nil {
		return "", err
	}
	key := sha256.Sum256([]byte(f.Key))
	name := base + "_" + hex.EncodeToString(key[:])[:12]
	conn, err := pgx.Connect(ctx, AdminURL())
	if err != nil {
		return "", fmt.Errorf("connect to PostgreSQL at %s: %w (is it running? see README)", AdminURL(), err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock(727274)`); err != nil {
		return "", err
	}
	defer conn.Exec(ctx, `SELECT pg_advisory_unlock(727274)`) //nolint:errcheck
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
		return "", err
	}
	if exists {
		return name, nil
	}
	building := name + "_build"
	_, _ = conn.Exec(ctx, fmt.Sprintf(`DROP DATABASE IF EXISTS %s WITH (FORCE)`, building))
	if _, err := conn.Exec(ctx, fmt.Sprintf(`CREATE DATABASE %s TEMPLATE %s`, building, base)); err != nil {
		return "", err
	}
	if err := f.Fill(ctx, URL(building)); err != nil {
		_, _ = conn.Exec(ctx, fmt.Sprintf(`DROP DATABASE IF EXISTS %s WITH (FORCE)`, building))
		return "", fmt.Errorf("fill: %w", err)
	}
	if _, err := conn.Exec(ctx, fmt.Sprintf(`ALTER DATABASE %s RENAME TO %s`, building, name)); err != nil {
		return "", err
	}
	return name, nil
}

func migrationsChecksum() (string, error) {
	h := sha256.New()
	entries, err := fs.ReadDir(migrations.FS, ".")
	if err != nil {
		return "", err
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	for _, n := range names {
		b, err := fs.ReadFile(migrations.FS, n)
		if err != nil {
			return "", err
		}
		h.Write([]byte(n))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
