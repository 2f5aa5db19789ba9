// Package app assembles Tend from its parts: the one place that knows every
// service and how they connect. cmd/tend calls it to serve; tests call it to
// get exactly the server that runs in production.
package app

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/riverqueue/river"

	"github.com/tend-practice/tend/internal/account"
	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/authz"
	"github.com/tend-practice/tend/internal/breakglass"
	"github.com/tend-practice/tend/internal/client"
	"github.com/tend-practice/tend/internal/clock"
	"github.com/tend-practice/tend/internal/config"
	"github.com/tend-practice/tend/internal/couple"
	"github.com/tend-practice/tend/internal/database"
	"github.com/tend-practice/tend/internal/handout"
	"github.com/tend-practice/tend/internal/i18n"
	"github.com/tend-practice/tend/internal/jobs"
	"github.com/tend-practice/tend/internal/mail"
	"github.com/tend-practice/tend/internal/mfa"
	"github.com/tend-practice/tend/internal/module"
	"github.com/tend-practice/tend/internal/notify"
	"github.com/tend-practice/tend/internal/practice"
	"github.com/tend-practice/tend/internal/program"
	"github.com/tend-practice/tend/internal/ratelimit"
	"github.com/tend-practice/tend/internal/reminder"
	"github.com/tend-practice/tend/internal/retention"
	"github.com/tend-practice/tend/internal/safety"
	"github.com/tend-practice/tend/internal/seal"
	"github.com/tend-practice/tend/internal/sealkeys"
	"github.com/tend-practice/tend/internal/session"
	"github.com/tend-practice/tend/internal/web"
	"github.com/tend-practice/tend/internal/worksheet"
)

// Version is set at build time with -ldflags.
var Version = "dev"

// App is a wired Tend.
type App struct {
	Config      config.Config
	DB          *database.DB
	Log         *slog.Logger
	Audit       *audit.Log
	Accounts    *account.Service
	Modules     *module.Service
	Worksheets  *worksheet.Service
	Clients     *client.Service
	Assignments *assignment.Service
	Couples     *couple.Service
	MFA         *mfa.Service
	BreakGlass  *breakglass.Service
	Practice    *practice.Service
	Retention   *retention.Retention
	Safety      *safety.Service
	Outbox      *mail.Outbox      // mail kept when no SMTP server is configured
	Notifier    *notify.Notifier  // Wait() for mail sent in the background
	Keys        *seal.Keyring     // seals reflections and sessions at rest
	SealKeys    *sealkeys.Manager // checks the keys against the stored data; seal-existing, rotate-keys
	Hasher      *auth.Hasher      // argon2, bounded; shared by every sign-in and new password
	Jobs        *jobs.Queue
	Programs    *program.Service
	Reminders   *reminder.Service
	// DemoClock is set only when TEND_DEMO and TEND_DEMO_CLOCK are both on.
	DemoClock *clock.Offset
	// Now is the process's one clock, passed to every service.
	Now    func() time.Time
	Server *web.Server
}

// Options tune assembly for tests.
type Options struct {
	SessionCleanup time.Duration // 0 in tests: no background sweeper
	Now            func() time.Time
	Sender         mail.Sender // replaces SMTP and the outbox (tests)
	// PDFLimit bounds handout renders at once; nil: handout.DefaultSlots
	// with a short wait (tests pass one to count and hold renders).
	PDFLimit *handout.Limit
	// Work runs the job queue's workers in this process (serve with
	// TEND_WORKERS, worker always; tests that exercise the queue). Off, the
	// app only inserts jobs.
	Work bool
	// Queue tuning for tests: a short retry delay and poll interval, and a
	// client id (two "instances" in one test).
	RetryPolicy river.ClientRetryPolicy
	PollEvery   time.Duration
	WorkerID    string
	// Passwords are the argon2id cost parameters of new hashes; zero:
	// auth.OWASP. Test suites pass auth.TestParams.
	Passwords auth.Params
}

