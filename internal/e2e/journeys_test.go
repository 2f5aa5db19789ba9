package e2e

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp/kb"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/auth"
)

// The journeys of issue 7, one test each, numbered as the issue lists them.
// Where a journey needs what an earlier one built, it is arranged through
// the services (s.App) so each test stands alone; every step the issue
// names goes through the real pages, by a real person in a real browser.

// 1. A clinician signs in, adds a client, copies the invite link from the
// client's page and assigns a module and a worksheet in one go.
func TestJourney1_ClinicianAddsClientCopiesInviteAndAssigns(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.staff(auth.RoleClinician, "sam@example.test", "Dr. Sam Rivera")

	clinician := s.browser(desktop)
	clinician.assertNoDialog()
	clinician.signIn("sam@example.test", testPassword)
	clinician.waitPath("/clinician")
	clinician.click("Clients")
	clinician.waitPath("/clinician/clients")
	clinician.fill("Name or pseudonym", "Robin")
	clinician.fill("Email (optional)", "robin@example.test")
	clinician.click("Add client")
	clinician.see("Client added.")
	clientPage := clinician.path()
	if !strings.HasPrefix(clientPage, "/clinician/clients/") {
		t.Fatalf("after adding a client the clinician is at %s, want the client's page", clientPage)
	}
	clinician.see("Robin")

	// The copy button puts exactly the shown link on the clipboard.
	clinician.allowClipboard()
	shown := clinician.value("invite-url")
	clinician.clickInPage("Copy link")
	clinician.see("Copied")
	invite := clinician.clipboard()
	if invite != shown || !strings.Contains(invite, "/invite/") {
		t.Fatalf("clipboard after Copy link = %q, want the invite link shown on the page (%q)", invite, shown)
	}
	clinician.axe()
	clinician.screenshot("journey1-client-added")

	// Both at once: the form's module select (slug) and worksheet select
	// (worksheet_slug).
	clinician.fill("Module to read", moduleTitle)
	clinician.fill("Worksheet to complete", worksheetTitle)
	clinician.fill("Note to your client (optional)", "Read this first, then fill in the reflection after the next time you're close.")
	clinician.click("Assign")
	clinician.waitPath(clientPage)
	clinician.see("Both assigned.")
	timeline := clinician.inSection("Timeline")
	timeline.see(moduleTitle)
	timeline.see(worksheetTitle)
	if n := evalIn[int](clinician, `document.querySelectorAll('#timeline-h ~ ul.items > li h3 a').length`); n != 2 {
		t.Errorf("the timeline lists %d assignments, want 2", n)
	}
	// The invite link is shown once: a reload does not show it again.
	clinician.visit(clientPage)
	clinician.notSee("Invite link (valid for 7 days")
	clinician.axe()
	clinician.fitsWidth()
	clinician.screenshot("journey1-assigned")

	// The copied link works for the client (the link carries the
	// configured base URL; the client opens its path on this server).
	client := s.browser(phone)
	if st := client.visit(invite[strings.Index(invite, "/invite/"):]); st != http.StatusOK {
		t.Fatalf("the copied invite link answers %d", st)
	}
	client.see("Welcome, Robin")
}

