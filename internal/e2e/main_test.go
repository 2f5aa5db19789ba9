package e2e

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// One Chromium process serves the whole package; each person in a test gets
// their own browser context (cookies, storage) inside it.
var chromium struct {
	once    sync.Once
	path    string             // the executable, "" when none was found
	root    context.Context    // a chromedp context whose browser is running
	stop    context.CancelFunc // ends the browser
	dataDir string
	output  *lockedBuffer
	err     error
}

func TestMain(m *testing.M) {
	flag.Parse()
	raiseParallel()
	code := m.Run()
	if chromium.stop != nil {
		chromium.stop()
	}
	if chromium.dataDir != "" {
		_ = os.RemoveAll(chromium.dataDir)
	}
	os.Exit(code)
}

// raiseParallel lets more browser tests run at once than go test's default
// (GOMAXPROCS) unless -parallel was given: they spend most of their time
// waiting for Chromium and PostgreSQL, not on a CPU of their own.
// TEND_E2E_PARALLEL overrides the default of 4.
func raiseParallel() {
	explicit := false
	flag.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "test.parallel" })
	want := 4
	if n, err := strconv.Atoi(os.Getenv("TEND_E2E_PARALLEL")); err == nil && n > 0 {
		want = n
	} else if explicit || runtime.GOMAXPROCS(0) >= want {
		return
	}
	_ = flag.Set("test.parallel", strconv.Itoa(want))
}

// required reports whether a missing browser (or axe-core) must fail the
// suite rather than skip it: CI sets TEND_E2E=required.
func required() bool { return os.Getenv("TEND_E2E") == "required" }

// findChromium returns the browser to drive: TEND_CHROMIUM if set, else the
// first Chromium or Chrome on PATH.
func findChromium() string {
	if p := os.Getenv("TEND_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browserRoot returns the shared browser, starting it on first use. Without
// a browser the test is skipped, or fails under TEND_E2E=required.
func browserRoot(t testing.TB) context.Context {
	t.Helper()
	chromium.once.Do(startChromium)
	if chromium.path == "" {
		msg := "no Chromium found (install Debian's chromium: apt-get install -y chromium, or run scripts/e2e-deps.sh --browser as root; or set TEND_CHROMIUM)"
		if required() {
			t.Fatal("TEND_E2E=required: " + msg)
		}
		t.Skip(msg)
	}
	if chromium.err != nil {
		t.Fatalf("start %s: %v\nbrowser output:\n%s", chromium.path, chromium.err, chromium.output.String())
	}
	return chromium.root
}

func startChromium() {
	chromium.path = findChromium()
	if chromium.path == "" {
		return
	}
	dir, err := os.MkdirTemp("", "tend-e2e-chromium-")
	if err != nil {
		chromium.err = err
		return
	}
	chromium.dataDir = dir
	chromium.output = &lockedBuffer{}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium.path),
		chromedp.UserDataDir(dir),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		// The machine has no internet: without these Chromium keeps trying
		// to reach Google's services.
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-domain-reliability", true),
		chromedp.Flag("lang", "en-GB"),
		chromedp.WindowSize(desktop.Width, desktop.Height),
		chromedp.CombinedOutput(chromium.output),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	root, cancelRoot := chromedp.NewContext(alloc)
	chromium.root = root
	chromium.stop = func() { cancelRoot(); cancelAlloc() }

	// The first Do starts the browser and ties it to root, so it runs
	// without a deadline; a watchdog stops a browser that never answers.
	done := make(chan error, 1)
	go func() { done <- chromedp.Do(root) }()
	select {
	case err = <-done:
	case <-time.After(60 * time.Second):
		cancelRoot()
		err = errors.New("the browser did not start within 60s")
	}
	chromium.err = err
}

// lockedBuffer collects the browser's own output for error messages.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	if l == nil {
		return ""
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.b.String()
	if len(s) > 4000 {
		s = "..." + s[len(s)-4000:]
	}
	return strings.TrimSpace(s)
}
