package e2e

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/tend-practice/tend/internal/testkit/cleanup"
)

// viewport is a screen size a person uses.
type viewport struct {
	Name          string
	Width, Height int
}

var (
	phone   = viewport{"phone", 390, 844}
	desktop = viewport{"desktop", 1280, 800}
)

// actionTimeout bounds each helper: finding an element, a page load, a poll.
const actionTimeout = 20 * time.Second

// fetchTimeout bounds one fetched file: a client's whole export renders
// every PDF of their record, which takes longer under the race detector on a
// busy machine than a click does.
const fetchTimeout = 90 * time.Second

// browser is one person at one screen size: an isolated browser context
// (own cookies and storage) in the package's shared Chromium, with one tab.
// Its helpers fail the test (t.Fatal) on any error, with the current URL, the
// visible buttons or fields and a screenshot in screenshots/failures/.
//
// Make a browser inside the (sub)test that uses it: the helpers call
// Fatal on the t it was made with.
type browser struct {
	t     *testing.T
	ctx   context.Context
	base  string // prefix for paths that start with "/"; set by site.browser
	size  viewport
	scope string // JS expression for the element finders search in; "" = document
	*watch
}

// watch is what a browser's background listeners share with its scoped
// copies (see within).
type watch struct {
	mu     sync.Mutex
	closed bool
	// consoleErrors are console errors and uncaught exceptions the page
	// produced; the test fails with them at the end unless allowed.
	consoleErrors []string
	allowConsole  []string
}

// newBrowser opens a new isolated browser context of the given size. Paths
// passed to its helpers must be absolute URLs unless it came from
// site.browser. It is closed when t ends.
func newBrowser(t *testing.T, width, height int) *browser {
	t.Helper()
	root := browserRoot(t)
	ctx, cancel := chromedp.NewContext(root, chromedp.WithNewBrowserContext())
	cleanup.Register(t, cancel)
	size := viewport{fmt.Sprintf("%dx%d", width, height), width, height}
	for _, v := range []viewport{phone, desktop} {
		if v.Width == width && v.Height == height {
			size = v
		}
	}
	opts := []chromedp.EmulateViewportOption{chromedp.EmulatePortrait}
	if width < 600 {
		opts = append(opts, chromedp.EmulateMobile)
	} else {
		opts = []chromedp.EmulateViewportOption{chromedp.EmulateLandscape}
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), int64(height), opts...)); err != nil {
		t.Fatalf("open a browser tab: %v\nbrowser output:\n%s", err, chromium.output.String())
	}
	b := &browser{t: t, ctx: ctx, size: size, watch: &watch{}}
	b.watchConsole()
	cleanup.Register(t, func() {
		b.mu.Lock()
		b.closed = true
		errs := b.consoleErrors
		b.mu.Unlock()
		if len(errs) > 0 {
			t.Errorf("the page logged %d console error(s) (CSP violations show up here too):\n  %s",
				len(errs), strings.Join(errs, "\n  "))
		}
	})
	return b
}

// --- navigation -------------------------------------------------------------

// url resolves a path against the site.
func (b *browser) url(path string) string {
	if strings.HasPrefix(path, "/") {
		if b.base == "" {
			b.t.Fatalf("relative path %q on a browser without a site: use site.browser or an absolute URL", path)
		}
		return b.base + path
	}
	return path
}

// visit loads path (or a URL) and returns the HTTP status of the document.
func (b *browser) visit(path string) int {
	b.t.Helper()
	ctx, cancel := b.timeout()
	defer cancel()
	res, err := chromedp.Run(ctx, chromedp.NavigateResponse(b.url(path)))
	if err != nil {
		b.fatalf("visit %s: %v", path, err)
	}
	return int(res.Status)
}

// path is the current location's path and query, e.g. "/login?next=%2Fme".
func (b *browser) path() string {
	b.t.Helper()
	return evalIn[string](b, `location.pathname + location.search`)
}