// 2. The client opens the invite on a phone, sets a password, reads the
// module and marks it read, then fills the worksheet: a submit with a
// required answer missing shows the problem next to the field and in the
// summary and keeps everything else; the fixed answers are saved as a
// draft, found again after a reload, and submitted with distress at 8.
func TestJourney2_ClientAcceptsInviteReadsModuleAndCompletesWorksheet(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	sam := s.staff(auth.RoleClinician, "sam@example.test", "Dr. Sam Rivera")
	robinID, token := s.invitedClient(sam, "Robin", "robin@example.test")
	ids, err := s.App.Assignments.Assign(context.Background(), sam, robinID, []assignment.New{
		{Kind: assignment.KindModule, Slug: moduleSlug, Note: "A gentle start."},
		{Kind: assignment.KindWorksheet, Slug: worksheetSlug, Note: "After the next time you're close, if you'd like to."},
	})
	if err != nil {
		t.Fatalf("arrange: assign: %v", err)
	}
	worksheetPath := fmt.Sprintf("/me/assignments/%d", ids[1])

	client := s.browser(phone)
	client.assertNoDialog()
	client.visit("/invite/" + token)
	client.see("Welcome, Robin")
	client.fill("Choose a password", "a long client password")
	client.fill("Type it again", "a long client password")
	client.click("Set password and continue")
	client.waitPath("/me")
	client.inSection("To do").see(moduleTitle)
	client.inSection("To do").see(worksheetTitle)

	// The module: read it, then say so.
	client.click(moduleTitle)
	client.see("A note from Dr. Sam Rivera: A gentle start.")
	client.see("The time after sex")
	client.axe()
	client.fitsWidth()
	client.click("I've read this")
	client.waitPath("/me")
	client.see("Marked as read.")
	client.inSection("Done").see(moduleTitle)
	client.inSection("To do").notSee(moduleTitle)

	// The worksheet, with the required distress scale left empty.
	client.click(worksheetTitle)
	client.waitPath(worksheetPath)
	client.fill("When was this?", "2026-11-20")
	client.choose("mood_before", "4")
	client.choose("mood_after", "7")
	client.choose("closeness", "6")
	client.fill("What helped", "Staying close for a while, and a glass of water.")
	client.fill("What was missing, or what I would like next time", "Saying out loud that I felt wobbly.")
	client.fill("Any difficult feelings", "A bit of sadness the next morning.")
	client.choose("want_to_discuss", "yes")
	client.submitFinal("Submit to Dr. Sam Rivera")
	if st := client.status(); st != http.StatusUnprocessableEntity {
		t.Errorf("submit with distress empty: status %d, want 422", st)
	}
	// The message sits next to the field, and in the summary (which has
	// focus) as a link to it.
	next := client.text("#f-distress .field-error")
	if next == "" {
		t.Fatal("no error message inside the distress field")
	}
	summary := client.within("#error-summary")
	summary.see("How upset do I feel about it now?")
	summary.see(next)
	if href := evalIn[string](client, `document.querySelector('#error-summary a').getAttribute('href')`); href != "#f-distress" {
		t.Errorf("the error summary links to %q, want #f-distress", href)
	}
	if f := client.focused(); f != "div#error-summary" {
		t.Errorf("after the failed submit focus is on %s, want the error summary", f)
	}
	if inv := evalIn[string](client, `document.getElementById('f-distress').getAttribute('aria-invalid') || ''`); inv != "true" {
		t.Errorf("the distress field is not marked aria-invalid")
	}
	keptAll := func(when string) {
		t.Helper()
		for field, want := range map[string]string{
			"When was this?": "2026-11-20",
			"What helped":    "Staying close for a while, and a glass of water.",
			"What was missing, or what I would like next time": "Saying out loud that I felt wobbly.",
			"Any difficult feelings":                           "A bit of sadness the next morning.",
		} {
			if got := client.value(field); got != want {
				t.Errorf("%s: %q = %q, want %q", when, field, got, want)
			}
		}
		for name, want := range map[string]string{"mood_before": "4", "mood_after": "7", "closeness": "6", "want_to_discuss": "yes"} {
			if got := checkedValue(client, name); got != want {
				t.Errorf("%s: %s is %q, want %q", when, name, got, want)
			}
		}
	}
	keptAll("after the failed submit")
	client.axe()
	client.fitsWidth()
	client.screenshot("journey2-worksheet-errors")

	// Fix it, save a draft, come back to it.
	client.within("#error-summary").clickInPage("How upset do I feel about it now? — " + next)
	client.choose("distress", "5")
	client.click("Save draft")
	client.waitPath(worksheetPath)
	client.see("Draft saved at")
	client.notSee("Please check")
	client.visit(worksheetPath)
	keptAll("after saving a draft and reloading")
	if got := checkedValue(client, "distress"); got != "5" {
		t.Errorf("after the reload distress is %q, want the draft's 5", got)
	}

	// Submit, now with distress at 8.
	client.choose("distress", "8")
	client.submitFinal("Submit to Dr. Sam Rivera")
	client.waitPath(worksheetPath)
	client.see("Submitted. Thank you")
	client.see("Submitted on")
	answers := client.within("dl.answers")
	answers.see("How upset do I feel about it now?")
	answers.see("8 on a scale from 0 (Not at all) to 10 (Extremely)")
	answers.see("Staying close for a while, and a glass of water.")
	if n := evalIn[int](client, `document.querySelectorAll('form[data-autosave]').length`); n != 0 {
		t.Errorf("the submitted worksheet still shows an editable form")
	}
	client.axe()
	client.fitsWidth()
	client.screenshot("journey2-worksheet-submitted")
	client.click("My work")
	client.inSection("Done").see(worksheetTitle)

	// The submission is flagged for the clinician (distress >= 7).
	a, err := s.App.Assignments.Get(context.Background(), sam, ids[1])
	if err != nil || a.Status != assignment.StatusSubmitted || !a.Flagged {
		t.Errorf("after the submit the assignment is %q, flagged %v (%v); want submitted and flagged", a.Status, a.Flagged, err)
	}
}

