package database_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/tend-practice/tend/internal/database"
	"github.com/tend-practice/tend/internal/database/dbtest"
)

// A connection idle for more than a second is handed out without a ping
// (pgxpool's default pings it first: one more round trip per request at a
// few requests a second). The server's own record of the connection's last
// statement tells: "-- ping" or ours.
func TestOpen_NoPingWhenAConnectionIsReused(t *testing.T) {
	ctx := context.Background()
	db, err := database.Open(ctx, dbtest.URL(dbtest.NewDatabase(t)), database.Options{MaxConns: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var pid int
	if err := db.Pool.QueryRow(ctx, `SELECT pg_backend_pid() /* ours */`).Scan(&pid); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1100 * time.Millisecond) // past pgxpool's default of one second
	c, err := db.Pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	same := c.Conn().PgConn().PID() == uint32(pid)
	c.Release()
	if !same {
		t.Fatal("a new connection: the test needs the same one again")
	}
	admin, err := pgx.Connect(ctx, dbtest.AdminURL())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	var last string
	if err := admin.QueryRow(ctx, `SELECT query FROM pg_stat_activity WHERE pid = $1`, pid).Scan(&last); err != nil {
		t.Fatal(err)
	}
	if last != `SELECT pg_backend_pid() /* ours */` {
		t.Fatalf("the connection's last statement is %q: it was pinged when acquired", last)
	}
	// Readiness still asks the database.
	if err := db.Ping(ctx); err != nil {
		t.Fatalf("Ping: %v", err)
	}
}
