package testkit_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/database"
	"github.com/tend-practice/tend/internal/database/dbtest"
	"github.com/tend-practice/tend/internal/testkit"
)

// A kit's database, cloned from the library template, holds exactly what
// syncing the library into a fresh database writes: every table, every
// column but the times, row for row.
func TestLibraryTemplate_SameAsSyncingAFreshDatabase(t *testing.T) {
	t.Parallel()
	cloned := testkit.New(t)
	fresh := testkit.New(t, testkit.WithDB(dbtest.New(t)))
	want, got := contents(t, fresh.DB), contents(t, cloned.DB)
	if len(want) == 0 {
		t.Fatal("no tables read")
	}
	nonEmpty := 0
	for table, w := range want {
		if g := got[table]; g != w {
			t.Errorf("table %s: template clone %s, fresh sync %s", table, g, w)
		}
		if !strings.HasPrefix(w, "0 ") {
			nonEmpty++
		}
	}
	if nonEmpty < 5 { // modules, versions, worksheets, programs, references...
		t.Errorf("only %d tables hold rows after syncing the library: %v", nonEmpty, want)
	}
	// And the app still syncs: the template holds no probe of its keys.
	var probes int
	if err := cloned.DB.SQL.QueryRowContext(context.Background(), `SELECT count(*) FROM seal_keys`).Scan(&probes); err != nil || probes != 1 {
		t.Errorf("seal_keys rows = %d (%v), want the kit's own probe only", probes, err)
	}
}

// contents is, per table, its row count and an md5 of its rows without the
// columns that hold times.
func contents(t *testing.T, db *database.DB) map[string]string {
	t.Helper()
	ctx := context.Background()
	rows, err := db.SQL.QueryContext(ctx, `
		SELECT table_name, string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position)
		FROM information_schema.columns
		WHERE table_schema = 'public' AND data_type NOT LIKE 'timestamp%' AND data_type <> 'date'
		GROUP BY table_name`)
	if err != nil {
		t.Fatal(err)
	}
	cols := map[string]string{}
	for rows.Next() {
		var table, list string
		if err := rows.Scan(&table, &list); err != nil {
			t.Fatal(err)
		}
		cols[table] = list
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for table, list := range cols {
		if table == "seal_keys" || strings.HasPrefix(table, "goose") {
			continue
		}
		var n int
		var sum *string
		q := fmt.Sprintf(`SELECT count(*), md5(string_agg(r::text, '|' ORDER BY r::text)) FROM (SELECT %s FROM %s) r`, list, table)
		if err := db.SQL.QueryRowContext(ctx, q).Scan(&n, &sum); err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		s := ""
		if sum != nil {
			s = *sum
		}
		out[table] = fmt.Sprintf("%d %s", n, s)
	}
	return out
}
