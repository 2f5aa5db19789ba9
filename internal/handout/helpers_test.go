package handout

import (
	"bytes"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The renderer is built once for the test binary, as the server builds it once
// per process.
var testRenderer = sync.OnceValues(NewRenderer)

func renderer(t testing.TB) *Renderer {
	t.Helper()
	r, err := testRenderer()
	if err != nil {
		t.Fatalf("NewRenderer: %v", err)
	}
	return r
}

var printed = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

// The references are fictional: the 10.5555 DOI prefix is reserved for tests.
func fixtureReferences() []Reference {
	return []Reference{
		{Parts: []TextRun{
			{Text: "Ortega, M. L., & Baird, J. (2021). Care after intimacy: A qualitative study of couples’ aftercare rituals. "},
			{Text: "Journal of Sexual Wellbeing, 14", Italic: true},
			{Text: "(2), 101–118."},
		}, URL: "https://doi.org/10.5555/jsw.2021.0142"},
		{Parts: []TextRun{
			{Text: "Hallström, K., Nakamura, R., & Osei, A. (2019). Post-sex affectionate behaviour and relationship satisfaction: A 12-month diary study. "},
			{Text: "Archives of Intimate Relationships, 48", Italic: true},
			{Text: "(6), 1733–1749."},
		}, URL: "https://doi.org/10.5555/air.2019.0617"},
		{Parts: []TextRun{
			{Text: "Delacroix, S. (2020). "},
			{Text: "Coming down: Emotional responses after intense sexual experiences", Italic: true},
			{Text: " (2nd ed.). Meridian Press."},
		}, URL: "https://doi.org/10.5555/meridian.2020.118"},
		{Parts: []TextRun{
			{Text: "Brennan, T. J., & Okafor, C. (2022). Consent as an ongoing conversation: Check-ins before, during and after sex. "},
			{Text: "Sexual and Relationship Therapy Review, 37", Italic: true},
			{Text: "(4), 455–472."},
		}, URL: "https://doi.org/10.5555/srtr.2022.37.4.455"},
		{Parts: []TextRun{
			{Text: "Vasquez, L., Kim, H., & Müller, F. (2018). Sub-drop and top-drop: Prevalence and correlates of low mood after BDSM play. "},
			{Text: "Journal of Consensual Practice, 9", Italic: true},
			{Text: "(1), 22–40."},
		}, URL: "https://doi.org/10.5555/jcp.2018.0903"},
	}
}

func fixtureModule(t testing.TB) ModuleInput {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("testdata", "module_aftercare.md"))
	if err != nil {
		t.Fatal(err)
	}
	return ModuleInput{
		PracticeName:   "Harbour Street Relationship Therapy",
		ClinicianName:  "Dr Zoë Ångström-Núñez",
		Title:          "Aftercare: looking after each other after sex",
		Summary:        "What aftercare is, why the time after sex matters, and how to find a rhythm of care that suits you and your partner.",
		ReadingMinutes: 9,
		ContentNote:    "This module talks about sex, consent and difficult feelings after sex, with a brief mention of past experiences that may feel overwhelming.",
		Body:           string(body),
		Note:           "Sam, I thought of our conversation last week while choosing this one. Read it when you have some quiet time — there’s no need to finish it in one go. Bring anything that stands out to our next session.",
		References:     fixtureReferences(),
		PrintedOn:      printed,
	}
}

// blankWorksheet has every field kind.
func blankWorksheet() WorksheetInput {
	return WorksheetInput{
		PracticeName:  "Harbour Street Relationship Therapy",
		ClinicianName: "Dr Zoë Ångström-Núñez",
		Title:         "After-intimacy check-in",
		Intro:         "Fill this in within a day of being intimate. There are no right answers: it is a way of noticing what helps you feel cared for.",
		Sections: []Section{
			{
				Heading: "How it went",
				Intro:   "A few quick questions about the experience itself.",
				Fields: []Field{
					{Kind: FieldDate, Label: "When was this?", Required: true},
					{Kind: FieldScale, Label: "How connected did you feel to your partner afterwards?", Min: 0, Max: 10, MinLabel: "Not at all connected", MaxLabel: "Completely connected", Required: true},
					{Kind: FieldSingleChoice, Label: "How long did you spend together afterwards?", Options: []string{"Less than 5 minutes", "5 to 15 minutes", "15 to 30 minutes", "More than 30 minutes"}},
					{Kind: FieldNumber, Label: "How many hours did you sleep the night before?", Help: "A rough number is fine."},
				},
			},
			{
				Heading: "Aftercare",
				Fields: []Field{
					{Kind: FieldMultipleChoice, Label: "What did you do afterwards?", Help: "Choose all that apply.", Options: []string{"Cuddled or held each other", "Talked about how it went", "Had something to eat or drink", "Showered or cleaned up together", "Spent some time apart"}},
					{Kind: FieldChecklist, Label: "Which of these did you feel in the next day?", Options: []string{"Calm", "Tearful", "Irritable", "Close to my partner", "Tired", "Nothing in particular"}},
					{Kind: FieldYesNo, Label: "Did you feel able to ask for what you needed?"},
					{Kind: FieldShortText, Label: "One word for how you felt afterwards"},
					{Kind: FieldLongText, Label: "What would you like to be different next time?", Help: "Write as much or as little as you like."},
				},
			},
			{
				Heading: "Wellbeing",
				Fields: []Field{
					{Kind: FieldScale, Label: "How distressed do you feel right now?", Min: 0, Max: 10, MinLabel: "Not at all", MaxLabel: "Extremely", Required: true},
					{Kind: FieldYesNo, Label: "Would you like to talk about this at your next session?"},
				},
			},
		},
		PrintedOn: printed,
	}
}