// New wires every service over db.
func New(ctx context.Context, cfg config.Config, db *database.DB, log *slog.Logger, opt Options) (*App, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	var demoClock *clock.Offset
	if cfg.DemoClock && cfg.Demo && cfg.Env != config.EnvProduction {
		demoClock = clock.NewOffset(opt.Now)
		opt.Now = demoClock.Now
	}
	en, err := authz.New()
	if err != nil {
		return nil, err
	}
	a := &App{Config: cfg, DB: db, Log: log, DemoClock: demoClock, Now: opt.Now}
	a.Audit = audit.New(db.Gorm, log)
	if opt.Passwords == (auth.Params{}) {
		opt.Passwords = auth.OWASP
	}
	a.Hasher = auth.NewHasherWith(4, opt.Passwords)
	if a.Keys, err = seal.FromConfig(cfg.Key(), cfg.DataKeys); err != nil {
		return nil, fmt.Errorf("data keys: %w", err)
	}
	// The keys must open what is stored before anything is built that
	// could seal with them.
	a.SealKeys = sealKeys(db, a.Keys)
	if err := a.SealKeys.Check(ctx); err != nil {
		return nil, err
	}
	// One set of catalogues for pages, emails and handouts.
	lang, err := i18n.New(i18n.Options{Pseudo: cfg.PseudoLocale})
	if err != nil {
		return nil, fmt.Errorf("catalogues: %w", err)
	}
	// Every email is in its recipient's language, by the one rule the pages
	// use (account.Service.Language). The accounts are built below; the
	// emails go later.
	language := func(ctx context.Context, userID int64) (string, error) { return a.Accounts.Language(ctx, userID) }
	// Without a mail server, mail is kept in the outbox for an admin to read.
	a.Outbox = mail.NewOutbox(db.Gorm)
	var sender mail.Sender = a.Outbox
	if cfg.SMTPAddr != "" {
		sender = mail.SMTP{Addr: cfg.SMTPAddr, From: cfg.SMTPFrom, Username: cfg.SMTPUser, Password: cfg.SMTPPassword}
	}
	if opt.Sender != nil {
		sender = opt.Sender
	}
	if err := a.wireJobs(cfg, db, log, opt, sender, lang, language); err != nil {
		return nil, err
	}
	// Notices to a mail server go through the job queue: the mail worker
	// sends them and retries while the server refuses. The outbox is a
	// local write in the same database, kept inline (it is there when the
	// request ends); tests that pass their own Sender get notices at once.
	// Reminders and digests always go through the queue.
	notices := sender
	if l, ok := sender.(interface{ Local() bool }); opt.Sender == nil && !(ok && l.Local()) {
		notices = queuedSender{queue: a.Jobs}
	}
	a.Notifier = notify.New(notices, cfg.PracticeName, cfg.BaseURL, log, notify.WithI18n(lang, language))
	// One clock (opt.Now, or the demo clock over it) for every service.
	// The tick's steps read the services when a tick runs, after New.
	a.Accounts = account.NewService(db.Gorm, a.Hasher, a.Audit, account.WithClock(opt.Now),
		account.WithMail(account.MailOptions{Send: accountMailer(sender), BaseURL: cfg.BaseURL,
			LogLinks: cfg.Env != config.EnvProduction, Log: log, PerAccount: ratelimit.New(db.Gorm, 3, 15*time.Minute), I18n: lang}))
	a.Modules = module.NewService(db.Gorm, a.Audit)
	a.Worksheets = worksheet.NewService(db.Gorm, a.Audit)
	a.Clients = client.NewService(db.Gorm, a.Accounts, a.Audit)
	a.Assignments = assignment.NewService(db.Gorm, a.Audit, a.Modules, a.Worksheets,
		assignment.WithClock(opt.Now), assignment.WithKeys(a.Keys), assignment.WithNotifier(a.Notifier))
	a.MFA = mfa.NewService(db.Gorm, a.Accounts, a.Audit, cfg.PracticeName, mfa.WithClock(opt.Now), mfa.WithKeys(a.Keys))
	a.BreakGlass = breakglass.NewService(db.Gorm, a.Audit)
	a.Safety = safety.NewService(db.Gorm, a.Audit)
	a.Couples = couple.NewService(db.Gorm, a.Audit, a.Assignments)
	a.Programs = program.NewService(db.Gorm, a.Audit, a.Assignments, program.WithClock(opt.Now))
	a.Practice = practice.NewService(db.Gorm, a.Audit, a.Assignments)
	a.Retention = retention.New(db.Gorm, a.Audit)

	handouts, err := handout.NewRenderer()
	if err != nil {
		return nil, fmt.Errorf("handouts: %w", err)
	}
	sessions := session.New(db.Pool, cfg.SecureCookies(), opt.SessionCleanup)
	// A session can hold a worksheet typed while signed out: seal it too.
	sessions.Codec = seal.SessionCodec{Inner: sessions.Codec, Keys: a.Keys}
	// scs reports a session store it cannot reach through the standard
	// library's logger and a bare 500; say it through ours, as a 503, which
	// is what it is while the database is away. (The handler may already
	// have saved its work when the session write fails: the message claims
	// nothing either way.)
	sessions.ErrorFunc = func(w http.ResponseWriter, _ *http.Request, err error) {
		log.Error("session store", "err", err)
		web.SecurityHeaders(w.Header(), cfg.SecureCookies())
		w.Header().Set("Cache-Control", "no-store")
		http.Error(w, "Tend cannot reach its database just now. Please try again in a moment.", http.StatusServiceUnavailable)
	}
	srv, err := web.New(web.Deps{
		I18n:         lang,
		Log:          log,
		Sessions:     sessions,
		Enforcer:     en,
		Accounts:     a.Accounts,
		Audit:        a.Audit,
		Modules:      a.Modules,
		Markdown:     module.NewRenderer(),
		Worksheets:   a.Worksheets,
		Clients:      a.Clients,
		Assignments:  a.Assignments,
		Couples:      a.Couples,
		Programs:     a.Programs,
		Reminders:    a.Reminders,
		DemoClock:    a.DemoClock,
		Tick:         a.Tick,
		MFA:          a.MFA,
		BreakGlass:   a.BreakGlass,
		Practice:     a.Practice,
		Safety:       a.Safety,
		Outbox:       a.Outbox,
		Handouts:     handouts,
		PDFLimit:     opt.PDFLimit,
		Paper:        cfg.Paper,
		Ready:        db.Ping,
		SignInLimit:  ratelimit.New(db.Gorm, 20, 5*time.Minute),
		ResetLimit:   ratelimit.New(db.Gorm, 10, 15*time.Minute),
		StashLimit:   ratelimit.New(db.Gorm, 10, 10*time.Minute),
		InviteLimit:  ratelimit.New(db.Gorm, 10, 15*time.Minute),
		Tombstones:   session.NewTombstones(db.Pool),
		PracticeName: cfg.PracticeName,
		BaseURL:      cfg.BaseURL,
		Secure:       cfg.SecureCookies(),
		OutboxLinks:  cfg.Env == config.EnvLocal,
		Release:      cfg.Env == config.EnvProduction,
		TrustedProxy: cfg.TrustedProxies,
		Version:      Version,
		Now:          opt.Now,
	})
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	a.Server = srv
	return a, nil
}

