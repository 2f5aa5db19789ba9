package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/tend-practice/tend/internal/auth"
)

func TestTmpAuthor_Pages(t *testing.T) {
	s := newSite(t)
	s.user(auth.RoleClinician, "clinician@example.test")
	{
		b := s.browser(phone)
		b.signIn("clinician@example.test", testPassword)
		b.visit("/library/worksheets/after-intimacy-reflection")
		b.fitsWidth()
	}
	for _, size := range []viewport{phone, desktop} {
		b := s.browser(size)
		b.assertNoDialog()
		b.signIn("clinician@example.test", testPassword)
		b.visit("/library/modules")
		b.axe()
		b.fitsWidth()
		b.click("New module")
		b.waitPath("/library/modules/new")
		b.fill("Title", "Hello <script>alert(1)</script>")
		b.fill("Text", "## Try this\n\n[x](javascript:alert(1)) and *soft* words")
		time.Sleep(1500 * time.Millisecond)
		if txt := b.text("#module-preview-body"); !strings.Contains(txt, "soft words") {
			t.Errorf("%s: live preview shows %q", size.Name, txt)
		}
		b.axe()
		b.fitsWidth()
		b.screenshot("tmp-author-module-" + size.Name)
		b.fill("ref1_doi", "nope")
		b.fill("Summary", "A summary")
		b.click("Save module")
		b.see("This does not look like a DOI")
		b.axe()
		b.fitsWidth()
		b.screenshot("tmp-author-module-422-" + size.Name)

		b.visit("/library/worksheets/new")
		b.axe()
		b.fitsWidth()
		b.fill("Title", "Check in")
		b.fill("Summary", "S")
		b.click("Add a field")
		b.click("Add a field")
		b.click("Move up field 3")
		b.fill("wb-f0-label", "How tense?")
		b.fill("wb-f1-label", "Anything else?")
		b.fill("wb-f2-label", "Third")
		b.fill("wb-f0-type", "scale")
		b.fill("wb-f0-min", "5")
		b.fill("wb-f0-max", "5")
		b.click("Save worksheet")
		b.see("Scale needs min < max")
		b.axe()
		b.fitsWidth()
		b.screenshot("tmp-author-ws-422-" + size.Name)
		b.fill("wb-f0-max", "10")
		b.within(".author-actions").click("Preview")
		b.axe()
		b.fitsWidth()
		b.screenshot("tmp-author-ws-preview-" + size.Name)
	}
}