// longWordless is 3,000 characters typed without a single space.
var longWordless = string([]rune(strings.Repeat("abcdefghijklmnopqrstuvwxyzàéîõü", 100))[:3000])

const longParagraph = "I noticed that I wanted to be held for longer than we usually manage, and that when my partner got up to shower straight away I felt a bit abandoned — even though I know that isn’t what they meant. "

// completedWorksheet answers every field of blankWorksheet, some at great length.
func completedWorksheet() WorksheetInput {
	in := blankWorksheet()
	answers := [][]string{
		{"2026-11-20"},
		{"7"},
		{"15 to 30 minutes"},
		{"6"},
		{"Cuddled or held each other", "Had something to eat or drink", "Other: watched a silly film"},
		{"Calm", "Close to my partner"},
		{"No"},
		{longWordless},
		{strings.Repeat(longParagraph, 6) + "\n\n" + strings.Repeat(longParagraph, 9) + "\n\nNext time I’d like us to agree on ten minutes first. 🙂"},
		{"9"},
		{"Yes"},
	}
	i := 0
	for s := range in.Sections {
		for f := range in.Sections[s].Fields {
			in.Sections[s].Fields[f].Answer = answers[i]
			i++
		}
	}
	in.Sections[2].Fields[0].Flagged = true
	in.Sections[2].Fields[1].Flagged = true
	submitted := time.Date(2026, 11, 21, 18, 42, 0, 0, time.UTC)
	in.ClientName = "Zoë Ångström-Núñez"
	in.SubmittedAt = &submitted
	in.Status = "submitted"
	in.Flags = []string{"Distress is 9 (flag when 8 or more)", "Wants to talk about this at the next session"}
	in.Comments = []Comment{
		{Author: "Dr Zoë Ångström-Núñez", At: time.Date(2026, 11, 22, 9, 15, 0, 0, time.UTC), Body: "Thank you for writing this down so honestly. Let’s make time for the ten-minute idea next week — it sounds like a good place to start."},
		{Author: "Dr Zoë Ångström-Núñez", At: time.Date(2026, 11, 22, 9, 20, 0, 0, time.UTC), Body: "A distress score of 9 is high. If it stays this high, please use the crisis numbers on the first page of your welcome pack."},
	}
	return in
}

// renderModule renders a module; every PDF a test makes passes qpdf --check
// when qpdf is installed.
func renderModule(t testing.TB, in ModuleInput) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := renderer(t).Module(&buf, in); err != nil {
		t.Fatalf("Module: %v", err)
	}
	if pdfToolsInstalled() {
		qpdfCheck(t, buf.Bytes())
	}
	return buf.Bytes()
}

func renderWorksheet(t testing.TB, in WorksheetInput) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := renderer(t).Worksheet(&buf, in); err != nil {
		t.Fatalf("Worksheet: %v", err)
	}
	if pdfToolsInstalled() {
		qpdfCheck(t, buf.Bytes())
	}
	return buf.Bytes()
}

var pdfToolsInstalled = sync.OnceValue(func() bool {
	for _, tool := range []string{"pdftotext", "qpdf"} {
		if _, err := exec.LookPath(tool); err != nil {
			return false
		}
	}
	return true
})

