package web_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/client"
)

var rosterRowRe = regexp.MustCompile(`<td data-label="Client"><a href="/clinician/clients/\d+">([^<]+)</a>`)

func rosterNames(body string) []string {
	var out []string
	for _, m := range rosterRowRe.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestClientList_SearchSortBadgesTabs(t *testing.T) {
	t.Parallel()
	p := newQueuePractice(t) // Robin: urgent, discuss, review, overdue, week, later; Ash: one review
	ctx := context.Background()
	if _, _, err := p.app.Clients.Create(ctx, p.clin1, client.NewClient{DisplayName: "Bea", Email: "bea.quiet@example.test"}); err != nil {
		t.Fatal(err)
	}
	old, _, err := p.app.Clients.Create(ctx, p.clin1, client.NewClient{DisplayName: "Cal"})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.app.Clients.SetArchived(ctx, p.clin1, old.ID, true); err != nil {
		t.Fatal(err)
	}
	clin := p.signedIn("clin1@example.test")
	cases := []struct {
		query string
		want  string
	}{
		{"", "Ash,Bea,Robin"},
		{"q=bea.QUIET", "Bea"},
		{"q=ro", "Robin"},
		{"q=%25", ""},
		{"sort=open", "Robin,Ash,Bea"},
		{"archived=1", "Cal"},
		{"q=sky", ""}, // another clinician's client
	}
	for _, c := range cases {
		res := clin.get("/clinician/clients?" + c.query)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", c.query, res.StatusCode)
		}
		if got := strings.Join(rosterNames(res.Body), ","); got != c.want {
			t.Errorf("%s: %q, want %q", c.query, got, c.want)
		}
	}
	body := clin.get("/clinician/clients").Body
	for _, want := range []string{
		fmt.Sprintf(`href="/clinician?show=urgent&amp;client=%d">1 urgent</a>`, p.client1.ClientID),
		fmt.Sprintf(`href="/clinician?show=review&amp;client=%d">3 to review</a>`, p.client1.ClientID),
		`<span class="badge">2 due</span>`,
		"Current (3)", "Archived (1)",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("client list lacks %s", want)
		}
	}
	for _, q := range []string{"sort=age", "page=0", "page=x"} {
		if res := clin.get("/clinician/clients?" + q); res.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", q, res.StatusCode)
		}
	}
}

func TestClientList_PagesOf50(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	ctx := context.Background()
	for i := range 60 {
		if _, _, err := p.app.Clients.Create(ctx, p.clin1, client.NewClient{DisplayName: fmt.Sprintf("Client %02d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	clin := p.signedIn("clin1@example.test")
	first := clin.get("/clinician/clients").Body
	second := clin.get("/clinician/clients?page=2").Body
	if n := len(rosterNames(first)); n != 50 || !strings.Contains(first, `href="/clinician/clients?page=2" rel="next"`) {
		t.Fatalf("first page: %d rows", n)
	}
	if n := len(rosterNames(second)); n != 11 || strings.Contains(second, `rel="next"`) {
		t.Fatalf("second page: %d rows, want 11 (60 + Robin)", n)
	}
	_ = assignment.QueuePageSize
}
