package e2e

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/chromedp/kb"

	"github.com/tend-practice/tend/internal/config"
	"github.com/tend-practice/tend/internal/demo"
)

// The clinician's working day (issue 19) over the demo practice (32
// clients): the queue's filters on a phone and a desktop, working it with
// the keyboard (open the first row, Mark reviewed and open next), and
// withdrawing work with its undo, and the client page's "Preview as your
// client sees it". TEND_E2E_DOCS=1 refreshes docs/screenshots/queue-*.png,
// client-page-*.png and preview-*.png.
func TestWorkday_QueueKeyboard_WithdrawAndUndo(t *testing.T) {
	t.Parallel()
	s := newSiteWith(t, func(c *config.Config) { c.PracticeName = "Tend Practice" })
	if _, err := demo.Seed(context.Background(), s.App); err != nil {
		t.Fatalf("seed the demo practice: %v", err)
	}
	for _, v := range []viewport{phone, desktop} {
		b := s.browser(v)
		b.signIn("clinician@demo.test", demo.Password)
		b.visit("/clinician")
		b.see("Urgent")
		b.see("Rated how upset they feel at 9 or more out of 10.")
		b.fitsWidth()
		b.axe()
		b.docsScreenshot("queue-"+v.Name, 0)
		b.click(evalIn[string](b, `[...document.querySelectorAll('.chips a')].find((a) => a.textContent.trim().startsWith('Overdue')).textContent.trim()`))
		b.waitPath("/clinician?show=overdue")
		b.see("Overdue")
		b.fitsWidth()
		b.docsScreenshot("queue-overdue-"+v.Name, 0)
		b.visit("/clinician/clients")
		b.see("Current (32)")
		b.fitsWidth()
		b.axe()
		b.docsScreenshot("clients-"+v.Name, 0)
		// Alex's page: status first, then the timeline with notes, charts, assigning.
		b.visit(evalIn[string](b, `[...document.querySelectorAll('td[data-label="Client"] a')].find((a) => a.textContent === 'Alex').getAttribute('href')`))
		b.see("Preview as your client sees it")
		b.fitsWidth()
		b.axe()
		b.docsScreenshot("client-page-"+v.Name, 0)
		// The first item's preview: the client's page, read-only.
		b.visit(evalIn[string](b, `[...document.querySelectorAll('a')].find((a) => a.textContent.trim() === 'Preview as your client sees it').getAttribute('href')`))
		b.see("Preview: this is what Alex sees.")
		b.notSee("Flagged")
		b.fitsWidth()
		b.axe()
		b.docsScreenshot("preview-"+v.Name, 1400)
	}

	// Keyboard: from the "To review" chip, Tab to the first row's item and
	// open it, then Mark reviewed and open next.
	b := s.browser(desktop)
	b.signIn("clinician@demo.test", demo.Password)
	b.visit("/clinician?show=review")
	first := evalIn[string](b, `document.querySelector('table.queue td[data-label="Item"] a').getAttribute('href')`)
	evalIn[bool](b, `(document.querySelector('table.queue td[data-label="Item"] a').focus(), true)`)
	b.keysAndWait(kb.Enter)
	b.waitPath(first)
	b.click("Mark reviewed and open next")
	b.see("Here is the next one.")
	if got := evalIn[string](b, `location.pathname + location.search`); got == first {
		t.Fatalf("open next stayed on %s", got)
	}

	// Withdraw with a confirmation, then undo.
	clientPage := evalIn[string](b, `document.querySelector('a[href^="/clinician/clients/"]').getAttribute('href')`)
	b.visit(clientPage)
	title := evalIn[string](b, `document.querySelector('#timeline-h ~ ul.items li:not(.withdrawn) h3 a').textContent`)
	evalIn[bool](b, `(document.querySelector('#timeline-h ~ ul.items li:not(.withdrawn) details.change').open = true, true)`)
	b.click("Withdraw…")
	b.see(fmt.Sprintf("Withdraw “%s”?", title))
	b.click("Yes, withdraw it")
	b.see("no longer sees it")
	b.click("Undo")
	b.see("is back for your client")
}
