package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5"
)

// Roles names the two database roles of a production install: Owner owns
// the schema and runs migrations (tend migrate up); App is what the server
// connects as. App may read and write the practice's tables but only insert
// into and read audit_events, and it owns nothing, so it can neither change
// the audit trail nor disable its triggers.
type Roles struct {
	Owner, App                 string
	OwnerPassword, AppPassword string // empty: leave the role's password as it is
}

var roleName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// SetUpRoles creates (or brings into line) the owner and app roles on the
// database db is connected to, moves every object of the public schema to
// the owner and grants the app role what the server needs. It must run as a
// superuser, and may run again: each step is idempotent.
func SetUpRoles(ctx context.Context, db *sql.DB, r Roles) error {
	if !roleName.MatchString(r.Owner) || !roleName.MatchString(r.App) || r.Owner == r.App {
		return errors.New("role names: two different names of lower-case letters, digits and _")
	}
	owner, app := pgx.Identifier{r.Owner}.Sanitize(), pgx.Identifier{r.App}.Sanitize()
	var dbName string
	var migrated bool
	err := db.QueryRowContext(ctx, `SELECT current_database(), to_regclass('public.audit_events') IS NOT NULL`).Scan(&dbName, &migrated)
	if err != nil {
		return fmt.Errorf("current database: %w", err)
	}
	if !migrated {
		// The audit trail's grants are set on the table itself; default
		// privileges alone would give the app role UPDATE and DELETE on it.
		return errors.New("the schema is not there yet: run 'tend migrate up' (as this superuser) first, then 'tend db roles'")
	}
	database := pgx.Identifier{dbName}.Sanitize()
	for _, role := range []struct{ name, ident, password string }{{r.Owner, owner, r.OwnerPassword}, {r.App, app, r.AppPassword}} {
		if err := ensureRole(ctx, db, role.name, role.ident, role.password); err != nil {
			return err
		}
	}
	steps := []string{
		fmt.Sprintf(`GRANT CONNECT, TEMPORARY ON DATABASE %s TO %s, %s`, database, owner, app),
		fmt.Sprintf(`ALTER SCHEMA public OWNER TO %s`, owner),
		`REVOKE CREATE ON SCHEMA public FROM PUBLIC`,
		fmt.Sprintf(`GRANT USAGE ON SCHEMA public TO %s`, app),
	}
	owned, err := publicObjects(ctx, db)
	if err != nil {
		return err
	}
	for _, o := range owned {
		steps = append(steps, fmt.Sprintf(`ALTER %s %s OWNER TO %s`, o.kind, o.name, owner))
	}
	steps = append(steps,
		fmt.Sprintf(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %s`, app),
		fmt.Sprintf(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %s`, app),
		fmt.Sprintf(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO %s`, app),
		// The audit trail: append and read only. (Its triggers refuse
		// UPDATE, DELETE and TRUNCATE for every role; without ownership
		// the app role cannot disable them.)
		fmt.Sprintf(`REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_events FROM %s`, app),
		// The schema version is the owner's to change.
		fmt.Sprintf(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON goose_db_version FROM %s`, app),
		// Tables and sequences that later migrations create (as the owner).
		fmt.Sprintf(`ALTER DEFAULT PRIVILEGES FOR ROLE %s IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %s`, owner, app),
		fmt.Sprintf(`ALTER DEFAULT PRIVILEGES FOR ROLE %s IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO %s`, owner, app),
	)
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	for _, q := range steps {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit roles: %w", err)
	}
	return nil
}

// ensureRole creates role name, or resets its attributes: it may log in and
// nothing more (no superuser, no creating roles or databases, no bypassing
// row security, no replication).
func ensureRole(ctx context.Context, db *sql.DB, name, ident, password string) error {
	var exists bool
	if err := db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)`, name).Scan(&exists); err != nil {
		return fmt.Errorf("look up role %s: %w", name, err)
	}
	verb := "CREATE"
	if exists {
		verb = "ALTER"
	}
	q := fmt.Sprintf(`%s ROLE %s LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT`, verb, ident)
	if password != "" {
		q += " PASSWORD " + quoteLiteral(password)
	}
	if _, err := db.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("%s role %s: %w", strings.ToLower(verb), name, err)
	}
	return nil
}

type object struct{ kind, name string }

// publicObjects lists the tables, sequences, views and functions of the
// public schema, named for ALTER ... OWNER TO. Sequences owned by a table
// column follow their table and are left out.
func publicObjects(ctx context.Context, db *sql.DB) ([]object, error) {
	rows, err := db.QueryContext(ctx, `
		SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END,
			quote_ident(c.relname)
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'S', 'v', 'm')
		  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i') AND c.relkind = 'S')
		UNION ALL
		SELECT 'FUNCTION', quote_ident(p.proname) || '(' || pg_get_function_identity_arguments(p.oid) || ')'
		FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
		WHERE n.nspname = 'public'
		ORDER BY 1, 2`)
	if err != nil {
		return nil, fmt.Errorf("list schema objects: %w", err)
	}
	defer rows.Close()
	var out []object
	for rows.Next() {
		var o object
		if err := rows.Scan(&o.kind, &o.name); err != nil {
			return nil, fmt.Errorf("list schema objects: %w", err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// quoteLiteral quotes s as an SQL string literal (standard_conforming_strings
// is on in every supported PostgreSQL).
func quoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
