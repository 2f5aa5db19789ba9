package web_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/worksheet"
)

// pdfText extracts a PDF's text with poppler's pdftotext, and checks it
// with qpdf.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("TEND_PDF_TOOLS") == "required" {
			t.Fatal("pdftotext is required (apt-get install poppler-utils qpdf)")
		}
		t.Skip("pdftotext not installed (apt-get install poppler-utils qpdf)")
	}
	f, err := os.CreateTemp(t.TempDir(), "*.pdf")
	if err != nil {
		t.Fatal(err)
	}
	f.Write(pdf)
	f.Close()
	if out, err := exec.Command("qpdf", "--check", f.Name()).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --check: %v\n%s", err, out)
	}
	out, err := exec.Command("pdftotext", "-layout", f.Name(), "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestHandouts_ModuleCompletedWorksheetAndAccess(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	ctx := context.Background()
	ids, err := p.app.Assignments.Assign(ctx, p.clin1, p.client1.ClientID, []assignment.New{
		{Kind: "module", Slug: "closeness-after-sex", Note: "For Zoë — read it slowly, “no rush”."},
		{Kind: "worksheet", Slug: "after-intimacy-reflection"},
	})
	if err != nil {
		t.Fatal(err)
	}
	modID, wsID := ids[0], ids[1]
	ans := worksheet.Answers{"date": "2026-11-20", "mood_before": 4, "mood_after": 7, "distress": 8,
		"what_helped": "Holding hands — and a cup of φροντίδα tea 🌿"}
	if _, err := p.app.Assignments.Submit(ctx, p.client1, wsID, ans, 0, "k"); err != nil {
		t.Fatal(err)
	}
	p.app.Assignments.AddComment(ctx, p.clin1, wsID, "", "Thank you, this helps.", false)
	p.app.Assignments.AddComment(ctx, p.clin1, wsID, "", "PRIVATE-NOTE-ONLY", true)

	clin := p.signedIn("clin1@example.test")
	cl := p.signedIn("client1@example.test")
	other := p.signedIn("client2@example.test")

	res := clin.get("/handouts/modules/closeness-after-sex.pdf")
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" ||
		res.Header.Get("Cache-Control") != "no-store" || !strings.Contains(res.Header.Get("Content-Disposition"), `filename="closeness-after-sex.pdf"`) {
		t.Fatalf("module handout: %d %v", res.StatusCode, res.Header)
	}
	text := pdfText(t, []byte(res.Body))
	for _, want := range []string{"Closeness after sex", "References", "https://doi.org/10.1007/s10508-014-0305-3", "Muise"} {
		if !strings.Contains(text, want) {
			t.Errorf("module handout lacks %q", want)
		}
	}
	req, _ := http.NewRequest(http.MethodGet, p.srv.URL+"/handouts/modules/closeness-after-sex.pdf", nil)
	req.Header.Set("If-None-Match", res.Header.Get("ETag"))
	if r := clin.do(req); r.StatusCode != http.StatusNotModified {
		t.Errorf("unchanged module handout with matching ETag: %d, want 304", r.StatusCode)
	}
	if r := clin.get("/handouts/modules/closeness-after-sex.pdf?paper=letter"); r.StatusCode != http.StatusOK || r.Body == res.Body {
		t.Error("?paper=letter gave the same PDF")
	}

	personal := pdfText(t, []byte(cl.get(fmt.Sprintf("/handouts/assignments/%d.pdf", modID)).Body))
	if !strings.Contains(personal, "For Zoë — read it slowly, “no rush”.") {
		t.Errorf("personal module handout lacks the clinician's note intact:\n%s", personal)
	}

	done := clin.get(fmt.Sprintf("/handouts/assignments/%d.pdf", wsID))
	text = pdfText(t, []byte(done.Body))
	for _, want := range []string{"Robin", "Holding hands — and a cup of φροντίδα tea", "Thank you, this helps."} {
		if !strings.Contains(text, want) {
			t.Errorf("completed worksheet lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "PRIVATE-NOTE-ONLY") || strings.Contains(text, "?") && strings.Contains(text, "tea ?") {
		t.Error("private note printed, or the emoji became a question mark")
	}
	if !bytes.Equal([]byte(cl.get(fmt.Sprintf("/handouts/assignments/%d.pdf", wsID)).Body)[:4], []byte("%PDF")) {
		t.Error("the client cannot print their own worksheet")
	}
	for _, path := range []string{fmt.Sprintf("/handouts/assignments/%d.pdf", wsID), "/handouts/modules/closeness-after-sex.pdf", "/handouts/worksheets/after-intimacy-reflection.pdf"} {
		if r := other.get(path); r.StatusCode != http.StatusNotFound && r.StatusCode != http.StatusForbidden {
			t.Errorf("another client printed %s: %d", path, r.StatusCode)
		}
	}
	blank := pdfText(t, []byte(clin.get("/handouts/worksheets/after-intimacy-reflection.pdf").Body))
	if !strings.Contains(blank, "After intimacy") || strings.Contains(blank, "Holding hands") {
		t.Error("blank worksheet wrong")
	}
	var n int64
	p.app.DB.Gorm.Table("audit_events").Where("action = 'handout_printed'").Count(&n)
	if n != 3 {
		t.Errorf("%d handout prints audited, want 3", n)
	}
}
