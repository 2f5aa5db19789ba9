package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/gorm"
)

// WithTx runs fn in one transaction, rolled back when fn returns an error.
//
// The transaction runs on one connection held for its whole length, and the
// same transaction is also reachable as a pgx.Tx (TxOf), so a job queue that
// speaks pgx (River's InsertTx) can insert its jobs in the very transaction
// of the change that causes them: a rollback takes the jobs with it. Inside
// an open transaction, WithTx nests as a savepoint, as GORM does.
func WithTx(ctx context.Context, g *gorm.DB, fn func(tx *gorm.DB) error) error {
	if txOf(g) != nil {
		return g.WithContext(ctx).Transaction(fn)
	}
	pool := g.ConnPool
	if g.Statement != nil && g.Statement.ConnPool != nil {
		pool = g.Statement.ConnPool
	}
	sqlDB, ok := pool.(*sql.DB)
	if !ok {
		// Already inside a GORM transaction opened elsewhere: nest.
		return g.WithContext(ctx).Transaction(fn)
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer conn.Close()
	var pc *pgx.Conn
	if err := conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return errors.New("not a pgx connection")
		}
		pc = c.Conn()
		return nil
	}); err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	ctx = context.WithValue(ctx, txKey{}, &connTx{conn: pc})
	sess := g.Session(&gorm.Session{NewDB: true, Context: ctx})
	sess.Statement.ConnPool = conn
	return sess.Transaction(fn)
}

type txKey struct{}

// TxOf returns the transaction tx runs in as a pgx.Tx, for inserting work
// that must commit or roll back with it, or nil outside WithTx.
func TxOf(tx *gorm.DB) pgx.Tx {
	if t := txOf(tx); t != nil {
		return t
	}
	return nil
}

func txOf(g *gorm.DB) *connTx {
	if g == nil || g.Statement == nil || g.Statement.Context == nil {
		return nil
	}
	t, _ := g.Statement.Context.Value(txKey{}).(*connTx)
	return t
}

// connTx is the pgx face of a transaction that database/sql began on this
// connection: statements sent through it run inside that transaction. Only
// database/sql (GORM) may end it, so Commit and Rollback refuse; Begin opens
// a savepoint, which is what pgx does for a nested transaction.
type connTx struct {
	conn *pgx.Conn
	n    atomic.Int64
}

var _ pgx.Tx = (*connTx)(nil)

var errOwnedTx = errors.New("this transaction is committed or rolled back by its owner (database.WithTx)")

func (t *connTx) Begin(ctx context.Context) (pgx.Tx, error) {
	name := "tend_sp_" + strconv.FormatInt(t.n.Add(1), 10)
	if _, err := t.conn.Exec(ctx, "SAVEPOINT "+name); err != nil {
		return nil, fmt.Errorf("savepoint: %w", err)
	}
	return &savepointTx{connTx: t, name: name}, nil
}
func (t *connTx) Commit(context.Context) error   { return errOwnedTx }
func (t *connTx) Rollback(context.Context) error { return errOwnedTx }
func (t *connTx) CopyFrom(ctx context.Context, table pgx.Identifier, cols []string, src pgx.CopyFromSource) (int64, error) {
	return t.conn.CopyFrom(ctx, table, cols, src)
}
func (t *connTx) SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults {
	return t.conn.SendBatch(ctx, b)
}
func (t *connTx) LargeObjects() pgx.LargeObjects { return pgx.LargeObjects{} }
func (t *connTx) Prepare(ctx context.Context, name, sql string) (*pgconn.StatementDescription, error) {
	return t.conn.Prepare(ctx, name, sql)
}
func (t *connTx) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	return t.conn.Exec(ctx, sql, args...)
}
func (t *connTx) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	return t.conn.Query(ctx, sql, args...)
}
func (t *connTx) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	return t.conn.QueryRow(ctx, sql, args...)
}
func (t *connTx) Conn() *pgx.Conn { return t.conn }

// savepointTx is a nested transaction inside a connTx.
type savepointTx struct {
	*connTx
	name string
	done bool
}

func (s *savepointTx) Commit(ctx context.Context) error {
	if s.done {
		return pgx.ErrTxClosed
	}
	s.done = true
	_, err := s.conn.Exec(ctx, "RELEASE SAVEPOINT "+s.name)
	return err
}

func (s *savepointTx) Rollback(ctx context.Context) error {
	if s.done {
		return pgx.ErrTxClosed
	}
	s.done = true
	_, err := s.conn.Exec(ctx, "ROLLBACK TO SAVEPOINT "+s.name)
	return err
}
