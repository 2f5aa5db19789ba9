package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/module"
	"github.com/tend-practice/tend/internal/worksheet"
)

// syncTranslatedFixtures adds the translated test content as built-ins:
// guided-fixture with a Spanish module and guide, unguided-fixture with a
// Greek translation of an English file Tend never had (out of date), and
// aftercare-check-in in Spanish.
func (p *practice) syncTranslatedFixtures() {
	p.t.Helper()
	ctx := context.Background()
	fsys := os.DirFS("../module/testdata/translated")
	defs, refs, err := module.Builtins(fsys)
	if err != nil {
		p.t.Fatal(err)
	}
	trs, err := module.BuiltinTranslations(fsys, defs)
	if err != nil {
		p.t.Fatal(err)
	}
	if err := p.app.Modules.Sync(ctx, defs, refs); err != nil {
		p.t.Fatal(err)
	}
	if err := p.app.Modules.SyncTranslations(ctx, trs, refs); err != nil {
		p.t.Fatal(err)
	}
	set, err := worksheet.LoadBuiltinsFrom(os.DirFS("../worksheet/testdata/translated"))
	if err != nil {
		p.t.Fatal(err)
	}
	if err := p.app.Worksheets.SyncBuiltins(ctx, set); err != nil {
		p.t.Fatal(err)
	}
}

func (p *practice) setLocale(a auth.Actor, locale string) {
	p.t.Helper()
	if err := p.app.DB.Gorm.Exec(`UPDATE users SET locale = ? WHERE id = ?`, locale, a.UserID).Error; err != nil {
		p.t.Fatal(err)
	}
}

// pinnedLanguage is the language of the version assignment id pinned.
func (p *practice) pinnedLanguage(id int64) string {
	p.t.Helper()
	var lang string
	if err := p.app.DB.Gorm.Raw(`SELECT COALESCE(mv.language, wv.language) FROM assignments a
		LEFT JOIN module_versions mv ON mv.id = a.module_version_id LEFT JOIN worksheet_versions wv ON wv.id = a.worksheet_version_id
		WHERE a.id = ?`, id).Scan(&lang).Error; err != nil {
		p.t.Fatal(err)
	}
	return lang
}

