package handout

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// fixtureHeadings are the Markdown headings of the fixture body.
func fixtureHeadings(t *testing.T) []string {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("testdata", "module_aftercare.md"))
	if err != nil {
		t.Fatal(err)
	}
	var hs []string
	sc := bufio.NewScanner(bytes.NewReader(body))
	for sc.Scan() {
		if l := sc.Text(); strings.HasPrefix(l, "#") {
			hs = append(hs, strings.TrimSpace(strings.TrimLeft(l, "#")))
		}
	}
	if len(hs) < 5 {
		t.Fatalf("fixture has only %d headings", len(hs))
	}
	return hs
}

func TestModule_PassesQPDFCheck(t *testing.T) {
	requirePDFTools(t)
	for _, paper := range []Paper{PaperA4, PaperLetter} {
		t.Run(string(paper), func(t *testing.T) {
			in := fixtureModule(t)
			in.Paper = paper
			qpdfCheck(t, renderModule(t, in))
		})
	}
}

func TestModule_TextHasTitleHeadingsNoteAndReferences(t *testing.T) {
	requirePDFTools(t)
	in := fixtureModule(t)
	got := flat(pdfText(t, renderModule(t, in)))

	want := []string{in.Title, in.Summary, "9-minute read", in.ContentNote, in.Note,
		"A note from " + in.ClinicianName, in.PracticeName, "References"}
	want = append(want, fixtureHeadings(t)...)
	for _, ref := range in.References {
		var b strings.Builder
		for _, p := range ref.Parts {
			b.WriteString(p.Text)
		}
		want = append(want, flat(b.String()), ref.URL)
	}
	for _, w := range want {
		if !strings.Contains(got, flat(w)) {
			t.Errorf("pdftotext output lacks %q", w)
		}
	}
	if t.Failed() {
		t.Logf("pdftotext output:\n%s", got)
	}
}

func TestModule_DOIsAreClickable(t *testing.T) {
	in := fixtureModule(t)
	pdf := renderModule(t, in)
	// Page streams are compressed, link annotations are not.
	for _, ref := range in.References {
		if !bytes.Contains(pdf, []byte("/URI ("+ref.URL+")")) {
			t.Errorf("no link annotation to %s", ref.URL)
		}
	}
}

func TestModule_WordsStayInsideMargins(t *testing.T) {
	requirePDFTools(t)
	for _, paper := range []Paper{PaperA4, PaperLetter} {
		t.Run(string(paper), func(t *testing.T) {
			in := fixtureModule(t)
			in.Paper = paper
			assertInsideMargins(t, renderModule(t, in))
		})
	}
}

func TestModule_PageCountAndFooter(t *testing.T) {
	requirePDFTools(t)
	tests := []struct {
		paper    Paper
		min, max int
	}{
		// The benchmark's "3-page handout": 4 pages on A4 since the text
		// face became DejaVu Sans (issue 20), which sets wider than the Go fonts.
		{PaperA4, 3, 4},
		{PaperLetter, 3, 4},
	}
	for _, tt := range tests {
		t.Run(string(tt.paper), func(t *testing.T) {
			in := fixtureModule(t)
			in.Paper = tt.paper
			pdf := renderModule(t, in)
			n := pageCount(t, pdf)
			if n < tt.min || n > tt.max {
				t.Fatalf("%d pages, want %d–%d", n, tt.min, tt.max)
			}
			assertFooters(t, pdf, n, "Printed 22 November 2026")
		})
	}
}

// assertFooters checks every page says "Page i of n" and the printed date.
func assertFooters(t *testing.T, pdf []byte, n int, printedLine string) {
	t.Helper()
	for i := 1; i <= n; i++ {
		text := pdfText(t, pdf, "-f", strconv.Itoa(i), "-l", strconv.Itoa(i))
		want := "Page " + strconv.Itoa(i) + " of " + strconv.Itoa(n)
		if !strings.Contains(text, want) {
			t.Errorf("page %d lacks %q", i, want)
		}
		if !strings.Contains(text, printedLine) {
			t.Errorf("page %d lacks %q", i, printedLine)
		}
	}
}

func TestModule_PaperSizes(t *testing.T) {
	requirePDFTools(t)
	tests := []struct {
		paper Paper
		w, h  float64 // pt
	}{
		{"", 595.28, 841.89},
		{PaperA4, 595.28, 841.89},
		{PaperLetter, 612, 792},
	}
	for _, tt := range tests {
		in := fixtureModule(t)
		in.Paper = tt.paper
		w := bboxWords(t, renderModule(t, in))[0]
		if diff(w.pageW, tt.w) > 0.5 || diff(w.pageH, tt.h) > 0.5 {
			t.Errorf("paper %q: page is %.2f×%.2f pt, want %.2f×%.2f", tt.paper, w.pageW, w.pageH, tt.w, tt.h)
		}
	}
}

func diff(a, b float64) float64 {
	if a > b {
		return a - b
	}
	return b - a
}

func TestModule_HeadingsNeverEndAPage(t *testing.T) {
	r := renderer(t)
	for _, paper := range []Paper{PaperA4, PaperLetter} {
		in := fixtureModule(t)
		in.Paper = paper
		assertNoWidowedHeadings(t, r.layoutModule(in))
		blank, done := blankWorksheet(), completedWorksheet()
		blank.Paper, done.Paper = paper, paper
		assertNoWidowedHeadings(t, r.layoutWorksheet(blank))
		assertNoWidowedHeadings(t, r.layoutWorksheet(done))
	}
}

