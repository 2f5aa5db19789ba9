package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/worksheet"
)

// Finding 4: the client's own printout showed the clinician's triage flags
// (the rules' messages and a "FLAGGED" label by each answer). Who sees what
// is now decided once, in assignment.View, for page, API and PDF alike.
func TestHandoutAssignment_ClientPrintoutHasNoFlags(t *testing.T) {
	p := newPractice(t)
	ctx := context.Background()
	id := p.assign(p.clin1, p.client1, "worksheet", "after-intimacy-reflection")
	ans := worksheet.Answers{"date": "2026-11-20", "mood_before": 4, "mood_after": 7, "distress": 9, "want_to_discuss": "yes"}
	if _, err := p.app.Assignments.Submit(ctx, p.client1, id, ans, 0, "k"); err != nil {
		t.Fatal(err)
	}
	as, err := p.app.Assignments.Get(ctx, p.clin1, id)
	if err != nil {
		t.Fatal(err)
	}
	wv, err := p.app.Assignments.Worksheet(ctx, as)
	if err != nil {
		t.Fatal(err)
	}
	messages := wv.Schema.Flags(wv.Schema.Normalize(ans))
	if len(messages) == 0 {
		t.Fatal("test answers raise no flag on the built-in worksheet")
	}
	path := fmt.Sprintf("/handouts/assignments/%d.pdf", id)
	// Long messages wrap in the PDF: compare a first stretch of each.
	start := func(m string) string { return m[:min(len(m), 24)] }

	clientText := pdfText(t, []byte(p.signedIn("client1@example.test").get(path).Body))
	if !strings.Contains(clientText, "After intimacy") {
		t.Fatalf("client printout is not the worksheet:\n%s", clientText)
	}
	if strings.Contains(strings.ToUpper(clientText), "FLAGGED") || strings.Contains(clientText, "Flagged for follow-up") {
		t.Errorf("client printout names a flag:\n%s", clientText)
	}
	for _, m := range messages {
		if strings.Contains(clientText, start(m)) {
			t.Errorf("client printout shows the flag message %q", m)
		}
	}

	clinText := pdfText(t, []byte(p.signedIn("clin1@example.test").get(path).Body))
	if !strings.Contains(clinText, "FLAGGED") {
		t.Errorf("clinician printout lost its FLAGGED labels:\n%s", clinText)
	}
	for _, m := range messages {
		if !strings.Contains(clinText, start(m)) {
			t.Errorf("clinician printout lacks the flag message %q", m)
		}
	}
}
