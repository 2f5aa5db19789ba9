package e2e

import (
	"fmt"
	"testing"

	"github.com/tend-practice/tend/internal/auth"
)

// The worksheets added for issue 16, and the plan's private safety screen,
// on a 390 px phone: accessible (axe), no sideways scrolling, and the
// private question says that only the clinician sees it.
func TestNewWorksheets_AccessibleOnPhone_PrivateQuestionSaysSo(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	clin := s.staff(auth.RoleClinician, "clinician@example.test", "Sam")
	robin := s.clientAccount(clin, "Robin", "robin@example.test")
	client := s.browser(phone)
	client.signIn("robin@example.test", testPassword)
	client.waitPath("/me")
	for _, w := range []struct{ slug, title string }{
		{"aftercare-check-in", "Weekly aftercare check-in"},
		{"after-a-scene", "After a scene: a reflection"},
		{"aftercare-giving-inventory", "What I can give"},
		{"aftercare-plan", "Our aftercare plan"},
	} {
		id := s.assign(clin, robin.ClientID, "worksheet", w.slug, "")
		client.visit(fmt.Sprintf("/me/assignments/%d", id))
		client.see(w.title)
		client.axe()
		client.fitsWidth()
		client.screenshot("worksheet-" + w.slug)
		if w.slug == "aftercare-plan" {
			client.within("fieldset#f-safe_to_raise legend").see("only your clinician sees this answer, never a partner")
		}
	}
}
