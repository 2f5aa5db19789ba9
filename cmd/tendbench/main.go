// Command tendbench measures Tend with a large practice: it seeds a separate
// database, starts the real server binary against it, signs in as real
// users, drives it with load on this machine's loopback, times handouts
// against a browser's print, and repeats the dashboard with ten times the
// data. `make bench` runs it. The last line it prints is the summary:
//
//	BENCH healthz_rps=N dashboard_rps=N dashboard_p99_ms=N client_page_p99_ms=N submit_p99_ms=N handout_ms=N handout_vs_browser=N rss_mib=N scale10_p99_ratio=N ...
//
// followed by the floor (floor.go: a bare page on the same data, and the
// module handout with gofpdf's core font), each page's ratio to it, CPU and
// allocations per request; scripts/bench-check.sh checks the targets in it.
package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/tend-practice/tend/internal/bench"
	"github.com/tend-practice/tend/internal/seal"
)

type options struct {
	adminURL    string
	dbName      string
	serverBin   string
	moduleRoot  string
	clinicians  int
	clients     int
	history     int
	duration    time.Duration
	rate        int
	workers     int
	dbConns     int
	handoutRuns int
	browserRuns int
	module      string
	pdfWorkers  int
	pdfDuration time.Duration
	onlyPDF     bool
	floorRoot   string
	allocsTime  string
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "tendbench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "floor" {
		return runFloor(ctx, args[1:], stderr)
	}
	var o options
	fs := flag.NewFlagSet("tendbench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	adminDefault := os.Getenv("TEND_TEST_DATABASE_URL")
	if adminDefault == "" {
		adminDefault = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
	}
	fs.StringVar(&o.adminURL, "admin-url", adminDefault, "server-level PostgreSQL URL allowed to create databases")
	fs.StringVar(&o.dbName, "db", "tend_bench", "database to drop, recreate and seed")
	fs.StringVar(&o.serverBin, "server", "bin/tend", "the tend binary to run")
	fs.StringVar(&o.moduleRoot, "root", ".", "the module root, for go test -bench of the handout and the pages' allocations (a before-tree for before figures)")
	fs.StringVar(&o.floorRoot, "floor-root", ".", "the module root holding the floor PDF benchmark")
	fs.StringVar(&o.allocsTime, "allocs-benchtime", "200x", "go test -benchtime for BenchmarkPages' allocations per request (\"\" skips it)")
	fs.IntVar(&o.clinicians, "clinicians", 50, "clinicians to seed")
	fs.IntVar(&o.clients, "clients", 100, "clients per clinician")
	fs.IntVar(&o.history, "history", 9, "rounds of older work to add for the scale run (9 makes the data ten times; 0 skips the run)")
	fs.DurationVar(&o.duration, "duration", 10*time.Second, "length of each load run")
	fs.IntVar(&o.rate, "rate", 200, "requests per second of the fixed-rate runs")
	fs.IntVar(&o.workers, "workers", 64, "connections of the saturation runs")
	fs.IntVar(&o.dbConns, "db-conns", 16, "the server's TEND_DB_MAX_CONNS")
	fs.IntVar(&o.handoutRuns, "handout-count", 5, "go test -count for the handout benchmark (0 skips it)")
	fs.IntVar(&o.browserRuns, "browser-runs", 3, "Chromium prints to time (0 skips them)")
	fs.StringVar(&o.module, "module", "what-is-aftercare", "module page to print with Chromium")
	fs.IntVar(&o.pdfWorkers, "pdf-workers", 100, "long handouts printed at once in the PDF run (0 skips it)")
	fs.DurationVar(&o.pdfDuration, "pdf-duration", 20*time.Second, "length of the PDF run")
	fs.BoolVar(&o.onlyPDF, "only-pdf", false, "run only the PDF run (with -clinicians 2 -clients 20 it takes a minute)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.pdfWorkers < 0 || o.pdfWorkers > 200 || (o.pdfWorkers > 0 && (o.pdfDuration < 5*time.Second || o.pdfDuration > time.Minute)) {
		return errors.New("keep -pdf-workers within 200 and -pdf-duration from 5s to 1m: the bench shares the machine")
	}
	if o.duration <= 0 || o.duration > time.Minute || o.rate <= 0 || o.rate > 2000 || o.workers < 1 || o.workers > 512 {
		return errors.New("keep -duration within 1m, -rate within 2000 and -workers within 512: the bench shares the machine")
	}
	// The whole run is bounded, whatever happens to the server.
	ctx, cancel := context.WithTimeout(ctx, 15*time.Minute)
	defer cancel()
	b := &benchRun{o: o, log: stderr, started: time.Now()}
	return b.run(ctx, stdout)
}

