package web_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

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
