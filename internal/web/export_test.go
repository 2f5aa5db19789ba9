package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/worksheet"
)

// unzipped reads a ZIP download into name -> contents.
func unzipped(t *testing.T, body string) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader([]byte(body)), int64(len(body)))
	if err != nil {
		t.Fatalf("not a ZIP: %v", err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		out[f.Name] = b
	}
	return out
}

func names(files map[string][]byte) []string {
	var out []string
	for n := range files {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// exportPractice gives client1 a module and a flagged, commented worksheet,
// and links client1 with a partner who answers a couple's worksheet without
// sharing it.
func exportPractice(t *testing.T) (p *practice, modID, wsID int64) {
	p = newPractice(t)
	ctx := context.Background()
	ids, err := p.app.Assignments.Assign(ctx, p.clin1, p.client1.ClientID, []assignment.New{
		{Kind: "module", Slug: "closeness-after-sex", Note: "Read it slowly."},
		{Kind: "worksheet", Slug: "after-intimacy-reflection"},
	})
	if err != nil {
		t.Fatal(err)
	}
	modID, wsID = ids[0], ids[1]
	ans := worksheet.Answers{"date": "2026-11-20", "mood_before": 4, "mood_after": 7, "distress": 8, "what_helped": "MY-OWN-ANSWER"}
	if _, err := p.app.Assignments.Submit(ctx, p.client1, wsID, ans, 0, "k"); err != nil {
		t.Fatal(err)
	}
	if err := p.app.Assignments.AddComment(ctx, p.clin1, wsID, "", "SHARED-COMMENT", false); err != nil {
		t.Fatal(err)
	}
	if err := p.app.Assignments.AddComment(ctx, p.clin1, wsID, "", "PRIVATE-NOTE-ONLY", true); err != nil {
		t.Fatal(err)
	}
	partner := p.clientWithAccount(p.clin1, "Partner", "partner@example.test")
	link, err := p.app.Couples.Link(ctx, p.clin1, p.client1.ClientID, partner.ClientID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.app.Couples.AssignToCouple(ctx, p.clin1, link.ID, assignment.New{Kind: "worksheet", Slug: "after-intimacy-reflection"}); err != nil {
		t.Fatal(err)
	}
	theirs, err := p.app.Assignments.ForClient(ctx, partner, 0)
	if err != nil || len(theirs) != 1 {
		t.Fatalf("partner's assignments: %v %v", theirs, err)
	}
	secret := worksheet.Answers{"date": "2026-11-21", "mood_before": 3, "mood_after": 5, "distress": 2, "what_helped": "PARTNER-SECRET"}
	if _, err := p.app.Assignments.Submit(ctx, partner, theirs[0].ID, secret, 0, "p"); err != nil {
		t.Fatal(err)
	}
	return p, modID, wsID
}

func TestExport_ClientZIPHoldsExactlyTheirOwnPDFsAndJSON(t *testing.T) {
	t.Parallel()
	p, modID, wsID := exportPractice(t)
	cl := p.signedIn("client1@example.test")
	res := cl.get("/me/export")
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/zip" || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("client export: %d %v", res.StatusCode, res.Header)
	}
	if !regexp.MustCompile(`attachment; filename="records-\d{4}-\d{2}-\d{2}\.zip"`).MatchString(res.Header.Get("Content-Disposition")) {
		t.Fatalf("export not named discreetly: %q", res.Header.Get("Content-Disposition"))
	}
	if res.Header.Get("Content-Length") != "" {
		t.Errorf("export has a Content-Length: it was held whole before sending, not streamed")
	}
	files := unzipped(t, res.Body)
	// The couple's worksheet is client1's too: three assignments in all.
	mine, err := p.app.Assignments.ForClient(context.Background(), p.client1, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"README.txt", "answers.json"}
	for _, as := range mine {
		want = append(want, fmt.Sprintf("%ss/%d-%s.pdf", as.Kind, as.ID, as.Slug))
	}
	sort.Strings(want)
	if got := names(files); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("ZIP holds %v, want %v", got, want)
	}
	wsPDF := pdfText(t, files[fmt.Sprintf("worksheets/%d-after-intimacy-reflection.pdf", wsID)])
	if !strings.Contains(wsPDF, "MY-OWN-ANSWER") || !strings.Contains(wsPDF, "SHARED-COMMENT") {
		t.Errorf("worksheet PDF lacks the client's answer or the shared comment:\n%s", wsPDF)
	}
	if modPDF := pdfText(t, files[fmt.Sprintf("modules/%d-closeness-after-sex.pdf", modID)]); !strings.Contains(modPDF, "Closeness after sex") {
		t.Errorf("module PDF lacks its title")
	}
	for name, b := range files {
		text := string(b)
		if strings.HasSuffix(name, ".pdf") {
			text = pdfText(t, b)
		}
		for _, never := range []string{"PRIVATE-NOTE-ONLY", "PARTNER-SECRET", "Flagged for follow-up", "Rated how upset"} {
			if strings.Contains(text, never) {
				t.Errorf("%s in the client's export contains %q", name, never)
			}
		}
	}
	var doc struct {
		Assignments []struct {
			ID       int64
			Answers  map[string]any
			Comments []struct{ Body string }
		}
	}
	if err := json.Unmarshal(files["answers.json"], &doc); err != nil {
		t.Fatalf("answers.json: %v", err)
	}
	if len(doc.Assignments) != len(mine) {
		t.Fatalf("answers.json lists %d assignments, want %d", len(doc.Assignments), len(mine))
	}
	if p.count("audit_events", "action = ? AND actor_id = ?", "records_exported", p.client1.UserID) != 1 {
		t.Error("client export not audited")
	}
}

func TestExport_ClinicianZIPAddsMarkedPrivateNotesAndOwnClientsOnly(t *testing.T) {
	t.Parallel()
	p, _, wsID := exportPractice(t)
	clin := p.signedIn("clin1@example.test")
	if res := clin.get(fmt.Sprintf("/clinician/clients/%d/export", p.client2.ClientID)); res.StatusCode != http.StatusNotFound {
		t.Fatalf("export of another clinician's client: %d, want 404", res.StatusCode)
	}
	if res := p.signedIn("client2@example.test").get(fmt.Sprintf("/clinician/clients/%d/export", p.client1.ClientID)); res.StatusCode != http.StatusForbidden {
		t.Fatalf("a client exporting through the clinician's route: %d, want 403", res.StatusCode)
	}
	res := clin.get(fmt.Sprintf("/clinician/clients/%d/export", p.client1.ClientID))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("clinician export: %d", res.StatusCode)
	}
	files := unzipped(t, res.Body)
	var doc struct {
		Assignments []struct {
			ID       int64
			Flags    []string
			Comments []struct {
				Body    string
				Private bool
			}
		}
	}
	if err := json.Unmarshal(files["answers.json"], &doc); err != nil {
		t.Fatal(err)
	}
	var private, flagged bool
	for _, as := range doc.Assignments {
		for _, cm := range as.Comments {
			if cm.Body == "PRIVATE-NOTE-ONLY" && cm.Private {
				private = true
			}
		}
		if as.ID == wsID && len(as.Flags) > 0 {
			flagged = true
		}
	}
	if !private || !flagged {
		t.Fatalf("clinician export: private note marked %v, flags %v\n%s", private, flagged, files["answers.json"])
	}
	if !strings.Contains(string(files["private-notes.txt"]), "PRIVATE-NOTE-ONLY") {
		t.Fatalf("private notes file lacks the note")
	}
	for name, b := range files {
		if strings.Contains(string(b), "PARTNER-SECRET") {
			t.Errorf("%s holds the partner's answers in client1's record", name)
		}
	}
}

// The client's own PDF of a flagged worksheet is the client's view: no flags.
func TestHandout_ClientsCompletedWorksheetShowsNoFlags(t *testing.T) {
	t.Parallel()
	p, _, wsID := exportPractice(t)
	res := p.signedIn("client1@example.test").get(fmt.Sprintf("/handouts/assignments/%d.pdf", wsID))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("client PDF: %d", res.StatusCode)
	}
	if text := pdfText(t, []byte(res.Body)); strings.Contains(text, "Flagged for follow-up") || strings.Contains(text, "Rated how upset") {
		t.Fatalf("the client's own PDF shows the clinician's flags:\n%s", text)
	}
	clinText := pdfText(t, []byte(p.signedIn("clin1@example.test").get(fmt.Sprintf("/handouts/assignments/%d.pdf", wsID)).Body))
	if !strings.Contains(clinText, "Flagged for follow-up") {
		t.Fatalf("the clinician's PDF lost the flags")
	}
	_ = auth.RoleClient
}
