package web_test

import (
	"context"
	"fmt"
	"html"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/worksheet"
)

// The clinician's chart of a weekly check-in is dated by the week the
// client named (not by when they sent it), draws the worksheet's flag
// thresholds, marks the flagged answer and says which way is better; the
// client's own chart of the same answers shows no flags.
func TestClientPageChart_DatedThresholdsFlagsAndBetter(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	// Sent in the reverse order of the weeks they are about.
	for _, a := range []worksheet.Answers{
		{"week_of": "2026-11-23", "cared_for": 4, "ease_of_asking": 6, "low_after": 9},
		{"week_of": "2026-11-09", "cared_for": 7, "ease_of_asking": 6, "low_after": 3},
	} {
		id := p.assign(p.clin1, p.client1, "worksheet", "aftercare-check-in")
		if _, err := p.app.Assignments.Submit(context.Background(), p.client1, id, a, 0, fmt.Sprint("k", id)); err != nil {
			t.Fatalf("submit: %v", err)
		}
	}
	clin := p.signedIn("clin1@example.test")
	body := html.UnescapeString(clin.get(fmt.Sprintf("/clinician/clients/%d", p.client1.ClientID)).Body)
	i := strings.Index(body, "<strong>At the worst point, how low or upset did I feel afterwards?</strong>")
	if i < 0 {
		t.Fatalf("no chart of low_after on the client page")
	}
	chart := body[i:]
	chart = chart[:strings.Index(chart, "</figure>")]
	for _, want := range []string{"Lower is better.", "Urgent at 9 or more", "Discuss at 7 or more",
		"Dated by the answer to “Which week is this about?”", `class="chart-flagged"`, "23 Nov 2026: 9 (flagged)",
		"<td>9 Nov 2026</td><td>3</td><td></td>", "<td>23 Nov 2026</td><td>9</td><td>Flagged</td>", ">9 Nov<", ">23 Nov<"} {
		if !strings.Contains(chart, want) {
			t.Errorf("clinician's chart lacks %q", want)
		}
	}
	if strings.Index(chart, "<td>9 Nov 2026</td>") > strings.Index(chart, "<td>23 Nov 2026</td>") {
		t.Error("points are in submission order, not by the week they are about")
	}
	// cared_for has no flag rule: no direction is claimed.
	j := strings.Index(body, "<strong>After intimacy this week, how cared for did I feel?</strong>")
	if j < 0 {
		t.Fatal("no chart of cared_for")
	}
	if cared := body[j:]; strings.Contains(cared[:strings.Index(cared, "</figure>")], "is better") {
		t.Error("a direction of better is claimed for a question without flag rules")
	}

	robin := p.signedIn("client1@example.test")
	mine := html.UnescapeString(robin.get("/me").Body)
	if !strings.Contains(mine, "<td>23 Nov 2026</td><td>9</td>") {
		t.Fatal("the client's own chart is missing")
	}
	for _, leak := range []string{"Urgent at", "Discuss at", "chart-flagged", "(flagged)", "is better", "Flagged"} {
		if strings.Contains(mine, leak) {
			t.Errorf("the client's own chart shows %q", leak)
		}
	}
}
