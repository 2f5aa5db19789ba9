package app

import (
	"context"
	"crypto/rand"
	"errors"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"github.com/tend-practice/tend/internal/config"
	"github.com/tend-practice/tend/internal/database"
	"github.com/tend-practice/tend/internal/i18n"
	"github.com/tend-practice/tend/internal/jobs"
	"github.com/tend-practice/tend/internal/notify"
	"github.com/tend-practice/tend/internal/reminder"
)

// wireJobs builds the job queue, its workers and the services that queue work.
func (a *App) wireJobs(cfg config.Config, db *database.DB, log *slog.Logger, opt Options, sender notify.Sender,
	lang *i18n.Bundle, language func(context.Context, int64) (string, error)) error {
	workers := river.NewWorkers()
	river.AddWorker(workers, &jobs.MailWorker{Send: sendFunc(sender, log)})
	river.AddWorker(workers, &jobs.TickWorker{Log: log, Steps: a.tickSteps()})
	every := cfg.TickEvery
	if every == 0 {
		every = time.Minute
	}
	queue, err := jobs.New(db.Pool, jobs.Options{
		Work:              opt.Work,
		Workers:           workers,
		Periodic:          []*river.PeriodicJob{jobs.TickEvery(every)},
		RetryPolicy:       opt.RetryPolicy,
		FetchPollInterval: opt.PollEvery,
		ID:                opt.WorkerID,
		Log:               log,
	})
	if err != nil {
		return err
	}
	a.Jobs = queue
	a.Reminders = reminder.New(db.Gorm, queue, opt.Now, cfg.PracticeName, cfg.BaseURL, log, reminder.Options{Audit: a.Audit,
		I18n: lang, Language: language})
	return nil
}

// sendFunc adapts the configured sender for mail jobs. Without one (no SMTP
// configured), the job fails and stays queued, to be sent once mail is set up.
func sendFunc(sender notify.Sender, log *slog.Logger) jobs.SendFunc {
	return func(ctx context.Context, to, subject, text string) error {
		if sender == nil {
			log.Warn("mail waiting in the queue: no mail server configured")
			return errors.New("no mail server configured")
		}
		return sender.Send(ctx, notify.Message{To: to, Subject: subject, Text: text})
	}
}

// tickSteps is the schedule, in order: what is released first can be
// reminded of in the same tick. Each step reads the one clock.
func (a *App) tickSteps() []jobs.Step {
	return []jobs.Step{
		{Name: "programs", Run: func(ctx context.Context) error { _, err := a.Programs.Release(ctx); return err }},
		{Name: "weekly repeats", Run: func(ctx context.Context) error { _, err := a.Assignments.ReleaseRepeats(ctx); return err }},
		{Name: "reminders", Run: func(ctx context.Context) error { _, err := a.Reminders.Tick(ctx); return err }},
		{Name: "digests", Run: func(ctx context.Context) error { _, err := a.Reminders.Digest(ctx); return err }},
		// Retention finds nothing on almost every tick: one indexed query
		// over closed files. Deleting is idempotent, so a repeated tick is safe.
		{Name: "retention", Run: func(ctx context.Context) error { _, err := a.Retention.Run(ctx, a.Now()); return err }},
	}
}

// queuedSender hands a notice to the job queue instead of the mail server;
// the mail worker sends it, and retries it while the server refuses.
type queuedSender struct{ queue *jobs.Queue }

func (q queuedSender) Send(ctx context.Context, m notify.Message) error {
	return q.queue.EnqueueNow(ctx, jobs.MailArgs{Key: "notice:" + rand.Text(), To: m.To, Subject: m.Subject, Text: m.Text}, nil)
}

// Tick runs the schedule's tick now, in this process (tests, the demo clock).
func (a *App) Tick(ctx context.Context) error {
	return (&jobs.TickWorker{Log: a.Log, Steps: a.tickSteps()}).Work(ctx, nil)
}
