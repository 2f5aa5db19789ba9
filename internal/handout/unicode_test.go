package handout

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/jung-kurt/gofpdf"
)

const unicodeSample = "“Care” and ‘after’ — 2–3 minutes, said Zoë Ångström-Núñez: φροντίδα"

func TestUnicode_RoundTripsThroughPDF(t *testing.T) {
	requirePDFTools(t)
	in := ModuleInput{
		PracticeName:  "Praxis Ærø",
		ClinicianName: "Zoë Ångström-Núñez",
		Title:         unicodeSample,
		Body:          "## " + unicodeSample + "\n\n" + unicodeSample + "\n\n- *" + unicodeSample + "*\n",
		Note:          unicodeSample,
		References:    []Reference{{Parts: []TextRun{{Text: unicodeSample, Italic: true}}, URL: "https://doi.org/10.5555/φ"}},
		PrintedOn:     printed,
	}
	pdf := renderModule(t, in)
	qpdfCheck(t, pdf)
	got := pdfText(t, pdf)
	// Title, heading, paragraph, list item, note and reference: six times.
	for _, want := range []string{"“Care”", "‘after’", "—", "2–3", "Zoë Ångström-Núñez", "φροντίδα"} {
		if n := strings.Count(got, want); n < 6 {
			t.Errorf("%q appears %d times in pdftotext output, want at least 6", want, n)
		}
	}
	if !strings.Contains(got, "Praxis Ærø") {
		t.Error("the practice name lost its letters")
	}
	if strings.Contains(got, "?") {
		t.Errorf("pdftotext output has a question mark:\n%s", got)
	}
}

func TestUnicode_EmojiDoesNotPanicOrBecomeQuestionMarks(t *testing.T) {
	requirePDFTools(t)
	emoji := "I felt safe 🙂 and close 👩‍❤️‍👨 🇬🇧 👍🏽 1️⃣ ❤️ 𝄞 𠜎 \U0010FFFF \x00\x07 \u200b\ufeff end"
	// No question marks anywhere in the input, so any in the output are
	// characters the PDF could not show.
	ws := WorksheetInput{
		Title:      "Reflection " + emoji,
		ClientName: "Sam 🙂",
		Sections: []Section{{Heading: "How it felt 🙂", Fields: []Field{
			{Kind: FieldShortText, Label: "In one line 🙂", Answer: []string{emoji}},
			{Kind: FieldLongText, Label: "In more detail", Answer: []string{emoji + "\n\n" + emoji}},
			{Kind: FieldChecklist, Label: "Feelings", Options: []string{"Calm 😌", "Close 💞"}, Answer: []string{"Close 💞"}},
		}}},
		Flags:    []string{"Flag 🚩"},
		Comments: []Comment{{Author: "Dr 🙂", Body: emoji}},
	}
	pdf := renderWorksheet(t, ws)
	qpdfCheck(t, pdf)
	got := pdfText(t, pdf)
	if strings.Contains(got, "?") {
		t.Errorf("emoji became question marks:\n%s", got)
	}
	for _, want := range []string{"I felt safe □ and close □ □ □ 1 □", "end"} {
		if !strings.Contains(flat(got), want) {
			t.Errorf("pdftotext output lacks %q:\n%s", want, flat(got))
		}
	}

	pdf = renderModule(t, ModuleInput{Title: emoji, Body: emoji, Note: emoji, Summary: emoji})
	qpdfCheck(t, pdf)
	if got := pdfText(t, pdf); strings.Contains(got, "?") {
		t.Errorf("emoji became question marks in a module:\n%s", got)
	}
}

