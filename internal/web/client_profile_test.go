package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/worksheet"
)

// The owning clinician sets a client's pronouns and name to use; they show
// wherever the client is named on the clinician's pages. Bad input is a 422
// that keeps what was typed; another clinician gets 404 and nothing changes.
func TestClientProfile_NameToUseAndPronouns(t *testing.T) {
	t.Parallel()
	p := newCouplePractice(t)
	clin := p.signedIn("clin1@example.test")
	profilePath := fmt.Sprintf("/clinician/clients/%d/profile", p.client1.ClientID)
	clientPath := fmt.Sprintf("/clinician/clients/%d", p.client1.ClientID)

	long := strings.Repeat("x", 41)
	res := clin.post(profilePath, map[string][]string{"pronouns": {long}, "name_to_use": {"Rob"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("too long pronouns: %d, want 422", res.StatusCode)
	}
	for _, want := range []string{"Please keep pronouns under 40 characters.", `value="` + long + `"`, `value="Rob"`, `aria-invalid="true"`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("422 page lacks %q", want)
		}
	}
	if res := clin.post(profilePath, map[string][]string{"pronouns": {"they/them"}, "name_to_use": {strings.Repeat("R", 61)}}); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "Please keep the name to use under 60 characters.") || !strings.Contains(res.Body, `value="they/them"`) {
		t.Errorf("too long name to use: %d", res.StatusCode)
	}

	if res := clin.post(profilePath, map[string][]string{"pronouns": {"  they/them "}, "name_to_use": {"Rob"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save profile: %d %s", res.StatusCode, res.Body)
	}

	other := p.signedIn("clin2@example.test")
	if res := other.post(profilePath, map[string][]string{"pronouns": {"xe/xem"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("another clinician: %d, want 404", res.StatusCode)
	}

	page := clin.get(clientPath).Body
	for _, want := range []string{`Robin <span class="pronouns">(they/them)</span>`, "Goes by Rob", `value="they/them"`} {
		if !strings.Contains(page, want) {
			t.Errorf("client page lacks %q", want)
		}
	}
	if strings.Contains(page, "xe/xem") {
		t.Error("another clinician's change was saved")
	}

	label := "Robin (they/them) · goes by Rob"
	if page := clin.get("/clinician/clients").Body; !strings.Contains(page, label) {
		t.Errorf("client list lacks %q", label)
	}
	if page := clin.get("/clinician/clients?q=rob").Body; !strings.Contains(page, label) {
		t.Errorf("search by name to use lacks %q", label)
	}

	id := p.assign(p.clin1, p.client1, "worksheet", "after-intimacy-reflection")
	ans := worksheet.Answers{"date": "2026-11-20", "mood_before": 5, "mood_after": 6, "distress": 1}
	if _, err := p.app.Assignments.Submit(t.Context(), p.client1, id, ans, 0, "k1"); err != nil {
		t.Fatal(err)
	}
	queue := clin.get("/clinician").Body
	if n := strings.Count(queue, label); n < 2 {
		t.Errorf("queue names the client with the profile %d times, want a row and the by-client filter", n)
	}
	if page := clin.get(fmt.Sprintf("/clinician/assignments/%d", id)).Body; !strings.Contains(page, "for "+label) {
		t.Errorf("reflection page lacks %q", label)
	}

	couplePath := p.link(clin)
	if page := clin.get(couplePath).Body; !strings.Contains(page, "<h1>"+label+" and Sam</h1>") {
		t.Errorf("couple heading lacks %q", label)
	}

	// The client sees their own profile on /account and can change it.
	me := p.signedIn("client1@example.test")
	if page := me.get("/account").Body; !strings.Contains(page, `value="Rob"`) {
		t.Error("client's account page lacks their name to use")
	}
	if res := me.post("/account/profile", map[string][]string{"pronouns": {"she/they"}, "name_to_use": {"Robbie"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("client saves own profile: %d", res.StatusCode)
	}
	if res := me.post("/account/profile", map[string][]string{"pronouns": {long}, "name_to_use": {"Robbie2"}}); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, `value="Robbie2"`) {
		t.Errorf("client too long pronouns: %d", res.StatusCode)
	}
	if page := clin.get(clientPath).Body; !strings.Contains(page, "(she/they)") || !strings.Contains(page, "Goes by Robbie") {
		t.Error("client's own change does not show to the clinician")
	}
}