// 3. The clinician finds the flagged reflection first on the dashboard,
// opens it, comments and marks it reviewed; the client (another person,
// signed in at the same time) sees the comment.
func TestJourney3_ClinicianReviewsFlaggedReflectionClientSeesComment(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	sam := s.staff(auth.RoleClinician, "sam@example.test", "Dr. Sam Rivera")
	robin := s.clientAccount(sam, "Robin", "robin@example.test")
	jo := s.clientAccount(sam, "Jo", "jo@example.test")
	calm := s.assign(sam, jo.ClientID, assignment.KindWorksheet, worksheetSlug, "")
	s.submit(jo, calm, reflection(1, "A shower together."))
	flagged := s.assign(sam, robin.ClientID, assignment.KindWorksheet, worksheetSlug, "")
	s.submit(robin, flagged, reflection(8, "Staying close for a while, and a glass of water."))
	flaggedPath := fmt.Sprintf("/clinician/assignments/%d", flagged)

	client := s.browser(phone)
	client.signIn("robin@example.test", testPassword)
	client.waitPath("/me")

	clinician := s.browser(desktop)
	clinician.signIn("sam@example.test", testPassword)
	clinician.waitPath("/clinician")
	// First on the page, before anything else that needs reading.
	if h := evalIn[string](clinician, `document.querySelector('main h2, main tr.group th').textContent.trim()`); h != "Urgent" {
		t.Errorf("the dashboard's first section is %q, want Urgent", h)
	}
	first := evalIn[string](clinician, `(document.querySelector('main a[href^="/clinician/assignments/"]') || {}).textContent || ''`)
	if normSpace(first) != "Robin: "+worksheetTitle {
		t.Errorf("the first reflection on the dashboard is %q, want Robin's flagged one", first)
	}
	flaggedSection := clinician.inSection("Discuss")
	flaggedSection.notSee("Jo:")
	clinician.inSection("To review").see("Jo: " + worksheetTitle)
	clinician.axe()
	clinician.screenshot("journey3-dashboard-flagged")

	flaggedSection.click("Robin: " + worksheetTitle)
	clinician.waitPath(flaggedPath)
	clinician.within("[role=alert]").see("Rated how upset they feel at 7 or more out of 10.")
	clinician.see("Staying close for a while, and a glass of water.")
	clinician.fill("Add a comment", "Thank you, Robin. Let’s talk about the upset feelings on Thursday.")
	clinician.click("Add comment")
	clinician.waitPath(flaggedPath)
	clinician.inSection("Comments").see("Let’s talk about the upset feelings on Thursday.")
	clinician.click("Mark as reviewed")
	clinician.waitPath(flaggedPath)
	clinician.see("Reviewed")
	if n := evalIn[int](clinician, `[...document.querySelectorAll('button')].filter((b) => b.textContent.trim() === 'Mark as reviewed').length`); n != 0 {
		t.Errorf("a reviewed reflection still offers Mark as reviewed")
	}
	clinician.axe()
	clinician.fitsWidth()
	clinician.screenshot("journey3-reviewed")
	clinician.click("Dashboard")
	clinician.inSection("Discuss").notSee("Robin:")

	// The client, already signed in, sees the comment.
	client.visit("/me")
	client.inSection("Done").see("1 comment from Dr. Sam Rivera")
	client.click(worksheetTitle)
	client.inSection("Comments").see("Let’s talk about the upset feelings on Thursday.")
	client.see("Dr. Sam Rivera")
	client.axe()
	client.fitsWidth()
	client.screenshot("journey3-client-sees-comment")
}

