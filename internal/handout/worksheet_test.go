package handout

import (
	"regexp"
	"strings"
	"testing"
)

func TestWorksheet_BlankHasEveryFieldKindDrawn(t *testing.T) {
	requirePDFTools(t)
	in := blankWorksheet()
	kinds := map[FieldKind]bool{}
	for _, s := range in.Sections {
		for _, f := range s.Fields {
			kinds[f.Kind] = true
		}
	}
	for _, k := range []FieldKind{FieldShortText, FieldLongText, FieldScale, FieldSingleChoice, FieldMultipleChoice, FieldChecklist, FieldYesNo, FieldDate, FieldNumber} {
		if !kinds[k] {
			t.Fatalf("fixture lacks a %s field", k)
		}
	}
	pdf := renderWorksheet(t, in)
	qpdfCheck(t, pdf)
	got := flat(pdfText(t, pdf))
	want := []string{in.Title, "Name", "Date", "/ /", "day month year",
		"Not at all connected", "Completely connected", "Yes No"}
	// The scale's circles sit on one line, numbered 0 to 10.
	layout := pdfText(t, pdf, "-layout")
	if !regexp.MustCompile(`(?m)^\s*0\s+1\s+2\s+3\s+4\s+5\s+6\s+7\s+8\s+9\s+10\s*$`).MatchString(layout) {
		t.Errorf("no scale line 0 … 10 in:\n%s", layout)
	}
	for _, s := range in.Sections {
		want = append(want, s.Heading)
		for _, f := range s.Fields {
			want = append(want, f.Label)
			want = append(want, f.Options...)
		}
	}
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("blank worksheet lacks %q", w)
		}
	}
	// Nothing of a completed worksheet.
	for _, w := range []string{"Submitted", "Status", "No answer", "Answer:"} {
		if strings.Contains(got, w) {
			t.Errorf("blank worksheet shows %q", w)
		}
	}
}

func TestWorksheet_BlankDrawsWritingSpace(t *testing.T) {
	r := renderer(t)
	d := r.layoutWorksheet(blankWorksheet())
	var lines, circles, boxes int
	for _, p := range d.pages {
		for _, o := range p.over {
			switch o.kind {
			case opLine:
				lines++
			case opCircle:
				circles++
			case opRect:
				boxes++
			}
		}
	}
	// Two 11-point scales and four radio options; five + six + two + two
	// tick boxes; long text has six ruled lines, short text and number one.
	if circles != 2*11+4 {
		t.Errorf("%d circles, want %d", circles, 2*11+4)
	}
	if boxes != 5+6+2+2 {
		t.Errorf("%d tick boxes, want %d", boxes, 5+6+2+2)
	}
	if lines < 6+1+1+3 {
		t.Errorf("only %d ruled lines", lines)
	}
}

func TestWorksheet_BlankLetterDateIsMonthFirst(t *testing.T) {
	requirePDFTools(t)
	in := blankWorksheet()
	in.Paper = PaperLetter
	if got := flat(pdfText(t, renderWorksheet(t, in))); !strings.Contains(got, "month day year") {
		t.Errorf("Letter worksheet date hint is not month first: %q", got)
	}
}

func TestWorksheet_CompletedShowsAnswersMetaFlagsComments(t *testing.T) {
	requirePDFTools(t)
	in := completedWorksheet()
	pdf := renderWorksheet(t, in)
	qpdfCheck(t, pdf)
	text := pdfText(t, pdf)
	got := flat(text)
	want := []string{
		"Client Zoë Ångström-Núñez", "Submitted 21 November 2026, 18:42", "Status Submitted",
		"Flagged for follow-up", in.Flags[0], in.Flags[1], "FLAGGED",
		"20 November 2026", "Answer: 7 (0–10)", "Answer: 9 (0–10)", "15 to 30 minutes",
		"Other: watched a silly film", "Next time I’d like us to agree on ten minutes first. □",
		"Clinician’s comments", in.Comments[0].Body, in.Comments[1].Body, "22 November 2026",
	}
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("completed worksheet lacks %q", w)
		}
	}
	// The 3,000 characters typed without a space are all there, in order,
	// once the running header and footer are out of the way.
	var body []string
	for _, l := range strings.Split(text, "\n") {
		l = strings.Trim(l, "\f ")
		if l == in.PracticeName || l == in.ClinicianName || strings.HasPrefix(l, "Printed ") || pageLine.MatchString(l) ||
			l == "Confidential" || strings.HasPrefix(l, in.ClientName+" · ") {
			continue
		}
		body = append(body, l)
	}
	if !strings.Contains(strings.Join(strings.Fields(strings.Join(body, "\n")), ""), longWordless) {
		t.Error("the long word-less answer lost characters")
	}
	if strings.Contains(got, "(required)") || strings.Contains(got, "Name Date") {
		t.Error("completed worksheet shows blank-form furniture")
	}
}

