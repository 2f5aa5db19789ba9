package web_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/worksheet"
)

var postingForm = regexp.MustCompile(`<form[^>]*method="post"[^>]*action="/(me|clinician/assignments)/`)

// The owning clinician previews an assignment as the client sees it: the
// client's wording, a banner with the name they use, and nothing that could
// save or reply, no flags and no private notes. Another clinician gets 404.
func TestAssignmentPreview_AsTheClientSeesIt(t *testing.T) {
	t.Parallel()
	p := newCouplePractice(t)
	clin := p.signedIn("clin1@example.test")
	profile := fmt.Sprintf("/clinician/clients/%d/profile", p.client1.ClientID)
	if res := clin.post(profile, map[string][]string{"pronouns": {"they/them"}, "name_to_use": {"Rob"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save profile: %d", res.StatusCode)
	}

	open := p.assign(p.clin1, p.client1, "worksheet", "after-intimacy-reflection")
	res := clin.get(fmt.Sprintf("/clinician/assignments/%d/preview", open))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("preview of open worksheet: %d", res.StatusCode)
	}
	for _, want := range []string{"Preview: this is what Rob sees.", "Rob saves drafts and submits to you from here.", " disabled"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("open preview lacks %q", want)
		}
	}
	if postingForm.MatchString(res.Body) {
		t.Errorf("open preview has a form that posts:\n%s", postingForm.FindString(res.Body))
	}

	done := p.assign(p.clin1, p.client1, "worksheet", "after-intimacy-reflection")
	ans := worksheet.Answers{"date": "2026-11-20", "mood_before": 4, "mood_after": 7, "distress": 9, "want_to_discuss": "yes"}
	if _, err := p.app.Assignments.Submit(t.Context(), p.client1, done, ans, 0, "k1"); err != nil {
		t.Fatal(err)
	}
	if err := p.app.Assignments.AddComment(t.Context(), p.clin1, done, "", "Thank you for writing this.", false); err != nil {
		t.Fatal(err)
	}
	if err := p.app.Assignments.AddComment(t.Context(), p.clin1, done, "", "My own note: ask about sleep.", true); err != nil {
		t.Fatal(err)
	}
	reflection := clin.get(fmt.Sprintf("/clinician/assignments/%d", done)).Body
	for _, want := range []string{"Flagged", "ask about sleep", fmt.Sprintf(`href="/clinician/assignments/%d/preview"`, done)} {
		if !strings.Contains(reflection, want) {
			t.Errorf("reflection page lacks %q (the test needs it)", want)
		}
	}
	previewPath := fmt.Sprintf("/clinician/assignments/%d/preview", done)
	res = clin.get(previewPath)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("preview: %d", res.StatusCode)
	}
	client := p.signedIn("client1@example.test")
	mine := client.get(fmt.Sprintf("/me/assignments/%d", done)).Body
	for _, want := range []string{"Preview: this is what Rob sees.", "Submitted on", "ask your clinician to reopen it", "Thank you for writing this."} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("preview lacks %q", want)
		}
		if want != "Preview: this is what Rob sees." && !strings.Contains(mine, want) {
			t.Errorf("the client's own page lacks %q", want)
		}
	}
	for _, bad := range []string{"Flagged", "ask about sleep", "Send reply", "Mark as reviewed"} {
		if strings.Contains(res.Body, bad) {
			t.Errorf("preview shows %q", bad)
		}
	}
	if postingForm.MatchString(res.Body) {
		t.Errorf("preview has a form that posts:\n%s", postingForm.FindString(res.Body))
	}
	if !postingForm.MatchString(mine) {
		t.Error("the client's own page has no reply form (the test needs it)")
	}

	if res := p.signedIn("clin2@example.test").get(previewPath); res.StatusCode != http.StatusNotFound {
		t.Errorf("another clinician: %d, want 404", res.StatusCode)
	}
	if res := client.get(previewPath); res.StatusCode != http.StatusForbidden {
		t.Errorf("client: %d, want 403", res.StatusCode)
	}
	page := clin.get(fmt.Sprintf("/clinician/clients/%d", p.client1.ClientID)).Body
	if !strings.Contains(page, previewPath) {
		t.Error("client timeline has no preview link")
	}
}
