package e2e

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/demo"
	"github.com/tend-practice/tend/internal/i18n"
)

// The tour: every page type, in every role that sees it, over the demo
// practice. The page test (pages_test.go) walks it in English with axe,
// fitsWidth and screenshots; the issue 22 tests (i18n_test.go) walk the same
// pages in Spanish and Greek, and with the pseudo-locale. What a page is
// checked for is the tour's check; the tour only gets there.
//
// The tour finds fields by their name and buttons by their catalogue text
// in the viewer's language (tr), so it works in every language.

// demoTour is the demo practice, seeded, with the work each page needs.
type demoTour struct {
	s         *site
	sam, alex auth.Actor
	ids       map[string]int64 // Alex's work by state: flagged, reviewed, draft, module-read, module-unread
	fresh     map[string]int64 // a new worksheet per run (see newDemoTour)
	invite    string           // an open invite's token
	unread    string           // the slug of the module Alex has not read
	authoring bool             // the authoring pages exist
	couple    int64            // the demo couple's link (Alex and Jordan)
}

// newDemoTour seeds the demo practice on s and arranges one fresh
// worksheet for each run (a run fills in and submits its own).
func newDemoTour(t *testing.T, s *site, runs ...string) *demoTour {
	t.Helper()
	ctx := context.Background()
	if _, err := demo.Seed(ctx, s.App); err != nil {
		t.Fatalf("seed the demo practice: %v", err)
	}
	d := &demoTour{s: s, sam: s.demoActor("clinician@demo.test"), alex: s.demoActor("client@demo.test"),
		fresh: map[string]int64{}}

	// Alex's work in the states the pages show (see internal/demo).
	work, err := s.App.Assignments.ForClient(ctx, d.alex, d.alex.ClientID)
	if err != nil {
		t.Fatalf("arrange: Alex's assignments: %v", err)
	}
	find := func(what string, match func(a assignment.Assignment) bool) int64 {
		for _, a := range work {
			if match(a) {
				return a.ID
			}
		}
		t.Fatalf("arrange: the demo practice has no %s for Alex; it has %+v", what, work)
		return 0
	}
	d.ids = map[string]int64{
		"flagged": find("flagged reflection", func(a assignment.Assignment) bool {
			return a.Flagged && a.Status == assignment.StatusSubmitted
		}),
		"reviewed": find("reviewed reflection with a comment", func(a assignment.Assignment) bool {
			return a.Status == assignment.StatusReviewed && a.CommentCount > 0
		}),
		"draft": find("worksheet draft", func(a assignment.Assignment) bool {
			return a.Kind == assignment.KindWorksheet && a.Status == assignment.StatusInProgress
		}),
		"module-read": find("module read", func(a assignment.Assignment) bool {
			return a.Kind == assignment.KindModule && a.Done()
		}),
		"module-unread": find("module to read", func(a assignment.Assignment) bool {
			return a.Kind == assignment.KindModule && !a.Done()
		}),
	}
	for _, a := range work {
		if a.ID == d.ids["module-unread"] {
			d.unread = a.Slug
		}
	}
	// A fresh worksheet per run, for the empty, error and half-filled
	// states; an invite for a client without an email.
	for _, r := range runs {
		d.fresh[r] = s.assign(d.sam, d.alex.ClientID, assignment.KindWorksheet, worksheetSlug,
			"Fill this in after the next time you're close, if you'd like to.")
	}
	_, d.invite = s.invitedClient(d.sam, "Kit", "")
	d.authoring = s.hasRoute(http.MethodGet, "/library/modules/new")
	if err := s.App.DB.Gorm.Raw(`SELECT id FROM couple_links ORDER BY id LIMIT 1`).Scan(&d.couple).Error; err != nil || d.couple == 0 {
		t.Fatalf("arrange: the demo couple: %v (id %d)", err, d.couple)
	}
	return d
}

// tourCheck is what a run checks on each page of the tour, once the
// status is known to be right: name is the page's name, e.g.
// "clinician-dashboard".
type tourCheck func(b *browser, name string, status int)

// tourRun is one walk: the fresh worksheet's run name, the viewer's
// Localizer (for the buttons' text), and the check.
type tourRun struct {
	run   string
	tr    *i18n.Localizer
	check tourCheck
	// english is the plain English walk: it also asserts what the pages
	// say (text of pages other changes have not put in the catalogue
	// yet) and takes the README's pictures.
	english bool
}

// tourRole is one role's part of the tour.
type tourRole struct {
	name, email string
	pages       func(b *browser, r tourRun)
}

// page loads path, expects status, and runs the run's check.
func (r tourRun) page(b *browser, name, path string, status int) {
	b.t.Helper()
	if st := b.visit(path); st != status {
		b.t.Errorf("GET %s at %s = %d, want %d", path, b.size.Name, st, status)
	}
	r.current(b, name, status)
}

