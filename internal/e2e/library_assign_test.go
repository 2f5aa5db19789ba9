package e2e

import (
	"context"
	"testing"

	"github.com/tend-practice/tend/internal/demo"
)

// Assigning from the library to two clients at once (issue 19): the module
// page's Assign box, Alex and Jordan ticked, one note for both. Each client's
// page then lists the module with the note, and Alex finds it at home.
func TestWorkday_AssignFromTheLibraryToTwoClients(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	if _, err := demo.Seed(context.Background(), s.App); err != nil {
		t.Fatalf("seed the demo practice: %v", err)
	}
	const note = "Read this before our joint session on Thursday."
	b := s.browser(desktop)
	b.signIn("clinician@demo.test", demo.Password)
	b.visit("/library/modules/aftercare-beyond-the-bedroom")
	box := b.inSection("Assign")
	box.check("Alex")
	box.check("Jordan")
	box.fill("Note to each client (optional)", note)
	box.click("Assign to the chosen clients")
	b.waitPath("/library/modules/aftercare-beyond-the-bedroom")
	b.see("Assigned to Alex, Jordan.")
	b.axe()

	for _, name := range []string{"Alex", "Jordan"} {
		b.visit("/clinician/clients?q=" + name)
		b.visit(evalIn[string](b, `[...document.querySelectorAll('td[data-label="Client"] a')].find((a) => a.textContent.trim().startsWith('`+name+`')).getAttribute('href')`))
		timeline := b.inSection("Timeline")
		timeline.see("Aftercare beyond the bedroom")
		timeline.see(note)
	}

	b.signOut()
	b.signIn("client@demo.test", demo.Password)
	b.visit("/me")
	b.see("Aftercare beyond the bedroom")
	b.see(note)
}
