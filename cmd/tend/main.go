// Command tend runs the Tend practice server and its maintenance tasks.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"golang.org/x/term"

	"github.com/tend-practice/tend/internal/account"
	"github.com/tend-practice/tend/internal/app"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/config"
	"github.com/tend-practice/tend/internal/database"
	"github.com/tend-practice/tend/internal/demo"
)

const usage = `tend: a practice tool for sex therapists.

Usage:
  tend serve                 Start the web server. Local runs apply migrations
                             automatically; production refuses to start on a
                             schema behind this binary (run 'tend migrate up').
                             With TEND_DEMO=true, seeds the demo practice first.
  tend worker                Run only the job queue's workers (reminders, digests,
                             programs, weekly repeats, mail), no web server. Run
                             any number beside web processes started with
                             TEND_WORKERS=false.
  tend tick                  Run the schedule once now, in this process, and say
                             how long it took and how many jobs it queued.
  tend migrate up            Apply pending database migrations.
  tend migrate status        Show the schema version and pending migrations.
  tend seed demo             Create the demo practice (demo accounts, clients,
                             assignments). Never run this against real data.
  tend seed library          Sync the built-in modules and worksheets.
  tend retention run         Delete the reflections of closed files past the
                             practice's retention period (not on hold); audited.
                             Idempotent: meant to run daily as a scheduled job.
  tend user create --role ROLE --email EMAIL [--name NAME]
                             Create an account (admin or clinician). Asks for a
                             password on a terminal; otherwise generates one
                             and prints it once.
  tend db roles [--owner NAME] [--app NAME]
                             As a superuser (DATABASE_URL): create the owner
                             role (runs migrations) and the app role (serves;
                             may only insert and read the audit trail), and
                             grant them. Passwords from TEND_DB_OWNER_PASSWORD
                             and TEND_DB_APP_PASSWORD. See docs/operations.md.
  tend seal-existing         Seal reflections still stored in the clear (from
                             before sealing; serve also does this at start-up).
  tend rotate-keys           Seal every reflection again with the newest key of
                             TEND_DATA_KEYS; then older keys can be dropped.
  tend version               Print the version.

Configuration comes from the environment; see README.md.
`

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "tend:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, usage)
		return nil
	}
	if args[0] == "version" {
		fmt.Fprintln(stdout, "tend", app.Version)
		return nil
	}
	cfg, err := config.Load()
	if err != nil {
		return err
	}
	log := newLogger(cfg)
	db, err := database.Open(ctx, cfg.DatabaseURL, database.Options{MaxConns: cfg.DBMaxConns})
	if err != nil {
		return err
	}
	defer db.Close()

	switch args[0] {
	case "serve":
		return serve(ctx, cfg, db, log, stdout)
	case "worker":
		return worker(ctx, cfg, db, log)
	case "tick":
		a, err := app.New(ctx, cfg, db, log, app.Options{})
		if err != nil {
			return err
		}
		count := func() (n int64) {
			db.Gorm.WithContext(ctx).Raw(`SELECT count(*) FROM river_job WHERE kind <> 'tick'`).Scan(&n)
			return n
		}
		before, start := count(), time.Now()
		err = a.Tick(ctx)
		fmt.Fprintf(stdout, "tick took %s and queued %d jobs\n", time.Since(start).Round(time.Millisecond), count()-before)
		return err
	case "migrate":
		return migrate(ctx, db, args[1:], stdout)
	case "seed":
		if len(args) < 2 {
			return errors.New("seed needs what to seed: demo or library")
		}
		a, err := app.New(ctx, cfg, db, log, app.Options{})
		if err != nil {
			return err
		}
		switch args[1] {
		case "demo":
			return seedDemo(ctx, a, stdout)
		case "library":
			return a.SyncLibrary(ctx)
		}
		return fmt.Errorf("unknown seed %q: use demo or library", args[1])
	case "user":
		return userCmd(ctx, cfg, db, log, args[1:], stdin, stdout)
	case "retention":
		if len(args) < 2 || args[1] != "run" {
			return errors.New("usage: tend retention run")
		}
		a, err := app.New(ctx, cfg, db, log, app.Options{})
		if err != nil {
			return err
		}
		rep, err := a.Retention.Run(ctx, time.Now())
		for _, f := range rep.Files {
			fmt.Fprintf(stdout, "file %d (closed %s): deleted %d responses, %d comments, %d sharing choices\n",
				f.ClientID, f.ClosedAt.Format("2006-01-02"), f.Responses, f.Comments, f.Sharing)
		}
		fmt.Fprintf(stdout, "retention: %d closed files past their retention period\n", len(rep.Files))
		return err
	case "db":
		return dbCmd(ctx, db, args[1:], stdout)
	case "seal-existing", "rotate-keys":
		a, err := app.New(ctx, cfg, db, log, app.Options{})
		if err != nil {
			return err
		}
		reseal := a.SealExisting
		if args[0] == "rotate-keys" {
			reseal = a.RotateKeys
		}
		rep, err := reseal(ctx)
		fmt.Fprintf(stdout, "sealed %d responses, %d comments and %d authenticator secrets with key %d; %d changed meanwhile (run again)\n",
			rep.Responses, rep.Comments, rep.Secrets, a.Keys.Current(), rep.Remaining)
		return err
	}
	return fmt.Errorf("unknown command %q (see tend --help)", args[0])
}