// status is the HTTP status of the current document, however it was
// reached (visit, click, Enter).
func (b *browser) status() int {
	b.t.Helper()
	return evalIn[int](b, `(performance.getEntriesByType('navigation')[0] || {}).responseStatus || 0`)
}

// waitPath waits until the browser is at want. With a "?" in want the query
// must match too; without, only the path is compared.
func (b *browser) waitPath(want string) {
	b.t.Helper()
	expr := `location.pathname`
	if strings.Contains(want, "?") {
		expr = `location.pathname + location.search`
	}
	var got string
	deadline := time.Now().Add(actionTimeout)
	for {
		got = evalIn[string](b, expr)
		if got == want {
			return
		}
		if time.Now().After(deadline) {
			b.fatalf("waited %s for %s, still at %s", actionTimeout, want, got)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// --- reading ----------------------------------------------------------------

// text is the rendered text (innerText) of the first element matching a
// CSS selector, waiting for it to appear.
func (b *browser) text(css string) string {
	b.t.Helper()
	ctx, cancel := b.timeout()
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(css)))
	if err != nil {
		b.fatalf("read text of %s: %v", css, err)
	}
	return strings.TrimSpace(s)
}

// pageText is the rendered text of the whole page.
func (b *browser) pageText() string {
	b.t.Helper()
	if b.scope != "" {
		return evalIn[string](b, jsCall(`(r) => r.innerText || ''`, b.root()))
	}
	return evalIn[string](b, `document.body ? document.body.innerText : ''`)
}

// see waits until the page shows s (case-sensitive, whitespace-normalised).
func (b *browser) see(s string) {
	b.t.Helper()
	want := normSpace(s)
	deadline := time.Now().Add(actionTimeout)
	for {
		txt := normSpace(b.pageText())
		if strings.Contains(txt, want) {
			return
		}
		if time.Now().After(deadline) {
			b.fatalf("page does not show %q; it shows:\n%s", s, excerpt(txt, 1500))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// notSee fails if the page currently shows s.
func (b *browser) notSee(s string) {
	b.t.Helper()
	if strings.Contains(normSpace(b.pageText()), normSpace(s)) {
		b.fatalf("page shows %q but should not", s)
	}
}

// value is the current value of a form field (see fill for how fields are
// found).
func (b *browser) value(field string) string {
	b.t.Helper()
	sel := b.field(field)
	return evalIn[string](b, `(`+sel+`)[0].value`)
}

// focused describes the element that has keyboard focus, e.g.
// `input#email[name=email]` or `a "Skip to content"`.
func (b *browser) focused() string {
	b.t.Helper()
	return evalIn[string](b, `(() => {
		const el = document.activeElement;
		if (!el || el === document.body) return 'body';
		let d = el.tagName.toLowerCase();
		if (el.id) d += '#' + el.id;
		if (el.name) d += '[name=' + el.name + ']';
		const txt = (el.innerText || '').replace(/\s+/g, ' ').trim();
		if (txt && /^(A|BUTTON|SUMMARY)$/.test(el.tagName)) d += ' "' + txt.slice(0, 60) + '"';
		return d;
	})()`)
}

// within returns the same browser with fill, check, click, clickInPage,
// downloadLink, see, notSee and pageText limited to the first element
// matching a CSS selector (waiting for it), for pages where a button text
// repeats: b.within("#flagged").click("Open").
func (b *browser) within(css string) *browser {
	b.t.Helper()
	return b.scoped(jsCall(`(s) => document.querySelector(s)`, css), "element "+css)
}

// inSection is within for the section, form, fieldset or card whose heading
// (h1-h6 or legend) reads exactly heading: b.inSection("Flagged for you").
func (b *browser) inSection(heading string) *browser {
	b.t.Helper()
	return b.scoped(jsCall(`(q) => {
		const norm = (s) => (s || '').replace(/\s+/g, ' ').trim();
		const h = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6, legend, tr.group th')].find((h) => norm(h.textContent) === q);
		return h ? (h.closest('tbody, section, form, fieldset, .card, article') || h.parentElement) : null;
	}`, heading), "section headed "+strconv.Quote(heading))
}

func (b *browser) scoped(root, what string) *browser {
	b.t.Helper()
	b.waitCount(`[`+root+`].filter(Boolean)`, what, "")
	c := *b
	c.scope = root
	return &c
}

// root is the JS expression of the element the finders search in.
func (b *browser) root() rawJS {
	if b.scope == "" {
		return "document"
	}
	return rawJS("(" + b.scope + " || document.createElement('div'))")
}

// --- acting -----------------------------------------------------------------

// fill types value into a field found by its label's text (exactly, after
// whitespace normalisation; a trailing "*", ":" or "(required)" is
// ignored), its
// aria-label, its name, or its id, in that order. Selects take an option's
// value or text; date, time and colour inputs are set directly. Checkboxes
// and radios: use check and choose.
func (b *browser) fill(field, value string) {
	b.t.Helper()
	sel := b.field(field)
	kind := evalIn[string](b, `(`+sel+`)[0].type`)
	ctx, cancel := b.timeout()
	defer cancel()
	var err error
	switch kind {
	case "checkbox", "radio":
		b.fatalf("fill %q: it is a %s; use check or choose", field, kind)
	case "select-one", "select-multiple":
		ok := evalIn[bool](b, jsCall(`(el, v) => {
			const norm = (s) => (s || '').replace(/\s+/g, ' ').trim();
			const o = [...el.options].find((o) => o.value === v) || [...el.options].find((o) => norm(o.text) === v);
			if (!o) return false;
			el.value = o.value;
			el.dispatchEvent(new Event('input', {bubbles: true}));
			el.dispatchEvent(new Event('change', {bubbles: true}));
			return true;
		}`, rawJS("("+sel+")[0]"), value))
		if !ok {
			b.fatalf("fill %q: no option with value or text %q", field, value)
		}
		return
	case "date", "time", "datetime-local", "month", "week", "color", "range":
		evalIn[bool](b, jsCall(`(el, v) => {
			el.value = v;
			el.dispatchEvent(new Event('input', {bubbles: true}));
			el.dispatchEvent(new Event('change', {bubbles: true}));
			return true;
		}`, rawJS("("+sel+")[0]"), value))
		return
	default:
		// Clear what is there (even text typed earlier), then type like a
		// person so key handlers (autosave) see real input.
		evalIn[bool](b, `(() => { const el = (`+sel+`)[0]; el.focus(); el.value = ''; el.dispatchEvent(new Event('input', {bubbles: true})); return true; })()`)
		err = chromedp.Do(ctx, chromedp.SendKeys(chromedp.JSPath(sel), value))
	}
	if err != nil {
		b.fatalf("fill %q: %v", field, err)
	}
}

// check ticks a checkbox (or picks a radio) found like fill finds fields;
// a no-op when it is already checked.
func (b *browser) check(field string) {
	b.t.Helper()
	sel := b.field(field)
	if evalIn[bool](b, `(`+sel+`)[0].checked`) {
		return
	}
	b.do(fmt.Sprintf("check %q", field), chromedp.Click(chromedp.JSPath(sel)))
}

// choose picks the radio button (or ticks the checkbox) with this name and
// value, as worksheet forms post them: choose("want_to_discuss", "yes").
func (b *browser) choose(name, value string) {
	b.t.Helper()
	sel := jsCall(`(root, n, v) => [...root.querySelectorAll('input')].filter((el) => el.name === n && el.value === v)`, b.root(), name, value)
	b.waitCount(sel, fmt.Sprintf("input name=%q value=%q", name, value),
		jsCall(`(root, n) => [...root.querySelectorAll('input')].filter((el) => el.name === n).map((el) => el.type + ' value=' + el.value)`, b.root(), name))
	if evalIn[bool](b, `(`+sel+`)[0].checked`) {
		return
	}
	// Custom-styled radios (the scale) hide the input under its label:
	// click the label when there is one, like a person would.
	target := `(() => { const el = (` + sel + `)[0]; return (el.labels && el.labels[0]) || el; })()`
	b.do(fmt.Sprintf("choose %s=%s", name, value), chromedp.Click(chromedp.JSPath(target)))
	if !evalIn[bool](b, `(`+sel+`)[0].checked`) {
		b.fatalf("choose %s=%s: clicking it did not select it", name, value)
	}
}

// click clicks the button or link whose accessible text is exactly text
// (text content including visually hidden parts, aria-label, or an input's
// value), then waits for the page it loads. Use clickInPage for clicks that
// stay on the page.
func (b *browser) click(text string) {
	b.t.Helper()
	sel := b.clickable(text)
	b.navigating(fmt.Sprintf("click %q", text), chromedp.Click(chromedp.JSPath(sel)))
}

// clickInPage clicks like click but does not wait for a page load.
func (b *browser) clickInPage(text string) {
	b.t.Helper()
	sel := b.clickable(text)
	b.do(fmt.Sprintf("click %q", text), chromedp.Click(chromedp.JSPath(sel)))
}

// submitFinal presses the worksheet's "Submit to …" (which opens the
// confirmation in place) and then "Yes, submit", waiting for the page load.
func (b *browser) submitFinal(text string) {
	b.t.Helper()
	b.clickInPage(text)
	b.click("Yes, submit")
}

// keys sends key presses to whatever has focus: b.keys(kb.Tab),
// b.keys("hello"). See github.com/chromedp/chromedp/kb for named keys.
func (b *browser) keys(keys string) {
	b.t.Helper()
	b.do("press keys", chromedp.KeyEvent(keys))
}

// keysAndWait sends keys (typically kb.Enter) and waits for the page load
// they cause.
func (b *browser) keysAndWait(keys string) {
	b.t.Helper()
	b.navigating("press keys", chromedp.KeyEvent(keys))
}

// tabTo presses Tab until the focused element matches the CSS selector and
// returns how many presses it took; it fails after max presses.
func (b *browser) tabTo(css string, max int) int {
	b.t.Helper()
	match := jsCall(`(s) => document.activeElement !== null && document.activeElement.matches(s)`, css)
	for i := 1; i <= max; i++ {
		b.keys(kb.Tab)
		if evalIn[bool](b, match) {
			return i
		}
	}
	b.fatalf("after %d Tab presses focus is on %s, never on %s", max, b.focused(), css)
	return 0
}

// signIn signs in through the form at /login and waits to leave it. It
// fails if the page still shows the sign-in form.
func (b *browser) signIn(email, password string) {
	b.t.Helper()
	b.visit("/login")
	b.fill("Email", email)
	b.fill("Password", password)
	b.click("Sign in")
	if p := evalIn[string](b, `location.pathname`); p == "/login" {
		b.fatalf("sign in as %s: still on /login, page says:\n%s", email, excerpt(b.pageText(), 600))
	}
}

// signOut opens the header's account menu and uses its Sign out button.
func (b *browser) signOut() {
	b.t.Helper()
	evalIn[bool](b, `(() => { document.querySelectorAll('details.account-menu').forEach((d) => { d.open = true }); return true })()`)
	b.click("Sign out")
}

// --- files ------------------------------------------------------------------

// download is a fetched file.
type download struct {
	Status      int    `json:"status"`
	ContentType string `json:"contentType"`
	Disposition string `json:"disposition"`
	Base64      string `json:"base64"`
	Body        []byte `json:"-"`
}

// downloadLink finds the link whose text is text and fetches its href from
// inside the page, so the request carries this person's cookies. This is
// the reliable way to get a PDF (a click may open Chromium's viewer instead
// of saving). It fails unless the answer is 200.
func (b *browser) downloadLink(text string) download {
	b.t.Helper()
	sel := b.clickable(text)
	href := evalIn[string](b, `(`+sel+`)[0].href`)
	if href == "" {
		b.fatalf("download %q: it has no href", text)
	}
	d := b.fetch(href)
	if d.Status != 200 {
		b.fatalf("download %q (%s): status %d", text, href, d.Status)
	}
	return d
}

// fetch GETs a path (or URL) with the page's cookies and returns the
// answer whatever its status.
func (b *browser) fetch(path string) download {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, fetchTimeout)
	defer cancel()
	d, err := chromedp.Run(ctx, chromedp.Evaluate[download](jsCall(`async (url) => {
		const r = await fetch(url, {credentials: 'same-origin'});
		const buf = new Uint8Array(await r.arrayBuffer());
		let s = '';
		for (let i = 0; i < buf.length; i += 0x8000) s += String.fromCharCode.apply(null, buf.subarray(i, i + 0x8000));
		return {status: r.status, contentType: r.headers.get('content-type') || '',
			disposition: r.headers.get('content-disposition') || '', base64: btoa(s)};
	}`, b.url(path)), chromedp.EvalAwaitPromise))
	if err != nil {
		b.fatalf("fetch %s: %v", path, err)
	}
	d.Body, err = base64.StdEncoding.DecodeString(d.Base64)
	if err != nil {
		b.fatalf("fetch %s: %v", path, err)
	}
	d.Base64 = ""
	return d
}

// clickDownload clicks the link or button with this text and returns the
// file the browser saves, using Chromium's download events. Use it for
// answers sent as attachments (Content-Disposition: attachment) or links
// with a download attribute; downloadLink suits inline PDFs better.
func (b *browser) clickDownload(text string) []byte {
	b.t.Helper()
	sel := b.clickable(text)
	dir := b.t.TempDir()
	c := chromedp.FromContext(b.ctx)
	ctx, cancel := b.timeout()
	defer cancel()
	_, err := chromedp.CallBrowser(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllowAndName, BrowserContextID: c.BrowserContextID,
		DownloadPath: dir, EventsEnabled: ptr(true)})
	if err != nil {
		b.fatalf("allow downloads: %v", err)
	}
	begins := chromedp.BrowserEvents(ctx, cdpbrowser.DownloadWillBegin)
	progress := chromedp.BrowserEvents(ctx, cdpbrowser.DownloadProgress)
	if _, err := chromedp.Run(ctx, chromedp.Click(chromedp.JSPath(sel))); err != nil {
		b.fatalf("click %q: %v", text, err)
	}
	frame := cdp.FrameID(c.Target.TargetID)
	var guid string
	for ev, err := range begins {
		if err != nil {
			b.fatalf("click %q: no download started: %v", text, err)
		}
		if ev.FrameID == frame {
			guid = ev.GUID
			break
		}
	}
	for ev, err := range progress {
		if err != nil {
			b.fatalf("download from %q did not finish: %v", text, err)
		}
		if ev.GUID != guid {
			continue
		}
		switch ev.State {
		case cdpbrowser.DownloadProgressStateCompleted:
			body, err := os.ReadFile(filepath.Join(dir, guid))
			if err != nil {
				b.fatalf("read download: %v", err)
			}
			return body
		case cdpbrowser.DownloadProgressStateCanceled:
			b.fatalf("download from %q was canceled", text)
		}
	}
	b.fatalf("download from %q did not finish", text)
	return nil
}

// --- evidence ---------------------------------------------------------------

// screenshot writes a full-page PNG to screenshots/<name>-<size>.png at the
// repository root (git-ignored) and returns its path.
func (b *browser) screenshot(name string) string {
	b.t.Helper()
	path := filepath.Join(repoRoot(b.t), "screenshots", name+"-"+b.size.Name+".png")
	if err := b.writeScreenshot(path); err != nil {
		b.fatalf("screenshot %s: %v", name, err)
	}
	return path
}

func (b *browser) writeScreenshot(path string) error {
	ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
	defer cancel()
	// Let the page paint what just changed (typed text, a focus ring), or
	// a busy machine captures parts of a long page blank.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](settleJS, chromedp.EvalAwaitPromise)); err != nil {
		return err
	}
	m, err := chromedp.Call(ctx, page.GetLayoutMetrics, cdp.Empty{})
	if err != nil {
		return err
	}
	w, h := float64(b.size.Width), float64(b.size.Height)
	if m.CSSContentSize != nil {
		w, h = max(w, m.CSSContentSize.Width), max(h, m.CSSContentSize.Height)
	}
	shot, err := chromedp.Call(ctx, page.CaptureScreenshot, page.CaptureScreenshotParams{
		Format:                page.CaptureScreenshotFormatPng,
		Clip:                  &page.Viewport{Width: w, Height: h, Scale: 1},
		CaptureBeyondViewport: ptr(true),
		FromSurface:           ptr(true),
	})
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, shot.Data, 0o644)
}