// current runs the run's check on the page the browser is on.
func (r tourRun) current(b *browser, name string, status int) {
	b.t.Helper()
	if st := b.status(); st != status {
		b.t.Errorf("%s at %s: status %d, want %d", b.path(), b.size.Name, st, status)
	}
	r.check(b, name, status)
}

// signInAs signs in through the form at /login in whatever language the
// sign-in page speaks (fields by name, the form's own submit button).
func (b *browser) signInAs(email, password string) {
	b.t.Helper()
	b.visit("/login")
	b.fill("email", email)
	b.fill("password", password)
	b.submitForm(`form[action="/login"]`)
	if p := evalIn[string](b, `location.pathname`); p == "/login" {
		b.fatalf("sign in as %s: still on /login, page says:\n%s", email, excerpt(b.pageText(), 600))
	}
}

// submitForm presses the first submit button of the form matching css and
// waits for the page it loads.
func (b *browser) submitForm(css string) {
	b.t.Helper()
	sel := jsCall(`(root, css) => { const f = root.querySelector(css);
		return f ? [...f.querySelectorAll('button[type=submit], button:not([type]), input[type=submit]')].slice(0, 1) : []; }`, b.root(), css)
	b.waitCount(sel, "submit button in "+css, "")
	b.navigating("submit "+css, chromedp.Click(chromedp.JSPath(sel)))
}