// 4. Clinician and client each print handouts with the buttons on their
// pages; every answer is a PDF whose text has the title and, for a
// completed worksheet, the client's own words.
func TestJourney4_BothDownloadPDFHandouts(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	sam := s.staff(auth.RoleClinician, "sam@example.test", "Dr. Sam Rivera")
	robin := s.clientAccount(sam, "Robin", "robin@example.test")
	mod := s.assign(sam, robin.ClientID, assignment.KindModule, moduleSlug, "Notice what feels familiar.")
	ws := s.assign(sam, robin.ClientID, assignment.KindWorksheet, worksheetSlug, "")
	answer := "Tea, a blanket and Robin’s favourite song – then sleep."
	s.submit(robin, ws, reflection(3, answer))

	for _, p := range []struct {
		name, email string
		size        viewport
		pages       []struct{ path, button, what string }
	}{
		{"clinician", "sam@example.test", desktop, []struct{ path, button, what string }{
			{fmt.Sprintf("/clinician/assignments/%d", ws), "Print (PDF)", "completed worksheet"},
			{"/library/modules/" + moduleSlug, "Print handout (PDF)", "module handout"},
			{"/library/worksheets/" + worksheetSlug, "Print blank worksheet (PDF)", "blank worksheet"},
		}},
		{"client", "robin@example.test", phone, []struct{ path, button, what string }{
			{fmt.Sprintf("/me/assignments/%d", ws), "Print (PDF)", "completed worksheet"},
			{fmt.Sprintf("/me/assignments/%d", mod), "Print (PDF)", "module handout with the note"},
			{"/library/modules/" + moduleSlug, "Print handout (PDF)", "module handout"},
		}},
	} {
		t.Run(p.name, func(t *testing.T) {
			b := newBrowser(t, p.size.Width, p.size.Height)
			b.base = s.URL
			b.signIn(p.email, testPassword)
			for _, pg := range p.pages {
				if st := b.visit(pg.path); st != http.StatusOK {
					t.Fatalf("GET %s = %d", pg.path, st)
				}
				want := map[string][]string{
					"completed worksheet":          {worksheetTitle, "Robin", answer, "How upset do I feel about it now?"},
					"module handout with the note": {moduleTitle, "Notice what feels familiar.", "References"},
					"module handout":               {moduleTitle, "The time after sex", "References"},
					"blank worksheet":              {worksheetTitle, "How upset do I feel about it now?"},
				}[pg.what]
				what := fmt.Sprintf("%s's %s from %q on %s", p.name, pg.what, pg.button, pg.path)
				// The button's own link, fetched with this person's cookies
				// (headers and text) ...
				checkPDF(t, what, b.downloadLink(pg.button), want...)
				// ... and a real tap on it saves a PDF too.
				if body := b.clickDownload(pg.button); !strings.HasPrefix(string(body), "%PDF-") {
					t.Errorf("%s: pressing the button saved %d bytes starting %q, not a PDF", what, len(body), excerpt(string(body), 16))
				}
			}
		})
	}
}

// 5. Keyboard only: from the home page to a submitted worksheet with Tab,
// the arrow keys, Space and Enter, and typing into the text boxes. No
// clicks, and the focus always shows.
func TestJourney5_KeyboardOnlyWorksheet(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	sam := s.staff(auth.RoleClinician, "sam@example.test", "Dr. Sam Rivera")
	robin := s.clientAccount(sam, "Robin", "robin@example.test")
	id := s.assign(sam, robin.ClientID, assignment.KindWorksheet, worksheetSlug, "")
	path := fmt.Sprintf("/me/assignments/%d", id)

	b := s.browser(desktop)
	b.signIn("robin@example.test", testPassword)
	b.waitPath("/me")

	b.tabTo(`a[href="`+path+`"]`, 15)
	b.keysAndWait(kb.Enter)
	b.waitPath(path)

	// The date: arrow up in each part (day, month, year) gives today.
	b.tabTo("#f-date", 15)
	b.keys(kb.ArrowUp + kb.ArrowRight + kb.ArrowUp + kb.ArrowRight + kb.ArrowUp)
	if v := b.value("When was this?"); len(v) != len("2006-01-02") {
		t.Fatalf("the date after arrow keys is %q", v)
	}
	// A scale: Tab in, Space picks the focused point, arrows move along.
	scale := func(name string, want int) {
		t.Helper()
		b.tabTo(`input[name="`+name+`"]`, 8)
		b.keys(" ")
		for range want {
			b.keys(kb.ArrowRight)
		}
		if got := checkedValue(b, name); got != fmt.Sprint(want) {
			t.Errorf("%s after Space and %d arrow presses is %q", name, want, got)
		}
		if o := evalIn[string](b, `getComputedStyle(document.activeElement.labels[0]).outlineStyle`); o == "none" {
			t.Errorf("%s: the focused point on the scale shows no focus outline", name)
		}
	}
	scale("mood_before", 4)
	scale("mood_after", 7)
	b.tabTo("#f-what_helped", 3) // past the optional closeness scale, left empty
	b.keys("Tea and a blanket.")
	b.tabTo("#f-difficult_feelings", 3)
	b.keys("None this time.")
	scale("distress", 2)
	b.tabTo(`input[name="want_to_discuss"]`, 3)
	b.keys(kb.ArrowDown) // Yes, then No
	if got := checkedValue(b, "want_to_discuss"); got != "no" {
		t.Errorf("want_to_discuss after an arrow press is %q, want no", got)
	}
	b.screenshot("journey5-keyboard-filled")

	b.tabTo("details.submit-confirm > summary", 4)
	if f := b.focused(); !strings.Contains(f, "Submit to Dr. Sam Rivera") {
		t.Fatalf("focus is on %s, want the submit button", f)
	}
	b.keys(kb.Enter) // opens the confirmation in place
	b.see("You won't be able to change it unless Dr. Sam Rivera reopens it")
	b.tabTo("button[value=submit]", 2)
	if f := b.focused(); !strings.Contains(f, "Yes, submit") {
		t.Fatalf("focus is on %s, want the confirm button", f)
	}
	b.keysAndWait(kb.Enter)
	b.waitPath(path)
	b.see("Submitted on")
	answers := b.within("dl.answers")
	answers.see("Tea and a blanket.")
	answers.see("4 on a scale from 0 (Very low) to 10 (Very good)")
	answers.see("7 on a scale from 0 (Very low) to 10 (Very good)")
	answers.see("2 on a scale from 0 (Not at all) to 10 (Extremely)")
	b.screenshot("journey5-keyboard-submitted")
}