// settleJS resolves once fonts are loaded and two frames have painted.
const settleJS = `document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true)))))`

// fitsWidth fails (without stopping the test) when the page is wider than
// the screen, i.e. a phone user would have to scroll sideways.
func (b *browser) fitsWidth() {
	b.t.Helper()
	over := b.overflowing()
	path := evalIn[string](b, `location.pathname`)
	k, isKnown := known("fits-width", path, b.size.Name)
	switch {
	case len(over) > 0 && isKnown:
		b.t.Logf("KNOWN ISSUE, fix: %s\n%s at %dpx wide scrolls sideways:\n  %s", k.Fix, path, b.size.Width, strings.Join(over, "\n  "))
	case len(over) > 0:
		b.t.Errorf("%s at %dpx wide scrolls sideways; too wide:\n  %s", path, b.size.Width, strings.Join(over, "\n  "))
	}
}

// overflowing lists the elements that make the page wider than the screen
// (empty when it fits).
func (b *browser) overflowing() []string {
	b.t.Helper()
	return evalIn[[]string](b, `(() => {
		const vw = document.documentElement.clientWidth, out = [];
		if (document.documentElement.scrollWidth <= vw) return out;
		// Is el's overflow clipped by a scrolling ancestor? An absolutely
		// positioned element escapes a scroller that is not its containing
		// block (the classic visually-hidden span inside a table-wrap).
		const contained = (el) => {
			const pos = getComputedStyle(el).position;
			if (pos === 'fixed') return true;
			for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
				if (getComputedStyle(p).overflowX !== 'visible') {
					return pos !== 'absolute' || (el.offsetParent !== null && p.contains(el.offsetParent));
				}
			}
			return false;
		};
		for (const el of document.body.querySelectorAll('*')) {
			const r = el.getBoundingClientRect();
			if (r.right <= vw + 1 || contained(el)) continue;
			let d = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '');
			if (typeof el.className === 'string' && el.className.trim()) d += '.' + el.className.trim().split(/\s+/).join('.');
			const txt = (el.textContent || '').replace(/\s+/g, ' ').trim();
			if (txt) d += ' "' + txt.slice(0, 40) + '"';
			out.push(d + ': right edge at ' + Math.round(r.right) + 'px');
			if (out.length >= 8) break;
		}
		return out.length ? out : ['the page is ' + document.documentElement.scrollWidth + 'px wide'];
	})()`)
}

