package main

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/tend-practice/tend/internal/database/dbtest"
)

// emptyDatabase creates a database with no schema at all, as a fresh
// install has, and returns its URL.
func emptyDatabase(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dbtest.AdminURL())
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	defer conn.Close(ctx)
	name := fmt.Sprintf("tend_test_empty_%d", conn.PgConn().PID())
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() { dbtest.Drop(name) })
	return dbtest.URL(name)
}

// TestSeedDemo_FreshDatabase is the issue's "tend migrate up && tend seed
// demo on an empty database works": the demo needs the library, so seeding
// must sync it first.
func TestSeedDemo_FreshDatabase(t *testing.T) {
	t.Setenv("DATABASE_URL", emptyDatabase(t))
	t.Setenv("TEND_ENV", "local")
	ctx := context.Background()
	var out bytes.Buffer
	if err := run(ctx, []string{"migrate", "up"}, strings.NewReader(""), &out); err != nil {
		t.Fatalf("migrate up: %v\n%s", err, out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"seed", "demo"}, strings.NewReader(""), &out); err != nil {
		t.Fatalf("seed demo on a fresh database: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "client@demo.test") {
		t.Fatalf("seed demo did not list the demo accounts:\n%s", out.String())
	}
	// A second run finds the practice already there and still succeeds.
	out.Reset()
	if err := run(ctx, []string{"seed", "demo"}, strings.NewReader(""), &out); err != nil {
		t.Fatalf("second seed demo: %v", err)
	}
}