func TestSanitize(t *testing.T) {
	b := renderer(t).book
	tests := []struct{ in, want string }{
		{"plain ASCII", "plain ASCII"},
		{unicodeSample, unicodeSample},
		{"e\u0301 decomposed", "é decomposed"},
		{"line\r\nbreaks\rand\u2028more", "line\nbreaks\nand\nmore"},
		{"tab\tkept, bell\a dropped, nul\x00 dropped", "tab\tkept, bell dropped, nul dropped"},
		{"zero\u200bwidth\ufeff and soft\u00adhyphen", "zerowidth and softhyphen"},
		{"smile 🙂!", "smile □!"},
		{"family 👩‍👩‍👧‍👦 one", "family □ one"},
		{"flags 🇬🇧🇫🇷", "flags □□"},
		{"thumb 👍🏽 up", "thumb □ up"},
		{"heart ❤️", "heart □"},
		{"keycap 1️⃣", "keycap 1"},
		{"music 𝄞", "music □"},
		// DejaVu Sans (issue 20) draws these, where the Go fonts fell back.
		{"narrow\u202fnbsp thin\u2009space", "narrow\u202fnbsp thin\u2009space"},
		{"non\u2011breaking hyphen, minus \u2212", "non\u2011breaking hyphen, minus \u2212"},
		{"Vietnamese ệ", "Vietnamese ệ"},
		{"ligatures ﬁ ﬀ", "ligatures ﬁ ﬀ"},
		{"circled ① full-width Ａ", "circled ① full-width A"},
		{"CJK 山", "CJK □"},
		{"bad \xff byte", "bad \uFFFD byte"},
		{"private \ue000 use", "private □ use"},
	}
	for _, tt := range tests {
		got := b.sanitize(tt.in)
		if got != tt.want {
			t.Errorf("sanitize(%q) = %q, want %q", tt.in, got, tt.want)
		}
		for _, r := range got {
			if r != '\n' && r != '\t' && !b.has(r) {
				t.Errorf("sanitize(%q) kept %U, which the font lacks", tt.in, r)
			}
		}
		if !utf8.ValidString(got) {
			t.Errorf("sanitize(%q) is not valid UTF-8", tt.in)
		}
	}
}

func TestSanitize_CleanInputIsNotCopied(t *testing.T) {
	b := renderer(t).book
	allocs := testing.AllocsPerRun(100, func() { _ = b.sanitize(unicodeSample) })
	if allocs > 0 {
		t.Errorf("sanitize allocated %.0f times on clean text", allocs)
	}
}

// Our line breaking measures text with widths read by x/image/font/sfnt; the
// PDF viewer places glyphs with the widths gofpdf writes. They must agree.
func TestFontWidths_MatchGofpdf(t *testing.T) {
	r := renderer(t)
	b := r.book
	pdf := gofpdf.New("P", "mm", "A4", "")
	for s := style(0); s < numStyles; s++ {
		pdf.AddUTF8FontFromBytes(fontFamily, s.gofpdfStyle(), b.faces[s].ttf)
	}
	pdf.AddPage()
	var sample strings.Builder
	for ch := rune(0x20); ch < 0x10000; ch++ {
		if b.has(ch) {
			sample.WriteRune(ch)
		}
	}
	text := sample.String()
	for s := style(0); s < numStyles; s++ {
		pdf.SetFont(fontFamily, s.gofpdfStyle(), 10)
		for _, ch := range text {
			want := pdf.GetStringWidth(string(ch))
			got := b.width(string(ch), s, 10)
			if diff(got, want) > 1e-9 {
				t.Fatalf("style %d: width of %U is %.6f mm, gofpdf says %.6f", s, ch, got, want)
			}
		}
	}
}

func TestWrap_LongWordIsBrokenNotLost(t *testing.T) {
	b := renderer(t).book
	lines := b.wrap(plain(longWordless, fmtBody), 100, 100)
	var all bytes.Buffer
	for _, l := range lines {
		if l.w > 100+1e-6 {
			t.Errorf("line is %.2f mm wide, over 100", l.w)
		}
		for _, s := range l.segs {
			all.WriteString(s.text)
		}
	}
	if all.String() != longWordless {
		t.Error("characters were lost or changed while breaking a long word")
	}
	if len(lines) < 10 {
		t.Errorf("only %d lines", len(lines))
	}
}

func TestWrap_NarrowColumnMakesProgress(t *testing.T) {
	b := renderer(t).book
	lines := b.wrap(plain("Wide words", fmtBody), 0.1, 0.1)
	if len(lines) != len("Widewords") {
		t.Errorf("got %d lines, want one per character", len(lines))
	}
}