// assertNoDialog fails the test if the page opens any JavaScript dialog
// (alert, confirm, prompt, beforeunload) from now until the test ends. Each
// dialog is dismissed so the page does not hang. Security tests use it with
// hostile input: a dialog means injected script ran.
func (b *browser) assertNoDialog() {
	b.t.Helper()
	b.onDialog(func(ev page.EventJavascriptDialogOpening) {
		b.t.Errorf("a JavaScript %s dialog opened on %s with message %q: script ran that should not have",
			ev.Type, ev.URL, ev.Message)
	})
}

// onDialog calls fn for every JavaScript dialog the page opens until the
// test ends, then dismisses the dialog.
func (b *browser) onDialog(fn func(ev page.EventJavascriptDialogOpening)) {
	dialogs := chromedp.Events(b.ctx, page.JavascriptDialogOpening)
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			b.mu.Lock()
			if !b.closed {
				fn(ev)
			}
			b.mu.Unlock()
			_, _ = chromedp.Call(b.ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	}()
}

// allowConsoleError stops console messages containing substr from failing
// the test (e.g. a deliberate 404 resource).
func (b *browser) allowConsoleError(substr string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.allowConsole = append(b.allowConsole, substr)
}

func (b *browser) watchConsole() {
	msgs := chromedp.Console(b.ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.Type != chromedp.ConsoleError && m.Type != chromedp.ConsoleException {
				continue
			}
			line := m.String()
			if m.URL != "" {
				line += " (" + m.URL + ")"
			}
			// A page answered with 403/404 on purpose logs "Failed to load
			// resource" for itself; that is the page under test, not a fault.
			if strings.Contains(line, "Failed to load resource") && !strings.Contains(m.URL, "/static/") {
				continue
			}
			b.mu.Lock()
			allowed := false
			for _, a := range b.allowConsole {
				allowed = allowed || strings.Contains(line, a)
			}
			if !allowed && !b.closed {
				b.consoleErrors = append(b.consoleErrors, line)
			}
			b.mu.Unlock()
		}
	}()
}