type benchRun struct {
	o       options
	log     io.Writer
	started time.Time
	dbURL   string
	pool    *pgxpool.Pool
	tmp     string
	// sessionKey is this run's TEND_SESSION_KEY: the server seals
	// reflections with it, so the seed must seal with the same one.
	sessionKey string
	admin      *pgx.Conn // holds the run's advisory lock on the database name
}

func (b *benchRun) step(format string, args ...any) {
	fmt.Fprintf(b.log, "[%6.1fs] %s\n", time.Since(b.started).Seconds(), fmt.Sprintf(format, args...))
}

func (b *benchRun) run(ctx context.Context, stdout io.Writer) (err error) {
	o := b.o
	if b.tmp, err = os.MkdirTemp("", "tendbench-"); err != nil {
		return err
	}
	// The server's log and the printed pages are kept when something failed.
	defer func() {
		if err == nil {
			os.RemoveAll(b.tmp)
		} else {
			fmt.Fprintf(b.log, "tendbench: the server's log and files are in %s\n", b.tmp)
		}
	}()
	// A key of its own, unless one is given (to start the server by hand
	// against the kept database afterwards).
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return err
	}
	if v := os.Getenv("TEND_SESSION_KEY"); v != "" {
		if key, err = base64.StdEncoding.DecodeString(v); err != nil || len(key) < 32 {
			return errors.New("TEND_SESSION_KEY must be at least 32 bytes, base64")
		}
	}
	b.sessionKey = base64.StdEncoding.EncodeToString(key)
	keys, err := seal.FromConfig(key, "")
	if err != nil {
		return err
	}
	err = b.createDatabase(ctx)
	if b.admin != nil {
		defer b.admin.Close(context.Background())
	}
	if err != nil {
		return err
	}
	b.pool, err = pgxpool.New(ctx, b.dbURL)
	if err != nil {
		return err
	}
	defer b.pool.Close()

	// Seed.
	t := time.Now()
	practice, counts, err := bench.Seed(ctx, b.pool, bench.Spec{Clinicians: o.clinicians, ClientsPerClinician: o.clients,
		Password: bench.TestPassword, Seed: 20261122, Seal: keys.Seal})
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	seedTime := time.Since(t)
	b.step("seeded %s in %.1fs", describe(counts), seedTime.Seconds())
	b.step("%s", copyTimes(counts))
	if len(practice.Clinicians) < 2 {
		return errors.New("the bench needs at least two clinicians")
	}
	measured, submitter := practice.Clinicians[0], practice.Clinicians[1]
	var submitClients []bench.Client
	for _, c := range submitter.Clients {
		if !c.Archived && len(submitClients) < 10 {
			submitClients = append(submitClients, c)
		}
	}
	perClient := (o.rate*int(o.duration.Seconds())*3/2)/len(submitClients) + 10
	openWork, err := practice.AddOpenWork(ctx, b.pool, submitClients, submitter.ID, perClient)
	if err != nil {
		return err
	}

	// Serve.
	logPath := filepath.Join(b.tmp, "server.log")
	srv, err := bench.StartServer(ctx, o.serverBin, []string{"TEND_ENV=local", "DATABASE_URL=" + b.dbURL, "TEND_DEMO=false", "TEND_SESSION_KEY=" + b.sessionKey,
		fmt.Sprintf("TEND_DB_MAX_CONNS=%d", o.dbConns), "TEND_LOG_LEVEL=info"}, logPath)
	if err != nil {
		return err
	}
	defer srv.Stop()
	b.step("server pid %d at %s (TEND_DB_MAX_CONNS=%d, log %s)", srv.PID(), srv.URL, o.dbConns, logPath)

	clinicianCookie, err := bench.SignIn(ctx, srv.URL, measured.Email, bench.TestPassword)
	if err != nil {
		return err
	}
	var clientPage string
	for _, c := range measured.Clients {
		if !c.Archived {
			clientPage = fmt.Sprintf("/clinician/clients/%d", c.ID)
			break
		}
	}
	submitCookies := make([]string, len(submitClients))
	for i, c := range submitClients {
		if submitCookies[i], err = bench.SignIn(ctx, srv.URL, c.Email, bench.TestPassword); err != nil {
			return err
		}
	}
	if err := b.checkPages(ctx, srv.URL, clinicianCookie, clientPage); err != nil {
		return err
	}
	b.step("signed in as %s (%d clients) and %d clients of %s", measured.Email, len(measured.Clients), len(submitClients), submitter.Email)

	if o.onlyPDF {
		if o.pdfWorkers == 0 {
			return errors.New("-only-pdf needs -pdf-workers above 0")
		}
		r, err := b.pdfLoad(ctx, srv, measured, clinicianCookie)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "BENCH pdf_pages=%d pdf_workers=%d pdf_ok=%d pdf_503=%d pdf_other=%d pdf_peak_rss_mib=%.1f pdf_dashboard_p99_ms=%.2f pdf_dashboard_ok=%d/%d dashboard_alone_p99_ms=%.2f\n",
			r.Pages, o.pdfWorkers, r.PDFs.Codes[200], r.PDFs.Codes[503], r.PDFs.Requests-r.PDFs.Codes[200]-r.PDFs.Codes[503],
			mib(r.PeakHWM), ms(r.Dashboard.P99), r.Dashboard.OK, r.Dashboard.Requests, ms(r.Baseline.P99))
		return nil
	}

	dashboard := bench.Get(srv.URL+"/clinician", clinicianCookie)
	fixed := func(name string, tr vegeta.Targeter, check func(*vegeta.Result) error) bench.Load {
		l := bench.Measured(bench.Attack{Name: name, Targeter: tr, Rate: o.rate, Duration: o.duration, Check: check}, srv.PID(), o.dbName)
		b.step("%s: %s", name, summary(l))
		return l
	}
	saturate := func(name string, tr vegeta.Targeter) bench.Load {
		l := bench.Measured(bench.Attack{Name: name, Targeter: tr, Workers: o.workers, Duration: o.duration, Check: bench.Status(200)},
			srv.PID(), o.dbName)
		b.step("%s: %s", name, summary(l))
		return l
	}
	// Warm up: open the pool's connections and bring the practice into cache.
	bench.Run(bench.Attack{Name: "warm-up", Targeter: dashboard, Rate: 100, Duration: 2 * time.Second})

	var loads []bench.Load
	healthz := saturate("healthz, saturation", bench.Get(srv.URL+"/healthz", ""))
	dashSat := saturate("dashboard, saturation", dashboard)
	dashFixed := fixed("dashboard", dashboard, bench.Status(200))
	clientFixed := fixed("client page", bench.Get(srv.URL+clientPage, clinicianCookie), bench.Status(200))
	submitTargets, submitted := submitTargeter(srv.URL, submitCookies, openWork, practice.Now)
	submit := fixed("worksheet submit", submitTargets, submitCheck)
	loads = append(loads, healthz, dashSat, dashFixed, clientFixed, submit)
	floor, err := b.floorLoad(ctx, measured.ID)
	if err != nil {
		return fmt.Errorf("floor: %w", err)
	}
	loads = append(loads, floor.Saturation, floor.Fixed)
	stored, err := countSubmitted(ctx, b.pool, submitted())
	if err != nil {
		return err
	}
	b.step("submits: %d answered 303, %d submitted responses stored for the assignments posted", submit.OK, stored)
	if stored != submit.OK {
		return fmt.Errorf("submit run: %d successful responses but %d stored submissions", submit.OK, stored)
	}

	// Handouts: gofpdf through go test -bench, and the browser on the same module page.
	var handoutMs, browserMs, ratio float64
	var pdfPages, browserPages int
	if o.handoutRuns > 0 {
		handoutNs, err := bench.GoBenchmark(ctx, o.moduleRoot, "./internal/handout", "^BenchmarkModuleHandout$/^fonts=cached$", o.handoutRuns)
		if err != nil {
			return err
		}
		handoutMs = bench.Median(handoutNs) / 1e6
		b.step("handout (BenchmarkModuleHandout/fonts=cached, -count=%d): median %.2f ms of %v ns/op", o.handoutRuns, handoutMs, handoutNs)
	}
	if o.browserRuns > 0 {
		if pdfPages, browserMs, browserPages, err = b.browserPrint(ctx, srv.URL, clinicianCookie); err != nil {
			return err
		}
	}
	if browserMs > 0 && handoutMs > 0 {
		ratio = browserMs / handoutMs
	}
	var floorPDFMs, handoutVsFloor float64
	if o.handoutRuns > 0 {
		ns, err := bench.GoBenchmark(ctx, o.floorRoot, "./internal/handout", "^BenchmarkModuleHandoutFloor$", o.handoutRuns)
		if err != nil {
			return err
		}
		floorPDFMs = bench.Median(ns) / 1e6
		if floorPDFMs > 0 {
			handoutVsFloor = handoutMs / floorPDFMs
		}
		b.step("floor PDF (BenchmarkModuleHandoutFloor, core font): median %.2f ms of %v ns/op; handout %.1fx", floorPDFMs, ns, handoutVsFloor)
	}
	allocs := map[string]bench.BenchResult{}
	if o.allocsTime != "" {
		rs, err := bench.GoBenchmarkMem(ctx, o.moduleRoot, "./internal/web", "^BenchmarkPages$", o.allocsTime, nil)
		if err != nil {
			return err
		}
		for _, r := range rs {
			allocs[strings.TrimPrefix(r.Name, "BenchmarkPages/")] = r
			b.step("%s: %.0f allocations, %.0f bytes per request (in-process, -benchtime %s)", r.Name, r.AllocsPerOp, r.BytesPerOp, o.allocsTime)
		}
	}

	// Ten times the data: every client gets nine more rounds of finished
	// work, and the measured dashboard shows exactly what it showed before.
	// The ratio compares the median p99 of three short runs on each side,
	// taken just before and just after the history is added, so that a
	// passing burst of other work on a shared machine sways it less.
	var more bench.Counts
	scale, scaleCPU := 0.0, 0.0
	if o.history > 0 {
		short := max(3*time.Second, o.duration/2)
		repeat := func(name string) bench.Load {
			var runs []bench.Load
			for range 3 {
				runs = append(runs, bench.Measured(bench.Attack{Name: name, Targeter: dashboard, Rate: o.rate, Duration: short,
					Check: bench.Status(200)}, srv.PID(), o.dbName))
			}
			l := bench.MedianLoad(name, runs)
			b.step("%s: %s", name, summary(l))
			return l
		}
		base := repeat("dashboard, 1x data, median of 3")
		t = time.Now()
		if more, err = practice.AddHistory(ctx, b.pool, o.history, 2); err != nil {
			return fmt.Errorf("add history: %w", err)
		}
		b.step("added %s in %.1fs", describe(more), time.Since(t).Seconds())
		b.step("%s", copyTimes(more))
		bench.Run(bench.Attack{Name: "warm-up", Targeter: dashboard, Rate: 100, Duration: 2 * time.Second})
		tenfold := repeat(fmt.Sprintf("dashboard, %dx data, median of 3", o.history+1))
		loads = append(loads, base, tenfold)
		if base.P99 > 0 {
			scale = float64(tenfold.P99) / float64(base.P99)
		}
		scaleCPU = float64(tenfold.ServerCPU+tenfold.DatabaseCPU) / float64(max(1, base.ServerCPU+base.DatabaseCPU))
		b.step("scale: p99 ratio %.2f; cpu per request %.2f ms -> %.2f ms (ratio %.2f)", scale,
			msf(base.ServerCPU+base.DatabaseCPU), msf(tenfold.ServerCPU+tenfold.DatabaseCPU),
			float64(tenfold.ServerCPU+tenfold.DatabaseCPU)/float64(max(1, base.ServerCPU+base.DatabaseCPU)))
	}

	for _, l := range loads {
		if l.OK < l.Requests {
			b.step("WARNING: %s: %d of %d requests failed (first: %s); its figures describe an overloaded or failing server", l.Name,
				l.Requests-l.OK, l.Requests, l.FirstError)
		}
	}
	mem, err := srv.Memory()
	if err != nil {
		return err
	}
	// Last, as it resets the peak memory figures: long handouts printed at
	// once (finding 7).
	var pdf pdfResult
	if o.pdfWorkers > 0 {
		if pdf, err = b.pdfLoad(ctx, srv, measured, clinicianCookie); err != nil {
			return err
		}
	}
	srv.Stop()

	printTable(stdout, loads, floor)
	fmt.Fprintf(stdout, "\nseed: %s in %.1fs; scale run added %s\n", describe(counts), seedTime.Seconds(), describe(more))
	fmt.Fprintf(stdout, "handout: %.2f ms (gofpdf, %d pages); Chromium --print-to-pdf: %.0f ms (%d pages); ratio %.0f\n",
		handoutMs, pdfPages, browserMs, browserPages, ratio)
	fmt.Fprintf(stdout, "server memory: peak %.1f MiB (VmHWM), largest 100 ms sample %.1f MiB, at the end %.1f MiB\n",
		mib(mem.HWM), mib(srv.PeakSampledRSS()), mib(mem.RSS))
	if o.pdfWorkers > 0 {
		fmt.Fprintf(stdout, "long handouts (%d pages), %d at once for %s: %d printed, %d refused (503); server peak %.1f MiB; dashboard meanwhile p99 %.2f ms (%d/%d ok)\n",
			pdf.Pages, o.pdfWorkers, o.pdfDuration, pdf.PDFs.Codes[200], pdf.PDFs.Codes[503], mib(pdf.PeakHWM), ms(pdf.Dashboard.P99), pdf.Dashboard.OK, pdf.Dashboard.Requests)
	}
	fmt.Fprintf(stdout, "floor PDF (core font): %.2f ms; module handout %.1fx the floor\n", floorPDFMs, handoutVsFloor)
	fmt.Fprintf(stdout, "allocations per request: floor %.0f (the floor process's runtime/metrics over its saturation run); "+
		"dashboard %.0f, client page %.0f (go test -benchmem BenchmarkPages, in-process)\n",
		floor.AllocsPerRequest, allocs["dashboard"].AllocsPerOp, allocs["client"].AllocsPerOp)
	fmt.Fprintf(stdout, "cpu per request: the server's utime+stime from /proc/<pid>/stat over each run, and the database's: the sum of /proc/<pid>/stat of the postgres backends of %s\n", o.dbName)
	fmt.Fprintf(stdout, "database %s kept for EXPLAIN; took %.0fs\n\n", o.dbName, time.Since(b.started).Seconds())
	fmt.Fprintf(stdout, "BENCH healthz_rps=%.0f dashboard_rps=%.0f dashboard_p99_ms=%.2f client_page_p99_ms=%.2f submit_p99_ms=%.2f handout_ms=%.2f handout_vs_browser=%.0f rss_mib=%.1f scale10_p99_ratio=%.2f pdf_peak_rss_mib=%.1f pdf_dashboard_p99_ms=%.2f",
		healthz.Throughput, dashSat.Throughput, ms(dashFixed.P99), ms(clientFixed.P99), ms(submit.P99), handoutMs, ratio, mib(mem.HWM), scale,
		mib(pdf.PeakHWM), ms(pdf.Dashboard.P99))
	cpu := func(l bench.Load) float64 { return msf(l.ServerCPU + l.DatabaseCPU) }
	fmt.Fprintf(stdout, " floor_rps=%.0f dashboard_vs_floor_rps=%.2f floor_cpu_ms=%.3f dashboard_cpu_ms=%.3f client_page_cpu_ms=%.3f submit_cpu_ms=%.3f "+
		"dashboard_vs_floor_cpu=%.2f client_page_vs_floor_cpu=%.2f floor_p99_ms=%.2f floor_allocs=%.0f dashboard_allocs=%.0f client_page_allocs=%.0f "+
		"floor_pdf_ms=%.2f handout_vs_floor_pdf=%.2f scale10_cpu_ratio=%.2f\n",
		floor.Saturation.Throughput, ratioOf(dashSat.Throughput, floor.Saturation.Throughput), cpu(floor.Fixed), cpu(dashFixed), cpu(clientFixed), cpu(submit),
		ratioOf(cpu(dashFixed), cpu(floor.Fixed)), ratioOf(cpu(clientFixed), cpu(floor.Fixed)), ms(floor.Fixed.P99),
		floor.AllocsPerRequest, allocs["dashboard"].AllocsPerOp, allocs["client"].AllocsPerOp, floorPDFMs, handoutVsFloor, scaleCPU)
	return nil
}

