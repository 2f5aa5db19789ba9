package handout

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// guideMark is the English mark on every page of a guide.
const guideMark = "Clinician guide: not for clients"

func fixtureGuide(t testing.TB) GuideInput {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("testdata", "guide_fixture.md"))
	if err != nil {
		t.Fatal(err)
	}
	return GuideInput{
		PracticeName:  "Harbour Street Relationship Therapy",
		ModuleTitle:   "Aftercare: looking after each other after sex",
		ModuleSummary: "What aftercare is, and how to find a rhythm of care that suits you.",
		Body:          string(body),
		References:    fixtureReferences()[:2],
		PrintedOn:     printed,
	}
}

func renderGuide(t testing.TB, in GuideInput) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := renderer(t).Guide(&buf, in); err != nil {
		t.Fatalf("Guide: %v", err)
	}
	if pdfToolsInstalled() {
		qpdfCheck(t, buf.Bytes())
	}
	return buf.Bytes()
}

func TestGuide_TextHasEverySectionReferencesAndStaffMark(t *testing.T) {
	requirePDFTools(t)
	in := fixtureGuide(t)
	pdf := renderGuide(t, in)
	got := flat(pdfText(t, pdf))
	want := []string{"For clinicians", in.ModuleTitle, in.PracticeName, "References", "CLINICIAN-ONLY-PURPOSE",
		"1. What usually happens for you in the first ten minutes after sex?", "All of this is correlational"}
	for _, h := range []string{"What this module is for", "Who it suits", "Who it may not suit yet",
		"Introducing it in session", "Discussion prompts", "The evidence"} {
		want = append(want, h)
	}
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
	n := pageCount(t, pdf)
	for i := 1; i <= n; i++ {
		if text := pdfText(t, pdf, "-f", strconv.Itoa(i), "-l", strconv.Itoa(i)); !strings.Contains(text, guideMark) {
			t.Errorf("page %d of %d lacks %q", i, n, guideMark)
		}
	}
	assertFooters(t, pdf, n, "Printed 22 November 2026")
	assertInsideMargins(t, pdf)
	if t.Failed() {
		t.Logf("pdftotext output:\n%s", got)
	}
}

func TestGuide_PromptsAreBoxedAndHeadingsNeverEndAPage(t *testing.T) {
	d := renderer(t).layoutGuide(fixtureGuide(t))
	assertNoWidowedHeadings(t, d)
	boxed := false
	for _, r := range d.rows {
		if rowText(r) == "Discussion prompts" && len(r.boxes) > 0 && r.boxes[0].filled {
			boxed = true
		}
	}
	if !boxed {
		t.Error("the discussion prompts are not in a box")
	}
}

func TestGuide_MinimalInput(t *testing.T) {
	requirePDFTools(t)
	pdf := renderGuide(t, GuideInput{})
	if got := pdfText(t, pdf); !strings.Contains(got, "Untitled module") || !strings.Contains(got, guideMark) {
		t.Errorf("minimal guide: %q", got)
	}
}

// BenchmarkGuide renders the fixture clinician guide (two A4 pages).
func BenchmarkGuide(b *testing.B) {
	in := fixtureGuide(b)
	benchWithAndWithoutFontCache(b, func(r *Renderer) error { return r.Guide(io.Discard, in) })
}
