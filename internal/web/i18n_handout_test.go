package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/config"
	"github.com/tend-practice/tend/internal/i18n"
	"github.com/tend-practice/tend/internal/testkit"
	"github.com/tend-practice/tend/internal/worksheet"
)

// Issue 22: handouts are printed in the language of the version they print:
// a library printout in the version asked for (?lang=), an assignment's in
// the version assigned. Labels, dates and page numbers follow; references
// keep their titles.

// TestHandouts_SpanishAndGreek prints the library's Greek and Spanish
// module and worksheet, and a Greek client's assignments.
func TestHandouts_SpanishAndGreek(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	ctx := context.Background()
	clin := p.signedIn("clin1@example.test")

	for _, tc := range []struct {
		lang                     string
		module, worksheet, guide []string
	}{
		{"es",
			[]string{"Referencias", "Página 1 de", "Impreso el ", "Si necesitas ayuda ahora", "Tus notas", "Lectura de"},
			[]string{"Nombre", "Fecha", "día", "mes", "año", "Sí", "Página 1 de", "Impreso el "},
			[]string{"Para profesionales", "Guía profesional: no es para quien consulta", "Referencias", "Página 1 de"}},
		{"el",
			[]string{"Βιβλιογραφία", "Σελίδα 1 από", "Εκτυπώθηκε στις ", "Αν χρειάζεσαι βοήθεια τώρα", "Οι σημειώσεις σου", "λεπτά ανάγνωσης"},
			[]string{"Όνομα", "Ημερομηνία", "ημέρα", "μήνας", "έτος", "Ναι", "Όχι", "Σελίδα 1 από", "Εκτυπώθηκε στις "},
			[]string{"Για επαγγελματίες θεραπείας", "Οδηγός θεραπείας: μόνο για επαγγελματίες", "Βιβλιογραφία", "Σελίδα 1 από"}},
	} {
		v, err := p.app.Modules.GetIn(ctx, p.clin1, "closeness-after-sex", tc.lang)
		if err != nil || v.Language != tc.lang {
			t.Fatalf("%s module: %v (%q)", tc.lang, err, v.Language)
		}
		res := clin.get("/handouts/modules/closeness-after-sex.pdf?lang=" + tc.lang)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s module handout: %d", tc.lang, res.StatusCode)
		}
		if dir := os.Getenv("TEND_HANDOUT_OUT"); dir != "" {
			os.WriteFile(filepath.Join(dir, "web-"+tc.lang+"-module.pdf"), []byte(res.Body), 0o600)
		}
		text := flatText(pdfText(t, []byte(res.Body)))
		checkHandout(t, tc.lang+" module", text, tc.module, v.Title, v.Summary)
		checkMargins(t, tc.lang+" module", []byte(res.Body))

		wv, err := p.app.Worksheets.GetIn(ctx, p.clin1, "after-intimacy-reflection", tc.lang)
		if err != nil || wv.Language != tc.lang {
			t.Fatalf("%s worksheet: %v (%q)", tc.lang, err, wv.Language)
		}
		res = clin.get("/handouts/worksheets/after-intimacy-reflection.pdf?lang=" + tc.lang)
		text = flatText(pdfText(t, []byte(res.Body)))
		checkHandout(t, tc.lang+" worksheet", text, tc.worksheet, wv.Schema.Title, wv.Schema.Sections[0].Fields[0].Label)
		checkMargins(t, tc.lang+" worksheet", []byte(res.Body))

		res = clin.get("/handouts/modules/closeness-after-sex/guide.pdf?lang=" + tc.lang)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s guide: %d", tc.lang, res.StatusCode)
		}
		text = flatText(pdfText(t, []byte(res.Body)))
		checkHandout(t, tc.lang+" guide", text, tc.guide, v.Title)
	}

	// A client who reads Greek is assigned the Greek versions; their
	// printouts, and the records export's, are Greek.
	if err := p.app.DB.Gorm.Exec(`UPDATE users SET locale = 'el' WHERE id = ?`, p.client1.UserID).Error; err != nil {
		t.Fatal(err)
	}
	modID := p.assign(p.clin1, p.client1, "module", "closeness-after-sex")
	wsID := p.assign(p.clin1, p.client1, "worksheet", "after-intimacy-reflection")
	ans := worksheet.Answers{"date": "2026-11-20", "mood_before": 4, "mood_after": 7, "distress": 2, "want_to_discuss": "yes",
		"what_helped": "Μια ζεστή αγκαλιά και λίγη ησυχία· ευχαριστώ που ρώτησες «πώς είσαι;»."}
	if _, err := p.app.Assignments.Submit(ctx, p.client1, wsID, ans, 0, "k"); err != nil {
		t.Fatal(err)
	}
	cl := p.signedIn("client1@example.test")
	res := cl.get(fmt.Sprintf("/handouts/assignments/%d.pdf", modID))
	checkHandout(t, "Greek client's module", flatText(pdfText(t, []byte(res.Body))),
		[]string{"Βιβλιογραφία", "Σελίδα 1 από", "Εκτυπώθηκε στις "}, "Εγγύτητα μετά το σεξ")
	for _, b := range []*browser{cl, clin} {
		res = b.get(fmt.Sprintf("/handouts/assignments/%d.pdf", wsID))
		checkHandout(t, "Greek client's worksheet", flatText(pdfText(t, []byte(res.Body))),
			[]string{"Θεραπευόμενο άτομο", "Υποβολή", "Κατάσταση", "Υποβλήθηκε", "20 Νοεμβρίου 2026", "Εμπιστευτικό", "Ναι", "Σελίδα 1 από"},
			"Μια ζεστή αγκαλιά και λίγη ησυχία· ευχαριστώ που ρώτησες «πώς είσαι;».")
		checkMargins(t, "Greek client's worksheet", []byte(res.Body))
	}
	// The records export prints the same Greek PDFs.
	res = cl.get("/me/export")
	zr, err := zip.NewReader(bytes.NewReader([]byte(res.Body)), int64(len(res.Body)))
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	pdfs := 0
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, ".pdf") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		buf, _ := io.ReadAll(rc)
		rc.Close()
		pdfs++
		checkHandout(t, "exported "+f.Name, flatText(pdfText(t, buf)), []string{"Σελίδα 1 από", "Εκτυπώθηκε στις "})
	}
	if pdfs != 2 {
		t.Errorf("export holds %d PDFs, want 2", pdfs)
	}

	// English stays English: the other client's printout of the same worksheet.
	enID := p.assign(p.clin2, p.client2, "worksheet", "after-intimacy-reflection")
	res = p.signedIn("clin2@example.test").get(fmt.Sprintf("/handouts/assignments/%d.pdf", enID))
	text := flatText(pdfText(t, []byte(res.Body)))
	for _, want := range []string{"Client", "Not submitted yet", "Status Not started", "Page 1 of", "Printed "} {
		if !strings.Contains(text, want) {
			t.Errorf("English printout lacks %q", want)
		}
	}
}

