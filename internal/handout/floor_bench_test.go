package handout

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/jung-kurt/gofpdf"
)

// floorModule prints the module fixture the plainest way gofpdf can: its
// core Helvetica (no font embedded, no subsetting), the Markdown's
// headings, paragraphs, quotes and list items as text, a header and the
// references. It is the floor `make bench` compares the module handout
// with (docs/performance.md), so it must stay as cheap as gofpdf gets.
func floorModule(w io.Writer, in ModuleInput) (int, error) {
	pdf := gofpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(20, 20, 20)
	pdf.SetAutoPageBreak(true, 20)
	tr := pdf.UnicodeTranslatorFromDescriptor("") // cp1252
	pdf.AddPage()
	pdf.SetFont("Helvetica", "", 9)
	pdf.CellFormat(0, 5, tr(in.PracticeName+" - "+in.ClinicianName), "", 1, "L", false, 0, "")
	pdf.SetFont("Helvetica", "B", 18)
	pdf.MultiCell(0, 8, tr(in.Title), "", "L", false)
	pdf.SetFont("Helvetica", "", 11)
	pdf.MultiCell(0, 6, tr(in.Summary), "", "L", false)
	pdf.MultiCell(0, 6, tr(in.ContentNote), "", "L", false)
	pdf.Ln(3)
	pdf.SetFont("Helvetica", "I", 11)
	pdf.MultiCell(0, 6, tr(in.Note), "", "L", false)
	for _, block := range strings.Split(in.Body, "\n\n") {
		block = strings.TrimSpace(block)
		pdf.Ln(2)
		switch {
		case strings.HasPrefix(block, "### "):
			pdf.SetFont("Helvetica", "B", 12)
			pdf.MultiCell(0, 7, tr(strings.TrimPrefix(block, "### ")), "", "L", false)
		case strings.HasPrefix(block, "## "):
			pdf.SetFont("Helvetica", "B", 14)
			pdf.MultiCell(0, 8, tr(strings.TrimPrefix(block, "## ")), "", "L", false)
		case strings.HasPrefix(block, "> "):
			pdf.SetFont("Helvetica", "I", 11)
			pdf.SetX(30)
			pdf.MultiCell(0, 6, tr(strings.TrimPrefix(block, "> ")), "", "L", false)
		default:
			pdf.SetFont("Helvetica", "", 11)
			for _, line := range strings.Split(block, "\n") {
				pdf.MultiCell(0, 6, tr(strings.NewReplacer("**", "", "*", "").Replace(line)), "", "L", false)
			}
		}
	}
	pdf.Ln(4)
	pdf.SetFont("Helvetica", "B", 12)
	pdf.CellFormat(0, 7, "References", "", 1, "L", false, 0, "")
	pdf.SetFont("Helvetica", "", 10)
	for _, r := range in.References {
		var b strings.Builder
		for _, p := range r.Parts {
			b.WriteString(p.Text)
		}
		pdf.MultiCell(0, 5, tr(b.String()), "", "L", false)
	}
	return pdf.PageNo(), pdf.Output(w)
}

func TestFloorModule_ThreePages(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	pages, err := floorModule(&buf, fixtureModule(t))
	if err != nil {
		t.Fatal(err)
	}
	if pages != 3 || !bytes.HasPrefix(buf.Bytes(), []byte("%PDF")) {
		t.Fatalf("floor module: %d pages, want 3 like the handout", pages)
	}
}

// BenchmarkModuleHandoutFloor is the module fixture with gofpdf's core
// font: the floor for BenchmarkModuleHandout/fonts=cached.
func BenchmarkModuleHandoutFloor(b *testing.B) {
	in := fixtureModule(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := floorModule(io.Discard, in); err != nil {
			b.Fatal(err)
		}
	}
}
