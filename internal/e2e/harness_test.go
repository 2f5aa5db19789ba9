package e2e

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"

	"github.com/tend-practice/tend/internal/auth"
)

// These tests check the harness itself, so that a helper that silently did
// nothing cannot make a journey pass.

func TestHarness_PeopleHaveSeparateCookies(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.user(auth.RoleClinician, "clinician@example.test")
	signedIn := s.browser(desktop)
	signedIn.signIn("clinician@example.test", testPassword)
	other := s.browser(desktop)
	other.visit("/clinician")
	other.waitPath("/login")
	signedIn.visit("/clinician")
	signedIn.waitPath("/clinician")
}

func TestHarness_FetchAndDownloadCarryTheSession(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.user(auth.RoleAdmin, "admin@example.test")
	b := s.browser(desktop)
	b.signIn("admin@example.test", testPassword)

	d := b.fetch("/static/app.css")
	if d.Status != 200 || !strings.HasPrefix(d.ContentType, "text/css") || !bytes.Contains(d.Body, []byte(":root")) {
		t.Fatalf("fetch /static/app.css = %d %q, %d bytes", d.Status, d.ContentType, len(d.Body))
	}
	css := d.Body
	// A page behind sign-in: the fetch carries this person's cookie.
	if d := b.fetch("/admin/audit"); d.Status != 200 || !bytes.Contains(d.Body, []byte("Audit log")) {
		t.Fatalf("fetch /admin/audit with the admin's cookies = %d", d.Status)
	}

	// Browser downloads: a link with a download attribute, added for the test.
	evalIn[bool](b, `(() => { const a = document.createElement('a'); a.href = '/static/app.css';
		a.download = 'app.css'; a.textContent = 'Download the stylesheet'; document.querySelector('main').append(a); return true; })()`)
	if got := b.clickDownload("Download the stylesheet"); !bytes.Equal(got, css) {
		t.Fatalf("clickDownload got %d bytes, want %d", len(got), len(css))
	}
	got := b.downloadLink("Download the stylesheet")
	if !bytes.Equal(got.Body, css) {
		t.Fatalf("downloadLink got %d bytes", len(got.Body))
	}
}

func TestHarness_DialogWatcherSeesAlerts(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b := s.browser(desktop)
	b.visit("/login")
	// What assertNoDialog is built on: a dialog must be reported and
	// dismissed so the page goes on.
	seen := make(chan string, 1)
	b.onDialog(func(ev page.EventJavascriptDialogOpening) {
		select {
		case seen <- ev.Message:
		default:
		}
	})
	evalIn[bool](b, `(setTimeout(() => alert('injected'), 0), true)`)
	select {
	case msg := <-seen:
		if msg != "injected" {
			t.Errorf("dialog message %q", msg)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no Page.javascriptDialogOpening event for an alert")
	}
	// The page is usable again once the dialog is dismissed.
	if got := evalIn[int](b, `1 + 1`); got != 2 {
		t.Fatal("page stuck after the dialog")
	}
}

func TestHarness_AssertNoDialogPassesOnQuietPage(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b := s.browser(phone)
	b.assertNoDialog()
	b.visit("/login")
	b.fill("Email", `"><script>alert(1)</script>@example.test`)
	b.fill("Password", `"><img src=x onerror=alert(2)>`)
	b.click("Sign in")
	b.see("Email or password is incorrect.")
	if got := b.value("Email"); got != `"><script>alert(1)</script>@example.test` {
		t.Errorf("hostile email not kept verbatim: %q", got)
	}
}

func TestHarness_AxeAndWidthChecksCatchProblems(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b := s.browser(phone)
	b.visit("/login")
	if over := b.overflowing(); len(over) != 0 {
		t.Fatalf("sign-in page reported as too wide: %v", over)
	}
	// A nameless button and a 600px-wide box (styled through the CSSOM:
	// a style attribute would be blocked by the CSP, and reported).
	evalIn[bool](b, `(() => { const m = document.querySelector('main');
		m.append(document.createElement('button'));
		const d = document.createElement('div'); d.id = 'too-wide'; d.textContent = 'wide';
		d.style.width = '600px'; m.append(d); return true; })()`)
	if over := b.overflowing(); len(over) == 0 || !strings.Contains(strings.Join(over, " "), "div#too-wide") {
		t.Errorf("overflowing() = %v, want div#too-wide", over)
	}
	vs, ok := b.axeViolations()
	if !ok {
		t.Skip("axe-core unavailable")
	}
	found := false
	for _, v := range vs {
		found = found || (v.ID == "button-name" && v.Impact == "critical")
	}
	if !found {
		t.Errorf("axe did not report the nameless button: %+v", vs)
	}
}

func TestHarness_ConsoleWatcherReportsCSPViolations(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b := s.browser(desktop)
	b.visit("/login")
	// What a template with an inline style or script would cause.
	evalIn[bool](b, `(() => { const d = document.createElement('div');
		d.setAttribute('style', 'color: red'); document.body.append(d); return true; })()`)
	deadline := time.Now().Add(5 * time.Second)
	for {
		b.mu.Lock()
		errs := b.consoleErrors
		b.consoleErrors = nil // handled here, so the test itself passes
		b.mu.Unlock()
		if len(errs) > 0 {
			if !strings.Contains(strings.Join(errs, " "), "Content Security Policy") {
				t.Errorf("console errors %v do not mention the CSP", errs)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("a CSP violation produced no console error")
		}
		time.Sleep(50 * time.Millisecond)
	}
}
