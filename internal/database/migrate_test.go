package database_test

import (
	"context"
	"testing"

	"github.com/tend-practice/tend/internal/database"
	"github.com/tend-practice/tend/internal/database/dbtest"
)

func TestMigrate_FromEmptyAndIdempotent(t *testing.T) {
	ctx := context.Background()
	db := dbtest.New(t) // already migrated from the template
	st, err := database.Status(ctx, db.SQL)
	if err != nil {
		t.Fatal(err)
	}
	if st.Behind() || st.Current == 0 {
		t.Fatalf("fresh database should be at the latest version, got %+v", st)
	}
	applied, err := database.Migrate(ctx, db.SQL)
	if err != nil {
		t.Fatalf("second migrate: %v", err)
	}
	if len(applied) != 0 {
		t.Fatalf("second migrate applied %v, want nothing", applied)
	}
}

func TestAuditEvents_AppendOnly(t *testing.T) {
	ctx := context.Background()
	db := dbtest.New(t)
	if _, err := db.Pool.Exec(ctx, `INSERT INTO audit_events (action) VALUES ('test')`); err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		`UPDATE audit_events SET action = 'changed'`,
		`DELETE FROM audit_events`,
		`TRUNCATE audit_events`,
	} {
		if _, err := db.Pool.Exec(ctx, stmt); err == nil {
			t.Errorf("%s succeeded; the audit trail must be append-only", stmt)
		}
	}
}
