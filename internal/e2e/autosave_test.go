package e2e

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/auth"
)

// On a slow phone connection the background autosave can still be on its
// way back when the client taps Submit. The server has already stored the
// autosave (and moved the draft's version on); the form still carries the
// version it had. Submitting must still work: nobody else changed anything.
func TestWorksheet_SubmitWhileAutosaveIsOnItsWay_OnASlowPhone(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	sam := s.staff(auth.RoleClinician, "sam@example.test", "Dr. Sam Rivera")
	robin := s.clientAccount(sam, "Robin", "robin@example.test")
	id := s.assign(sam, robin.ClientID, assignment.KindWorksheet, worksheetSlug, "")
	path := fmt.Sprintf("/me/assignments/%d", id)

	b := s.browser(phone)
	b.signIn("robin@example.test", testPassword)
	b.visit(path)
	// A slow network, for the page's own fetches (the autosave): the
	// server answers at once, the answer reaches the page 3 seconds later.
	evalIn[bool](b, `(() => {
		const real = window.fetch;
		window.__autosave = {answered: 0};
		window.fetch = (...args) => real(...args).then((res) => {
			window.__autosave.answered++;
			return new Promise((r) => setTimeout(() => r(res), 3000));
		});
		return true;
	})()`)
	b.fill("When was this?", "2026-11-20")
	b.choose("mood_before", "4")
	b.choose("mood_after", "7")
	b.choose("distress", "3")
	b.fill("What helped", "Tea and a blanket.")

	// Wait until the autosave has been stored, but not yet heard back.
	deadline := time.Now().Add(actionTimeout)
	for evalIn[int](b, `window.__autosave.answered`) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("no autosave within 20s of typing")
		}
		time.Sleep(50 * time.Millisecond)
	}
	b.submitFinal("Submit to Dr. Sam Rivera")
	if st := b.status(); st == http.StatusConflict {
		t.Errorf("submitting while an autosave was on its way back answered %d (%q): a phone user on a slow "+
			"connection is told their draft changed elsewhere and must submit again. "+
			"Fix in templates/static/app.js: on submit, wait for an autosave in flight and copy its version "+
			"into the form before posting (or have the server accept a base version that is this session's own "+
			"last autosave, internal/web/client_assignment.go)", st, excerpt(normSpace(b.text("[role=alert]")), 200))
		b.screenshot("autosave-conflict")
		return
	}
	b.see("Submitted on")
}
