package e2e

import (
	"context"
	"os"
	"testing"

	"github.com/chromedp/chromedp/kb"

	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/module"
)

// A clinician cites a report by a group author: the module form shows the
// inputs a journal article needs, switches to a report's when the kind of
// work changes, and the module page prints the APA 7 reference. On a
// module with a clinician guide, staff open "For clinicians" from the
// keyboard; the client it is assigned to sees no trace of it.
func TestAuthorModule_ReportReference_AndTheClinicianGuide(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	defs, refs, err := module.Builtins(os.DirFS("../module/testdata/guided"))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.App.Modules.Sync(context.Background(), defs, refs); err != nil {
		t.Fatal(err)
	}
	u := s.user(auth.RoleClinician, "clin@example.test")
	clin := auth.Actor{UserID: u.ID, Role: u.Role}
	client := s.clientAccount(clin, "Robin", "robin@example.test")
	s.assign(clin, client.ClientID, "module", "guided-fixture", "")

	b := s.browser(phone)
	b.signIn("clin@example.test", testPassword)
	b.visit("/library/modules/new")
	b.axe()
	shown := func(id string) bool {
		return evalIn[bool](b, `!document.getElementById('`+id+`').closest('.field').hidden`)
	}
	if !shown("m-ref1_journal") || shown("m-ref1_report_number") || shown("m-ref1_editors") {
		t.Fatal("a new reference row should show a journal article's inputs only")
	}
	b.fill("ref1_type", "report")
	if shown("m-ref1_journal") || !shown("m-ref1_report_number") || !shown("m-ref1_publisher") || !shown("m-ref1_group_author") {
		t.Fatal("choosing Report does not show a report's inputs")
	}
	b.axe()
	b.fill("Title", "Trauma-informed aftercare")
	b.fill("Summary", "Care after sex that keeps safety first.")
	b.fill("body", "## Safety first\n\nGo slowly and check in.")
	b.fill("ref1_group_author", "Substance Abuse and Mental Health Services Administration")
	b.fill("ref1_year", "2014")
	b.fill("ref1_title", "SAMHSA’s concept of trauma and guidance for a trauma-informed approach")
	b.fill("ref1_report_number", "HHS Publication No. (SMA) 14-4884")
	b.click("Save module")
	b.see("Substance Abuse and Mental Health Services Administration. (2014). SAMHSA’s concept of trauma and guidance for a trauma-informed approach (HHS Publication No. (SMA) 14-4884).")

	b.visit("/library/modules/guided-fixture")
	b.notSee("CLINICIAN-ONLY-PURPOSE") // the guide starts folded away
	b.tabTo(".clinician-guide summary", 40)
	b.keys(kb.Enter)
	b.see("CLINICIAN-ONLY-PURPOSE")
	b.see("Print clinician guide (PDF)")
	b.axe()
	b.fitsWidth()
	b.screenshot("guide/clinician-module-guide-open")

	c := s.browser(phone)
	c.signIn("robin@example.test", testPassword)
	c.visit("/library/modules/guided-fixture")
	c.see("What clients read.")
	c.notSee("For clinicians")
	c.notSee("CLINICIAN-ONLY-PURPOSE")
	if n := evalIn[int](c, `document.querySelectorAll('.clinician-guide, a[href$="/guide.pdf"]').length`); n != 0 {
		t.Errorf("the client's page holds %d traces of the clinician guide", n)
	}
}
