package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/config"
	"github.com/tend-practice/tend/internal/module"
	"github.com/tend-practice/tend/internal/testkit"
)

// Issue 22: the authoring pages (a clinician's own module or worksheet,
// and its translations) take every word from the catalogue. With the
// pseudo-locale, nothing on them is left outside the markers once the
// people's own content is set aside: the forms, a failed save's messages
// (the module and worksheet packages' English, through
// messages_author.go), the builder's rule sentences and the translation
// forms.
func TestPseudoLocale_AuthorPagesHaveNoTextOutsideTheCatalogue(t *testing.T) {
	t.Parallel()
	k := testkit.New(t, testkit.WithConfig(func(c *config.Config) { c.PseudoLocale = true }))
	h := kitHarness(t, k)
	kp := testkit.NewPractice(h.kit())
	ctx := context.Background()
	def := module.Definition{Slug: "my-module", Title: "My module", Summary: "Mine.", Topics: []string{"basics"},
		Body: "## Hello\n\nA calm page."}
	if _, err := k.App.Modules.Create(ctx, kp.Clin1, def, nil); err != nil {
		t.Fatal(err)
	}
	sheet := safetySheet()
	if _, err := k.App.Worksheets.Save(ctx, kp.Clin1, sheet); err != nil {
		t.Fatal(err)
	}
	// Content, not interface: the practice, people, what the author wrote
	// or typed, the addresses shown as code and the Markdown link's
	// address.
	content := []string{"Test Practice", "clin1@example.test", "Clin1", "clin1", "My module", "Mine.", "## Hello\n\nA calm page.", "Hello", "A calm page.",
		"/library/modules/my-module", "/library/worksheets/safety-check", "https://…",
		"Evening check-in", "A look back.", "How tense do you feel?", "Not at all", "Very", "High tension", "tension"}
	content = appendStrings(t, content, sheet)

	clin := h.signedIn("clin1@example.test")
	for _, pg := range []struct{ name, path string }{
		{"new module", "/library/modules/new"},
		{"module edit", "/library/modules/my-module/edit"},
		{"new worksheet", "/library/worksheets/new"},
		{"worksheet edit", "/library/worksheets/safety-check/edit"},
		{"module translation", "/library/modules/my-module/translation?lang=es"},
		{"worksheet translation", "/library/worksheets/safety-check/translation?lang=el"},
	} {
		res := clin.get(pg.path)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", pg.name, res.StatusCode)
		}
		checkPseudo(t, pg.name, res.Body, content)
	}

	// A module edit that fails: the module package's messages, the error
	// summary, a reference row's problems.
	bad := url.Values{"action": {"save"}, "title": {""}, "summary": {"Mine."}, "body": {"## Hello\n\nA calm page."},
		"ref1_title": {"High tension"}, "ref1_year": {"20x9"}}
	res := clin.post("/library/modules/my-module", bad)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad module save: %d", res.StatusCode)
	}
	checkPseudo(t, "module edit with errors", res.Body, content)
	if strings.Contains(res.Body, "Please give the module a title.") && !strings.Contains(res.Body, "[!Please give the module a title.!]") {
		t.Errorf("the module package's message is not through the catalogue")
	}

	// A new worksheet that fails, with a flag rule (its sentence) and a
	// scale without its top: worksheet.Validate's messages.
	ws := url.Values{"action": {"save"}, "title": {"Evening check-in"}, "summary": {"A look back."}, "field_count": {"1"}, "flag_count": {"1"},
		"f0_id": {"tension"}, "f0_type": {"scale"}, "f0_label": {"How tense do you feel?"}, "f0_min": {"0"},
		"f0_min_label": {"Not at all"}, "f0_max_label": {"Very"},
		"flag1_field": {"tension"}, "flag1_op": {"gte"}, "flag1_value": {"8"}, "flag1_message": {""}, "flag1_severity": {"urgent"}}
	res = clin.post("/library/worksheets", ws)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad worksheet: %d", res.StatusCode)
	}
	checkPseudo(t, "worksheet builder with errors", res.Body, content)
	for _, want := range []string{"[!Scale needs min and max!]", "[!Message is required!]", "[!Flag as urgent!]"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("worksheet builder with errors lacks %q", want)
		}
	}

	// Previews: the module's (whole page, and the fragment preview.js asks
	// for) and the worksheet's.
	prev := url.Values{"action": {"preview"}, "title": {"My module"}, "summary": {"Mine."}, "content_note": {"High tension"},
		"body": {"## Hello\n\nA calm page."}}
	res = clin.post("/library/modules/my-module", prev)
	checkPseudo(t, "module preview", res.Body, content)
	if !strings.Contains(res.Body, "[!Content note:!]") {
		t.Errorf("module preview: no content note label")
	}
	prev.Set("fragment", "1")
	res = clin.post("/library/modules/my-module", prev)
	if !strings.Contains(res.Body, "[!1 min read!]") || !strings.Contains(res.Body, "[!Content note:!]") {
		t.Errorf("module preview fragment not through the catalogue:\n%s", res.Body)
	}
	ws.Set("action", "preview")
	ws.Set("f0_max", "10")
	res = clin.post("/library/worksheets", ws)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("worksheet preview: %d", res.StatusCode)
	}
	checkPseudo(t, "worksheet preview", res.Body, content)

	// The translation forms refused.
	res = clin.post("/library/modules/my-module/translation", url.Values{"language": {"es"}, "title": {""}, "summary": {"Mine."},
		"body": {"## Hello\n\nA calm page."}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad module translation: %d", res.StatusCode)
	}
	checkPseudo(t, "module translation with errors", res.Body, content)
}

