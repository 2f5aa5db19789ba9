package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/database"
	"github.com/tend-practice/tend/internal/database/dbtest"
	"github.com/tend-practice/tend/internal/session"
	"github.com/tend-practice/tend/internal/testkit"
)

// statementTracer counts every statement on a pool (GORM's and the session
// store's), and the session writes among them.
type statementTracer struct {
	all, sessionWrites atomic.Int64
}

func (s *statementTracer) TraceQueryStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	s.all.Add(1)
	if strings.HasPrefix(strings.TrimSpace(d.SQL), "INSERT INTO sessions") {
		s.sessionWrites.Add(1)
	}
	return ctx
}

func (s *statementTracer) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// tracedHarness is a harness whose database pool counts its statements.
func tracedHarness(t *testing.T) (*harness, *statementTracer) {
	t.Helper()
	tr := &statementTracer{}
	db, err := database.Open(context.Background(), dbtest.URL(dbtest.NewDatabase(t)), database.Options{MaxConns: 8, Tracer: tr})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	return kitHarness(t, testkit.New(t, testkit.WithDB(db))), tr
}

// A session is written when its data changes or its idle deadline is a
// minute stale, not on every request: N dashboards in a row write nothing,
// a flash (put, then shown) writes each time, and a row last written over a
// minute ago is written again with a fresh idle deadline.
func TestSession_WrittenOnlyWhenChangedOrStale(t *testing.T) {
	t.Parallel()
	h, tr := tracedHarness(t)
	h.user(auth.RoleClinician, "c@example.test")
	b := h.signedIn("c@example.test")
	writes := func(do func()) int64 {
		t.Helper()
		w0 := tr.sessionWrites.Load()
		do()
		return tr.sessionWrites.Load() - w0
	}
	expiry := func() time.Time {
		t.Helper()
		var e time.Time
		if err := h.app.DB.Pool.QueryRow(context.Background(), `SELECT max(expiry) FROM sessions`).Scan(&e); err != nil {
			t.Fatal(err)
		}
		return e
	}
	dashboard := func() {
		t.Helper()
		if res := b.get("/clinician"); res.StatusCode != http.StatusOK {
			t.Fatalf("dashboard: %d", res.StatusCode)
		}
	}

	const n = 10
	s0 := tr.all.Load()
	if w := writes(func() {
		for range n {
			dashboard()
		}
	}); w != 0 {
		t.Errorf("%d dashboards within a minute wrote the session %d times, want 0", n, w)
	}
	t.Logf("dashboard: %.1f statements a request, session writes included", float64(tr.all.Load()-s0)/n)

	// Data changed: the flash is put, then shown (and so taken out).
	form := url.Values{"display_name": {"Dr C"}, "time_zone": {"UTC"}}
	if w := writes(func() {
		if res := b.post("/account", form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("save account: %d", res.StatusCode)
		}
	}); w != 1 {
		t.Errorf("a request that put a flash wrote the session %d times, want 1", w)
	}
	if w := writes(func() {
		if res := b.get("/account"); !strings.Contains(res.Body, "Your account is saved.") {
			t.Fatalf("the flash is not shown: %d", res.StatusCode)
		}
	}); w != 1 {
		t.Errorf("a request that showed the flash wrote the session %d times, want 1", w)
	}
	if w := writes(dashboard); w != 0 {
		t.Errorf("after the flash: %d writes, want 0", w)
	}

	// The clock a minute on: the row was last written over a minute ago.
	if _, err := h.app.DB.Pool.Exec(context.Background(), `UPDATE sessions SET expiry = expiry - interval '61 seconds'`); err != nil {
		t.Fatal(err)
	}
	stale := expiry()
	if w := writes(dashboard); w != 1 {
		t.Errorf("a stale idle deadline: %d writes, want 1", w)
	}
	if fresh := expiry(); !fresh.After(stale.Add(time.Minute)) || time.Until(fresh) > session.IdleTimeout {
		t.Errorf("idle deadline after the refresh %v (was %v), want about now + %v and never later", fresh, stale, session.IdleTimeout)
	}
	if w := writes(dashboard); w != 0 {
		t.Errorf("after the refresh: %d writes, want 0", w)
	}

	// Under a minute stale: not written yet, and the idle deadline holds.
	if _, err := h.app.DB.Pool.Exec(context.Background(), `UPDATE sessions SET expiry = expiry - interval '50 seconds'`); err != nil {
		t.Fatal(err)
	}
	if w := writes(dashboard); w != 0 {
		t.Errorf("a deadline 50 s stale: %d writes, want 0", w)
	}
	// Idle past the deadline: the session has ended, written or not.
	if _, err := h.app.DB.Pool.Exec(context.Background(), `UPDATE sessions SET expiry = now() - interval '1 second'`); err != nil {
		t.Fatal(err)
	}
	if res := b.get("/clinician"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Fatalf("an idle session still works: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
}
