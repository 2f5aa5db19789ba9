package e2e

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/auth"
)

// The core loop of Tend, as two people do it at once: a clinician (laptop)
// adds a client and assigns a worksheet; the client (phone) accepts the
// invite, fills the worksheet, saves a draft and submits; the clinician sees
// the flagged reflection, comments and marks it reviewed; the client reads
// the comment.
func TestJourney_ClientCompletesAWorksheetOnAPhone(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.user(auth.RoleClinician, "clinician@example.test")

	clinician := s.browser(desktop)
	clinician.signIn("clinician@example.test", testPassword)
	clinician.click("Clients")
	clinician.waitPath("/clinician/clients")
	clinician.fill("Name or pseudonym", "Robin")
	clinician.fill("Email (optional)", "robin@example.test")
	clinician.click("Add client")
	clinician.see("Client added.")
	invite := clinician.value("invite-url")
	if !strings.Contains(invite, "/invite/") {
		t.Fatalf("invite link %q", invite)
	}
	clinician.fill("Worksheet to complete", "After intimacy: a short reflection")
	clinician.fill("Note to your client (optional)", "Fill this in after the next time you're close, if you'd like to.")
	clinician.click("Assign")
	clinician.see("After intimacy: a short reflection")
	clinician.axe()

	// The invite link carries the server's configured base URL; the
	// client opens the same path on the test server.
	client := s.browser(phone)
	client.assertNoDialog()
	client.visit(invite[strings.Index(invite, "/invite/"):])
	client.see("Welcome, Robin")
	client.axe()
	client.fitsWidth()
	client.screenshot("invite")
	client.fill("Choose a password", "a long client password")
	client.fill("Type it again", "a long client password")
	client.click("Set password and continue")
	client.waitPath("/me")
	client.click("After intimacy: a short reflection")

	client.see("A note from")
	client.fill("When was this?", "2026-11-20")
	client.choose("mood_before", "4")
	client.choose("mood_after", "7")
	client.fill("What helped", "Staying close for a while, and a glass of water.")
	client.click("Save draft")
	if client.value("What helped") != "Staying close for a while, and a glass of water." {
		t.Errorf("draft lost the text")
	}
	client.axe()
	client.fitsWidth()
	client.screenshot("worksheet")

	// Submitting without a required answer keeps everything typed.
	client.submitFinal("Submit to clinician")
	if st := client.status(); st != http.StatusUnprocessableEntity {
		t.Errorf("submit with a required field empty: status %d, want 422", st)
	}
	if client.value("What helped") != "Staying close for a while, and a glass of water." {
		t.Errorf("failed submit lost the text")
	}
	client.screenshot("worksheet-error")
	client.choose("distress", "8")
	client.choose("want_to_discuss", "yes")
	client.submitFinal("Submit to clinician")
	client.see("Submitted on")

	clinician.click("Dashboard")
	clinician.waitPath("/clinician")
	clinician.see("Robin")
	clinician.axe()
	clinician.screenshot("clinician-dashboard-flagged")

	// Reading the reflection, commenting, marking it reviewed.
	clinician.inSection("Discuss").click("Robin: After intimacy: a short reflection")
	clinician.see("Staying close for a while, and a glass of water.")
	clinician.fill("Add a comment", "Thank you, Robin. Let's talk about the upset feelings next week.")
	clinician.click("Add comment")
	clinician.see("Let's talk about the upset feelings next week.")
	clinician.click("Mark as reviewed")
	clinician.axe()
	clinician.screenshot("reflection")

	client.click("My work")
	client.click("After intimacy: a short reflection")
	client.see("Let's talk about the upset feelings next week.")

	// The printable copy of the completed worksheet, fetched with the
	// client's own session.
	if !s.hasRoute(http.MethodGet, "/handouts/assignments/") {
		t.Log("GET /handouts/assignments/:id.pdf is not routed yet: PDF step not checked")
		return
	}
	pdf := client.downloadLink("Print (PDF)")
	if !bytes.HasPrefix(pdf.Body, []byte("%PDF-")) || !strings.HasPrefix(pdf.ContentType, "application/pdf") {
		t.Errorf("handout: %q, %d bytes starting %q", pdf.ContentType, len(pdf.Body), excerpt(string(pdf.Body), 8))
	}
}
