package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/tend-practice/tend/internal/bench"
)

// pdfFields and pdfAnswer make the long handout of finding 7: a
// clinician's worksheet of 40 long-text fields, each answered with 9,990
// characters (about 490 KB of answers, some 150 pages).
const (
	pdfFields = 40
	pdfAnswer = 9990
)

// pdfResult is what the concurrent-handout run measured.
type pdfResult struct {
	// Baseline is the dashboard just before, with no prints: on a shared
	// machine it says how much of the latency during the prints is theirs.
	PDFs, Dashboard, Baseline bench.Load
	Pages                     int
	PeakHWM                   uint64 // VmHWM over the run (reset just before it)
	PeakSampled               uint64
}

// pdfLoad prints the long handout with o.pdfWorkers requests at once for
// o.pdfDuration while the clinician's dashboard is loaded at a fixed 20
// requests per second, and measures the server's peak memory over exactly
// that run and the dashboard's latency during it. A print may be answered
// 200 or, when every render slot stayed taken, 503 with Retry-After.
func (b *benchRun) pdfLoad(ctx context.Context, srv *bench.Server, clinician bench.Clinician, cookie string) (pdfResult, error) {
	var r pdfResult
	id, err := b.longHandout(ctx, srv.URL, clinician, cookie)
	if err != nil {
		return r, err
	}
	pdfURL := fmt.Sprintf("%s/handouts/assignments/%d.pdf", srv.URL, id)
	file := b.tmp + "/long-handout.pdf"
	if err := download(ctx, pdfURL, cookie, file); err != nil {
		return r, err
	}
	r.Pages = bench.PDFPages(file)
	b.step("long handout: assignment %d, %d pages", id, r.Pages)
	dashboard := bench.Get(srv.URL+"/clinician", cookie)
	r.Baseline = bench.Run(bench.Attack{Name: "dashboard before the prints", Targeter: dashboard, Rate: 20, Duration: 5 * time.Second,
		Check: bench.Status(http.StatusOK)})
	b.step("%s: %s", r.Baseline.Name, summary(r.Baseline))
	if err := srv.ResetPeak(); err != nil {
		return r, fmt.Errorf("reset peak memory: %w", err)
	}
	done := make(chan bench.Load, 1)
	go func() {
		done <- bench.Run(bench.Attack{Name: fmt.Sprintf("long handout, %d at once", b.o.pdfWorkers), Targeter: bench.Get(pdfURL, cookie),
			Workers: b.o.pdfWorkers, Duration: b.o.pdfDuration, Timeout: 60 * time.Second, Check: pdfCheck})
	}()
	// The dashboard run starts once the prints are under way and ends
	// before they do, so every dashboard request meets them.
	time.Sleep(time.Second)
	r.Dashboard = bench.Run(bench.Attack{Name: "dashboard during the prints", Targeter: dashboard,
		Rate: 20, Duration: b.o.pdfDuration - 2*time.Second, Check: bench.Status(http.StatusOK)})
	r.PDFs = <-done
	mem, err := srv.Memory()
	if err != nil {
		return r, err
	}
	r.PeakHWM, r.PeakSampled = mem.HWM, srv.PeakSampledRSS()
	b.step("%s: %s; codes %v", r.PDFs.Name, summary(r.PDFs), r.PDFs.Codes)
	b.step("%s: %s", r.Dashboard.Name, summary(r.Dashboard))
	b.step("server memory during the prints: peak %.1f MiB (VmHWM), largest 100 ms sample %.1f MiB", mib(r.PeakHWM), mib(r.PeakSampled))
	return r, nil
}

// pdfCheck accepts a handout, or a refusal that says when to come back.
func pdfCheck(res *vegeta.Result) error {
	switch {
	case res.Code == http.StatusOK:
		return nil
	case res.Code == http.StatusServiceUnavailable && res.Headers.Get("Retry-After") != "":
		return nil
	}
	return fmt.Errorf("GET %s: status %d, want 200, or 503 with Retry-After", res.URL, res.Code)
}

// longHandout authors the long worksheet as the clinician, assigns it to
// one of their clients, submits it as that client through the real pages
// and returns the assignment id.
func (b *benchRun) longHandout(ctx context.Context, base string, clinician bench.Clinician, cookie string) (int64, error) {
	form := url.Values{"action": {"save"}, "slug": {"long-bench-sheet"}, "title": {"A long reflection"},
		"summary": {"Forty long answers, to print."}, "intro": {"Write as much as you like."},
		"field_count": {strconv.Itoa(pdfFields)}, "flag_count": {"0"}}
	for i := range pdfFields {
		p := fmt.Sprintf("f%d_", i)
		form.Set(p+"id", fmt.Sprintf("answer_%d", i+1))
		form.Set(p+"type", "long_text")
		form.Set(p+"label", fmt.Sprintf("Question %d: what did you notice?", i+1))
		form.Set(p+"max_length", "10000")
	}
	if err := post(ctx, base+"/library/worksheets", cookie, form, http.StatusSeeOther); err != nil {
		return 0, fmt.Errorf("author the long worksheet: %w", err)
	}
	var client bench.Client
	for _, c := range clinician.Clients {
		if !c.Archived {
			client = c
			break
		}
	}
	if err := post(ctx, fmt.Sprintf("%s/clinician/clients/%d/assignments", base, client.ID), cookie,
		url.Values{"kind": {"worksheet"}, "slug": {"long-bench-sheet"}}, http.StatusSeeOther); err != nil {
		return 0, fmt.Errorf("assign the long worksheet: %w", err)
	}
	var id int64
	if err := b.pool.QueryRow(ctx, `SELECT a.id FROM assignments a JOIN worksheet_versions v ON v.id = a.worksheet_version_id
		JOIN worksheets w ON w.id = v.worksheet_id WHERE w.slug = 'long-bench-sheet' AND a.client_id = $1 ORDER BY a.id DESC LIMIT 1`,
		client.ID).Scan(&id); err != nil {
		return 0, fmt.Errorf("find the long assignment: %w", err)
	}
	clientCookie, err := bench.SignIn(ctx, base, client.Email, bench.TestPassword)
	if err != nil {
		return 0, err
	}
	const sentence = "After we were close I noticed how my body felt, slow and warm. "
	answer := strings.Repeat(sentence, pdfAnswer/len(sentence)+1)[:pdfAnswer]
	sub := url.Values{"action": {"submit"}, "version": {"0"}, "submission_key": {fmt.Sprintf("bench-long-%d", id)}}
	for i := range pdfFields {
		sub.Set(fmt.Sprintf("answer_%d", i+1), answer)
	}
	if err := post(ctx, fmt.Sprintf("%s/me/assignments/%d", base, id), clientCookie, sub, http.StatusSeeOther); err != nil {
		return 0, fmt.Errorf("submit the long worksheet: %w", err)
	}
	return id, nil
}

func post(ctx context.Context, u, cookie string, form url.Values, want int) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Cookie", cookie)
	cli := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := cli.Do(req)
	if err != nil {
		return err
	}
	res.Body.Close()
	if res.StatusCode != want {
		return fmt.Errorf("POST %s: status %d, want %d", u, res.StatusCode, want)
	}
	return nil
}
