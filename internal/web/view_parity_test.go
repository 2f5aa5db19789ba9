package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/worksheet"
)

// A client's printout and their API view come from the same
// assignment.View: both hold their answers and the shared comment, and
// neither holds the clinician's flags, flag rules or private note.
func TestClientView_PDFAndAPIShowTheSameThings(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	ctx := context.Background()
	id, messages := p.submitFlagged(t, worksheet.Answers{"what_helped": "PARITY-ANSWER"})
	if err := p.app.Assignments.AddComment(ctx, p.clin1, id, "", "PARITY-SHARED", false); err != nil {
		t.Fatal(err)
	}
	if err := p.app.Assignments.AddComment(ctx, p.clin1, id, "", "PARITY-PRIVATE", true); err != nil {
		t.Fatal(err)
	}
	start := func(m string) string { return m[:min(len(m), 24)] }

	b := p.signedIn("client1@example.test")
	pdf := pdfText(t, []byte(b.get(fmt.Sprintf("/handouts/assignments/%d.pdf", id)).Body))
	res := b.api(http.MethodGet, fmt.Sprintf("/api/v1/me/assignments/%d", id), "")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("client API view: %d %s", res.StatusCode, res.Body)
	}
	var api struct {
		Worksheet struct {
			Schema struct {
				FlagRules []json.RawMessage `json:"flags"`
			} `json:"schema"`
		} `json:"worksheet"`
		Response map[string]json.RawMessage `json:"response"`
	}
	if err := json.Unmarshal([]byte(res.Body), &api); err != nil {
		t.Fatal(err)
	}
	shows := map[string]func(string) bool{
		"PDF": func(s string) bool { return strings.Contains(pdf, s) },
		"API": func(s string) bool { return strings.Contains(res.Body, s) },
	}
	for where, has := range shows {
		for _, want := range []string{"PARITY-ANSWER", "PARITY-SHARED"} {
			if !has(want) {
				t.Errorf("client %s lacks %q", where, want)
			}
		}
		if has("PARITY-PRIVATE") {
			t.Errorf("client %s shows the private note", where)
		}
		for _, m := range messages {
			if has(start(m)) {
				t.Errorf("client %s shows the flag message %q", where, m)
			}
		}
	}
	if strings.Contains(strings.ToUpper(pdf), "FLAGGED") {
		t.Errorf("client PDF labels a flag:\n%s", pdf)
	}
	for _, key := range []string{"flags", "raised_flags"} {
		if _, ok := api.Response[key]; ok {
			t.Errorf("client API response carries %q: %s", key, res.Body)
		}
	}
	if len(api.Worksheet.Schema.FlagRules) != 0 {
		t.Errorf("client API worksheet carries flag rules: %s", res.Body)
	}
}
