package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

// axeSource is axe-core's script, installed once per package run by
// scripts/e2e-deps.sh into the git-ignored .cache/e2e.
var axeSource struct {
	once sync.Once
	js   string
	err  error
}

func loadAxe(t testing.TB) (string, error) {
	axeSource.once.Do(func() {
		root := repoRoot(t)
		path := filepath.Join(root, ".cache", "e2e", "node_modules", "axe-core", "axe.min.js")
		if _, err := os.Stat(path); err != nil {
			cmd := exec.Command("bash", filepath.Join(root, "scripts", "e2e-deps.sh"))
			cmd.Dir = root
			if out, err := cmd.CombinedOutput(); err != nil {
				axeSource.err = fmt.Errorf("scripts/e2e-deps.sh: %v\n%s", err, out)
				return
			}
		}
		b, err := os.ReadFile(path)
		if err != nil {
			axeSource.err = err
			return
		}
		axeSource.js = string(b)
	})
	return axeSource.js, axeSource.err
}

// axeViolation is one failed axe rule on the page.
type axeViolation struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"`
	Help    string `json:"help"`
	HelpURL string `json:"helpUrl"`
	Nodes   []struct {
		Target  []any  `json:"target"`
		HTML    string `json:"html"`
		Summary string `json:"summary"`
	} `json:"nodes"`
}

// axe runs axe-core (WCAG 2.0/2.1 A and AA plus best practices) on the
// current page. Serious and critical violations fail the test (without
// stopping it); moderate and minor ones are logged. Without axe-core the
// check is logged as not done, or fails under TEND_E2E=required.
func (b *browser) axe() {
	b.t.Helper()
	vs, ok := b.axeViolations()
	if !ok {
		return
	}
	path := evalIn[string](b, `location.pathname`)
	where := path + " at " + b.size.Name
	for _, v := range vs {
		var nodes []string
		for _, n := range v.Nodes {
			nodes = append(nodes, fmt.Sprintf("%v  %s", n.Target, excerpt(n.HTML, 160)))
		}
		report := fmt.Sprintf("axe %s (%s) on %s: %s\n    %s\n    %s", v.ID, v.Impact, where, v.Help, v.HelpURL,
			strings.Join(nodes, "\n    "))
		switch k, ok := known("axe "+v.ID, path, b.size.Name); {
		case ok:
			b.t.Logf("KNOWN ISSUE, fix: %s\n%s", k.Fix, report)
		case v.Impact == "serious" || v.Impact == "critical":
			b.t.Error(report)
		default:
			b.t.Log(report)
		}
	}
}

// axeViolations runs axe-core on the current page; ok is false when axe-core
// is unavailable and TEND_E2E is not "required".
func (b *browser) axeViolations() (vs []axeViolation, ok bool) {
	b.t.Helper()
	src, err := loadAxe(b.t)
	if err != nil {
		if required() {
			b.t.Fatalf("TEND_E2E=required and axe-core is unavailable: %v", err)
		}
		b.t.Logf("ACCESSIBILITY NOT CHECKED on %s: axe-core unavailable: %v", b.path(), err)
		return nil, false
	}
	// Injected through DevTools, which the page's CSP does not govern.
	if !evalIn[bool](b, `typeof window.axe === 'object'`) {
		ctx, cancel := b.timeout()
		defer cancel()
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](src)); err != nil {
			b.fatalf("inject axe-core: %v", err)
		}
	}
	raw := evalIn[string](b, `axe.run(document, {
		runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
		resultTypes: ['violations'],
	}).then((r) => JSON.stringify(r.violations.map((v) => ({
		id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
		nodes: v.nodes.map((n) => ({target: n.target, html: n.html, summary: n.failureSummary})),
	}))))`)
	if err := json.Unmarshal([]byte(raw), &vs); err != nil {
		b.fatalf("read axe results: %v", err)
	}
	return vs, true
}
