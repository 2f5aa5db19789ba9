package handout

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/tend-practice/tend/internal/i18n"
)

// Issue 22: a handout is printed in the language of the version it prints:
// its labels, page numbers and dates, while the content's own letters
// (accents, tonos, final sigma) come back from the PDF exactly.

func localizer(t testing.TB, lang string) *i18n.Localizer {
	t.Helper()
	b, err := i18n.New(i18n.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return b.For(lang)
}

// builtinModule reads a built-in module's translation: its title, summary
// and Markdown body.
func builtinModule(t testing.TB, lang, slug string) (title, summary, body string) {
	t.Helper()
	buf, err := os.ReadFile(filepath.Join("..", "module", "builtin", lang, slug+".md"))
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.SplitN(string(buf), "---\n", 3)
	if len(parts) != 3 {
		t.Fatalf("%s/%s: no front matter", lang, slug)
	}
	for _, l := range strings.Split(parts[1], "\n") {
		if v, ok := strings.CutPrefix(l, "title: "); ok {
			title = v
		}
		if v, ok := strings.CutPrefix(l, "summary: "); ok {
			summary = v
		}
	}
	return title, summary, parts[2]
}

// builtinWorksheet reads a built-in worksheet's translation as handout
// sections.
func builtinWorksheet(t testing.TB, lang, slug string) (title, intro string, sections []Section) {
	t.Helper()
	buf, err := os.ReadFile(filepath.Join("..", "worksheet", "builtin", lang, slug+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var ws struct {
		Title, Intro string
		Sections     []struct {
			Heading, Intro string
			Fields         []struct {
				Type, Label, Help string
				Min, Max          int
				MinLabel          string `json:"min_label"`
				MaxLabel          string `json:"max_label"`
				Options           []struct{ Label string }
			}
		}
	}
	if err := json.Unmarshal(buf, &ws); err != nil {
		t.Fatal(err)
	}
	for _, s := range ws.Sections {
		hs := Section{Heading: s.Heading, Intro: s.Intro}
		for _, f := range s.Fields {
			hf := Field{Kind: FieldKind(f.Type), Label: f.Label, Help: f.Help, Min: f.Min, Max: f.Max, MinLabel: f.MinLabel, MaxLabel: f.MaxLabel}
			for _, o := range f.Options {
				hf.Options = append(hf.Options, o.Label)
			}
			hs.Fields = append(hs.Fields, hf)
		}
		sections = append(sections, hs)
	}
	return ws.Title, ws.Intro, sections
}

// A test language: its content, the labels its handouts must show, and the
// English that must not be left.
type langCase struct {
	lang    string
	note    string // the clinician's note, with every letter the test checks
	letters []string
	support Support
	module  []string // labels on the module handout
	blank   []string // labels on a blank worksheet
	done    []string // labels on a completed one
	answer  string
}

var langCases = []langCase{
	{
		lang: "es",
		note: "Sam, ¿qué te parece si lo lees con calma? ¡Sin prisa! Añade tus notas al margen: también vale una sola línea, aunque sea en el último minuto.",
		// The accented letters, the eñe and the opening marks.
		letters: []string{"á", "é", "í", "ó", "ú", "ñ", "¿", "¡"},
		support: Support{
			Contacts: []SupportContact{{Name: "Línea de atención a la conducta suicida", When: "Todos los días, a cualquier hora", Phone: "024", Text: "717 003 717"}},
			Practice: "Consulta Harbour, 910 000 000", Promise: "Nadie lee Tend en tiempo real: tu terapeuta lo leerá en su próximo día de consulta.",
		},
		module: []string{"Referencias", "Impreso el 22 de noviembre de 2026", "Lectura de 9 minutos", "Aviso sobre el contenido",
			"Una nota de Dr Zoë Ångström-Núñez", "Si necesitas ayuda ahora", "Llama al 024", "Escribe un SMS al 717 003 717",
			"Tu consulta: Consulta Harbour", "Tus notas"},
		blank: []string{"Nombre", "Fecha", "día", "mes", "año", "Sí", "Impreso el 22 de noviembre de 2026"},
		done: []string{"Persona consultante", "Terapeuta", "Enviada", "20 de noviembre de 2026", "Respuesta: 7 (0–10)",
			"Comentarios de terapeuta", "Confidencial", "Sam · 22 de noviembre de 2026", "Respuesta de Sam",
			// The longer date leaves the clinician's name whole in the footer.
			"Impreso el 22 de noviembre de 2026 · Dr Zoë Ångström-Núñez"},
		answer: "Me ayudó mucho el té, la manta y que me preguntara: «¿cómo estás?». ¡Gracias!",
	},
	{
		lang: "el",
		note: "Σαμ, διάβασέ το όταν έχεις λίγη ησυχία· δεν χρειάζεται να το τελειώσεις μονομιάς. Φέρε ό,τι σου κάνει εντύπωση στην επόμενη συνεδρία μας, ακόμη και μια μικρή σκέψη ή απορία.",
		// Every vowel with tonos, and the final sigma.
		letters: []string{"ά", "έ", "ή", "ί", "ό", "ύ", "ώ", "ς"},
		support: Support{
			Contacts: []SupportContact{{Name: "Γραμμή παρέμβασης για την αυτοκτονία", When: "Κάθε μέρα, όλο το εικοσιτετράωρο", Phone: "1018", Text: "6900 000 000"}},
			Practice: "Γραφείο Harbour, 210 000 0000", Promise: "Κανείς δεν διαβάζει το Tend σε πραγματικό χρόνο.",
		},
		module: []string{"Βιβλιογραφία", "Εκτυπώθηκε στις 22 Νοεμβρίου 2026", "9 λεπτά ανάγνωσης", "Σημείωση για το περιεχόμενο",
			"Ένα σημείωμα από: Dr Zoë Ångström-Núñez", "Αν χρειάζεσαι βοήθεια τώρα", "Τηλεφώνησε στο 1018", "Στείλε μήνυμα στο 6900 000 000",
			"Το γραφείο σου: Γραφείο Harbour", "Οι σημειώσεις σου"},
		blank: []string{"Όνομα", "Ημερομηνία", "ημέρα", "μήνας", "έτος", "Ναι", "Όχι", "Εκτυπώθηκε στις 22 Νοεμβρίου 2026"},
		done: []string{"Θεραπευόμενο άτομο", "Θεραπεία", "Υποβολή", "20 Νοεμβρίου 2026", "Απάντηση: 7 (0–10)",
			"Σχόλια από τη θεραπεία", "Εμπιστευτικό", "Sam · 22 Νοεμβρίου 2026", "Απάντηση από: Sam",
			"Εκτυπώθηκε στις 22 Νοεμβρίου 2026 · Dr Zoë Ångström-Núñez"},
		answer: "Με βοήθησε πολύ το τσάι, η κουβέρτα και η ερώτηση «πώς είσαι;». Ευχαριστώ για τις ήσυχες στιγμές μας.",
	},
}

// englishLabels must not be left on a Spanish or Greek handout.
var englishLabels = []string{"Page ", "Printed", "References", "minute read", "Content note", "A note from", "If you need help",
	"Your notes", "Your practice", "Call ", "Name", "Date", "Answer:", "Client", "Clinician", "Submitted", "Confidential", "Yes"}

func moduleIn(t *testing.T, lc langCase) ModuleInput {
	title, summary, body := builtinModule(t, lc.lang, "closeness-after-sex")
	return ModuleInput{
		PracticeName: "Harbour Street Relationship Therapy", ClinicianName: "Dr Zoë Ångström-Núñez",
		Title: title, Summary: summary, ReadingMinutes: 9, Body: body, Note: lc.note,
		ContentNote: summary, References: fixtureReferences(), Support: &lc.support,
		PrintedOn: printed, Localizer: localizer(t, lc.lang),
	}
}

func TestI18n_ModuleHandout_SpanishAndGreek(t *testing.T) {
	requirePDFTools(t)
	for _, lc := range langCases {
		t.Run(lc.lang, func(t *testing.T) {
			in := moduleIn(t, lc)
			pdf := renderModule(t, in)
			got := flat(pdfText(t, pdf))
			for _, want := range lc.module {
				if !strings.Contains(got, want) {
					t.Errorf("%s module handout lacks %q", lc.lang, want)
				}
			}
			assertPageFooters(t, pdf, lc.lang)
			assertNoEnglish(t, got)
			assertRoundTrip(t, got, lc.letters, in.Title, in.Summary, in.Note, in.Body)
			assertInsideMargins(t, pdf)
			if dir := os.Getenv("TEND_HANDOUT_OUT"); dir != "" {
				os.WriteFile(filepath.Join(dir, lc.lang+"-module.pdf"), pdf, 0o600)
			}
		})
	}
}

func TestI18n_WorksheetPrintouts_SpanishAndGreek(t *testing.T) {
	requirePDFTools(t)
	for _, lc := range langCases {
		t.Run(lc.lang, func(t *testing.T) {
			title, intro, sections := builtinWorksheet(t, lc.lang, "after-intimacy-reflection")
			blank := WorksheetInput{PracticeName: "Harbour Street Relationship Therapy", ClinicianName: "Dr Zoë Ångström-Núñez",
				Title: title, Intro: intro, Sections: sections, Support: &lc.support, PrintedOn: printed, Localizer: localizer(t, lc.lang)}
			pdf := renderWorksheet(t, blank)
			got := flat(pdfText(t, pdf))
			for _, want := range lc.blank {
				if !strings.Contains(got, want) {
					t.Errorf("%s blank worksheet lacks %q", lc.lang, want)
				}
			}
			assertPageFooters(t, pdf, lc.lang)
			assertNoEnglish(t, got)
			var source []string
			for _, s := range sections {
				for _, f := range s.Fields {
					source = append(source, f.Label, f.Help, f.MinLabel, f.MaxLabel)
					source = append(source, f.Options...)
				}
			}
			source = append(source, title, intro)
			var present []string // the letters this worksheet has
			for _, l := range lc.letters {
				if strings.Contains(strings.Join(source, " "), l) {
					present = append(present, l)
				}
			}
			if len(present) < 5 {
				t.Errorf("the %s worksheet has only %q of %q", lc.lang, present, lc.letters)
			}
			assertRoundTrip(t, got, present, source...)
			assertInsideMargins(t, pdf)

			// The same worksheet completed, with comments.
			done := blank
			done.ClientName, done.Status = "Sam", localizer(t, lc.lang).T("handout.status.submitted")
			submitted := time.Date(2026, 11, 21, 18, 30, 0, 0, time.UTC)
			done.SubmittedAt = &submitted
			done.Sections = nil
			for _, s := range sections {
				s.Fields = append([]Field(nil), s.Fields...)
				for i := range s.Fields {
					f := &s.Fields[i]
					switch f.Kind {
					case FieldDate:
						f.Answer = []string{"2026-11-20"}
					case FieldScale:
						f.Answer = []string{"7"}
					case FieldYesNo:
						f.Answer = []string{"Yes"}
					case FieldSingleChoice, FieldMultipleChoice, FieldChecklist:
						f.Answer = f.Options[:1]
					default:
						f.Answer = []string{lc.answer}
					}
				}
				done.Sections = append(done.Sections, s)
			}
			done.Sections[0].Fields[0].Comments = []Comment{{Author: "Sam", At: printed, Body: lc.note, FromClient: true}}
			done.Comments = []Comment{{Author: "Dr Zoë Ångström-Núñez", At: printed, Body: lc.note}}
			pdf = renderWorksheet(t, done)
			if dir := os.Getenv("TEND_HANDOUT_OUT"); dir != "" {
				os.WriteFile(filepath.Join(dir, lc.lang+"-worksheet.pdf"), pdf, 0o600)
			}
			got = flat(pdfText(t, pdf))
			for _, want := range lc.done {
				if !strings.Contains(got, want) {
					t.Errorf("%s completed worksheet lacks %q", lc.lang, want)
				}
			}
			assertPageFooters(t, pdf, lc.lang)
			assertNoEnglish(t, got)
			assertRoundTrip(t, got, lc.letters, lc.answer, lc.note)
			assertInsideMargins(t, pdf)
		})
	}
}

// A heading of the handout's language opens its box, as the English one
// does: the questions box ends with lines to write on under "Your notes".
func TestI18n_SpecialHeadingsInTheHandoutsLanguage(t *testing.T) {
	for _, tc := range []struct{ lang, heading string }{
		{"en", "Questions for your next session"}, {"es", "Preguntas para tu próxima sesión"},
		{"el", "Ερωτήσεις για την επόμενη συνεδρία σου;"},
	} {
		l := localizer(t, tc.lang)
		if specialOf(l, tc.heading) != specialQuestions {
			t.Errorf("%s: %q is not the questions box", tc.lang, tc.heading)
		}
		if specialOf(l, "Try this") != specialTryThis {
			t.Errorf("%s: the English heading no longer opens its box", tc.lang)
		}
	}
	if specialOf(localizer(t, "el"), "Δοκίμασε αυτό") != specialTryThis || specialOf(localizer(t, "es"), "Prueba esto:") != specialTryThis {
		t.Error("a translated 'Try this' is not boxed")
	}
	if specialOf(localizer(t, "es"), "Δοκίμασε αυτό") != specialNone {
		t.Error("a Greek heading is boxed in a Spanish handout")
	}
}

func TestI18n_EnglishIsTheDefault(t *testing.T) {
	requirePDFTools(t)
	in := fixtureModule(t)
	in.Localizer = localizer(t, "en")
	withEN := renderModule(t, in)
	in.Localizer = nil
	if string(withEN) != string(renderModule(t, in)) {
		t.Error("an English Localizer and none make different PDFs")
	}
}

// assertPageFooters checks every page's number in the handout's language.
func assertPageFooters(t *testing.T, pdf []byte, lang string) {
	t.Helper()
	n := pageCount(t, pdf)
	format := map[string]string{"es": "Página %d de %d", "el": "Σελίδα %d από %d"}[lang]
	for i := 1; i <= n; i++ {
		text := pdfText(t, pdf, "-f", strconv.Itoa(i), "-l", strconv.Itoa(i))
		want := strings.Replace(strings.Replace(format, "%d", strconv.Itoa(i), 1), "%d", strconv.Itoa(n), 1)
		if !strings.Contains(text, want) {
			t.Errorf("page %d of %d lacks %q", i, n, want)
		}
	}
}

func assertNoEnglish(t *testing.T, got string) {
	t.Helper()
	for _, en := range englishLabels {
		if strings.Contains(got, en) {
			t.Errorf("English %q left in the handout", en)
		}
	}
	if strings.ContainsAny(got, "□\uFFFD") {
		t.Errorf("a letter could not be shown (□ or U+FFFD in the text)")
	}
}

var letterRun = regexp.MustCompile(`[\p{L}\p{M}]+`)

// assertRoundTrip checks that each of the letters occurs in the source and
// that every word of the source holding one (a word with a tonos, a final
// sigma, an eñe) is in the PDF's text exactly; ¿ and ¡ must come back as
// often as the source has them.
func assertRoundTrip(t *testing.T, got string, letters []string, source ...string) {
	t.Helper()
	all := strings.Join(source, "\n")
	words := map[string]bool{}
	for _, w := range letterRun.FindAllString(all, -1) {
		words[w] = true
	}
	pdfWords := map[string]bool{}
	for _, w := range letterRun.FindAllString(got, -1) {
		pdfWords[w] = true
	}
	for _, l := range letters {
		if !strings.Contains(all, l) {
			t.Errorf("the source lacks %q: the test checks nothing", l)
			continue
		}
		r := []rune(l)[0]
		if !unicode.IsLetter(r) {
			if a, b := strings.Count(all, l), strings.Count(got, l); b < a {
				t.Errorf("%q: %d in the source, %d in the PDF", l, a, b)
			}
			continue
		}
		n := 0
		for w := range words {
			if strings.Contains(w, l) {
				n++
				if !pdfWords[w] {
					t.Errorf("%q (with %q) did not come back from the PDF", w, l)
				}
			}
		}
		if n == 0 {
			t.Errorf("no word with %q", l)
		}
	}
}

// A joint plan in Greek: its labels, the band of a clinician's copy and
// the review line, built from pieces, in the plan's language.
func TestI18n_JointPlan_Greek(t *testing.T) {
	requirePDFTools(t)
	in := jointFixture()
	in.Localizer = localizer(t, "el")
	in.Title, in.Audience = "", ""
	in.Review = JointReview{Dates: [2]string{"12 Μαρτίου 2027", "19 Μαρτίου 2027"}}
	in.ClinicianCopy = true
	in.Sections[0].Fields = append(in.Sections[0].Fields, JointField{})
	var buf strings.Builder
	if err := renderer(t).Joint(&buf, in); err != nil {
		t.Fatal(err)
	}
	pdf := []byte(buf.String())
	qpdfCheck(t, pdf)
	got := flat(pdfText(t, pdf))
	for _, want := range []string{"Το σχέδιό μας", "Zoë και Jordan", "Αντίγραφο θεραπείας: όχι για το ζευγάρι",
		"Πότε θα ξαναδούμε αυτό το σχέδιο", "Δεν έχει συμφωνηθεί ακόμη: Zoë διάλεξε: 12 Μαρτίου 2027; Jordan διάλεξε: 19 Μαρτίου 2027.",
		"Ερώτηση χωρίς τίτλο", "Χωρίς απάντηση", "Εμπιστευτικό", "Εκτυπώθηκε στις 22 Νοεμβρίου 2026 · Dr. Sam Rivera"} {
		if !strings.Contains(got, want) {
			t.Errorf("Greek joint plan lacks %q", want)
		}
	}
	assertPageFooters(t, pdf, "el")
	for _, en := range []string{"Our plan", " and ", "Clinician copy", "Not agreed", "Untitled question", "Printed", "Page "} {
		if strings.Contains(got, en) {
			t.Errorf("English %q left in the Greek joint plan", en)
		}
	}
	assertInsideMargins(t, pdf)
}
