package web_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/account"
	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/auth"
)

// countStatements counts every SQL statement GORM runs on db from now on.
func countStatements(t *testing.T, db *gorm.DB) *atomic.Int64 {
	t.Helper()
	var n atomic.Int64
	count := func(*gorm.DB) { n.Add(1) }
	cb := db.Callback()
	for name, err := range map[string]error{
		"query":  cb.Query().After("gorm:query").Register("test:count_query", count),
		"create": cb.Create().After("gorm:create").Register("test:count_create", count),
		"update": cb.Update().After("gorm:update").Register("test:count_update", count),
		"delete": cb.Delete().After("gorm:delete").Register("test:count_delete", count),
		"row":    cb.Row().After("gorm:row").Register("test:count_row", count),
		"raw":    cb.Raw().After("gorm:raw").Register("test:count_raw", count),
	} {
		if err != nil {
			t.Fatalf("register %s counter: %v", name, err)
		}
	}
	return &n
}

// Finding 3: "the same work", counted. For each try, before, at and after
// the lockout, a known and an unknown email run the same number of argon2
// derivations and SQL statements and get the same error.
func TestSignIn_KnownAndUnknownEmail_SameWorkCounted(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.user(auth.RoleClient, "known@example.test")
	stmts := countStatements(t, h.app.DB.Gorm)
	type work struct {
		hashes, statements int64
		err                error
	}
	try := func(email, ip string) work {
		h0, s0 := h.app.Hasher.Derivations(), stmts.Load()
		_, err := h.app.Accounts.Authenticate(audit.WithIP(context.Background(), ip), email, "not the password")
		return work{h.app.Hasher.Derivations() - h0, stmts.Load() - s0, err}
	}
	for i := 1; i <= account.MaxFailedAttempts+3; i++ {
		k, u := try("known@example.test", "10.9.0.1"), try("nobody@example.test", "10.9.0.2")
		t.Logf("try %d: known %d argon2, %d statements, %v; unknown %d argon2, %d statements, %v", i, k.hashes, k.statements, k.err, u.hashes, u.statements, u.err)
		if k.hashes != 1 || u.hashes != 1 {
			t.Errorf("try %d: %d and %d argon2 derivations, want 1 each", i, k.hashes, u.hashes)
		}
		if k.statements != u.statements {
			t.Errorf("try %d: %d statements for the known email, %d for the unknown", i, k.statements, u.statements)
		}
		if !errors.Is(k.err, u.err) || !errors.Is(u.err, k.err) {
			t.Errorf("try %d: known %v, unknown %v", i, k.err, u.err)
		}
	}
}

// Finding 14: when the argon2 queue is long, sign-in answers 503 with
// Retry-After at once instead of hanging behind it.
func TestSignIn_HashingQueueFull_503WithRetryAfter(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.user(auth.RoleClient, "known@example.test")
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for i := 0; i < 60; i++ { // more than the slots and the queue together
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				if _, err := h.app.Hasher.Hash(ctx, "a long enough password"); errors.Is(err, auth.ErrBusy) {
					time.Sleep(time.Millisecond)
				}
			}
		}()
	}
	defer func() { cancel(); wg.Wait() }()
	var busy response
	for i := 0; i < 20 && busy.StatusCode == 0; i++ {
		res := h.browser().post("/login", url.Values{"email": {"known@example.test"}, "password": {testPassword}})
		if res.StatusCode == http.StatusServiceUnavailable {
			busy = res
		}
	}
	if busy.StatusCode != http.StatusServiceUnavailable {
		t.Fatal("no sign-in was answered 503 while the hashing queue was full")
	}
	if busy.Header.Get("Retry-After") == "" || !strings.Contains(busy.Body, "try again in a few seconds") {
		t.Fatalf("503 without Retry-After or an explanation: %q", busy.Header.Get("Retry-After"))
	}
}

// Finding 14: stale rate-limit windows, failed-sign-in counters and session
// tombstones are purged; live ones stay.
func TestSweep_PurgesStaleBookkeeping_KeepsLive(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	for _, q := range []string{
		`INSERT INTO rate_limits VALUES ('signin:old', now() - interval '2 days', 3), ('signin:live', now(), 1)`,
		`INSERT INTO sign_in_locks VALUES ('email:old|1.2.3.4', 5, now() - interval '1 hour', now() - interval '30 minutes'),
			('email:live|1.2.3.4', 5, now() - interval '5 minutes', now() + interval '10 minutes')`,
		`INSERT INTO session_tombstones (token, ended_at) VALUES ('old', now() - interval '3 hours'), ('live', now())`,
	} {
		if err := h.app.DB.Gorm.Exec(q).Error; err != nil {
			t.Fatal(err)
		}
	}
	rep, err := h.app.Sweep(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.RateLimits != 1 || rep.SignInCounters != 1 || rep.Tombstones != 1 {
		t.Fatalf("swept %+v, want one of each", rep)
	}
	for table, where := range map[string]string{"rate_limits": "key = 'signin:live'", "sign_in_locks": "key = 'email:live|1.2.3.4'", "session_tombstones": "token = 'live'"} {
		if h.count(table, where) != 1 {
			t.Errorf("the live row of %s was swept", table)
		}
	}
}