// accountMailer points the account service's emails (resets, email changes,
// invitations) at the practice's mail sender (SMTP, or the outbox).
func accountMailer(sender mail.Sender) account.Mailer {
	if sender == nil {
		return nil
	}
	return func(ctx context.Context, m account.Mail) error {
		return sender.Send(ctx, mail.Message{To: m.To, Subject: m.Subject, Text: m.Text})
	}
}

// SweepReport says how many stale bookkeeping rows a Sweep deleted.
type SweepReport struct {
	RateLimits, SignInCounters, Tombstones int64
}

// Sweep deletes bookkeeping that has served its purpose: rate-limit
// windows long over, failed-sign-in counters whose window and pause have
// ended, and tombstones of sessions that ended too long ago to carry a
// draft. serve runs it periodically; without it these tables would keep a
// row for every address and every email ever tried.
func (a *App) Sweep(ctx context.Context) (SweepReport, error) {
	var rep SweepReport
	var err error
	if rep.RateLimits, err = ratelimit.Purge(ctx, a.DB.Gorm); err != nil {
		return rep, err
	}
	if rep.SignInCounters, err = a.Accounts.Purge(ctx); err != nil {
		return rep, err
	}
	if rep.Tombstones, err = session.NewTombstones(a.DB.Pool).Purge(ctx); err != nil {
		return rep, err
	}
	return rep, nil
}

// RunSweeper calls Sweep every interval until ctx ends, logging failures.
func (a *App) RunSweeper(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			rep, err := a.Sweep(ctx)
			if err != nil && ctx.Err() == nil {
				a.Log.Error("sweep bookkeeping", "err", err)
			} else if rep.RateLimits+rep.SignInCounters+rep.Tombstones > 0 {
				a.Log.Debug("swept bookkeeping", "rate_limits", rep.RateLimits, "sign_in_counters", rep.SignInCounters, "tombstones", rep.Tombstones)
			}
		}
	}
}