// checkHandout wants the labels and the source's own text (exactly: accents,
// tonos, final sigma), and none of the English labels.
func checkHandout(t *testing.T, name, text string, labels []string, source ...string) {
	t.Helper()
	for _, want := range append(labels, source...) {
		if !strings.Contains(text, flatText(want)) {
			t.Errorf("%s lacks %q", name, want)
		}
	}
	for _, en := range []string{"Page ", "Printed", "References", "If you need help", "Your notes", "Answer:", "Submitted", "Confidential", "For clinicians"} {
		if strings.Contains(text, en) {
			t.Errorf("%s: English %q left", name, en)
		}
	}
}

var (
	bboxPage = regexp.MustCompile(`<page width="([\d.]+)" height="([\d.]+)">`)
	bboxWord = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)
)

// checkMargins reads every word's box (pdftotext -bbox) and fails for one
// outside the 20 mm side margins or within 10 mm of the top or bottom edge.
func checkMargins(t *testing.T, name string, pdf []byte) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "h.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", "-bbox", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox: %v", err)
	}
	const mm = 72 / 25.4
	const side, edge, tol = 20 * mm, 10 * mm, 0.5
	words := 0
	for i, pg := range strings.Split(string(out), "<page ")[1:] {
		m := bboxPage.FindStringSubmatch("<page " + pg)
		if m == nil {
			t.Fatalf("%s: page %d has no size", name, i+1)
		}
		w, _ := strconv.ParseFloat(m[1], 64)
		h, _ := strconv.ParseFloat(m[2], 64)
		for _, wm := range bboxWord.FindAllStringSubmatch(pg, -1) {
			words++
			var b [4]float64
			for j := range b {
				b[j], _ = strconv.ParseFloat(wm[j+1], 64)
			}
			if b[0] < side-tol || b[2] > w-side+tol || b[1] < edge-tol || b[3] > h-edge+tol {
				t.Errorf("%s page %d: %q at x %.1f–%.1f, y %.1f–%.1f pt is in the margin", name, i+1, wm[5], b[0], b[2], b[1], b[3])
			}
		}
	}
	if words == 0 {
		t.Errorf("%s: pdftotext -bbox found no words", name)
	}
}