var pageLine = regexp.MustCompile(`^Page \d+ of \d+$`)

func TestWorksheet_CompletedScaleFillsChosenCircle(t *testing.T) {
	r := renderer(t)
	d := r.layoutWorksheet(completedWorksheet())
	filled := 0
	for _, p := range d.pages {
		for _, o := range p.over {
			if o.kind == opCircle && o.filled && o.r > 2 {
				filled++
			}
		}
	}
	if filled != 2 {
		t.Errorf("%d filled scale circles, want 2 (one per answered scale)", filled)
	}
}

func TestWorksheet_WordsStayInsideMargins(t *testing.T) {
	requirePDFTools(t)
	for _, paper := range []Paper{PaperA4, PaperLetter} {
		t.Run(string(paper)+"/blank", func(t *testing.T) {
			in := blankWorksheet()
			in.Paper = paper
			assertInsideMargins(t, renderWorksheet(t, in))
		})
		t.Run(string(paper)+"/completed", func(t *testing.T) {
			in := completedWorksheet()
			in.Paper = paper
			assertInsideMargins(t, renderWorksheet(t, in))
		})
	}
}

func TestWorksheet_PageCountAndFooter(t *testing.T) {
	requirePDFTools(t)
	for _, paper := range []Paper{PaperA4, PaperLetter} {
		for name, in := range map[string]WorksheetInput{"blank": blankWorksheet(), "completed": completedWorksheet()} {
			t.Run(string(paper)+"/"+name, func(t *testing.T) {
				in.Paper = paper
				pdf := renderWorksheet(t, in)
				n := pageCount(t, pdf)
				if n < 2 || n > 6 {
					t.Fatalf("%d pages", n)
				}
				assertFooters(t, pdf, n, "Printed 22 November 2026")
			})
		}
	}
}

func TestWorksheet_BlankSectionsStayTogether(t *testing.T) {
	r := renderer(t)
	for _, paper := range []Paper{PaperA4, PaperLetter} {
		in := blankWorksheet()
		in.Paper = paper
		d := r.layoutWorksheet(in)
		pageOf := map[int]int{}
		for p, pg := range d.pages {
			for _, pr := range pg.rows {
				pageOf[pr.index] = p
			}
		}
		// Every section of the fixture fits on a page, so none may straddle two.
		section := -1
		seen := map[int]map[int]bool{}
		for i, row := range d.rows {
			if row.kind == rowHeading && len(row.ops) > 0 && row.ops[0].f.size == headingStyleFor(2).size {
				section++
			}
			if section >= 0 {
				if seen[section] == nil {
					seen[section] = map[int]bool{}
				}
				seen[section][pageOf[i]] = true
			}
		}
		for s, pages := range seen {
			if len(pages) > 1 {
				t.Errorf("%s: section %d spans %d pages", paper, s, len(pages))
			}
		}
	}
}

func TestWorksheet_OddSchemasStillRender(t *testing.T) {
	requirePDFTools(t)
	in := WorksheetInput{
		Title: "Odd",
		Sections: []Section{
			{Fields: []Field{
				{Kind: FieldScale, Label: "Reversed", Min: 10, Max: 0},
				{Kind: FieldScale, Label: "Huge", Min: 0, Max: 100, MinLabel: "none", MaxLabel: "all"},
				{Kind: FieldScale, Label: "Two points", Min: 1, Max: 2, MinLabel: "a very long label that must wrap somewhere sensible", MaxLabel: "another long label that also needs to wrap"},
				{Kind: FieldSingleChoice, Label: "No options"},
				{Kind: "mystery", Label: ""},
			}},
		},
	}
	qpdfCheck(t, renderWorksheet(t, in))
	for i := range in.Sections[0].Fields {
		in.Sections[0].Fields[i].Answer = []string{"not a number"}
	}
	pdf := renderWorksheet(t, in)
	qpdfCheck(t, pdf)
	assertInsideMargins(t, pdf)
	qpdfCheck(t, renderWorksheet(t, WorksheetInput{}))
}
