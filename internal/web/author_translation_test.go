package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/module"
	"github.com/tend-practice/tend/internal/worksheet"
)

func TestAuthorTranslation_OwnModuleAndWorksheet_OthersCannot(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	ctx := context.Background()
	if _, err := p.app.Modules.Create(ctx, p.clin1, module.Definition{Slug: "my-module", Title: "My module",
		Summary: "Mine.", Topics: []string{"basics"}, Body: "## Hello\n\nA calm page."}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := p.app.Worksheets.Save(ctx, p.clin1, safetySheet()); err != nil {
		t.Fatal(err)
	}
	clin := p.signedIn("clin1@example.test")

	// Reachable from the module page, prefilled with the source text.
	if page := clin.get("/library/modules/my-module").Body; !strings.Contains(page, `href="/library/modules/my-module/translation"`) {
		t.Fatal("the module page has no Add a translation link")
	}
	form := clin.get("/library/modules/my-module/translation?lang=el")
	if form.StatusCode != http.StatusOK || !strings.Contains(form.Body, `<option value="el" selected>Greek</option>`) ||
		!strings.Contains(form.Body, "A calm page.") || !strings.Contains(form.Body, `value="My module"`) {
		t.Fatalf("translation form: %d\n%s", form.StatusCode, form.Body)
	}
	// A missing title: 422, what was typed kept.
	bad := url.Values{"language": {"es"}, "title": {""}, "summary": {"Mío."}, "body": {"## Hola\n\nKEPT-BODY"}}
	if res := clin.post("/library/modules/my-module/translation", bad); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "KEPT-BODY") || !strings.Contains(res.Body, "Please give the translation a title") {
		t.Fatalf("bad translation: %d", res.StatusCode)
	}
	good := url.Values{"language": {"es"}, "title": {"Mi módulo"}, "summary": {"Mío."}, "body": {"## Hola\n\nUna página tranquila."}}
	res := clin.post("/library/modules/my-module/translation", good)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/library/modules/my-module?lang=es" {
		t.Fatalf("save translation: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	es := clin.get("/library/modules/my-module?lang=es").Body
	if !strings.Contains(es, "Una página tranquila.") || !strings.Contains(es, "Saved the Spanish translation.") || strings.Contains(es, "out of date") {
		t.Fatalf("Spanish version page:\n%s", es)
	}
	src, _ := p.app.Modules.Get(ctx, p.clin1, "my-module")
	tr, _ := p.app.Modules.GetIn(ctx, p.clin1, "my-module", "es")
	if tr.SourceVersionID == nil || *tr.SourceVersionID != src.ID || src.Version != 1 || tr.Language != "es" {
		t.Fatalf("translation: source %v (current %d), language %q, English version %d", tr.SourceVersionID, src.ID, tr.Language, src.Version)
	}
	// The form for a language it has starts from that translation.
	if again := clin.get("/library/modules/my-module/translation?lang=es").Body; !strings.Contains(again, "Una página tranquila.") {
		t.Fatal("form for an existing translation does not start from it")
	}

	// Worksheet: every text beside its source; ids, options and flags kept.
	if page := clin.get("/library/worksheets/safety-check").Body; !strings.Contains(page, `href="/library/worksheets/safety-check/translation"`) {
		t.Fatal("the worksheet page has no Add a translation link")
	}
	wf := clin.get("/library/worksheets/safety-check/translation?lang=es")
	if wf.StatusCode != http.StatusOK || !strings.Contains(wf.Body, `name="upset_label" value="How upset do I feel about it now?"`) {
		t.Fatalf("worksheet translation form: %d\n%s", wf.StatusCode, wf.Body)
	}
	values := url.Values{"language": {"es"}, "title": {"Revisión de seguridad"}, "summary": {"Una revisión."},
		"upset_label": {"¿Cuánto me afecta ahora?"}, "upset_min_label": {"Nada"}, "upset_max_label": {"Muchísimo"},
		"talk_label": {"Quiero hablarlo en sesión"}, "unsafe_label": {"No me siento a salvo"}, "note_label": {"Algo más"},
		"flag0_message": {"m0"}, "flag1_message": {"m1"}, "flag2_message": {"m2"}, "flag3_message": {""}}
	if res := clin.post("/library/worksheets/safety-check/translation", values); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "Please translate this text.") || !strings.Contains(res.Body, "¿Cuánto me afecta ahora?") {
		t.Fatalf("worksheet translation with a text missing: %d", res.StatusCode)
	}
	values.Set("flag3_message", "m3")
	if res := clin.post("/library/worksheets/safety-check/translation", values); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save worksheet translation: %d %s", res.StatusCode, res.Body)
	}
	wsrc, _ := p.app.Worksheets.Get(ctx, p.clin1, "safety-check")
	wtr, err := p.app.Worksheets.GetIn(ctx, p.clin1, "safety-check", "es")
	if err != nil || wtr.Title != "Revisión de seguridad" || worksheet.SameStructure(wsrc.Schema, wtr.Schema) != nil || *wtr.SourceVersionID != wsrc.ID {
		t.Fatalf("worksheet translation: %v %q", err, wtr.Title)
	}

	// Another clinician: 404 on form and save; a client: 403; nothing saved.
	other := p.signedIn("clin2@example.test")
	for _, path := range []string{"/library/modules/my-module/translation", "/library/worksheets/safety-check/translation"} {
		if res := other.get(path + "?lang=el"); res.StatusCode != http.StatusNotFound {
			t.Errorf("other clinician GET %s: %d, want 404", path, res.StatusCode)
		}
		if res := other.post(path, url.Values{"language": {"el"}, "title": {"x"}, "summary": {"x"}, "body": {"x"}}); res.StatusCode != http.StatusNotFound {
			t.Errorf("other clinician POST %s: %d, want 404", path, res.StatusCode)
		}
		robin := p.signedIn("client1@example.test")
		if res := robin.get(path); res.StatusCode != http.StatusForbidden {
			t.Errorf("client GET %s: %d, want 403", path, res.StatusCode)
		}
	}
	if _, err := p.app.Modules.GetIn(ctx, p.clin1, "my-module", "el"); err != module.ErrNotFound {
		t.Fatalf("a Greek version exists after refused saves: %v", err)
	}
}
