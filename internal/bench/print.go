package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// GoBenchmark runs one Go benchmark count times in pkg (from dir, the module
// root) and returns its ns/op, one per run.
func GoBenchmark(ctx context.Context, dir, pkg, name string, count int) ([]float64, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "test", "-run", "^$", "-bench", name, "-count", strconv.Itoa(count), pkg)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("go test -bench %s: %w\n%s", name, err, out)
	}
	return parseNsPerOp(string(out))
}

var nsPerOp = regexp.MustCompile(`(?m)^Benchmark\S*\s+\d+\s+([0-9.]+) ns/op`)

func parseNsPerOp(out string) ([]float64, error) {
	var ns []float64
	for _, m := range nsPerOp.FindAllStringSubmatch(out, -1) {
		v, err := strconv.ParseFloat(m[1], 64)
		if err != nil {
			return nil, err
		}
		ns = append(ns, v)
	}
	if len(ns) == 0 {
		return nil, fmt.Errorf("no ns/op in benchmark output:\n%s", out)
	}
	return ns, nil
}

// Median of xs (which it sorts).
func Median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	slices.Sort(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

// FindChromium returns the browser the e2e tests use: TEND_CHROMIUM, else
// the first of chromium, chromium-browser, google-chrome on PATH; "" if none.
func FindChromium() string {
	if v := os.Getenv("TEND_CHROMIUM"); v != "" {
		return v
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// SavePage fetches a signed-in page and its stylesheet into dir, rewritten to
// load from there, so a browser can print exactly what the person sees
// without a session. It returns the page's file.
func SavePage(ctx context.Context, base, path, cookie, dir string) (string, error) {
	get := func(p string) ([]byte, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+p, nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Cookie", cookie)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			return nil, err
		}
		defer res.Body.Close()
		if res.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("GET %s: status %d", p, res.StatusCode)
		}
		return io.ReadAll(io.LimitReader(res.Body, 8<<20))
	}
	page, err := get(path)
	if err != nil {
		return "", err
	}
	css, err := get("/static/app.css")
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, "app.css"), css, 0o600); err != nil {
		return "", err
	}
	html := strings.ReplaceAll(string(page), `"/static/app.css"`, `"app.css"`)
	file := filepath.Join(dir, "page.html")
	return file, os.WriteFile(file, []byte(html), 0o600)
}

// ChromiumPDF prints an HTML file to PDF with headless Chromium, from a
// fresh profile each time (as a server printing on demand would start it),
// and returns how long it took.
func ChromiumPDF(ctx context.Context, chromium, htmlFile, pdfFile string) (time.Duration, error) {
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	profile, err := os.MkdirTemp("", "tendbench-chromium-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(profile)
	start := time.Now()
	cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu",
		"--user-data-dir="+profile, "--no-pdf-header-footer", "--print-to-pdf="+pdfFile, "file://"+htmlFile)
	out, err := cmd.CombinedOutput()
	d := time.Since(start)
	if err != nil {
		return d, fmt.Errorf("%s --print-to-pdf: %w\n%s", chromium, err, out)
	}
	if st, err := os.Stat(pdfFile); err != nil || st.Size() == 0 {
		return d, fmt.Errorf("%s wrote no PDF\n%s", chromium, out)
	}
	return d, nil
}

// PDFPages counts a PDF's pages with pdfinfo (poppler-utils), or returns 0
// when it is not installed.
func PDFPages(file string) int {
	out, err := exec.Command("pdfinfo", file).Output()
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(out), "\n") {
		if v, ok := strings.CutPrefix(line, "Pages:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(v))
			return n
		}
	}
	return 0
}
