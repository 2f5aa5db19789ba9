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
func URL(name string) string {
	u, err := url.Parse(AdminURL())
	if err != nil {
		panic(err)
	}
	u.Path = "/" + name
	return u.String()
}

// New creates a fresh, fully migrated database for t and opens a pool on it.
// The database is dropped when the test ends.
func New(t testing.TB) *database.DB {
	t.Helper()
	name := NewDatabase(t)
	db, err := database.Open(context.Background(), URL(name), database.Options{MaxConns: 8})
	if err != nil {
		t.Fatalf("open test database: %v", err)
	}
	t.Cleanup(db.Close)
	return db
}

// NewDatabase creates a migrated database and returns its name, for tests
// that start their own processes against it.
func NewDatabase(t testing.TB) string {
	t.Helper()
	ctx := context.Background()
	tpl, err := template(ctx)
	if err != nil {
		t.Fatalf("test database template: %v", err)
	}
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
