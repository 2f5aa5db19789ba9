package handout

import (
	"strings"
	"testing"
	"time"
)

// pagesText is the text of each page, as pdftotext separates them.
func pagesText(t *testing.T, pdf []byte) []string {
	t.Helper()
	pages := strings.Split(pdfText(t, pdf), "\f")
	if n := len(pages); n > 0 && strings.TrimSpace(pages[n-1]) == "" {
		pages = pages[:n-1]
	}
	for i := range pages {
		pages[i] = flat(pages[i])
	}
	return pages
}

func TestWorksheet_ClientPrintout_RunningHeaderOnEveryPage(t *testing.T) {
	requirePDFTools(t)
	in := completedWorksheet()
	in.ClientName = "Alex"
	pdf := renderWorksheet(t, in)
	pages := pagesText(t, pdf)
	if len(pages) < 4 {
		t.Fatalf("want a printout of at least 4 pages to test, got %d", len(pages))
	}
	for i, p := range pages {
		for _, want := range []string{"Alex · 22 November 2026", "Confidential"} {
			if !strings.Contains(p, want) {
				t.Errorf("page %d of %d lacks the running header %q:\n%s", i+1, len(pages), want, excerptText(p))
			}
		}
	}
}

func TestWorksheet_BlankPaper_NoRequiredMarks(t *testing.T) {
	requirePDFTools(t)
	got := flat(pdfText(t, renderWorksheet(t, blankWorksheet())))
	if strings.Contains(got, "required") {
		t.Errorf("a blank paper worksheet says \"required\":\n%s", got)
	}
	if strings.Contains(got, "Confidential") {
		t.Errorf("a blank worksheet is not a client's printout, yet says Confidential")
	}
}

func TestWorksheet_CommentsPrintedUnderTheirAnswer_RepliesMarked(t *testing.T) {
	requirePDFTools(t)
	in := completedWorksheet()
	in.ClientName = "Alex"
	in.Comments = nil
	at := time.Date(2026, 11, 22, 9, 15, 0, 0, time.UTC)
	in.Sections[0].Fields[3].Comments = []Comment{
		{Author: "Dr Rivera", At: at, Body: "Sleep seems to matter a lot here."},
		{Author: "Alex", At: at, Body: "It does, I was exhausted.", FromClient: true},
	}
	got := flat(pdfText(t, renderWorksheet(t, in)))
	answer := strings.Index(got, "How many hours did you sleep")
	comment := strings.Index(got, "Sleep seems to matter a lot here.")
	reply := strings.Index(got, "Alex’s reply")
	next := strings.Index(got, "What did you do afterwards?")
	if answer < 0 || comment < 0 || reply < 0 || next < 0 {
		t.Fatalf("comment, reply or questions missing (%d %d %d %d):\n%s", answer, comment, reply, next, got)
	}
	if !(answer < comment && comment < reply && reply < next) {
		t.Errorf("comments not under the answer they belong to: answer %d, comment %d, reply %d, next question %d", answer, comment, reply, next)
	}
	if !strings.Contains(got, "Comment from Dr Rivera") {
		t.Errorf("the clinician's comment does not say who wrote it:\n%s", got)
	}
}

func TestJoint_ClinicianCopy_BandOnEveryPage(t *testing.T) {
	requirePDFTools(t)
	in := jointFixture()
	long := strings.Repeat("A long answer that goes on for a while about what helps. ", 60)
	for i := 0; i < 6; i++ {
		in.Sections[0].Fields = append(in.Sections[0].Fields, JointField{Label: "More", Answers: [2]JointAnswer{{Lines: []string{long}}, {Lines: []string{long}}}})
	}
	in.ClinicianCopy = true
	pages := pagesText(t, renderJoint(t, in))
	if len(pages) < 2 {
		t.Fatalf("want a copy of several pages, got %d", len(pages))
	}
	for i, p := range pages {
		if !strings.Contains(p, ClinicianCopyBand) {
			t.Errorf("page %d of %d lacks %q:\n%s", i+1, len(pages), ClinicianCopyBand, excerptText(p))
		}
	}

	in.ClinicianCopy = false
	for i, p := range pagesText(t, renderJoint(t, in)) {
		if strings.Contains(p, "not for the partners") {
			t.Errorf("the partners' copy, page %d, carries the clinician band", i+1)
		}
	}
}

func excerptText(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}

func TestWorksheet_Letterhead_UnderTheTitle(t *testing.T) {
	requirePDFTools(t)
	in := completedWorksheet()
	in.Letterhead = []string{"Harbour Therapy", "1 Harbour Street, Seaton", "Phone 0100 200 300"}
	pages := pagesText(t, renderWorksheet(t, in))
	title := strings.Index(pages[0], in.Title)
	name := strings.Index(pages[0], "Harbour Therapy 1 Harbour Street, Seaton Phone 0100 200 300")
	if title < 0 || name < title {
		t.Errorf("letterhead not under the title on page 1 (title %d, letterhead %d):\n%s", title, name, excerptText(pages[0]))
	}
	if strings.Contains(pages[1], "1 Harbour Street") {
		t.Error("the letterhead repeats on page 2")
	}
}