// A clinician whose language is Spanish, then Greek, writes a new module in
// that language's interface; a failed save speaks it too.
func TestLocale_AuthorNewModule_InSpanishAndGreek(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	clin := p.signedIn("clin1@example.test")
	setLang := func(lang string) {
		t.Helper()
		if err := p.app.DB.Gorm.Exec(`UPDATE users SET locale = ? WHERE id = ?`, lang, p.clin1.UserID).Error; err != nil {
			t.Fatal(err)
		}
	}
	bad := url.Values{"action": {"save"}, "title": {""}, "summary": {""}, "body": {"Hola."}}
	for _, tc := range []struct {
		lang      string
		page, bad []string
	}{
		{"es", []string{`<html lang="es">`, "<h1>Nuevo módulo</h1>", "Guardar el módulo", "Vista previa", "Tipo de obra",
			"Artículo de revista", "Lo básico", "(obligatorio)", "← Todos los módulos", "cuidados-para-dos"},
			[]string{"Ponle un título al módulo.", "Escribe un resumen de una o dos frases.", "cosas antes de guardar"}},
		{"el", []string{`<html lang="el">`, "<h1>Νέα ενότητα</h1>", "Αποθήκευση ενότητας", "Προεπισκόπηση", "Είδος έργου",
			"Άρθρο περιοδικού", "Βασικά", "(υποχρεωτικό)", "← Όλες οι ενότητες"},
			[]string{"Δώστε έναν τίτλο στην ενότητα.", "Γράψτε μια περίληψη μίας ή δύο προτάσεων.", "σημεία πριν από την αποθήκευση"}},
	} {
		setLang(tc.lang)
		page := clin.get("/library/modules/new").Body
		for _, want := range tc.page {
			if !strings.Contains(page, want) {
				t.Errorf("%s: /library/modules/new lacks %q", tc.lang, want)
			}
		}
		for _, english := range []string{"New module", "Save module", "Kind of work", "Journal article"} {
			if strings.Contains(page, english) {
				t.Errorf("%s: /library/modules/new still has %q", tc.lang, english)
			}
		}
		res := clin.post("/library/modules", bad)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("%s: bad module: %d", tc.lang, res.StatusCode)
		}
		for _, want := range tc.bad {
			if !strings.Contains(res.Body, want) {
				t.Errorf("%s: failed save lacks %q", tc.lang, want)
			}
		}
		if strings.Contains(res.Body, "Please give the module a title.") {
			t.Errorf("%s: English validation message on the page", tc.lang)
		}
	}
	// The saved flash, in Greek.
	good := url.Values{"action": {"save"}, "slug": {"my-module"}, "title": {"Η ενότητά μου"}, "summary": {"Δική μου."}, "body": {"Ένα ήρεμο κείμενο."}}
	if res := clin.post("/library/modules", good); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.StatusCode, res.Body)
	}
	if body := clin.get("/library/modules/my-module").Body; !strings.Contains(body, "Η ενότητα αποθηκεύτηκε ως έκδοση 1.") {
		t.Errorf("the saved flash is not in Greek")
	}
}
