package web_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/tend-practice/tend/internal/account"
	"github.com/tend-practice/tend/internal/app"
	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/client"
	"github.com/tend-practice/tend/internal/config"
	"github.com/tend-practice/tend/internal/database"
	"github.com/tend-practice/tend/internal/database/dbtest"
	"github.com/tend-practice/tend/internal/testkit"
)

// --- a private PostgreSQL cluster -------------------------------------------

// privateCluster is a throwaway PostgreSQL server of this test's own, on a
// free loopback port: the test may stop and start it without touching the
// shared server other tests use.
type privateCluster struct {
	t    *testing.T
	bin  string // directory of initdb and pg_ctl
	data string
	port int
}

// pgBin finds initdb and pg_ctl the way scripts/pg-ensure.sh does.
func pgBin() string {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Sort(sort.Reverse(sort.StringSlice(dirs)))
	for _, d := range append(dirs, "/usr/local/pgsql/bin") {
		if st, err := os.Stat(filepath.Join(d, "initdb")); err == nil && !st.IsDir() {
			return d
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		if _, err := exec.LookPath("pg_ctl"); err == nil {
			return filepath.Dir(p)
		}
	}
	return ""
}

// asOwner runs a server program as the postgres user when we are root
// (PostgreSQL refuses to run as root), as ourselves otherwise.
func asOwner(name string, args ...string) *exec.Cmd {
	if os.Geteuid() == 0 {
		return exec.Command("runuser", append([]string{"-u", "postgres", "--", name}, args...)...)
	}
	return exec.Command(name, args...)
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func newPrivateCluster(t *testing.T) *privateCluster {
	t.Helper()
	bin := pgBin()
	if bin == "" {
		t.Skip("initdb and pg_ctl not found: install PostgreSQL's server (apt-get install -y postgresql) to run the restart test")
	}
	// Not t.TempDir: the postgres user must be able to reach it.
	dir, err := os.MkdirTemp("", "tend-pg-restart-")
	if err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() == 0 {
		if out, err := exec.Command("chown", "postgres:", dir).CombinedOutput(); err != nil {
			os.RemoveAll(dir)
			t.Skipf("cannot give %s to the postgres user: %v %s", dir, err, out)
		}
	}
	c := &privateCluster{t: t, bin: bin, data: filepath.Join(dir, "data"), port: freePort(t)}
	t.Cleanup(func() {
		_ = asOwner(filepath.Join(bin, "pg_ctl"), "-D", c.data, "-m", "immediate", "-w", "stop").Run()
		os.RemoveAll(dir)
	})
	if out, err := asOwner(filepath.Join(bin, "initdb"), "-D", c.data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C").CombinedOutput(); err != nil {
		t.Skipf("initdb failed (%v); the restart test needs a private cluster:\n%s", err, out)
	}
	c.start()
	return c
}

func (c *privateCluster) pgCtl(args ...string) {
	c.t.Helper()
	args = append([]string{"-D", c.data, "-w", "-t", "60"}, args...)
	if out, err := asOwner(filepath.Join(c.bin, "pg_ctl"), args...).CombinedOutput(); err != nil {
		c.t.Fatalf("pg_ctl %v: %v\n%s", args, err, out)
	}
}

func (c *privateCluster) start() {
	c.t.Helper()
	c.pgCtl("-l", filepath.Join(filepath.Dir(c.data), "server.log"),
		"-o", fmt.Sprintf("-c listen_addresses=127.0.0.1 -p %d -c unix_socket_directories='' -c fsync=off", c.port), "start")
}

func (c *privateCluster) stop() { c.t.Helper(); c.pgCtl("-m", "fast", "stop") }

func (c *privateCluster) url(db string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", c.port, db)
}

// --- shared pieces -----------------------------------------------------------

// world is one clinician and one client with an account, arranged through
// the services, over any database.
type world struct {
	app       *app.App
	clin, cli auth.Actor
}

func newWorld(t *testing.T, a *app.App) world {
	t.Helper()
	ctx := context.Background()
	u, err := a.Accounts.Create(ctx, auth.Actor{}, account.NewUser{Email: "clin@example.test", DisplayName: "Clin", Role: auth.RoleClinician, Password: testPassword})
	if err != nil {
		t.Fatal(err)
	}
	w := world{app: a, clin: auth.Actor{UserID: u.ID, Role: u.Role}}
	c, token, err := a.Clients.Create(ctx, w.clin, client.NewClient{DisplayName: "Avery", Email: "avery@example.test"})
	if err != nil {
		t.Fatal(err)
	}
	uid, err := a.Clients.AcceptInvite(ctx, token, "", testPassword)
	if err != nil {
		t.Fatal(err)
	}
	w.cli = auth.Actor{UserID: uid, Role: auth.RoleClient, ClientID: c.ID}
	return w
}

func (w world) assignMany(t *testing.T, n int) []int64 {
	t.Helper()
	items := make([]assignment.New, n)
	for i := range items {
		items[i] = assignment.New{Kind: "worksheet", Slug: "after-intimacy-reflection"}
	}
	ids, err := w.app.Assignments.Assign(context.Background(), w.clin, w.cli.ClientID, items)
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// httpSession is a signed-in client of a server at base, for load: a plain
// http.Client that does not follow redirects.
func httpSession(t *testing.T, base, email string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := postForm(c, base, "/login", url.Values{"email": {email}, "password": {testPassword}})
	if err != nil || res != http.StatusSeeOther {
		t.Fatalf("sign in to %s: %d %v", base, res, err)
	}
	return c
}

func postForm(c *http.Client, base, path string, form url.Values) (int, error) {
	req, _ := http.NewRequest(http.MethodPost, base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", base)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	res, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	_, err = io.Copy(io.Discard, res.Body)
	if err != nil {
		return 0, err // cut off mid-answer: not an acknowledgement
	}
	return res.StatusCode, nil
}

func randomText() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// ack is a save or submit the server answered with success.
type ack struct {
	id     int64
	text   string
	submit bool
	at     time.Time
}

// submitForm is a complete worksheet submission (or a draft save) of text.
func submitForm(text string, submit bool) url.Values {
	f := reflectionForm("2")
	f.Set("what_helped", text)
	f.Set("version", "0")
	f.Set("action", "save")
	if submit {
		f.Set("action", "submit")
		f.Set("submission_key", randomText())
	}
	return f
}

// verifyAcks checks that every acknowledged save and submit is stored with
// its text, read back through the service.
func verifyAcks(t *testing.T, a *app.App, cli auth.Actor, acks []ack) {
	t.Helper()
	ctx := context.Background()
	for _, k := range acks {
		as, err := a.Assignments.Get(ctx, cli, k.id)
		if err != nil {
			t.Fatalf("assignment %d: %v", k.id, err)
		}
		r, err := a.Assignments.Response(ctx, cli, as)
		if err != nil {
			t.Fatalf("response %d: %v", k.id, err)
		}
		wantState := "draft"
		if k.submit {
			wantState = "submitted"
		}
		if r.State != wantState || r.Answers.Text("what_helped") != k.text {
			t.Errorf("assignment %d was acknowledged (%s, %q) but the database has %s %q", k.id, wantState, k.text, r.State, r.Answers.Text("what_helped"))
		}
	}
}

// --- PostgreSQL restarted under load -----------------------------------------

func TestReliability_PostgresRestartUnderLoad_NoAcknowledgedWorkLost(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts and restarts a PostgreSQL cluster")
	}
	pg := newPrivateCluster(t)
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, pg.url("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(ctx, `CREATE DATABASE tend`); err != nil {
		t.Fatal(err)
	}
	admin.Close(ctx)
	db, err := database.Open(ctx, pg.url("tend"), database.Options{MaxConns: 8})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	if _, err := database.Migrate(ctx, db.SQL); err != nil {
		t.Fatal(err)
	}
	a := testkit.New(t, testkit.WithDB(db), testkit.WithConfig(func(c *config.Config) { *c = sealCfg(0, "") })).App
	srv := testkit.Serve(t, a)
	w := newWorld(t, a)
	ids := w.assignMany(t, 600)
	c := httpSession(t, srv.URL, "avery@example.test")

	ready := func() int {
		res, err := http.Get(srv.URL + "/readyz")
		if err != nil {
			return 0
		}
		res.Body.Close()
		return res.StatusCode
	}
	if ready() != http.StatusOK {
		t.Fatal("not ready before the restart")
	}

	// Load: three workers save and submit until told to stop.
	var (
		mu       sync.Mutex
		acks     []ack
		failures atomic.Int64
		next     atomic.Int64
		stop     = make(chan struct{})
		wg       sync.WaitGroup
	)
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				i := next.Add(1) - 1
				if int(i) >= len(ids) {
					return
				}
				// As a person (or the autosave script) would: the same form
				// again until it is answered. A submit carries the same key,
				// so a retry of one that was stored is answered as a success.
				id, text, submit := ids[i], "restart-"+randomText(), i%3 != 0
				form := submitForm(text, submit)
			retry:
				for {
					st, err := postForm(c, srv.URL, fmt.Sprintf("/me/assignments/%d", id), form)
					switch {
					case err == nil && st == http.StatusSeeOther:
						mu.Lock()
						acks = append(acks, ack{id: id, text: text, submit: submit, at: time.Now()})
						mu.Unlock()
						// A steady pace, so the assignments last through the
						// restart however fast the machine is.
						select {
						case <-stop:
							return
						case <-time.After(20 * time.Millisecond):
						}
						break retry
					case err == nil && st == http.StatusConflict:
						break retry // a save that was stored before its answer was lost
					}
					failures.Add(1)
					select {
					case <-stop:
						return
					case <-time.After(50 * time.Millisecond):
					}
				}
			}
		}()
	}
	defer func() {
		select {
		case <-stop:
		default:
			close(stop)
		}
		wg.Wait()
	}()

	// Stop the database once the load is well under way.
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		mu.Lock()
		n := len(acks)
		mu.Unlock()
		if n >= 30 {
			break
		}
	}
	pg.stop()
	stoppedAt := time.Now()
	sawUnready := false
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if ready() == http.StatusServiceUnavailable {
			sawUnready = true
			break
		}
	}
	if !sawUnready {
		t.Fatal("/readyz did not report 503 while PostgreSQL was down")
	}
	time.Sleep(time.Second) // load keeps arriving while the database is down
	pg.start()
	restartedAt := time.Now()
	recovered := false
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if ready() == http.StatusOK {
			recovered = true
			break
		}
	}
	if !recovered {
		t.Fatal("/readyz did not recover after PostgreSQL came back (the app was not restarted)")
	}
	// Keep the load going until some work is acknowledged after the restart
	// (bounded), so a busy machine's slow reconnect is not mistaken for loss.
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		mu.Lock()
		n := 0
		for _, k := range acks {
			if k.at.After(restartedAt) {
				n++
			}
		}
		mu.Unlock()
		if n >= 20 {
			break
		}
	}
	close(stop)
	wg.Wait()

	var before, during, after int
	for _, k := range acks {
		switch {
		case k.at.Before(stoppedAt):
			before++
		case k.at.Before(restartedAt):
			during++
		default:
			after++
		}
	}
	t.Logf("acknowledged %d (%d before the stop, %d while stopping, %d after the restart), %d failed", len(acks), before, during, after, failures.Load())
	if before == 0 || after == 0 {
		t.Fatalf("the load did not span the restart: %d before, %d after", before, after)
	}
	if failures.Load() == 0 {
		t.Fatal("no request failed while PostgreSQL was down: the test did not exercise the outage")
	}
	verifyAcks(t, a, w.cli, acks)
	var submitted int64
	db.Gorm.Raw(`SELECT count(*) FROM responses WHERE state = 'submitted'`).Scan(&submitted)
	want := 0
	for _, k := range acks {
		if k.submit {
			want++
		}
	}
	if int(submitted) < want {
		t.Fatalf("%d submissions stored, %d acknowledged", submitted, want)
	}
}