// requirePDFTools skips when poppler-utils or qpdf are missing, unless
// TEND_PDF_TOOLS=required (CI), where that is a failure.
func requirePDFTools(t testing.TB) {
	t.Helper()
	if pdfToolsInstalled() {
		return
	}
	const msg = "pdftotext or qpdf not found: install poppler-utils and qpdf to check generated PDFs"
	if os.Getenv("TEND_PDF_TOOLS") == "required" {
		t.Fatal(msg + " (TEND_PDF_TOOLS=required)")
	}
	t.Skip(msg)
}

func writeTemp(t testing.TB, pdf []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "handout.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func run(t testing.TB, name string, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s%s", name, strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

// qpdfCheck fails unless qpdf finds the file structurally sound.
func qpdfCheck(t testing.TB, pdf []byte) {
	t.Helper()
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("output does not start with %%PDF-: %q", pdf[:min(len(pdf), 16)])
	}
	path := writeTemp(t, pdf)
	out := run(t, "qpdf", "--check", path)
	if !strings.Contains(out, "No syntax or stream encoding errors found") {
		t.Fatalf("qpdf --check:\n%s", out)
	}
}

func pageCount(t testing.TB, pdf []byte) int {
	t.Helper()
	out := strings.TrimSpace(run(t, "qpdf", "--show-npages", writeTemp(t, pdf)))
	n, err := strconv.Atoi(out)
	if err != nil {
		t.Fatalf("qpdf --show-npages: %q", out)
	}
	return n
}

// pdfText is pdftotext's reading of the whole document, or of pages.
func pdfText(t testing.TB, pdf []byte, args ...string) string {
	t.Helper()
	path := writeTemp(t, pdf)
	args = append(append([]string{"-enc", "UTF-8"}, args...), path, "-")
	return run(t, "pdftotext", args...)
}

var spaces = regexp.MustCompile(`\s+`)

// flat collapses all whitespace, so text that wrapped across lines matches.
func flat(s string) string { return strings.TrimSpace(spaces.ReplaceAllString(s, " ")) }

type bboxWord struct {
	page                   int
	text                   string
	xMin, yMin, xMax, yMax float64
	pageW, pageH           float64
}

// bboxWords parses `pdftotext -bbox`: every word with its box in points.
func bboxWords(t testing.TB, pdf []byte) []bboxWord {
	t.Helper()
	path := writeTemp(t, pdf)
	out := run(t, "pdftotext", "-enc", "UTF-8", "-bbox", path, "-")
	dec := xml.NewDecoder(strings.NewReader(out))
	dec.Strict = false
	dec.AutoClose = xml.HTMLAutoClose
	dec.Entity = xml.HTMLEntity
	var (
		words        []bboxWord
		page         int
		pageW, pageH float64
		cur          *bboxWord
	)
	attr := func(se xml.StartElement, name string) float64 {
		for _, a := range se.Attr {
			if a.Name.Local == name {
				v, err := strconv.ParseFloat(a.Value, 64)
				if err != nil {
					t.Fatalf("bbox attribute %s=%q", name, a.Value)
				}
				return v
			}
		}
		t.Fatalf("bbox element %s has no %s", se.Name.Local, name)
		return 0
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			switch tk.Name.Local {
			case "page":
				page++
				pageW, pageH = attr(tk, "width"), attr(tk, "height")
			case "word":
				cur = &bboxWord{page: page, pageW: pageW, pageH: pageH,
					xMin: attr(tk, "xMin"), yMin: attr(tk, "yMin"), xMax: attr(tk, "xMax"), yMax: attr(tk, "yMax")}
			}
		case xml.CharData:
			if cur != nil {
				cur.text += string(tk)
			}
		case xml.EndElement:
			if tk.Name.Local == "word" && cur != nil {
				words = append(words, *cur)
				cur = nil
			}
		}
	}
	if len(words) == 0 {
		t.Fatal("pdftotext -bbox found no words")
	}
	return words
}

const mmToPt = 72 / 25.4

// assertInsideMargins fails for any word outside the 20 mm side margins or
// within 10 mm of the top or bottom edge (the header and footer live in the
// top and bottom margins).
func assertInsideMargins(t *testing.T, pdf []byte) {
	t.Helper()
	const side, edge, tol = 20 * mmToPt, 10 * mmToPt, 0.5
	for _, w := range bboxWords(t, pdf) {
		if w.xMin < side-tol || w.xMax > w.pageW-side+tol || w.yMin < edge-tol || w.yMax > w.pageH-edge+tol {
			t.Errorf("page %d: %q at x %.1f–%.1f, y %.1f–%.1f pt runs into the margin of a %.0f×%.0f pt page",
				w.page, w.text, w.xMin, w.xMax, w.yMin, w.yMax, w.pageW, w.pageH)
		}
	}
}