// TestPseudoLocale_HandoutsHaveNoTextOutsideTheCatalogue: with the
// pseudo-locale, every word a handout prints is inside "[!...!]" or is
// content (the module's and worksheet's own text, names, the practice's
// safety settings, answers).
func TestPseudoLocale_HandoutsHaveNoTextOutsideTheCatalogue(t *testing.T) {
	t.Parallel()
	k := testkit.New(t, testkit.WithConfig(func(c *config.Config) { c.PseudoLocale = true }))
	h := kitHarness(t, k)
	kp := testkit.NewPractice(h.kit())
	ctx := context.Background()
	modID := k.Assign(kp.Clin1, kp.Client1, "module", "closeness-after-sex")
	wsID := k.Assign(kp.Clin1, kp.Client1, "worksheet", "after-intimacy-reflection")
	k.Submit(kp.Client1, wsID, worksheet.Answers{"date": "2026-11-20", "mood_before": 5, "mood_after": 6, "distress": 1,
		"what_helped": "Tea and a blanket", "want_to_discuss": "no"})
	if err := k.App.Assignments.AddComment(ctx, kp.Clin1, wsID, "", "Thank you for this", false); err != nil {
		t.Fatal(err)
	}

	content := []string{"Test Practice", "Robin", "Tea and a blanket", "Thank you for this", "https://doi.org/"}
	as, err := k.App.Assignments.Get(ctx, kp.Clin1, wsID)
	if err != nil {
		t.Fatal(err)
	}
	content = append(content, as.ClinicianName, as.ClientName)
	mv, err := k.App.Modules.GetIn(ctx, kp.Clin1, "closeness-after-sex", "")
	if err != nil {
		t.Fatal(err)
	}
	content = appendStrings(t, content, mv)
	g, err := k.App.Modules.GuideIn(ctx, kp.Clin1, "closeness-after-sex", "")
	if err != nil {
		t.Fatal(err)
	}
	content = appendStrings(t, content, g)
	wv, err := k.App.Worksheets.GetIn(ctx, kp.Clin1, "after-intimacy-reflection", "")
	if err != nil {
		t.Fatal(err)
	}
	content = appendStrings(t, content, wv.Schema)
	st, err := k.App.Safety.Get(ctx)
	if err != nil {
		t.Fatal(err)
	}
	content = appendStrings(t, content, st)

	clin := h.signedIn("clin1@example.test")
	cl := h.signedIn("client1@example.test")
	for _, pg := range []struct {
		name string
		b    *browser
		path string
	}{
		{"module handout", clin, "/handouts/modules/closeness-after-sex.pdf"},
		{"guide", clin, "/handouts/modules/closeness-after-sex/guide.pdf"},
		{"blank worksheet", clin, "/handouts/worksheets/after-intimacy-reflection.pdf"},
		{"assigned module", cl, fmt.Sprintf("/handouts/assignments/%d.pdf", modID)},
		{"completed worksheet (client)", cl, fmt.Sprintf("/handouts/assignments/%d.pdf", wsID)},
		{"completed worksheet (clinician)", clin, fmt.Sprintf("/handouts/assignments/%d.pdf", wsID)},
	} {
		res := pg.b.get(pg.path)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", pg.name, res.StatusCode)
		}
		checkPseudoPDF(t, pg.name, pdfText(t, []byte(res.Body)), content)
	}
}

var (
	wordRun    = regexp.MustCompile(`[\p{L}\p{M}]+`)
	fittedWord = regexp.MustCompile(`([\p{L}\p{M}]+)(…?)`)
)

// checkPseudoPDF is checkPseudo for a PDF's text, word by word (a PDF
// wraps content across lines, so whole strings cannot be matched): with the
// markers' spans removed, every word left must be a word of the content.
func checkPseudoPDF(t *testing.T, name, text string, content []string) {
	t.Helper()
	flat := flatText(text)
	if !strings.Contains(flat, "[!") {
		t.Fatalf("%s: no pseudo-locale markers at all:\n%s", name, flat)
	}
	known := map[string]bool{}
	for _, w := range wordRun.FindAllString(strings.Join(content, " "), -1) {
		known[w] = true
	}
	all := strings.Join(content, " ")
	var left []string
	for _, m := range fittedWord.FindAllStringSubmatch(i18n.RemoveMarked(flat), -1) {
		w := m[1]
		if known[w] || m[2] != "" && strings.Contains(all, w) { // "clin1@exa…": content cut to fit
			continue
		}
		left = append(left, w)
	}
	if len(left) > 0 {
		t.Errorf("%s: words outside the catalogue: %q", name, left)
	}
}
