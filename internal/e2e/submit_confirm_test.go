package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/demo"
)

// Issue 20: the final-submit confirmation, open on a phone, passes axe
// (zero serious or critical), fits the width, and is what a 390x844
// screen shows. With TEND_POLISH_SHOTS set, the view is copied to
// docs/screenshots/submit-confirm-phone.png.
func TestPolish_SubmitConfirmation_Phone(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	if _, err := demo.Seed(ctx, s.App); err != nil {
		t.Fatalf("seed the demo practice: %v", err)
	}
	sam, err := s.App.Accounts.Authenticate(ctx, "clinician@demo.test", demo.Password)
	if err != nil {
		t.Fatal(err)
	}
	samActor, err := s.App.Accounts.Actor(ctx, sam.ID)
	if err != nil {
		t.Fatal(err)
	}
	alexUser, err := s.App.Accounts.Authenticate(ctx, "client@demo.test", demo.Password)
	if err != nil {
		t.Fatal(err)
	}
	alex, err := s.App.Accounts.Actor(ctx, alexUser.ID)
	if err != nil {
		t.Fatal(err)
	}
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
	shot, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	path := filepath.Join(repoRoot(t), "screenshots", "submit-confirm-phone.png")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	if os.Getenv("TEND_POLISH_SHOTS") != "" {
		if err := copyFile(path, filepath.Join(repoRoot(t), "docs", "screenshots", "submit-confirm-phone.png")); err != nil {
			t.Errorf("update the committed screenshot: %v", err)
		}
	}
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
	path := b.screenshotTop("breakglass-search", 1400)
	if os.Getenv("TEND_POLISH_SHOTS") != "" {
		if err := copyFile(path, filepath.Join(repoRoot(t), "docs", "screenshots", "breakglass-search-phone.png")); err != nil {
			t.Errorf("update the committed screenshot: %v", err)
		}
	}
}