// 6. A second clinician, signed in, types the first clinician's addresses:
// the client, a reflection and its handout all answer 404 with the
// not-found page, and nothing of theirs shows.
func TestJourney6_SecondClinicianCannotReachAnotherCliniciansClient(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	sam := s.staff(auth.RoleClinician, "sam@example.test", "Dr. Sam Rivera")
	s.staff(auth.RoleClinician, "noor@example.test", "Dr. Noor Haddad")
	robin := s.clientAccount(sam, "Robin Secret", "robin@example.test")
	mod := s.assign(sam, robin.ClientID, assignment.KindModule, moduleSlug, "")
	ws := s.assign(sam, robin.ClientID, assignment.KindWorksheet, worksheetSlug, "")
	s.submit(robin, ws, reflection(8, "Something only Robin and Sam should read."))

	noor := s.browser(desktop)
	noor.signIn("noor@example.test", testPassword)
	noor.waitPath("/clinician")
	noor.notSee("Robin Secret")
	noor.click("Clients")
	noor.notSee("Robin Secret")

	for _, p := range []string{
		fmt.Sprintf("/clinician/clients/%d", robin.ClientID),
		fmt.Sprintf("/clinician/assignments/%d", ws),
		fmt.Sprintf("/clinician/assignments/%d", mod),
		fmt.Sprintf("/handouts/assignments/%d.pdf", ws),
		fmt.Sprintf("/handouts/assignments/%d.pdf", mod),
	} {
		if st := noor.visit(p); st != http.StatusNotFound {
			t.Errorf("second clinician GET %s = %d, want 404", p, st)
		}
		noor.see("We could not find that page")
		noor.notSee("Robin Secret")
		noor.notSee("Something only Robin and Sam should read.")
		if strings.HasSuffix(p, ".pdf") {
			if d := noor.fetch(p); d.Status != http.StatusNotFound || strings.HasPrefix(string(d.Body), "%PDF") {
				t.Errorf("second clinician fetch %s = %d %q", p, d.Status, d.ContentType)
			}
		}
	}
	noor.axe()
	noor.fitsWidth()
	noor.screenshot("journey6-not-found")

	// Writing is refused the same way: a comment and a review posted from
	// the second clinician's page change nothing.
	for _, p := range []string{fmt.Sprintf("/clinician/assignments/%d/comments", ws), fmt.Sprintf("/clinician/assignments/%d/review", ws)} {
		st := evalIn[int](noor, jsCall(`async (url) => (await fetch(url, {method: 'POST', credentials: 'same-origin', redirect: 'manual',
			headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: 'body=hello'})).status`, p))
		if st != http.StatusNotFound {
			t.Errorf("second clinician POST %s = %d, want 404", p, st)
		}
	}
	a, err := s.App.Assignments.Get(context.Background(), sam, ws)
	if err != nil || a.Status != assignment.StatusSubmitted || a.CommentCount != 0 {
		t.Errorf("after the second clinician's attempts the reflection is %q with %d comments (%v)", a.Status, a.CommentCount, err)
	}
}

// checkedValue is the value of the checked radio (or first checked box)
// named name, "" when none is.
func checkedValue(b *browser, name string) string {
	b.t.Helper()
	return evalIn[string](b, jsCall(`(n) => { const el = [...document.querySelectorAll('input:checked')].find((el) => el.name === n); return el ? el.value : ''; }`, name))
}
