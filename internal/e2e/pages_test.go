package e2e

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/tend-practice/tend/internal/config"
	"github.com/tend-practice/tend/internal/demo"
	"github.com/tend-practice/tend/internal/i18n"
)

// Every page type, in every role that sees it, on a phone (390x844) and a
// desktop (1280x800), over the demo practice: axe-core (serious and
// critical violations fail), no sideways scrolling, and a screenshot in
// screenshots/pages/<role>-<page>-<size>.png for people to look at. The
// pages are the tour's (tour_test.go).
//
// TEND_E2E_DOCS=1 also refreshes the README's screenshots in
// docs/screenshots/ (clinician-dashboard.png, worksheet-phone.png).
func TestPages_EveryPageTypeInEveryRole_AccessibleAndFitsPhoneAndDesktop(t *testing.T) {
	t.Parallel()
	s := newSiteWith(t, func(c *config.Config) { c.PracticeName = "Tend Practice" })
	d := newDemoTour(t, s, phone.Name, desktop.Name)
	// The README's picture of the dashboard: the demo practice as it is.
	{
		b := s.browser(desktop)
		b.signIn("clinician@demo.test", demo.Password)
		b.waitPath("/clinician")
		b.inSection("Urgent").see("Alex: " + worksheetTitle)
		b.docsScreenshot("clinician-dashboard", 1000)
	}

	en := s.App.Server.I18n.For(i18n.English)
	for _, r := range d.roles(t) {
		for _, v := range []viewport{phone, desktop} {
			t.Run(r.name+"/"+v.Name, func(t *testing.T) {
				t.Parallel()
				b := newBrowser(t, v.Width, v.Height)
				b.base = s.URL
				b.assertNoDialog()
				if r.email != "" {
					b.signInAs(r.email, demo.Password)
				}
				r.pages(b, tourRun{run: v.Name, tr: en, english: true, check: func(b *browser, name string, status int) {
					b.axe()
					b.fitsWidth()
					b.screenshot("pages/" + name)
				}})
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
