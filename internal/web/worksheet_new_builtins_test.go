package web_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The three worksheets added for issue 16 render on a phone-sized form,
// refuse a submission without their required answers while keeping what was
// typed, accept a complete one, raise their flags, and chart their scales on
// the clinician's client page.
func TestNewBuiltinWorksheets_RenderValidateFlagAndChart(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	robin := p.signedIn("client1@example.test")
	clin := p.signedIn("clin1@example.test")
	tests := []struct {
		slug, title string
		missing     string // a required field left out of the first try
		form        url.Values
		flag        string // a message the complete submission raises
		chart       string // a scale label the client page charts
	}{
		{"aftercare-check-in", "Weekly aftercare check-in", "week_of",
			url.Values{"week_of": {"2026-11-23"}, "cared_for": {"4"}, "ease_of_asking": {"6"}, "low_after": {"9"}, "one_thing": {"CHECKIN-TYPED"}},
			"Rated how low or upset they felt after intimacy at 9 or more out of 10.", "After intimacy this week, how cared for did I feel?"},
		{"after-a-scene", "After a scene: a reflection", "limits",
			url.Values{"scene_date": {"2026-11-21"}, "role": {"bottom"}, "scene_rating": {"7"}, "safeword_ignored": {"yes"}, "body": {"marks"},
				"aftercare": {"SCENE-TYPED"}, "next_day_rating": {"5"}, "drop": {"tired", "low_mood"}},
			"Said a safeword or stop signal was ignored.", "A day later, how do I feel?"},
		{"aftercare-giving-inventory", "What I can give", "energy",
			url.Values{"can_give": {"rest", "ritual"}, "hard_to_give": {"talking_it_through"}, "sensory_can_offer": {"silence"},
				"my_limits": {"GIVING-TYPED"}},
			"", "How much energy do I usually have for giving care afterwards?"},
	}
	for _, tt := range tests {
		t.Run(tt.slug, func(t *testing.T) {
			// Charts draw a question answered at least twice: submit twice.
			for round := range 2 {
				id := p.assign(p.clin1, p.client1, "worksheet", tt.slug)
				path := fmt.Sprintf("/me/assignments/%d", id)
				page := robin.get(path)
				if page.StatusCode != http.StatusOK || !strings.Contains(html.UnescapeString(page.Body), tt.title) {
					t.Fatalf("form: %d", page.StatusCode)
				}
				for name := range tt.form {
					if !strings.Contains(page.Body, `name="`+name+`"`) {
						t.Errorf("form has no input %s", name)
					}
				}
				version, key := formState(t, page.Body)
				form := url.Values{"action": {"submit"}, "version": {version}, "submission_key": {key}}
				for k, v := range tt.form {
					form[k] = v
				}
				if round == 0 {
					form.Del(tt.missing)
					res := robin.post(path, form)
					if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="f-`+tt.missing+`-error"`) {
						t.Fatalf("submission without %s: %d, want 422", tt.missing, res.StatusCode)
					}
					for _, v := range tt.form {
						if strings.HasSuffix(v[0], "-TYPED") && !strings.Contains(res.Body, v[0]) {
							t.Errorf("typed answer %q lost", v[0])
						}
					}
					version, key = formState(t, res.Body)
					form.Set("version", version)
					form.Set("submission_key", key)
				}
				form.Set(tt.missing, map[string]string{"week_of": "2026-11-23", "limits": "all_respected", "energy": "2"}[tt.missing])
				if res := robin.post(path, form); res.StatusCode != http.StatusSeeOther {
					t.Fatalf("complete submission: %d\n%s", res.StatusCode, res.Body)
				}
				reflection := html.UnescapeString(clin.get(fmt.Sprintf("/clinician/assignments/%d", id)).Body)
				if tt.flag != "" && !strings.Contains(reflection, tt.flag) {
					t.Errorf("the clinician's reflection page lacks the flag %q", tt.flag)
				}
			}
			client := html.UnescapeString(clin.get(fmt.Sprintf("/clinician/clients/%d", p.client1.ClientID)).Body)
			if !strings.Contains(client, `<strong>`+tt.chart+`</strong>`) {
				t.Errorf("the client page does not chart %q", tt.chart)
			}
		})
	}
}

// A private field says, inside its question's label (so a screen reader
// reads it with the question), that only the clinician sees it.
func TestWorksheetForm_PrivateFieldSaysOnlyTheClinicianSeesIt(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	robin := p.signedIn("client1@example.test")
	id := p.assign(p.clin1, p.client1, "worksheet", "aftercare-plan")
	body := robin.get(fmt.Sprintf("/me/assignments/%d", id)).Body
	note := `<span class="muted private-note">(only your clinician sees this answer, never a partner)</span></legend>`
	if n := strings.Count(body, note); n != 2 {
		t.Errorf("%d private notes on the plan, want 2 (safe_to_raise, pressured)", n)
	}
	if !strings.Contains(html.UnescapeString(body), "Is it safe to raise this with my partner? "+html.UnescapeString(note)) {
		t.Error("the private note is not in the question's legend")
	}
}