// --- plumbing ---------------------------------------------------------------

func (b *browser) timeout() (context.Context, context.CancelFunc) {
	return context.WithTimeout(b.ctx, actionTimeout)
}

// do runs actions that return nothing.
func (b *browser) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := b.timeout()
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.fatalf("%s: %v", what, err)
	}
}

// navigating runs the trigger and waits for the page load it causes.
func (b *browser) navigating(what string, trigger chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := b.timeout()
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, trigger)); err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			b.fatalf("%s: no new page loaded within %s (for clicks that stay on the page use clickInPage)", what, actionTimeout)
		}
		b.fatalf("%s: %v", what, err)
	}
}

// evalIn evaluates a JavaScript expression in the page and decodes the
// result into T.
func evalIn[T any](b *browser, expr string) T {
	b.t.Helper()
	ctx, cancel := b.timeout()
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		b.fatalf("evaluate %s: %v", excerpt(expr, 200), err)
	}
	return v
}

// field returns a JS expression for the (exactly one) form field named by
// a label, aria-label, name or id, waiting for it to appear.
func (b *browser) field(q string) string {
	b.t.Helper()
	sel := jsCall(`(root, q) => {
		const norm = (s) => (s || '').replace(/\s+/g, ' ').trim();
		const usable = (el) => !!el && el.matches('input:not([type=hidden]), textarea, select');
		const all = [...root.querySelectorAll('input:not([type=hidden]), textarea, select')];
		let hits = [];
		for (const l of root.querySelectorAll('label')) {
			const t = norm(l.textContent);
			if ((t === q || t.replace(/\s*([*:]|\(required\))$/, '') === q) && usable(l.control)) hits.push(l.control);
		}
		if (!hits.length) hits = all.filter((el) => norm(el.getAttribute('aria-label')) === q);
		if (!hits.length) hits = all.filter((el) => el.name === q);
		if (!hits.length) hits = all.filter((el) => el.id === q);
		return [...new Set(hits)];
	}`, b.root(), q)
	b.waitOne(sel, fmt.Sprintf("field %q", q), jsCall(`(root) => [...root.querySelectorAll('label')].map((l) => 'label ' + JSON.stringify(l.textContent.replace(/\s+/g, ' ').trim()))
		.concat([...root.querySelectorAll('input:not([type=hidden]), textarea, select')].map((el) => el.tagName.toLowerCase() + ' name=' + el.name))`, b.root()))
	return sel
}