func assertNoWidowedHeadings(t *testing.T, d *document) {
	t.Helper()
	for p, pg := range d.pages[:len(d.pages)-1] {
		last := pg.rows[len(pg.rows)-1].index
		if d.rows[last].kind == rowHeading {
			t.Errorf("page %d ends with a heading: %q", p+1, rowText(d.rows[last]))
		}
	}
}

func rowText(r row) string {
	var b strings.Builder
	for _, o := range r.ops {
		if o.kind == opText {
			b.WriteString(o.text)
		}
	}
	return b.String()
}

func TestModule_SpecialSectionsAreBoxed(t *testing.T) {
	r := renderer(t)
	d := r.layoutModule(fixtureModule(t))
	fills := map[rgb]bool{}
	for _, row := range d.rows {
		text := rowText(row)
		if text == "Try this" || text == "Questions for your next session" {
			if len(row.boxes) == 0 || !row.boxes[0].filled {
				t.Errorf("%q is not in a shaded box", text)
				continue
			}
			fills[row.boxes[0].fill] = true
		}
	}
	if len(fills) != 2 {
		t.Errorf("the two special sections should be shaded differently, got %d fills", len(fills))
	}
}

func TestModule_MinimalInput(t *testing.T) {
	requirePDFTools(t)
	pdf := renderModule(t, ModuleInput{Title: "Just a title"})
	qpdfCheck(t, pdf)
	if got := flat(pdfText(t, pdf)); !strings.Contains(got, "Just a title") || !strings.Contains(got, "Page 1 of 1") {
		t.Errorf("minimal module text: %q", got)
	}
	qpdfCheck(t, renderModule(t, ModuleInput{}))
}

func TestModule_MarkdownStructure(t *testing.T) {
	requirePDFTools(t)
	body := "# Big\n\nPlain *italic* **bold** ***both*** `code` [link](https://example.org/x) <span>html</span>\n\n" +
		"1. one\n2. two\n   - nested\n\n> quote\n> > nested quote\n\n---\n\n```\ncode block\n```\n\nHard  \nbreak &amp; entity \\*escaped\\*\n"
	pdf := renderModule(t, ModuleInput{Title: "Structure", Body: body})
	qpdfCheck(t, pdf)
	got := flat(pdfText(t, pdf))
	for _, w := range []string{"Big", "Plain italic bold both code link html", "1. one", "2. two", "nested", "quote", "code block", "break & entity *escaped*"} {
		if !strings.Contains(got, w) {
			t.Errorf("missing %q in %q", w, got)
		}
	}
	if !bytes.Contains(pdf, []byte("/URI (https://example.org/x)")) {
		t.Error("Markdown link is not clickable")
	}
}

func TestModule_DeepNestingStillReadable(t *testing.T) {
	requirePDFTools(t)
	var b strings.Builder
	for i := 0; i < 40; i++ {
		b.WriteString(strings.Repeat("  ", i) + "- level " + strconv.Itoa(i) + " with some words to wrap around the narrow column\n")
	}
	b.WriteString("\n" + strings.Repeat(">", 60) + " deep quote\n")
	pdf := renderModule(t, ModuleInput{Title: "Nesting", Body: b.String()})
	qpdfCheck(t, pdf)
	assertInsideMargins(t, pdf)
}

func TestModule_ConcurrentRenders(t *testing.T) {
	r := renderer(t)
	in := fixtureModule(t)
	var wg sync.WaitGroup
	results := make([][]byte, 8)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			if err := r.Module(&buf, in); err != nil {
				t.Error(err)
			}
			results[i] = buf.Bytes()
		}()
	}
	wg.Wait()
	for i := range results[1:] {
		if !bytes.Equal(results[0], results[i+1]) {
			t.Fatal("concurrent renders of the same input differ")
		}
	}
}

func TestFontCache_SameBytesAsPlainPath(t *testing.T) {
	cached := renderer(t)
	if !cached.fonts.cached {
		t.Fatal("font cache is off: gofpdf internals changed? Handouts still work, but each parses its fonts again")
	}
	plainR, err := newRenderer(false)
	if err != nil {
		t.Fatal(err)
	}
	in := fixtureModule(t)
	in.Body += "\n\nΕλληνικά: φροντίδα — “quotes” ‘single’ – Zoë Ångström-Núñez ***bold italic***"
	var a, b bytes.Buffer
	if err := cached.Module(&a, in); err != nil {
		t.Fatal(err)
	}
	if err := plainR.Module(&b, in); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatalf("cached fonts give a different PDF (%d bytes) from parsing per document (%d bytes)", a.Len(), b.Len())
	}
}

func TestModule_WriterErrorIsReturned(t *testing.T) {
	err := renderer(t).Module(failingWriter{}, fixtureModule(t))
	if !errors.Is(err, ErrRender) {
		t.Fatalf("got %v, want ErrRender", err)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

var pdfHeader = regexp.MustCompile(`^%PDF-1\.\d`)

func TestModule_Deterministic(t *testing.T) {
	in := fixtureModule(t)
	a, b := renderModule(t, in), renderModule(t, in)
	if !pdfHeader.Match(a) {
		t.Fatalf("bad header %q", a[:8])
	}
	if !bytes.Equal(a, b) {
		t.Fatal("two renders of the same module differ")
	}
}