func newLogger(cfg config.Config) *slog.Logger {
	level := slog.LevelInfo
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.Env == config.EnvProduction {
		return slog.New(slog.NewJSONHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, opts))
}

func migrate(ctx context.Context, db *database.DB, args []string, stdout io.Writer) error {
	sub := "up"
	if len(args) > 0 {
		sub = args[0]
	}
	switch sub {
	case "up":
		applied, err := database.Migrate(ctx, db.SQL)
		for _, a := range applied {
			fmt.Fprintln(stdout, "applied", a)
		}
		if err == nil && len(applied) == 0 {
			fmt.Fprintln(stdout, "schema is up to date")
		}
		return err
	case "status":
		st, err := database.Status(ctx, db.SQL)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "schema version %d, binary expects %d\n", st.Current, st.Latest)
		for _, p := range st.Pending {
			fmt.Fprintln(stdout, "pending", p)
		}
		return nil
	}
	return fmt.Errorf("unknown migrate command %q: use up or status", sub)
}

func serve(ctx context.Context, cfg config.Config, db *database.DB, log *slog.Logger, stdout io.Writer) error {
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	waitCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	err := db.WaitReady(waitCtx, log)
	cancel()
	if err != nil {
		return err
	}
	st, err := database.Status(ctx, db.SQL)
	if err != nil {
		return err
	}
	if st.Behind() {
		if !cfg.AutoMigrate {
			return fmt.Errorf("the database schema is at version %d but this binary needs %d; run 'tend migrate up' (or set TEND_AUTO_MIGRATE=true)", st.Current, st.Latest)
		}
		applied, err := database.Migrate(ctx, db.SQL)
		if err != nil {
			return err
		}
		log.Info("applied migrations", "count", len(applied))
	}
	a, err := app.New(ctx, cfg, db, log, app.Options{SessionCleanup: 10 * time.Minute, Work: cfg.Workers})
	if err != nil {
		return err
	}
	if err := a.SyncLibrary(ctx); err != nil {
		return err
	}
	if rep, err := a.SealExisting(ctx); err != nil {
		return fmt.Errorf("seal existing reflections: %w", err)
	} else if rep.Responses+rep.Comments+rep.Secrets > 0 {
		log.Info("sealed values stored in the clear", "responses", rep.Responses, "comments", rep.Comments, "mfa_secrets", rep.Secrets)
	}
	if cfg.Demo {
		if err := seedDemo(ctx, a, stdout); err != nil {
			return err
		}
	}
	srv := &http.Server{
		Addr:              cfg.ListenAddr,
		Handler:           a.Server.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	go a.RunSweeper(ctx, 10*time.Minute)
	if err := a.Jobs.Start(context.WithoutCancel(ctx)); err != nil {
		return err
	}
	defer stopJobs(a, cfg, log)
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	log.Info("tend is serving", "url", cfg.BaseURL, "env", cfg.Env, "version", app.Version)
	fmt.Fprintf(stdout, "\nTend is running at %s\n\n", cfg.BaseURL)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// Stop accepting, let requests in flight finish (up to the grace period),
	// then the deferred Close releases the pool.
	log.Info("shutting down")
	shutCtx, cancelShut := context.WithTimeout(context.Background(), cfg.ShutdownGrace)
	defer cancelShut()
	if err := srv.Shutdown(shutCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	// Mail handed to the server in the background (an urgent flag's
	// notice among it) gets the rest of the grace period to go out.
	sent := make(chan struct{})
	go func() { a.Notifier.Wait(); close(sent) }()
	select {
	case <-sent:
	case <-shutCtx.Done():
		log.Warn("shut down with mail still being sent")
	}
	return nil
}

// worker runs the job queue alone until SIGINT or SIGTERM.
func worker(ctx context.Context, cfg config.Config, db *database.DB, log *slog.Logger) error {
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	waitCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	err := db.WaitReady(waitCtx, log)
	cancel()
	if err != nil {
		return err
	}
	st, err := database.Status(ctx, db.SQL)
	if err != nil {
		return err
	}
	if st.Behind() {
		return fmt.Errorf("the database schema is at version %d but this binary needs %d; run 'tend migrate up'", st.Current, st.Latest)
	}
	a, err := app.New(ctx, cfg, db, log, app.Options{Work: true})
	if err != nil {
		return err
	}
	if err := a.Jobs.Start(context.WithoutCancel(ctx)); err != nil {
		return err
	}
	log.Info("tend worker is running", "version", app.Version)
	<-ctx.Done()
	log.Info("worker shutting down")
	stopJobs(a, cfg, log)
	return nil
}

// stopJobs lets running jobs finish within the grace period; a job cut off
// is picked up again by River (it is rescued and retried), never lost.
func stopJobs(a *app.App, cfg config.Config, log *slog.Logger) {
	ctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownGrace)
	defer cancel()
	if err := a.Jobs.Stop(ctx); err != nil {
		log.Warn("job workers stopped with work in flight", "err", err)
	}
}

func seedDemo(ctx context.Context, a *app.App, stdout io.Writer) error {
	created, err := demo.Seed(ctx, a)
	if err != nil {
		return err
	}
	if created {
		fmt.Fprintln(stdout, "Demo practice created.")
	}
	fmt.Fprintln(stdout, "Demo accounts (password: "+demo.Password+"):")
	for _, acc := range demo.Accounts {
		fmt.Fprintf(stdout, "  %-24s %s\n", acc.Email, acc.Role)
	}
	return nil
}

func dbCmd(ctx context.Context, db *database.DB, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "roles" {
		return errors.New("usage: tend db roles [--owner NAME] [--app NAME]")
	}
	fs := flag.NewFlagSet("db roles", flag.ContinueOnError)
	owner := fs.String("owner", "tend_owner", "role that owns the schema and runs migrations")
	appRole := fs.String("app", "tend_app", "role the server connects as")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	r := database.Roles{Owner: *owner, App: *appRole,
		OwnerPassword: os.Getenv("TEND_DB_OWNER_PASSWORD"), AppPassword: os.Getenv("TEND_DB_APP_PASSWORD")}
	if err := database.SetUpRoles(ctx, db.SQL, r); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Roles ready: %s owns the schema (use it for 'tend migrate up'); %s serves (use it for 'tend serve').\n", r.Owner, r.App)
	if r.OwnerPassword == "" || r.AppPassword == "" {
		fmt.Fprintln(stdout, "A role without TEND_DB_*_PASSWORD kept its password (or has none): set one before connecting over the network.")
	}
	return nil
}

func userCmd(ctx context.Context, cfg config.Config, db *database.DB, log *slog.Logger, args []string, stdin io.Reader, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New("usage: tend user create --role admin|clinician --email EMAIL [--name NAME]")
	}
	fs := flag.NewFlagSet("user create", flag.ContinueOnError)
	role := fs.String("role", "", "admin or clinician")
	email := fs.String("email", "", "email address")
	name := fs.String("name", "", "display name")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *role != "admin" && *role != "clinician" {
		return errors.New("--role must be admin or clinician (clients join by invite)")
	}
	password, generated, err := askPassword(stdin, stdout)
	if err != nil {
		return err
	}
	a, err := app.New(ctx, cfg, db, log, app.Options{})
	if err != nil {
		return err
	}
	u, err := a.Accounts.Create(ctx, auth.Actor{}, account.NewUser{Email: *email, DisplayName: *name, Role: auth.Role(*role), Password: password})
	var verr *account.ValidationError
	if errors.As(err, &verr) {
		return fmt.Errorf("cannot create account: %v", verr.Fields)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Created %s account %s (id %d).\n", u.Role, u.Email, u.ID)
	if generated {
		fmt.Fprintf(stdout, "One-time password: %s\nShare it privately; it is not shown again.\n", password)
	}
	return nil
}

// askPassword reads a password from a terminal, or generates one when there
// is no terminal (scripts, CI).
func askPassword(stdin io.Reader, stdout io.Writer) (string, bool, error) {
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(stdout, "Password (8 to 128 characters; leave empty to generate one): ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(stdout)
		if err != nil {
			return "", false, err
		}
		if p := string(b); p != "" {
			return p, false, nil
		}
	} else if stdin != nil {
		// A password may be piped in: echo "$PW" | tend user create ...
		if line, err := bufio.NewReader(stdin).ReadString('\n'); err == nil || (errors.Is(err, io.EOF) && line != "") {
			if p := strings.TrimRight(line, "\r\n"); p != "" {
				return p, false, nil
			}
		}
	}
	return auth.GeneratePassword(), true, nil
}