// roles is the tour: every page type of every role.
func (d *demoTour) roles(t *testing.T) []tourRole {
	alex := d.alex
	ids := d.ids
	return []tourRole{
		{"anonymous", "", func(b *browser, r tourRun) {
			r.page(b, "anonymous-login", "/login", http.StatusOK)
			b.fill("email", "someone@example.test")
			b.fill("password", "not the password")
			b.click(r.tr.T("auth.login.submit"))
			r.current(b, "anonymous-login-error", http.StatusUnauthorized)
			r.page(b, "anonymous-invite", "/invite/"+d.invite, http.StatusOK)
			if r.english {
				b.see("Welcome, Kit")
			}
			b.fill("email", "kit@example.test")
			b.fill("password", "a long client password")
			b.fill("password_confirm", "a different password")
			b.click(r.tr.T("auth.invite.submit"))
			r.current(b, "anonymous-invite-error", http.StatusUnprocessableEntity)
			r.page(b, "anonymous-invite-invalid", "/invite/not-a-real-token", http.StatusNotFound)
			r.page(b, "anonymous-404", "/no/such/page", http.StatusNotFound)
			r.page(b, "anonymous-forgot", "/login/forgot", http.StatusOK)
			r.page(b, "anonymous-reset-invalid", "/reset/not-a-real-token", http.StatusNotFound)
		}},
		{"clinician", "clinician@demo.test", func(b *browser, r tourRun) {
			r.page(b, "clinician-dashboard", "/clinician", http.StatusOK)
			if r.english {
				b.inSection("Urgent").see("Alex: " + worksheetTitle)
			}
			r.page(b, "clinician-clients", "/clinician/clients", http.StatusOK)
			r.page(b, "clinician-client", fmt.Sprintf("/clinician/clients/%d", alex.ClientID), http.StatusOK)
			if n := evalIn[int](b, `document.querySelectorAll('.charts figure.chart').length`); n == 0 {
				t.Errorf("%s: Alex's page shows no charts after two submitted reflections", b.size.Name)
			}
			r.page(b, "clinician-review-flagged", fmt.Sprintf("/clinician/assignments/%d", ids["flagged"]), http.StatusOK)
			r.page(b, "clinician-review-reviewed", fmt.Sprintf("/clinician/assignments/%d", ids["reviewed"]), http.StatusOK)
			r.page(b, "clinician-review-module", fmt.Sprintf("/clinician/assignments/%d", ids["module-read"]), http.StatusOK)
			r.page(b, "clinician-review-draft", fmt.Sprintf("/clinician/assignments/%d", ids["draft"]), http.StatusOK)
			r.page(b, "clinician-modules", "/library/modules", http.StatusOK)
			r.page(b, "clinician-module", "/library/modules/"+moduleSlug, http.StatusOK)
			r.page(b, "clinician-worksheets", "/library/worksheets", http.StatusOK)
			r.page(b, "clinician-worksheet-preview", "/library/worksheets/"+worksheetSlug, http.StatusOK)
			if d.authoring {
				r.page(b, "clinician-module-new", "/library/modules/new", http.StatusOK)
				r.page(b, "clinician-worksheet-new", "/library/worksheets/new", http.StatusOK)
			} else {
				t.Log("no /library/modules/new route yet: authoring pages not checked")
			}
			r.page(b, "clinician-programs", "/clinician/programs", http.StatusOK)
			r.page(b, "clinician-program-new", "/clinician/programs/new", http.StatusOK)
			r.page(b, "clinician-couple", fmt.Sprintf("/clinician/couples/%d", d.couple), http.StatusOK)
			r.page(b, "clinician-mfa", "/account/mfa", http.StatusOK)
			r.page(b, "clinician-404", "/clinician/clients/999999", http.StatusNotFound)
			r.page(b, "clinician-403", "/admin/users", http.StatusForbidden)
			r.page(b, "clinician-account", "/account", http.StatusOK)
		}},
		{"client", "client@demo.test", func(b *browser, r tourRun) {
			r.page(b, "client-home", "/me", http.StatusOK)
			if n := evalIn[int](b, `document.querySelectorAll('.charts figure.chart').length`); n == 0 {
				t.Errorf("%s: Alex's home shows no charts after two submitted reflections", b.size.Name)
			}
			r.page(b, "client-module", fmt.Sprintf("/me/assignments/%d", ids["module-unread"]), http.StatusOK)
			b.see(r.tr.T("client.assignment.read"))
			r.page(b, "client-module-read", fmt.Sprintf("/me/assignments/%d", ids["module-read"]), http.StatusOK)
			r.page(b, "client-library-module", "/library/modules/"+d.unread, http.StatusOK)
			ws := fmt.Sprintf("/me/assignments/%d", d.fresh[r.run])
			r.page(b, "client-worksheet-empty", ws, http.StatusOK)
			b.clickInPage(r.tr.T("client.assignment.submit_to", "Name", "Dr. Sam Rivera"))
			b.click(r.tr.T("client.assignment.submit_yes"))
			r.current(b, "client-worksheet-errors", http.StatusUnprocessableEntity)
			if r.english {
				b.see("Please check")
			}
			r.page(b, "client-worksheet-draft", fmt.Sprintf("/me/assignments/%d", ids["draft"]), http.StatusOK)
			r.page(b, "client-worksheet-submitted", fmt.Sprintf("/me/assignments/%d", ids["reviewed"]), http.StatusOK)
			if r.english {
				b.see("Submitted on")
			}
			r.page(b, "client-worksheet-flagged", fmt.Sprintf("/me/assignments/%d", ids["flagged"]), http.StatusOK)
			r.page(b, "client-shared", "/me/shared", http.StatusOK)
			r.page(b, "client-404", "/me/assignments/999999", http.StatusNotFound)
			r.page(b, "client-403", "/clinician", http.StatusForbidden)
			r.page(b, "client-account", "/account", http.StatusOK)

			if !r.english {
				return
			}
			// Half-way through a worksheet, as the README shows it.
			b.visit(ws)
			b.fill("date", "2026-11-20")
			b.choose("mood_before", "4")
			b.choose("mood_after", "7")
			b.choose("closeness", "6")
			b.fill("what_helped", "Lying close for a while without talking, then a glass of water.")
			b.screenshot("pages/client-worksheet-midway")
			if b.size == phone {
				b.docsScreenshot("worksheet-phone", 1600)
			}
		}},
		{"admin", "admin@demo.test", func(b *browser, r tourRun) {
			r.page(b, "admin-users", "/admin/users", http.StatusOK)
			r.page(b, "admin-audit", "/admin/audit", http.StatusOK)
			r.page(b, "admin-safety", "/admin/safety", http.StatusOK)
			r.page(b, "admin-outbox", "/admin/outbox", http.StatusOK)
			r.page(b, "admin-modules", "/library/modules", http.StatusOK)
			r.page(b, "admin-module", "/library/modules/"+moduleSlug, http.StatusOK)
			r.page(b, "admin-worksheets", "/library/worksheets", http.StatusOK)
			r.page(b, "admin-worksheet-preview", "/library/worksheets/"+worksheetSlug, http.StatusOK)
			r.page(b, "admin-security", "/admin/security", http.StatusOK)
			r.page(b, "admin-break-glass", "/admin/break-glass?q=Alex", http.StatusOK)
			r.page(b, "admin-404", "/admin/users/999999", http.StatusNotFound)
			r.page(b, "admin-403", "/me", http.StatusForbidden)
			r.page(b, "admin-settings", "/admin/settings", http.StatusOK)
			r.page(b, "admin-account", "/account", http.StatusOK)
		}},
	}
}

// setLocale makes email's account read Tend in lang ("" is the practice's
// language), as the account page's language field would.
func (s *site) setLocale(email, lang string) {
	s.t.Helper()
	if err := s.App.DB.Gorm.Exec(`UPDATE users SET locale = ? WHERE email = ?`, lang, email).Error; err != nil {
		s.t.Fatalf("arrange: %s's language %q: %v", email, lang, err)
	}
}