// --- SIGTERM with submissions in flight --------------------------------------

// buildTend builds the tend binary once per test binary run.
var buildTend = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "tend-bin-")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "tend")
	out, err := exec.Command("go", "build", "-o", bin, "github.com/tend-practice/tend/cmd/tend").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

func TestReliability_SIGTERMWithSubmissionsInFlight_EveryAcknowledgedOneStored(t *testing.T) {
	// Serial on purpose: it waits for acknowledged submissions from a real
	// process, which a CPU-starved parallel run can delay past the signal.
	if testing.Short() {
		t.Skip("builds and runs the tend binary")
	}
	if runtime.GOOS == "windows" {
		t.Skip("needs SIGTERM")
	}
	bin, err := buildTend()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(filepath.Dir(bin)) })
	ctx := context.Background()
	name := dbtest.NewDatabase(t)
	db, err := database.Open(ctx, dbtest.URL(name), database.Options{MaxConns: 4})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	cfg := sealCfg(5, "")
	a, err := app.New(ctx, cfg, db, slog.New(slog.NewTextHandler(io.Discard, nil)), app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.SyncLibrary(ctx); err != nil {
		t.Fatal(err)
	}
	w := newWorld(t, a)
	ids := w.assignMany(t, 300)

	port := freePort(t)
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	var out strings.Builder
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(os.Environ(), "TEND_ENV=local", "DATABASE_URL="+dbtest.URL(name), "TEND_LISTEN="+fmt.Sprintf("127.0.0.1:%d", port),
		"TEND_BASE_URL="+base, "TEND_SESSION_KEY="+cfg.SessionKey, "TEND_DATA_KEYS=", "TEND_AUTO_MIGRATE=false", "TEND_DEMO=false", "TEND_LOG_LEVEL=warn")
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
	})
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if res, err := http.Get(base + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("tend serve did not become ready:\n%s", out.String())
		}
	}
	c := httpSession(t, base, "avery@example.test")
	c.Transport = &http.Transport{MaxIdleConnsPerHost: 32} // many connections in flight at once

	var (
		mu        sync.Mutex
		acks      []ack
		refused   atomic.Int64
		otherFail atomic.Int64
		next      atomic.Int64
		wg        sync.WaitGroup
		fired     atomic.Int64
	)
	big := strings.Repeat("slow enough to be in flight ", 300)
	for range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if int(i) >= len(ids) {
					return
				}
				fired.Add(1)
				id, text, submit := ids[i], "sigterm-"+randomText()+" "+big, i%4 != 0
				st, err := postForm(c, base, fmt.Sprintf("/me/assignments/%d", id), submitForm(text, submit))
				switch {
				case err == nil && st == http.StatusSeeOther:
					mu.Lock()
					acks = append(acks, ack{id: id, text: text, submit: submit})
					mu.Unlock()
				case err != nil && (errors.Is(err, syscall.ECONNREFUSED) || strings.Contains(err.Error(), "connection refused")):
					refused.Add(1)
				default:
					otherFail.Add(1) // reset, EOF or a non-success status: never counted as stored
				}
			}
		}()
	}
	// Signal only after 60 submissions were acknowledged, so the check below
	// does not depend on how fast a busy machine accepts connections.
	for deadline := time.Now().Add(60 * time.Second); ; {
		mu.Lock()
		n := len(acks)
		mu.Unlock()
		if n >= 60 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d submissions acknowledged before the signal", n)
		}
		time.Sleep(2 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	sentAt := time.Now()
	wg.Wait()
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("tend serve exited with %v after SIGTERM:\n%s", err, out.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("tend serve still running 20s after SIGTERM:\n%s", out.String())
	}
	exited <- nil // for the cleanup
	t.Logf("fired %d, acknowledged %d, refused after shutdown %d, other failures %d; exit %s after SIGTERM",
		fired.Load(), len(acks), refused.Load(), otherFail.Load(), time.Since(sentAt).Round(time.Millisecond))
	if len(acks) < 60 || refused.Load() == 0 {
		t.Fatalf("the signal did not land mid-load (%d acknowledged, %d refused)", len(acks), refused.Load())
	}
	verifyAcks(t, a, w.cli, acks)
}

