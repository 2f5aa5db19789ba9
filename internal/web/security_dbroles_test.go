package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/database"
	"github.com/tend-practice/tend/internal/database/dbtest"
	"github.com/tend-practice/tend/internal/testkit"
)

// roleURL is the test database's URL for another role (the test server
// trusts local connections, so no password is needed).
func roleURL(t *testing.T, dbName, role string) string {
	t.Helper()
	u, err := url.Parse(dbtest.URL(dbName))
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.User(role)
	return u.String()
}

// The server runs as the ordinary app role that `tend db roles` sets up,
// and that role cannot change the audit trail or switch its triggers off.
func TestDBRoles_AppRoleServes_ButCannotChangeAuditTrail(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	name := dbtest.NewDatabase(t)
	super, err := database.Open(ctx, dbtest.URL(name), database.Options{MaxConns: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(super.Close)
	// Roles are cluster-wide: unique names, dropped at the end.
	suffix := strings.TrimPrefix(name, "tend_test_")
	roles := database.Roles{Owner: "tend_owner_" + suffix, App: "tend_app_" + suffix}
	t.Cleanup(func() {
		for _, q := range []string{
			`REASSIGN OWNED BY ` + roles.Owner + ` TO postgres`,
			`DROP OWNED BY ` + roles.Owner, `DROP OWNED BY ` + roles.App,
			`DROP ROLE IF EXISTS ` + roles.App, `DROP ROLE IF EXISTS ` + roles.Owner,
		} {
			if _, err := super.Pool.Exec(ctx, q); err != nil {
				t.Errorf("clean up roles: %s: %v", q, err)
			}
		}
	})
	if err := database.SetUpRoles(ctx, super.SQL, roles); err != nil {
		t.Fatal(err)
	}
	if err := database.SetUpRoles(ctx, super.SQL, roles); err != nil {
		t.Fatalf("second run: %v", err)
	}

	// The owner can run migrations (there are none left; it can read and
	// write the version table).
	owner, err := database.Open(ctx, roleURL(t, name, roles.Owner), database.Options{MaxConns: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(owner.Close)
	if _, err := database.Migrate(ctx, owner.SQL); err != nil {
		t.Fatalf("migrate as the owner: %v", err)
	}

	// The whole app, served as the app role.
	db, err := database.Open(ctx, roleURL(t, name, roles.App), database.Options{MaxConns: 8})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	h := kitHarness(t, testkit.New(t, testkit.WithDB(db))) // SyncLibrary as the app role
	a := h.app
	h.user(auth.RoleClinician, "c@example.test")
	h.browser().post("/login", url.Values{"email": {"c@example.test"}, "password": {"wrong password"}})
	clin := h.signedIn("c@example.test")
	if res := clin.post("/clinician/clients", url.Values{"display_name": {"Robin"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create a client as the app role: %d %s", res.StatusCode, res.Body)
	}
	if res := clin.post("/logout", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign out: %d", res.StatusCode)
	}
	if _, err := a.Sweep(ctx); err != nil {
		t.Fatalf("sweep as the app role: %v", err)
	}
	var before int64
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_events`).Scan(&before); err != nil || before < 4 {
		t.Fatalf("audit events written as the app role: %d (%v)", before, err)
	}

	// What the app role may not do to the trail.
	for _, q := range []string{
		`UPDATE audit_events SET detail = 'changed'`,
		`DELETE FROM audit_events`,
		`TRUNCATE audit_events`,
		`ALTER TABLE audit_events DISABLE TRIGGER ALL`,
		`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update`,
		`DROP TRIGGER audit_events_no_update ON audit_events`,
		`SET session_replication_role = replica`,
		`DROP TABLE audit_events`,
		`CREATE TABLE sneaky (id int)`,
		`CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger AS $$ BEGIN RETURN NULL; END; $$ LANGUAGE plpgsql`,
		`UPDATE goose_db_version SET is_applied = false`,
	} {
		if _, err := db.Pool.Exec(ctx, q); err == nil {
			t.Errorf("the app role could: %s", q)
		}
	}
	var after int64
	var changed bool
	if err := super.Pool.QueryRow(ctx, `SELECT count(*), bool_or(detail = 'changed') FROM audit_events`).Scan(&after, &changed); err != nil {
		t.Fatal(err)
	}
	if after != before || changed {
		t.Fatalf("the audit trail changed: %d -> %d rows, changed=%v", before, after, changed)
	}
	// And the role is an ordinary one.
	var superuser, createRole, bypass bool
	err = super.Pool.QueryRow(ctx, `SELECT rolsuper, rolcreaterole, rolbypassrls FROM pg_roles WHERE rolname = $1`, roles.App).
		Scan(&superuser, &createRole, &bypass)
	if err != nil || superuser || createRole || bypass {
		t.Fatalf("app role attributes: super=%v createrole=%v bypassrls=%v (%v)", superuser, createRole, bypass, err)
	}
}

// tend db roles refuses an empty schema, where default privileges alone
// would let the app role change the audit trail once it is created.
func TestDBRoles_EmptySchema_Refused(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	name := dbtest.NewDatabase(t)
	super, err := database.Open(ctx, dbtest.URL(name), database.Options{MaxConns: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(super.Close)
	if _, err := super.Pool.Exec(ctx, `DROP TABLE audit_events`); err != nil {
		t.Fatal(err)
	}
	suffix := strings.TrimPrefix(name, "tend_test_")
	err = database.SetUpRoles(ctx, super.SQL, database.Roles{Owner: "tend_owner_" + suffix, App: "tend_app_" + suffix})
	if err == nil || !strings.Contains(err.Error(), "migrate up") {
		t.Fatalf("roles on a schema without the audit trail: %v", err)
	}
	var n int
	if err := super.Pool.QueryRow(ctx, `SELECT count(*) FROM pg_roles WHERE rolname LIKE $1`, "tend_%_"+suffix).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d roles created before the refusal (%v)", n, err)
	}
}
