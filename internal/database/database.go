// Package database opens Tend's PostgreSQL pool, applies migrations and runs
// transactions. Nothing outside the domain stores imports it.
package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/logger"
)

// DB is the one pool a process holds: GORM for the domain stores and the raw
// pgx pool for the session store, both over the same connections.
type DB struct {
	Gorm *gorm.DB
	Pool *pgxpool.Pool
	SQL  *sql.DB
}

// Options size the pool.
type Options struct {
	MaxConns int
	// Tracer sees every statement on the pool, GORM's and the session
	// store's alike (tests count them); nil: none.
	Tracer pgx.QueryTracer
}

// Open connects to PostgreSQL. It does not wait for the server: readiness is
// reported by Ping, so the app can start before the database and recover
// after it restarts.
func Open(ctx context.Context, url string, opt Options) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("parse DATABASE_URL: %w", err)
	}
	if opt.MaxConns <= 0 {
		opt.MaxConns = 16
	}
	cfg.MaxConns = int32(opt.MaxConns)
	cfg.MinConns = 0
	cfg.MaxConnIdleTime = 5 * time.Minute
	cfg.MaxConnLifetime = time.Hour
	cfg.HealthCheckPeriod = 15 * time.Second
	// pgxpool pings a connection idle for more than a second before handing
	// it out: at a few requests a second, that is one more round trip for
	// most requests. Readiness is /readyz's explicit Ping; a connection the
	// server closed fails its statement and is dropped, and the request gets
	// the same 503 it gets when the database is away.
	cfg.ShouldPing = func(context.Context, pgxpool.ShouldPingParams) bool { return false }
	if opt.Tracer != nil {
		cfg.ConnConfig.Tracer = opt.Tracer
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open pool: %w", err)
	}
	sqlDB := stdlib.OpenDBFromPool(pool)
	g, err := gorm.Open(postgres.New(postgres.Config{Conn: sqlDB}), &gorm.Config{
		Logger:                 logger.Discard,
		SkipDefaultTransaction: true,
		PrepareStmt:            false,
	})
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("open gorm: %w", err)
	}
	g.ClauseBuilders[clause.Limit{}.Name()] = literalLimit
	return &DB{Gorm: g, Pool: pool, SQL: sqlDB}, nil
}

// literalLimit writes GORM's LIMIT and OFFSET as numbers rather than as
// parameters. pgx prepares every statement once per connection, and
// PostgreSQL then reuses one generic plan, but only if that plan does not
// look dearer than planning afresh: with the row limit a parameter it
// cannot know that a list stops at 20 rows, so it planned the seven-table
// assignment lists again on every execution, 1 to 3 ms of planning for
// 0.2 ms of work (make bench; docs/performance.md). Both are ints, so
// nothing a person sends ends up in the SQL text.
func literalLimit(c clause.Clause, b clause.Builder) {
	l, ok := c.Expression.(clause.Limit)
	if !ok {
		c.Build(b)
		return
	}
	hasLimit := l.Limit != nil && *l.Limit >= 0
	if hasLimit {
		b.WriteString("LIMIT " + strconv.Itoa(*l.Limit))
	}
	if l.Offset > 0 {
		if hasLimit {
			b.WriteByte(' ')
		}
		b.WriteString("OFFSET " + strconv.Itoa(l.Offset))
	}
}

// Close releases every connection.
func (db *DB) Close() {
	_ = db.SQL.Close()
	db.Pool.Close()
}

// Ping checks that the database answers within a short time.
func (db *DB) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	return db.Pool.Ping(ctx)
}

// IsUniqueViolation reports whether err is PostgreSQL's unique_violation.
func IsUniqueViolation(err error) bool {
	var pgErr interface{ SQLState() string }
	return errors.As(err, &pgErr) && pgErr.SQLState() == "23505"
}

// WaitReady pings until the database answers or ctx ends.
func (db *DB) WaitReady(ctx context.Context, log *slog.Logger) error {
	for {
		err := db.Ping(ctx)
		if err == nil {
			return nil
		}
		log.Warn("database not ready yet", "err", err)
		select {
		case <-ctx.Done():
			return fmt.Errorf("database not ready: %w", err)
		case <-time.After(time.Second):
		}
	}
}