func ratioOf(a, b float64) float64 {
	if b <= 0 {
		return 0
	}
	return a / b
}

// createDatabase drops and recreates the bench database, then migrates it
// and syncs the library with the server binary itself.
func (b *benchRun) createDatabase(ctx context.Context) error {
	u, err := url.Parse(b.o.adminURL)
	if err != nil {
		return fmt.Errorf("admin URL: %w", err)
	}
	if !validName(b.o.dbName) {
		return fmt.Errorf("database name %q: use lower-case letters, digits and _", b.o.dbName)
	}
	conn, err := pgx.Connect(ctx, b.o.adminURL)
	if err != nil {
		return fmt.Errorf("connect to %s: %w (is PostgreSQL running? make bench runs scripts/pg-ensure.sh)", u.Redacted(), err)
	}
	// The database server may be shared: a second bench on the same
	// database name would drop this one's data mid-run. The lock is held by
	// this connection, which stays open until the run ends.
	var locked bool
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock(hashtext('tendbench:' || $1))`, b.o.dbName).Scan(&locked); err != nil {
		conn.Close(ctx)
		return err
	}
	if !locked {
		conn.Close(ctx)
		return fmt.Errorf("another tendbench is using database %s on this server; wait for it, or pass -db another_name", b.o.dbName)
	}
	b.admin = conn
	for _, sql := range []string{"DROP DATABASE IF EXISTS " + b.o.dbName + " WITH (FORCE)", "CREATE DATABASE " + b.o.dbName} {
		if _, err := conn.Exec(ctx, sql); err != nil {
			return fmt.Errorf("%s: %w", sql, err)
		}
	}
	u.Path = "/" + b.o.dbName
	b.dbURL = u.String()
	env := append(os.Environ(), "TEND_ENV=local", "DATABASE_URL="+b.dbURL, "TEND_SESSION_KEY="+b.sessionKey)
	for _, args := range [][]string{{"migrate", "up"}, {"seed", "library"}} {
		cmd := exec.CommandContext(ctx, b.o.serverBin, args...)
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("%s %s: %w\n%s", b.o.serverBin, strings.Join(args, " "), err, out)
		}
	}
	b.step("created database %s, migrated, library synced", b.o.dbName)
	return nil
}

func validName(s string) bool {
	if s == "" || len(s) > 63 {
		return false
	}
	for _, r := range s {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '_' {
			return false
		}
	}
	return true
}

// checkPages fetches each measured page once and checks that it is the
// real page with the seeded data on it, so the load runs measure pages and
// not sign-in redirects or errors.
func (b *benchRun) checkPages(ctx context.Context, base, cookie, clientPage string) error {
	for _, p := range []struct{ path, want string }{
		{"/clinician", "<h1>Review queue</h1>"},
		{"/clinician", "To review"},
		{clientPage, "<svg"},
	} {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+p.path, nil)
		if err != nil {
			return err
		}
		req.Header.Set("Cookie", cookie)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || !strings.Contains(string(body), p.want) {
			return fmt.Errorf("GET %s: status %d, page without %q", p.path, res.StatusCode, p.want)
		}
		b.step("GET %s: %d bytes", p.path, len(body))
	}
	return nil
}

// submitTargeter posts one completed reflection per fresh assignment,
// spreading the submits over the signed-in clients. Each POST carries
// version 0 (no draft yet) and its own submission key, exactly as the form
// does; an assignment is never posted twice, so every submit is a real one
// and none is answered by the resend check. It returns the ids posted.
func submitTargeter(base string, cookies []string, work [][]int64, now time.Time) (vegeta.Targeter, func() []int64) {
	var next bench.Counter
	posted := make(chan int64, 1<<16)
	tr := func(t *vegeta.Target) error {
		i := next.Next()
		c, j := i%len(cookies), i/len(cookies)
		if j >= len(work[c]) || j >= cap(posted)/len(cookies) {
			return vegeta.ErrNoTargets
		}
		id := work[c][j]
		form := bench.ReflectionForm(uint64(id), now.AddDate(0, 0, -1))
		form.Set("action", "submit")
		form.Set("version", "0")
		form.Set("submission_key", fmt.Sprintf("bench-%d", id))
		t.Method = http.MethodPost
		t.URL = fmt.Sprintf("%s/me/assignments/%d", base, id)
		t.Body = []byte(form.Encode())
		t.Header = http.Header{"Cookie": {cookies[c]}, "Content-Type": {"application/x-www-form-urlencoded"}}
		posted <- id
		return nil
	}
	done := func() []int64 {
		var ids []int64
		for {
			select {
			case id := <-posted:
				ids = append(ids, id)
			default:
				return ids
			}
		}
	}
	return tr, done
}

// submitCheck accepts the redirect back to the same worksheet that a
// successful submit answers (POST, redirect, GET).
func submitCheck(r *vegeta.Result) error {
	if r.Code != http.StatusSeeOther {
		return fmt.Errorf("POST %s: status %d, want 303", r.URL, r.Code)
	}
	u, _ := url.Parse(r.URL)
	if loc := r.Headers.Get("Location"); u == nil || loc != u.Path {
		return fmt.Errorf("POST %s: redirected to %q", r.URL, loc)
	}
	return nil
}

func countSubmitted(ctx context.Context, pool *pgxpool.Pool, ids []int64) (int, error) {
	var n int
	err := pool.QueryRow(ctx, `SELECT count(*) FROM responses r JOIN assignments a ON a.id = r.assignment_id
		WHERE r.assignment_id = ANY($1) AND r.state = 'submitted' AND a.status = 'submitted'`, ids).Scan(&n)
	return n, err
}

// browserPrint times Chromium printing the module page a clinician sees,
// saved with their session, and returns the handout's page count, the
// median print time in ms and the browser PDF's page count. Without
// Chromium it returns zeros.
func (b *benchRun) browserPrint(ctx context.Context, base, cookie string) (int, float64, int, error) {
	handoutPDF := filepath.Join(b.tmp, "handout.pdf")
	if err := download(ctx, base+"/handouts/modules/"+b.o.module+".pdf", cookie, handoutPDF); err != nil {
		return 0, 0, 0, err
	}
	pages := bench.PDFPages(handoutPDF)
	chromium := bench.FindChromium()
	if chromium == "" {
		b.step("Chromium not found: handout_vs_browser=0")
		return pages, 0, 0, nil
	}
	page, err := bench.SavePage(ctx, base, "/library/modules/"+b.o.module, cookie, b.tmp)
	if err != nil {
		return 0, 0, 0, err
	}
	var times []float64
	browserPDF := filepath.Join(b.tmp, "browser.pdf")
	for range b.o.browserRuns {
		d, err := bench.ChromiumPDF(ctx, chromium, page, browserPDF)
		if err != nil {
			return 0, 0, 0, err
		}
		times = append(times, float64(d.Microseconds())/1000)
	}
	median := bench.Median(times)
	b.step("Chromium --print-to-pdf of /library/modules/%s: %v ms, median %.0f ms", b.o.module, times, median)
	return pages, median, bench.PDFPages(browserPDF), nil
}

func download(ctx context.Context, u, cookie, file string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Cookie", cookie)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: status %d", u, res.StatusCode)
	}
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, res.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// printTable prints every run with its ratios to the floor page: ok/s to
// the floor's at saturation (saturation runs), CPU per request to the
// floor's at the fixed rate (every run).
func printTable(w io.Writer, loads []bench.Load, floor floorResult) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "run\trate\trequests\tok\tok/s\tx floor ok/s\tp50 ms\tp90 ms\tp99 ms\tmax ms\tserver cpu ms/req\tdb cpu ms/req\tx floor cpu\tstatus codes\t")
	floorCPU := msf(floor.Fixed.ServerCPU + floor.Fixed.DatabaseCPU)
	for _, l := range loads {
		rate, vsRPS := "max", "-"
		if l.Rate > 0 {
			rate = fmt.Sprintf("%d/s", l.Rate)
		} else if floor.Saturation.Throughput > 0 {
			vsRPS = fmt.Sprintf("%.2f", l.Throughput/floor.Saturation.Throughput)
		}
		vsCPU := "-"
		if floorCPU > 0 {
			vsCPU = fmt.Sprintf("%.2f", msf(l.ServerCPU+l.DatabaseCPU)/floorCPU)
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%.0f\t%s\t%.2f\t%.2f\t%.2f\t%.2f\t%.3f\t%.3f\t%s\t%v\t\n", l.Name, rate, l.Requests, l.OK, l.Throughput, vsRPS,
			ms(l.P50), ms(l.P90), ms(l.P99), ms(l.Max), msf(l.ServerCPU), msf(l.DatabaseCPU), vsCPU, l.Codes)
	}
	tw.Flush()
	for _, l := range loads {
		if l.FirstError != "" {
			fmt.Fprintf(w, "%s: first error: %s\n", l.Name, l.FirstError)
		}
	}
}

func summary(l bench.Load) string {
	s := fmt.Sprintf("%d requests, %d ok, %.0f ok/s, p50 %.2f ms, p99 %.2f ms, max %.2f ms; cpu per request: server %.3f ms, database %.3f ms",
		l.Requests, l.OK, l.Throughput, ms(l.P50), ms(l.P99), ms(l.Max), msf(l.ServerCPU), msf(l.DatabaseCPU))
	if l.FirstError != "" {
		s += "; first error: " + l.FirstError
	}
	return s
}

func describe(c bench.Counts) string {
	return fmt.Sprintf("%d users, %d clients, %d assignments, %d responses (%d submitted), %d comments, %d audit events",
		c.Users, c.Clients, c.Assignments, c.Responses, c.Submitted, c.Comments, c.AuditEvents)
}

// copyTimes says where seeding spent its time.
func copyTimes(c bench.Counts) string {
	tables := make([]string, 0, len(c.CopyTime))
	for t := range c.CopyTime {
		tables = append(tables, t)
	}
	slices.Sort(tables)
	var parts []string
	for _, t := range tables {
		parts = append(parts, fmt.Sprintf("%s %.1fs", t, c.CopyTime[t].Seconds()))
	}
	return fmt.Sprintf("COPY time per table (summed over parallel streams): %s; VACUUM ANALYZE %.1fs",
		strings.Join(parts, ", "), c.Settle.Seconds())
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func msf(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }

func mib(b uint64) float64 { return float64(b) / (1 << 20) }
