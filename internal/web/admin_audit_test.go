package web_test

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tend-practice/tend/internal/auth"
)

// The audit log says each event in words, within what an administrator
// without break-glass may see: a client acting is "client #id" and no
// module or worksheet title shows. Under break-glass the detail shows.
func TestAdminAudit_InWords_NoTitlesWithoutBreakGlass(t *testing.T) {
	t.Parallel()
	bp := newBreakGlassPractice(t)
	page := bp.adminB.get("/admin/audit").Body
	for _, want := range []string{
		fmt.Sprintf("client #%d submitted a reflection (assignment #%d)", bp.client1.ClientID, bp.submitted),
		fmt.Sprintf("clin1@example.test (clinician) assigned work (assignment #%d) for client #%d", bp.submitted, bp.client1.ClientID),
		"admin@example.test (administrator) signed in",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the log lacks %q", want)
		}
	}
	for _, leak := range []string{"after-intimacy", "After intimacy", "Robin submitted", "client1@example.test submitted"} {
		if strings.Contains(page, leak) {
			t.Errorf("the log shows %q without break-glass", leak)
		}
	}
}

// Each filter narrows the log: person, client, event, date range; bad
// input is a 422 that says what is wrong.
func TestAdminAudit_Filters(t *testing.T) {
	t.Parallel()
	bp := newBreakGlassPractice(t)
	a := bp.adminB
	c1, c2 := bp.client1.ClientID, bp.client2.ClientID
	line1 := fmt.Sprintf("assigned work (assignment #%d) for client #%d", bp.submitted, c1)
	line2 := fmt.Sprintf("assigned work (assignment #%d) for client #%d", bp.theirs, c2)
	check := func(query string, want, not []string) {
		t.Helper()
		res := a.get("/admin/audit?" + query)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", query, res.StatusCode)
		}
		for _, w := range want {
			if !strings.Contains(res.Body, w) {
				t.Errorf("%s: lacks %q", query, w)
			}
		}
		for _, n := range not {
			if strings.Contains(res.Body, n) {
				t.Errorf("%s: shows %q", query, n)
			}
		}
	}
	check("person=CLIN1", []string{line1}, []string{line2, "signed in"})
	check(fmt.Sprintf("client=%d", c2), []string{line2}, []string{line1})
	check(fmt.Sprintf("client=%%23%d", c1), []string{line1}, []string{line2})
	check("action=assignment_created", []string{line1, line2}, []string{"signed in", "submitted a reflection"})
	today := time.Now().UTC().Format("2006-01-02")
	tomorrow := time.Now().UTC().AddDate(0, 0, 1).Format("2006-01-02")
	yesterday := time.Now().UTC().AddDate(0, 0, -1).Format("2006-01-02")
	check("from="+yesterday+"&to="+tomorrow, []string{line1, line2}, nil)
	check("from="+tomorrow, []string{"No events match this filter."}, []string{line1})
	check("to="+yesterday, []string{"No events match this filter."}, []string{line1})
	check("to="+today, []string{line1}, nil)
	check("person=nobody-here", []string{"No events match this filter."}, []string{line1})
	for _, bad := range []string{"client=abc", "from=31/12/2026", "to=tomorrow", "from=" + tomorrow + "&to=" + yesterday} {
		res := a.get("/admin/audit?" + bad)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `role="alert"`) {
			t.Errorf("%s: %d, want 422 with a message", bad, res.StatusCode)
		}
	}
}

// The CSV export holds the filtered log as an administrator may see it, no
// titles without break-glass, guards against formula injection, and is
// itself audited. Clinicians cannot export.
func TestAdminAudit_CSV(t *testing.T) {
	t.Parallel()
	bp := newBreakGlassPractice(t)
	if err := bp.app.DB.Gorm.Exec(`UPDATE users SET display_name = '=HYPERLINK("http://x")' WHERE email = 'clin1@example.test'`).Error; err != nil {
		t.Fatal(err)
	}
	res := bp.adminB.get("/admin/audit?format=csv")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("csv: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	rows, err := csv.NewReader(strings.NewReader(res.Body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 5 || rows[0][0] != "When (UTC)" {
		t.Fatalf("csv rows: %v", rows)
	}
	if strings.Contains(res.Body, "after-intimacy") || strings.Contains(res.Body, "After intimacy") {
		t.Error("the CSV shows a worksheet without break-glass")
	}
	injected := false
	for _, row := range rows {
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
				t.Errorf("a cell starts with a formula character: %q", cell)
			}
			if strings.HasPrefix(cell, `'=HYPERLINK`) {
				injected = true
			}
		}
	}
	if !injected {
		t.Errorf("the formula-like name is not in the CSV with an apostrophe:\n%s", res.Body)
	}
	// Filters apply to the CSV too.
	res = bp.adminB.get(fmt.Sprintf("/admin/audit?format=csv&client=%d&action=assignment_created", bp.client2.ClientID))
	rows, _ = csv.NewReader(strings.NewReader(res.Body)).ReadAll()
	if len(rows) != 2 || rows[1][6] != fmt.Sprintf("#%d", bp.client2.ClientID) {
		t.Errorf("filtered csv: %v", rows)
	}
	page := bp.adminB.get("/admin/audit?action=audit_exported").Body
	if !strings.Contains(page, "exported the audit log") {
		t.Error("the export is not audited")
	}
	if res := bp.signedIn("clin1@example.test").get("/admin/audit?format=csv"); res.StatusCode != http.StatusForbidden {
		t.Errorf("a clinician's export: %d", res.StatusCode)
	}
}

// With break-glass open for a client, that client's events show their
// detail in words; another client's still do not.
func TestAdminAudit_InWords_DetailUnderBreakGlass(t *testing.T) {
	t.Parallel()
	bp := newBreakGlassPractice(t)
	before := bp.adminB.get(fmt.Sprintf("/admin/audit?client=%d&action=assignment_created", bp.client1.ClientID)).Body
	bp.open(t, bp.client1.ClientID, "Client at risk tonight")
	after := bp.adminB.get(fmt.Sprintf("/admin/audit?client=%d&action=assignment_created", bp.client1.ClientID)).Body
	if before == after || !strings.Contains(after, `: &#34;`) {
		t.Errorf("no detail under break-glass:\n%s", after)
	}
	other := bp.adminB.get(fmt.Sprintf("/admin/audit?client=%d&action=assignment_created", bp.client2.ClientID)).Body
	if strings.Contains(other, `: &#34;`) {
		t.Error("another client's detail shows")
	}
	_ = auth.RoleAdmin
}