// --- backup and restore -------------------------------------------------------

func TestReliability_BackupRestoredIntoAFreshDatabase_ShowsTheSameData(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("pg_restore"); err != nil {
		t.Skip("pg_restore not installed (apt-get install postgresql-client)")
	}
	p := newPractice(t)
	ctx := context.Background()
	c, submitted, draft := populateCanaries(t, p)
	clinPaths := []string{"/clinician", fmt.Sprintf("/clinician/clients/%d", p.client1.ClientID),
		fmt.Sprintf("/clinician/assignments/%d", submitted), fmt.Sprintf("/clinician/assignments/%d", draft)}
	clientPaths := []string{"/me", fmt.Sprintf("/me/assignments/%d", submitted), fmt.Sprintf("/me/assignments/%d", draft)}
	// Forms carry a fresh random submission key on every view.
	freshKey := regexp.MustCompile(`name="submission_key" value="[0-9a-f]+"`)
	// Relative times ("just now", "1 min ago") move with the clock while the
	// test runs; the absolute time beside them is compared.
	relative := regexp.MustCompile(`just now|\b\d+ (min|h|d|mins|hours?|days?) ago`)
	snapshot := func(h *harness) map[string]string {
		clin, cl := h.signedIn("clin1@example.test"), h.signedIn("client1@example.test")
		out := map[string]string{}
		for _, path := range clinPaths {
			out["clinician "+path] = relative.ReplaceAllString(clin.get(path).Body, "(relative)")
		}
		for _, path := range clientPaths {
			out["client "+path] = relative.ReplaceAllString(freshKey.ReplaceAllString(cl.get(path).Body, `name="submission_key"`), "(relative)")
		}
		return out
	}
	// The first look marks the comments seen ("New" markers go), as any
	// reader's would; the state to keep is the one after it.
	snapshot(p.harness)
	before := snapshot(p.harness)

	// The operator's backup: the documented pg_dump command.
	dump := filepath.Join(t.TempDir(), "tend.dump")
	p.pgDump("--format=custom", "--file="+dump)

	// Restore into a database that did not exist.
	fresh := "tend_restore_" + randomText()[:12]
	admin, err := pgx.Connect(ctx, dbtest.AdminURL())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, `CREATE DATABASE `+fresh); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dbtest.Drop(fresh) })
	if out, err := exec.Command("pg_restore", "--no-owner", "--exit-on-error", "--dbname="+dbtest.URL(fresh), dump).CombinedOutput(); err != nil {
		t.Fatalf("pg_restore: %v\n%s", err, out)
	}
	db, err := database.Open(ctx, dbtest.URL(fresh), database.Options{MaxConns: 4})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	st, err := database.Status(ctx, db.SQL)
	if err != nil || st.Behind() {
		t.Fatalf("restored schema: %+v %v", st, err)
	}
	logs := &testkit.Logs{}
	restored, err := app.New(ctx, sealCfg(0, ""), db, slog.New(slog.NewTextHandler(logs, nil)), app.Options{})
	if err != nil {
		t.Fatalf("app on the restored database: %v", err)
	}
	h2 := serveHarness(t, restored, logs)
	after := snapshot(h2)
	for key, page := range before {
		if after[key] != page {
			t.Errorf("%s differs after the restore: %s", key, firstLineDiff(page, after[key]))
		}
	}
	for name, text := range c.all() {
		if name == "form typed after expiry" || name == "draft answer" {
			continue // the clinician pages never show these
		}
		if !strings.Contains(after["clinician "+clinPaths[2]], text) {
			t.Errorf("the restored reflection page lacks the %s", name)
		}
	}
	if !strings.Contains(after["client "+clientPaths[2]], c.Draft) {
		t.Error("the restored draft lacks its text")
	}
	// Without the key the backup is unreadable: the app refuses to start.
	if _, err := app.New(ctx, sealCfg(9, ""), db, slog.New(slog.NewTextHandler(io.Discard, nil)), app.Options{}); err == nil {
		t.Fatal("the restored database opened with another TEND_SESSION_KEY")
	}
}

// firstLineDiff describes the first line where a and b differ.
func firstLineDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return fmt.Sprintf("line %d: before %q, after %q", i+1, strings.TrimSpace(x), strings.TrimSpace(y))
		}
	}
	return "same lines"
}
