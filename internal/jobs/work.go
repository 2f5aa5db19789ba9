package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// MailArgs is one email to send. What Tend mails is discreet by design (no
// names, no titles, no answers), so the job row holds nothing private
// beyond the address. Key makes the job unique: the same key is never
// queued twice while an earlier job with it is still kept.
type MailArgs struct {
	Key     string `json:"key" river:"unique"`
	To      string `json:"to"`
	Subject string `json:"subject"`
	Text    string `json:"text"`
}

// Kind names the job in River's table.
func (MailArgs) Kind() string { return "mail" }

// InsertOpts makes mail unique by key in every state River keeps.
func (MailArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: allStates}}
}

var allStates = []rivertype.JobState{rivertype.JobStateAvailable, rivertype.JobStateCompleted, rivertype.JobStatePending,
	rivertype.JobStateRetryable, rivertype.JobStateRunning, rivertype.JobStateScheduled, rivertype.JobStateDiscarded, rivertype.JobStateCancelled}

// SendFunc delivers one email (the mail package's Sender, adapted).
type SendFunc func(ctx context.Context, to, subject, text string) error

// MailWorker sends mail jobs. A failure returns the error, so River retries
// the job with backoff; the message is never dropped on a failed attempt.
type MailWorker struct {
	river.WorkerDefaults[MailArgs]
	Send SendFunc
}

// Work sends one message.
func (w *MailWorker) Work(ctx context.Context, job *river.Job[MailArgs]) error {
	if w.Send == nil {
		return errors.New("no mail sender configured")
	}
	if err := w.Send(ctx, job.Args.To, job.Args.Subject, job.Args.Text); err != nil {
		return fmt.Errorf("send mail (attempt %d): %w", job.Attempt, err)
	}
	return nil
}

// Timeout bounds one attempt.
func (w *MailWorker) Timeout(*river.Job[MailArgs]) time.Duration { return time.Minute }

// TickArgs is the schedule's heartbeat: release program steps and weekly
// copies, mark missed work, queue reminders and digests whose time has come.
type TickArgs struct{}

// Kind names the job.
func (TickArgs) Kind() string { return "tick" }

// InsertOpts keeps at most one tick waiting.
func (TickArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByState: []rivertype.JobState{rivertype.JobStateAvailable,
		rivertype.JobStatePending, rivertype.JobStateRetryable, rivertype.JobStateRunning, rivertype.JobStateScheduled}}}
}

// Step is one part of the tick; each decides by the service clock what is due.
type Step struct {
	Name string
	Run  func(ctx context.Context) error
}

// TickWorker runs every step; one failing step does not stop the others, and
// the tick is retried when any failed. Steps are idempotent: running one
// twice does the work once.
type TickWorker struct {
	river.WorkerDefaults[TickArgs]
	Steps []Step
	Log   *slog.Logger
}

// Work runs the steps in order.
func (w *TickWorker) Work(ctx context.Context, _ *river.Job[TickArgs]) error {
	var errs []error
	for _, s := range w.Steps {
		if err := s.Run(ctx); err != nil {
			if w.Log != nil {
				w.Log.Error("tick step failed", "step", s.Name, "err", err)
			}
			errs = append(errs, fmt.Errorf("%s: %w", s.Name, err))
		}
	}
	return errors.Join(errs...)
}

// TickEvery is the periodic job that runs the tick.
func TickEvery(d time.Duration) *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(d), func() (river.JobArgs, *river.InsertOpts) {
		return TickArgs{}, nil
	}, &river.PeriodicJobOpts{ID: "tick", RunOnStart: true})
}