// clickable returns a JS expression for the (exactly one) visible button or
// link with this accessible text.
func (b *browser) clickable(text string) string {
	b.t.Helper()
	sel := jsCall(`(root, q) => {
		const norm = (s) => (s || '').replace(/\s+/g, ' ').trim();
		const name = (el) => norm(el.getAttribute('aria-label') || (el.tagName === 'INPUT' ? el.value : el.textContent));
		const shown = (el) => el.getClientRects().length > 0;
		return [...root.querySelectorAll('button, a[href], input[type=submit], input[type=button], [role=button], [role=link], summary')]
			.filter((el) => shown(el) && name(el) === q);
	}`, b.root(), text)
	b.waitOne(sel, fmt.Sprintf("button or link %q", text), jsCall(`(root) => [...root.querySelectorAll('button, a[href], input[type=submit], input[type=button], [role=button], [role=link], summary')]
		.filter((el) => el.getClientRects().length > 0)
		.map((el) => el.tagName.toLowerCase() + ' ' + JSON.stringify((el.getAttribute('aria-label') || (el.tagName === 'INPUT' ? el.value : el.textContent)).replace(/\s+/g, ' ').trim()))`, b.root()))
	return sel
}

// waitOne waits until the array expression sel has exactly one element.
// When there is none, it lists what the page offers instead (candidates is
// an expression giving a []string).
func (b *browser) waitOne(sel, what, candidates string) {
	b.t.Helper()
	n := b.waitCount(sel, what, candidates)
	if n > 1 {
		b.fatalf("%d elements match %s; make the text unique or use a more specific helper", n, what)
	}
}

