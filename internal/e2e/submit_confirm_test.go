package e2e

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/demo"
)

// Issue 20: the final-submit confirmation, open on a phone, passes axe
// (zero serious or critical), fits the width, and is what a 390x844
// screen shows. With TEND_E2E_DOCS set, the view is copied to
// docs/screenshots/submit-confirm-phone.png.
func TestPolish_SubmitConfirmation_Phone(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	if _, err := demo.Seed(ctx, s.App); err != nil {
		t.Fatalf("seed the demo practice: %v", err)
	}
	samActor, alex := s.demoActor("clinician@demo.test"), s.demoActor("client@demo.test")
	id := s.assign(samActor, alex.ClientID, assignment.KindWorksheet, worksheetSlug, "")

	b := newBrowser(t, phone.Width, phone.Height)
	b.base = s.URL
	b.signIn("client@demo.test", demo.Password)
	b.visit(fmt.Sprintf("/me/assignments/%d", id))
	b.notSee("Yes, submit")
	// Open it as a person would: focus the summary and press Enter.
	b.do("focus the submit button", chromedp.Focus(chromedp.JSPath(`document.querySelector('details.submit-confirm summary')`)))
	b.keys("\r")
	if open := evalIn[bool](b, `document.querySelector('details.submit-confirm').open`); !open {
		t.Fatal("Enter on the submit button does not open the confirmation")
	}
	b.see("You won't be able to change it unless")
	b.see("Yes, submit")
	b.axe()
	b.fitsWidth()
	b.do("scroll the confirmation into view", chromedp.ScrollIntoView(chromedp.JSPath(`document.querySelector('details.submit-confirm')`)))
	evalIn[bool](b, `(() => { document.querySelector('details.submit-confirm').scrollIntoView({block: 'center'}); return true })()`)
	b.docsScreenshot("submit-confirm-phone", viewportOnly)
}

// Issue 20: the break-glass page finds a client by name, and on a phone its
// results and its Recent table (stacked rows) fit the width and pass axe.
func TestPolish_BreakGlassSearch_Phone(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	if _, err := demo.Seed(ctx, s.App); err != nil {
		t.Fatalf("seed the demo practice: %v", err)
	}
	b := newBrowser(t, phone.Width, phone.Height)
	b.base = s.URL
	b.signIn("admin@demo.test", demo.Password)
	b.visit("/admin/break-glass")
	b.fill("Find the client by their name or their clinician's name", "ale")
	b.click("Find")
	b.see("Alex")
	b.see("clinician Dr. Sam Rivera")
	b.fill("Reason for opening Alex's records", "Alex wrote that they may be at risk and Sam is away today")
	b.click("Open Alex's records for 60 minutes")
	b.see("Emergency access is open")
	b.visit("/admin/break-glass?q=rivera")
	b.axe()
	b.fitsWidth()
	if b.size.Width == phone.Width {
		if th := evalIn[bool](b, `getComputedStyle(document.querySelector('table.stack td')).display === 'block'`); !th {
			t.Errorf("the Recent table's rows do not stack at %d px", phone.Width)
		}
	}
	b.docsScreenshot("breakglass-search-phone", 1400)
}