func TestLibraryLanguages_ShownReadableAndAssignedInTheClientsLanguage(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	p.syncTranslatedFixtures()
	p.setLocale(p.client1, "es") // Robin reads Spanish
	cruz := p.clientWithAccount(p.clin1, "Cruz", "cruz@example.test")
	p.setLocale(cruz, "el")
	clin := p.signedIn("clin1@example.test")

	// The library says which languages each item has, and which are out of date.
	list := clin.get("/library/modules").Body
	if !strings.Contains(list, "Also in Spanish") || !strings.Contains(list, `Also in Greek <span class="badge">out of date</span>`) {
		t.Fatalf("module list does not show languages:\n%s", list)
	}
	if ws := clin.get("/library/worksheets").Body; !strings.Contains(ws, "Also in Spanish") {
		t.Fatal("worksheet list does not show Spanish")
	}

	// Staff read a module in each language; references follow the language's APA.
	en := clin.get("/library/modules/guided-fixture").Body
	if !strings.Contains(en, `<a href="/library/modules/guided-fixture?lang=es">Spanish</a>`) || !strings.Contains(en, "Muise, A., Giang, E., &amp; Impett, E. A. (2014)") {
		t.Fatalf("English page lacks the Spanish link or the English reference:\n%s", en)
	}
	es := clin.get("/library/modules/guided-fixture?lang=es")
	if es.StatusCode != http.StatusOK || !strings.Contains(es.Body, "Un módulo de prueba con guía") ||
		!strings.Contains(es.Body, "Muise, A., Giang, E. y Impett, E. A. (2014)") || !strings.Contains(es.Body, "SOLO-PROFESIONALES") ||
		!strings.Contains(es.Body, `href="/handouts/modules/guided-fixture.pdf?lang=es"`) {
		t.Fatalf("Spanish page: %d\n%s", es.StatusCode, es.Body)
	}
	if res := clin.get("/library/modules/guided-fixture?lang=el"); res.StatusCode != http.StatusNotFound {
		t.Fatalf("a language the module does not have: %d, want 404", res.StatusCode)
	}
	el := clin.get("/library/modules/unguided-fixture?lang=el").Body
	if !strings.Contains(el, "made from an earlier version") || !strings.Contains(el, `<strong aria-current="page">Greek</strong> <span class="badge">out of date</span>`) {
		t.Fatalf("out-of-date Greek page:\n%s", el)
	}
	ws := clin.get("/library/worksheets/aftercare-check-in?lang=es").Body
	if !strings.Contains(ws, "¿De qué semana se trata?") {
		t.Fatal("Spanish worksheet preview not in Spanish")
	}

	// The assign form warns before anything is assigned.
	if !strings.Contains(en, "No Greek version yet: Cruz will get English.") || strings.Contains(en, "Robin will get") {
		t.Fatalf("assign form notes:\n%s", en)
	}
	form := url.Values{"client_id": {fmt.Sprint(p.client1.ClientID), fmt.Sprint(cruz.ClientID)}}
	res := clin.post("/library/modules/guided-fixture/assign", form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("assign: %d", res.StatusCode)
	}
	if page := clin.get("/library/modules/guided-fixture").Body; !strings.Contains(page, "Assigned to Cruz, Robin. No Greek version yet: Cruz will get English.") {
		t.Fatalf("flash after assigning lacks the note:\n%s", page)
	}
	var robinID, cruzID int64
	p.app.DB.Gorm.Raw(`SELECT id FROM assignments WHERE client_id = ? AND kind = 'module'`, p.client1.ClientID).Scan(&robinID)
	p.app.DB.Gorm.Raw(`SELECT id FROM assignments WHERE client_id = ? AND kind = 'module'`, cruz.ClientID).Scan(&cruzID)
	if a, b := p.pinnedLanguage(robinID), p.pinnedLanguage(cruzID); a != "es" || b != "en" {
		t.Fatalf("pinned languages: Robin %q, Cruz %q; want es and en", a, b)
	}
	// The client reads (and prints) the version pinned in their language.
	robin := p.signedIn("client1@example.test")
	if page := robin.get(fmt.Sprintf("/me/assignments/%d", robinID)).Body; !strings.Contains(page, "persona usuaria") {
		t.Fatalf("Robin's module is not in Spanish:\n%s", page)
	}
	if page := robin.get("/library/modules/guided-fixture?lang=en").Body; !strings.Contains(page, "persona usuaria") || strings.Contains(page, "SOLO-PROFESIONALES") {
		t.Fatal("a client's ?lang= changes what they read, or shows the guide")
	}
	var esID int64
	p.app.DB.Gorm.Raw(`SELECT module_version_id FROM assignments WHERE id = ?`, robinID).Scan(&esID)
	if pdf := robin.get("/handouts/modules/guided-fixture.pdf"); pdf.StatusCode != http.StatusOK || !strings.HasPrefix(pdf.Header.Get("ETag"), fmt.Sprintf(`"m%d-`, esID)) {
		t.Fatalf("Robin's handout: %d, ETag %q; want the Spanish version %d", pdf.StatusCode, pdf.Header.Get("ETag"), esID)
	}

	// Worksheets too, through the single-client assign.
	wid := p.assign(p.clin1, p.client1, "worksheet", "aftercare-check-in")
	if lang := p.pinnedLanguage(wid); lang != "es" {
		t.Fatalf("worksheet pinned in %q, want es", lang)
	}
	if page := robin.get(fmt.Sprintf("/me/assignments/%d", wid)).Body; !strings.Contains(page, "¿De qué semana se trata?") {
		t.Fatal("Robin's worksheet is not in Spanish")
	}
	// Robin chooses "the practice's language" (English): English from now on.
	p.setLocale(p.client1, "")
	if lang := p.pinnedLanguage(p.assign(p.clin1, p.client1, "worksheet", "aftercare-check-in")); lang != "en" {
		t.Fatalf("client on the practice's language got %q, want en", lang)
	}
}
