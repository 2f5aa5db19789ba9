// Package jobs is Tend's job queue: River (github.com/riverqueue/river) on
// the PostgreSQL Tend already has. Work that must happen later or must not be
// lost (an email, the schedule's tick) is a job row inserted in the same
// transaction as the change that causes it, so a rolled-back change enqueues
// nothing and a committed one cannot be forgotten. Workers run inside
// `tend serve` by default, or alone in `tend worker`; several processes may
// work one database: River hands each job to one worker, elects one leader
// for the periodic tick, and retries failed jobs with backoff.
package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"
	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/database"
)

// ErrNoTx means Enqueue was called outside database.WithTx.
var ErrNoTx = errors.New("jobs: enqueue needs a transaction from database.WithTx")

// Options configure the queue.
type Options struct {
	// Work turns the workers (and the periodic tick) on in this process.
	// Off, the queue only inserts jobs: a web process whose work is done by
	// `tend worker` elsewhere.
	Work bool
	// MaxWorkers is how many jobs run at once in this process (default 4).
	MaxWorkers int
	// Workers are the job kinds this process can work.
	Workers *river.Workers
	// Periodic jobs run on the elected leader only, once per interval.
	Periodic []*river.PeriodicJob
	// RetryPolicy replaces River's default backoff (attempt^4 seconds with
	// jitter, 25 attempts: about three weeks). Tests shorten it.
	RetryPolicy river.ClientRetryPolicy
	// FetchPollInterval is how often idle workers look for work when no
	// notification arrived (default River's 1s).
	FetchPollInterval time.Duration
	// ID names this client in River's tables (default random).
	ID  string
	Log *slog.Logger
}

// Queue inserts and (optionally) works jobs.
type Queue struct {
	client *river.Client[pgx.Tx]
	work   bool
}

// New builds a queue over pool. It does not start working: Start does.
func New(pool *pgxpool.Pool, opt Options) (*Queue, error) {
	var logger *slog.Logger
	if opt.Log != nil {
		// River reports its routine (job counts every few seconds) at info;
		// Tend's log keeps its warnings and errors.
		logger = slog.New(minLevel{Handler: opt.Log.Handler(), min: slog.LevelWarn})
	}
	cfg := &river.Config{
		Logger:      logger,
		RetryPolicy: opt.RetryPolicy,
		ID:          opt.ID,
		// Completed jobs are kept a week for the record; domain tables
		// remember what was sent for longer (see reminder).
		CompletedJobRetentionPeriod: 7 * 24 * time.Hour,
	}
	if opt.FetchPollInterval > 0 {
		cfg.FetchPollInterval = opt.FetchPollInterval
		cfg.FetchCooldown = min(opt.FetchPollInterval, 100*time.Millisecond)
	}
	if opt.Work {
		if opt.MaxWorkers <= 0 {
			opt.MaxWorkers = 4
		}
		if opt.Workers == nil {
			return nil, errors.New("jobs: workers on but no workers given")
		}
		cfg.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: opt.MaxWorkers}}
		cfg.Workers = opt.Workers
		cfg.PeriodicJobs = opt.Periodic
	} else {
		// An insert-only client still checks kinds against workers when
		// given them; without, River skips the check.
		cfg.Workers = opt.Workers
	}
	c, err := river.NewClient(riverpgxv5.New(pool), cfg)
	if err != nil {
		return nil, fmt.Errorf("job queue: %w", err)
	}
	return &Queue{client: c, work: opt.Work}, nil
}

// Working reports whether this process runs workers.
func (q *Queue) Working() bool { return q != nil && q.work }

// Start begins working jobs (no-op for an insert-only queue).
func (q *Queue) Start(ctx context.Context) error {
	if !q.Working() {
		return nil
	}
	if err := q.client.Start(ctx); err != nil {
		return fmt.Errorf("start job workers: %w", err)
	}
	return nil
}

// Stop lets running jobs finish (until ctx ends), then stops.
func (q *Queue) Stop(ctx context.Context) error {
	if !q.Working() {
		return nil
	}
	if err := q.client.Stop(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("stop job workers: %w", err)
	}
	return nil
}

// Enqueue inserts a job in tx, the transaction (from database.WithTx) of the
// change that causes it: the job exists exactly when the change commits.
func (q *Queue) Enqueue(ctx context.Context, tx *gorm.DB, args river.JobArgs, opts *river.InsertOpts) (bool, error) {
	ptx := database.TxOf(tx)
	if ptx == nil {
		return false, ErrNoTx
	}
	res, err := q.client.InsertTx(ctx, ptx, args, opts)
	if err != nil {
		return false, fmt.Errorf("enqueue %s: %w", args.Kind(), err)
	}
	return !res.UniqueSkippedAsDuplicate, nil
}

// EnqueueNow inserts a job on its own (for work not tied to a change, such
// as a tick asked for by an operator or a test).
func (q *Queue) EnqueueNow(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) error {
	if _, err := q.client.Insert(ctx, args, opts); err != nil {
		return fmt.Errorf("enqueue %s: %w", args.Kind(), err)
	}
	return nil
}

// Counts is how many jobs are in each state (for the bench and tests).
func (q *Queue) Counts(ctx context.Context, kind string) (map[rivertype.JobState]int, error) {
	out := map[rivertype.JobState]int{}
	params := river.NewJobListParams().First(10000)
	if kind != "" {
		params = params.Kinds(kind)
	}
	params = params.States(rivertype.JobStateAvailable, rivertype.JobStateCompleted, rivertype.JobStateRetryable,
		rivertype.JobStateRunning, rivertype.JobStateScheduled, rivertype.JobStateDiscarded, rivertype.JobStatePending)
	res, err := q.client.JobList(ctx, params)
	if err != nil {
		return nil, fmt.Errorf("list jobs: %w", err)
	}
	for _, j := range res.Jobs {
		out[j.State]++
	}
	return out, nil
}

// Client is River's client, for wiring that needs more than this package offers.
func (q *Queue) Client() *river.Client[pgx.Tx] { return q.client }

// minLevel drops records below min.
type minLevel struct {
	slog.Handler
	min slog.Level
}

func (h minLevel) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.min && h.Handler.Enabled(ctx, l)
}

func (h minLevel) WithAttrs(as []slog.Attr) slog.Handler {
	return minLevel{Handler: h.Handler.WithAttrs(as), min: h.min}
}

func (h minLevel) WithGroup(name string) slog.Handler {
	return minLevel{Handler: h.Handler.WithGroup(name), min: h.min}
}