func (b *browser) waitCount(sel, what, candidates string) int {
	b.t.Helper()
	deadline := time.Now().Add(actionTimeout)
	for {
		n := evalIn[int](b, `(`+sel+`).length`)
		if n > 0 {
			return n
		}
		if time.Now().After(deadline) {
			msg := fmt.Sprintf("no %s on the page", what)
			if candidates != "" {
				msg += "; there are:\n    " + strings.Join(evalIn[[]string](b, candidates), "\n    ")
			}
			b.fatalf("%s", msg)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// fatalf stops the test with the current URL and a screenshot.
func (b *browser) fatalf(format string, args ...any) {
	b.t.Helper()
	msg := fmt.Sprintf(format, args...)
	ctx, cancel := context.WithTimeout(b.ctx, 3*time.Second)
	defer cancel()
	if loc, err := chromedp.Run(ctx, chromedp.Location()); err == nil {
		msg += "\n  at " + loc
	}
	name := regexp.MustCompile(`[^A-Za-z0-9_.-]+`).ReplaceAllString(b.t.Name(), "_")
	shot := filepath.Join(repoRoot(b.t), "screenshots", "failures", name+"-"+b.size.Name+".png")
	if err := b.writeScreenshot(shot); err == nil {
		msg += "\n  screenshot: " + shot
	}
	b.t.Fatal(msg)
}

// rawJS is a JavaScript expression passed to jsCall as is.
type rawJS string

// jsCall renders `(fn)(args...)` with each argument JSON-encoded, so test
// strings never need escaping.
func jsCall(fn string, args ...any) string {
	parts := make([]string, len(args))
	for i, a := range args {
		if r, ok := a.(rawJS); ok {
			parts[i] = string(r)
			continue
		}
		j, err := json.Marshal(a)
		if err != nil {
			panic(err)
		}
		parts[i] = string(j)
	}
	return "(" + fn + ")(" + strings.Join(parts, ", ") + ")"
}

func normSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

func excerpt(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

func ptr[T any](v T) *T { return &v }
