package e2e

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/config"
	"github.com/tend-practice/tend/internal/demo"
)

// Every page type, in every role that sees it, on a phone (390x844) and a
// desktop (1280x800), over the demo practice: axe-core (serious and
// critical violations fail), no sideways scrolling, and a screenshot in
// screenshots/pages/<role>-<page>-<size>.png for people to look at.
//
// TEND_E2E_DOCS=1 also refreshes the README's screenshots in
// docs/screenshots/ (clinician-dashboard.png, worksheet-phone.png).
func TestPages_EveryPageTypeInEveryRole_AccessibleAndFitsPhoneAndDesktop(t *testing.T) {
	t.Parallel()
	s := newSiteWith(t, func(c *config.Config) { c.PracticeName = "Tend Practice" })
	ctx := context.Background()
	if _, err := demo.Seed(ctx, s.App); err != nil {
		t.Fatalf("seed the demo practice: %v", err)
	}
	sam, alex := s.demoActor("clinician@demo.test"), s.demoActor("client@demo.test")

	// Alex's work in the states the pages show (see internal/demo).
	work, err := s.App.Assignments.ForClient(ctx, alex, alex.ClientID)
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
	ids := map[string]int64{
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
	var unreadSlug string
	for _, a := range work {
		if a.ID == ids["module-unread"] {
			unreadSlug = a.Slug
		}
	}
	// The README's picture of the dashboard: the demo practice as it is.
	{
		b := s.browser(desktop)
		b.signIn("clinician@demo.test", demo.Password)
		b.waitPath("/clinician")
		b.inSection("Urgent").see("Alex: " + worksheetTitle)
		b.docsScreenshot("clinician-dashboard", 1000)
	}

	// A fresh worksheet per screen size, for the empty, error and
	// half-filled states; an invite for a client without an email.
	fresh := map[string]int64{}
	for _, v := range []viewport{phone, desktop} {
		fresh[v.Name] = s.assign(sam, alex.ClientID, assignment.KindWorksheet, worksheetSlug,
			"Fill this in after the next time you're close, if you'd like to.")
	}
	_, inviteToken := s.invitedClient(sam, "Kit", "")

	authoring := s.hasRoute(http.MethodGet, "/library/modules/new")
	roles := []struct {
		name, email string
		pages       func(b *browser, v viewport)
	}{
		{"anonymous", "", func(b *browser, v viewport) {
			b.checkPage("anonymous-login", "/login", http.StatusOK)
			b.fill("Email", "someone@example.test")
			b.fill("Password", "not the password")
			b.click("Sign in")
			b.checkCurrent("anonymous-login-error", http.StatusUnauthorized)
			b.checkPage("anonymous-invite", "/invite/"+inviteToken, http.StatusOK)
			b.see("Welcome, Kit")
			b.fill("Your email", "kit@example.test")
			b.fill("Choose a password", "a long client password")
			b.fill("Type it again", "a different password")
			b.click("Set password and continue")
			b.checkCurrent("anonymous-invite-error", http.StatusUnprocessableEntity)
			b.checkPage("anonymous-invite-invalid", "/invite/not-a-real-token", http.StatusNotFound)
			b.checkPage("anonymous-404", "/no/such/page", http.StatusNotFound)
			b.checkPage("anonymous-forgot", "/login/forgot", http.StatusOK)
			b.checkPage("anonymous-reset-invalid", "/reset/not-a-real-token", http.StatusNotFound)
		}},
		{"clinician", "clinician@demo.test", func(b *browser, v viewport) {
			b.checkPage("clinician-dashboard", "/clinician", http.StatusOK)
			b.inSection("Urgent").see("Alex: " + worksheetTitle)
			b.checkPage("clinician-clients", "/clinician/clients", http.StatusOK)
			b.checkPage("clinician-client", fmt.Sprintf("/clinician/clients/%d", alex.ClientID), http.StatusOK)
			if n := evalIn[int](b, `document.querySelectorAll('.charts figure.chart').length`); n == 0 {
				t.Errorf("%s: Alex's page shows no charts after two submitted reflections", v.Name)
			}
			b.checkPage("clinician-review-flagged", fmt.Sprintf("/clinician/assignments/%d", ids["flagged"]), http.StatusOK)
			b.checkPage("clinician-review-reviewed", fmt.Sprintf("/clinician/assignments/%d", ids["reviewed"]), http.StatusOK)
			b.checkPage("clinician-review-module", fmt.Sprintf("/clinician/assignments/%d", ids["module-read"]), http.StatusOK)
			b.checkPage("clinician-review-draft", fmt.Sprintf("/clinician/assignments/%d", ids["draft"]), http.StatusOK)
			b.checkPage("clinician-modules", "/library/modules", http.StatusOK)
			b.checkPage("clinician-module", "/library/modules/"+moduleSlug, http.StatusOK)
			b.checkPage("clinician-worksheets", "/library/worksheets", http.StatusOK)
			b.checkPage("clinician-worksheet-preview", "/library/worksheets/"+worksheetSlug, http.StatusOK)
			if authoring {
				b.checkPage("clinician-module-new", "/library/modules/new", http.StatusOK)
				b.checkPage("clinician-worksheet-new", "/library/worksheets/new", http.StatusOK)
			} else {
				t.Log("no /library/modules/new route yet: authoring pages not checked")
			}
			b.checkPage("clinician-404", "/clinician/clients/999999", http.StatusNotFound)
			b.checkPage("clinician-403", "/admin/users", http.StatusForbidden)
			b.checkPage("clinician-account", "/account", http.StatusOK)
		}},
		{"client", "client@demo.test", func(b *browser, v viewport) {
			b.checkPage("client-home", "/me", http.StatusOK)
			if n := evalIn[int](b, `document.querySelectorAll('.charts figure.chart').length`); n == 0 {
				t.Errorf("%s: Alex's home shows no charts after two submitted reflections", v.Name)
			}
			b.checkPage("client-module", fmt.Sprintf("/me/assignments/%d", ids["module-unread"]), http.StatusOK)
			b.see("I've read this")
			b.checkPage("client-module-read", fmt.Sprintf("/me/assignments/%d", ids["module-read"]), http.StatusOK)
			b.checkPage("client-library-module", "/library/modules/"+unreadSlug, http.StatusOK)
			ws := fmt.Sprintf("/me/assignments/%d", fresh[v.Name])
			b.checkPage("client-worksheet-empty", ws, http.StatusOK)
			b.submitFinal("Submit to Dr. Sam Rivera")
			b.checkCurrent("client-worksheet-errors", http.StatusUnprocessableEntity)
			b.see("Please check")
			b.checkPage("client-worksheet-draft", fmt.Sprintf("/me/assignments/%d", ids["draft"]), http.StatusOK)
			b.checkPage("client-worksheet-submitted", fmt.Sprintf("/me/assignments/%d", ids["reviewed"]), http.StatusOK)
			b.see("Submitted on")
			b.checkPage("client-worksheet-flagged", fmt.Sprintf("/me/assignments/%d", ids["flagged"]), http.StatusOK)
			b.checkPage("client-404", "/me/assignments/999999", http.StatusNotFound)
			b.checkPage("client-403", "/clinician", http.StatusForbidden)
			b.checkPage("client-account", "/account", http.StatusOK)

			// Half-way through a worksheet, as the README shows it.
			b.visit(ws)
			b.fill("When was this?", "2026-11-20")
			b.choose("mood_before", "4")
			b.choose("mood_after", "7")
			b.choose("closeness", "6")
			b.fill("What helped", "Lying close for a while without talking, then a glass of water.")
			b.screenshot("pages/client-worksheet-midway")
			if v == phone {
				b.docsScreenshot("worksheet-phone", 1600)
			}
		}},
		{"admin", "admin@demo.test", func(b *browser, v viewport) {
			b.checkPage("admin-users", "/admin/users", http.StatusOK)
			b.checkPage("admin-audit", "/admin/audit", http.StatusOK)
			b.checkPage("admin-safety", "/admin/safety", http.StatusOK)
			b.checkPage("admin-outbox", "/admin/outbox", http.StatusOK)
			b.checkPage("admin-modules", "/library/modules", http.StatusOK)
			b.checkPage("admin-module", "/library/modules/"+moduleSlug, http.StatusOK)
			b.checkPage("admin-worksheets", "/library/worksheets", http.StatusOK)
			b.checkPage("admin-worksheet-preview", "/library/worksheets/"+worksheetSlug, http.StatusOK)
			b.checkPage("admin-404", "/admin/users/999999", http.StatusNotFound)
			b.checkPage("admin-403", "/me", http.StatusForbidden)
			b.checkPage("admin-settings", "/admin/settings", http.StatusOK)
			b.checkPage("admin-account", "/account", http.StatusOK)
		}},
	}
	for _, r := range roles {
		for _, v := range []viewport{phone, desktop} {
			t.Run(r.name+"/"+v.Name, func(t *testing.T) {
				t.Parallel()
				b := newBrowser(t, v.Width, v.Height)
				b.base = s.URL
				b.assertNoDialog()
				if r.email != "" {
					b.signIn(r.email, demo.Password)
				}
				r.pages(b, v)
			})
		}
	}
}

// checkPage loads path, expects status, and runs the page checks on it:
// axe, fitsWidth and a screenshot named pages/<name>.
func (b *browser) checkPage(name, path string, status int) {
	b.t.Helper()
	if st := b.visit(path); st != status {
		b.t.Errorf("GET %s at %s = %d, want %d", path, b.size.Name, st, status)
	}
	b.checkCurrent(name, status)
}

// checkCurrent runs the page checks on the page the browser is on.
func (b *browser) checkCurrent(name string, status int) {
	b.t.Helper()
	if st := b.status(); st != status {
		b.t.Errorf("%s at %s: status %d, want %d", b.path(), b.size.Name, st, status)
	}
	b.axe()
	b.fitsWidth()
	b.screenshot("pages/" + name)
}

// docsScreenshot writes screenshots/docs/<name>-<size>.png (at most
// maxHeight tall when it is not 0) and, under TEND_E2E_DOCS=1, copies it over
// docs/screenshots/<name>.png.
func (b *browser) docsScreenshot(name string, maxHeight int) {
	b.t.Helper()
	var path string
	switch {
	case maxHeight == viewportOnly:
		path = b.screenshotViewport("docs/" + name)
	case maxHeight > 0:
		path = b.screenshotTop("docs/"+name, maxHeight)
	default:
		path = b.screenshot("docs/" + name)
	}
	if os.Getenv("TEND_E2E_DOCS") == "" {
		return
	}
	dst := filepath.Join(repoRoot(b.t), "docs", "screenshots", name+".png")
	if err := copyFile(path, dst); err != nil {
		b.t.Errorf("update %s: %v", dst, err)
	}
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
