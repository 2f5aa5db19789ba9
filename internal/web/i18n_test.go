package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/net/html"

	"github.com/tend-practice/tend/internal/config"
	"github.com/tend-practice/tend/internal/i18n"
	"github.com/tend-practice/tend/internal/testkit"
	"github.com/tend-practice/tend/internal/worksheet"
)

// Issue 22: languages. A client whose language is Spanish gets the Spanish
// home and worksheet pages, dates included, with <html lang="es">.
func TestLocale_ClientInSpanish_SeesSpanishPages(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	id := p.assign(p.clin1, p.client1, "worksheet", "after-intimacy-reflection")
	if err := p.app.DB.Gorm.Exec(`UPDATE users SET locale = 'es' WHERE id = ?`, p.client1.UserID).Error; err != nil {
		t.Fatal(err)
	}
	cl := p.signedIn("client1@example.test")
	home := cl.get("/me").Body
	for _, want := range []string{`<html lang="es">`, "<h1>Mi trabajo</h1>", "Por hacer", "Ficha de trabajo", "Ir al contenido", "Cerrar sesión"} {
		if !strings.Contains(home, want) {
			t.Errorf("Spanish home lacks %q", want)
		}
	}
	if strings.Contains(home, "To do") || strings.Contains(home, "My work") {
		t.Errorf("Spanish home still has English text")
	}
	ws := cl.get(fmt.Sprintf("/me/assignments/%d", id)).Body
	for _, want := range []string{`<html lang="es">`, "Guardar borrador", "Sí, enviar", "(obligatoria)", "← Mi trabajo"} {
		if !strings.Contains(ws, want) {
			t.Errorf("Spanish worksheet page lacks %q", want)
		}
	}
	// The same client's page in the practice's language (English) before.
	if err := p.app.DB.Gorm.Exec(`UPDATE users SET locale = '' WHERE id = ?`, p.client1.UserID).Error; err != nil {
		t.Fatal(err)
	}
	if body := cl.get("/me").Body; !strings.Contains(body, `<html lang="en">`) || !strings.Contains(body, "<h1>My work</h1>") {
		t.Errorf("no choice: not the practice's English")
	}
	// A practice in Greek: a client without a choice of their own reads Greek.
	if err := p.app.DB.Gorm.Exec(`UPDATE practice_settings SET locale = 'el' WHERE id = 1`).Error; err != nil {
		t.Fatal(err)
	}
	if body := cl.get("/me").Body; !strings.Contains(body, `<html lang="el">`) || !strings.Contains(body, "Η δουλειά μου") {
		t.Errorf("the practice's Greek does not reach a client without a choice")
	}
}

// Before sign-in: Accept-Language picks the language, the switch's cookie
// beats it, and an unknown language falls back to the practice's.
func TestLocale_SignInPage_AcceptLanguageAndSwitch(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	get := func(b *browser, path, accept string) response {
		req, _ := http.NewRequest(http.MethodGet, h.srv.URL+path, nil)
		if accept != "" {
			req.Header.Set("Accept-Language", accept)
		}
		return b.do(req)
	}
	b := h.browser()
	el := get(b, "/login", "el-GR,el;q=0.9,en;q=0.5")
	for _, want := range []string{`<html lang="el">`, "<h1>Σύνδεση</h1>", "Ξεχάσατε τον κωδικό;", `<label for="password">Κωδικός</label>`} {
		if !strings.Contains(el.Body, want) {
			t.Errorf("Accept-Language el: /login lacks %q", want)
		}
	}
	if fr := get(b, "/login", "fr-FR"); !strings.Contains(fr.Body, `<html lang="en">`) || !strings.Contains(fr.Body, "<h1>Sign in</h1>") {
		t.Errorf("Accept-Language fr: not the practice's English")
	}
	// The switch: a plain link that sets the cookie.
	if !strings.Contains(el.Body, `href="/login?lang=es" hreflang="es" lang="es"`) {
		t.Fatalf("no language switch on the sign-in page:\n%s", el.Body)
	}
	es := get(b, "/login?lang=es", "el")
	if !strings.Contains(es.Body, `<html lang="es">`) || !strings.Contains(es.Body, "Iniciar sesión") {
		t.Errorf("?lang=es does not give Spanish")
	}
	if got := b.cookie("tend_lang"); got != "es" {
		t.Fatalf("tend_lang cookie = %q, want es", got)
	}
	if c := es.Header.Get("Set-Cookie"); !strings.Contains(c, "HttpOnly") || !strings.Contains(c, "SameSite=Lax") {
		t.Errorf("language cookie: %s", c)
	}
	// Later pages before sign-in keep the choice, over Accept-Language.
	if body := get(b, "/login/forgot", "el").Body; !strings.Contains(body, `<html lang="es">`) || !strings.Contains(body, "Enviarme un enlace") {
		t.Errorf("the cookie's Spanish does not carry to /login/forgot")
	}
	// A wrong answer is said in the page's language.
	res := b.post("/login", url.Values{"email": {"nobody@example.test"}, "password": {"wrong-password"}})
	if res.StatusCode != http.StatusUnauthorized || !strings.Contains(res.Body, "El correo o la contraseña no son correctos.") {
		t.Errorf("failed sign-in in Spanish: %d", res.StatusCode)
	}
	// Nonsense is ignored.
	if get(h.browser(), "/login?lang=xx", "").Header.Get("Set-Cookie") != "" {
		t.Errorf("an unknown language set a cookie")
	}
}

// The account page's language: saved to users.locale and audited; a value
// Tend does not ship is 422 with everything else the person typed kept.
func TestAccount_Language_SavesAndRejectsBadValue(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	cl := p.signedIn("client1@example.test")
	page := cl.get("/account").Body
	if !strings.Contains(page, `<select id="locale" name="locale"`) || !strings.Contains(page, `<option value="el" lang="el">Ελληνικά</option>`) {
		t.Fatalf("no language field on /account:\n%s", page)
	}
	before := p.count("audit_events", "action = ? AND object_id = ?", "profile_changed", p.client1.UserID)
	res := cl.post("/account", url.Values{"display_name": {"Robin"}, "time_zone": {"Europe/Athens"}, "locale": {"el"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save language: %d %s", res.StatusCode, res.Body)
	}
	var locale string
	p.app.DB.Gorm.Raw(`SELECT locale FROM users WHERE id = ?`, p.client1.UserID).Scan(&locale)
	if locale != "el" {
		t.Fatalf("users.locale = %q, want el", locale)
	}
	if p.count("audit_events", "action = ? AND object_id = ?", "profile_changed", p.client1.UserID) != before+1 {
		t.Errorf("the language change was not audited")
	}
	if body := cl.get("/me").Body; !strings.Contains(body, `<html lang="el">`) {
		t.Errorf("the chosen language does not show on /me")
	}
	res = cl.post("/account", url.Values{"display_name": {"Robin Q"}, "time_zone": {"Europe/Madrid"}, "locale": {"fr"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad language: %d, want 422", res.StatusCode)
	}
	for _, want := range []string{`value="Robin Q"`, `value="Europe/Madrid"`, `id="locale-error"`, "Διαλέξτε μία από τις γλώσσες της λίστας."} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("422 page lacks %q", want)
		}
	}
	p.app.DB.Gorm.Raw(`SELECT locale FROM users WHERE id = ?`, p.client1.UserID).Scan(&locale)
	var name string
	p.app.DB.Gorm.Raw(`SELECT display_name FROM users WHERE id = ?`, p.client1.UserID).Scan(&name)
	if locale != "el" || name != "Robin" {
		t.Errorf("a refused form changed the account: locale %q, name %q", locale, name)
	}
}

// The practice language on /admin/settings: saved, and used before sign-in.
func TestAdminSettings_PracticeLanguage(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.user("admin", "admin@example.test")
	admin := h.signedIn("admin@example.test")
	res := admin.post("/admin/settings", url.Values{"time_zone": {"Europe/Athens"}, "retention_years": {"7"}, "locale": {"es"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save practice language: %d %s", res.StatusCode, res.Body)
	}
	if body := admin.get("/admin/settings").Body; !strings.Contains(body, `<option value="es" lang="es" selected>Español</option>`) {
		t.Errorf("practice language not shown as chosen")
	}
	if body := h.browser().get("/login").Body; !strings.Contains(body, `<html lang="es">`) {
		t.Errorf("sign-in page without Accept-Language is not in the practice's Spanish")
	}
	res = admin.post("/admin/settings", url.Values{"time_zone": {"Europe/Athens"}, "retention_years": {"7"}, "locale": {"de"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="locale-error"`) {
		t.Errorf("bad practice language: %d", res.StatusCode)
	}
	// A form without the field (an older page) keeps the language.
	admin.post("/admin/settings", url.Values{"time_zone": {"Europe/Athens"}, "retention_years": {"7"}})
	var locale string
	h.app.DB.Gorm.Raw(`SELECT locale FROM practice_settings WHERE id = 1`).Scan(&locale)
	if locale != "es" {
		t.Errorf("practice locale = %q, want es", locale)
	}
}

// The pseudo-locale: with TEND_PSEUDO_LOCALE every catalogue string is
// "[!...!]". On every converted page, no visible text is left outside the
// markers once the practice's and the people's own content is set aside.
func TestPseudoLocale_ConvertedPagesHaveNoTextOutsideTheCatalogue(t *testing.T) {
	t.Parallel()
	k := testkit.New(t, testkit.WithConfig(func(c *config.Config) { c.PseudoLocale = true }))
	h := kitHarness(t, k)
	kp := testkit.NewPractice(h.kit())
	ctx := context.Background()
	_, token := k.Client(kp.Clin1, "Jordan", "")
	id := k.Assign(kp.Clin1, kp.Client1, "worksheet", "after-intimacy-reflection")

	// What is content, not interface: names, emails, titles, the
	// worksheet's own questions, the practice's safety text, answers.
	content := []string{"Test Practice", "Robin", "Jordan", "client1@example.test", "clin1@example.test"}
	as, err := k.App.Assignments.Get(ctx, kp.Client1, id)
	if err != nil {
		t.Fatal(err)
	}
	wv, err := k.App.Assignments.Worksheet(ctx, as)
	if err != nil {
		t.Fatal(err)
	}
	content = append(content, as.Title, as.ClinicianName)
	content = appendStrings(t, content, wv.Schema)
	st, err := k.App.Safety.Get(ctx)
	if err != nil {
		t.Fatal(err)
	}
	content = appendStrings(t, content, st)
	answers := worksheet.Answers{"date": "2026-11-20", "mood_before": 5, "mood_after": 6, "distress": 1,
		"what_helped": "Tea and a blanket", "want_to_discuss": "no"}
	content = append(content, "Tea and a blanket")

	anon := h.browser()
	cl := h.signedIn("client1@example.test")
	pages := []struct {
		name string
		b    *browser
		path string
	}{
		{"sign in", anon, "/login"},
		{"forgot", anon, "/login/forgot"},
		{"invite", anon, "/invite/" + token},
		{"client home", cl, "/me"},
		{"worksheet", cl, fmt.Sprintf("/me/assignments/%d", id)},
	}
	for _, pg := range pages {
		checkPseudo(t, pg.name, pg.b.get(pg.path).Body, content)
	}
	// A worksheet submitted (the answers view and the flash), and the
	// failed sign-in's message.
	k.Submit(kp.Client1, id, answers)
	checkPseudo(t, "submitted worksheet", cl.get(fmt.Sprintf("/me/assignments/%d", id)).Body, content)
	res := h.browser().post("/login", url.Values{"email": {"nobody@example.test"}, "password": {"wrong-password"}})
	checkPseudo(t, "failed sign-in", res.Body, content)
}

// appendStrings adds every string inside v (through its JSON form).
func appendStrings(t *testing.T, out []string, v any) []string {
	t.Helper()
	buf, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var walk func(any)
	walk = func(x any) {
		switch x := x.(type) {
		case string:
			if strings.TrimSpace(x) != "" {
				out = append(out, x)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		case map[string]any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	var doc any
	if err := json.Unmarshal(buf, &doc); err != nil {
		t.Fatal(err)
	}
	walk(doc)
	return out
}

// checkPseudo walks the page's body and reports any text node with letters
// left after removing the "[!...!]" markers and the known content.
func checkPseudo(t *testing.T, name, body string, content []string) {
	t.Helper()
	if !strings.Contains(body, "[!") {
		t.Fatalf("%s: no pseudo-locale markers at all:\n%s", name, body)
	}
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	content = slices.Clone(content)
	slices.SortFunc(content, func(a, b string) int { return len(b) - len(a) }) // longest first
	var walk func(n *html.Node, inBody bool)
	walk = func(n *html.Node, inBody bool) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "style", "head":
				return
			case "body":
				inBody = true
			}
		}
		if n.Type == html.TextNode && inBody {
			rest := webAddress.ReplaceAllString(i18n.RemoveMarked(n.Data), "") // an address is not text to translate
			for _, c := range content {
				rest = strings.ReplaceAll(rest, c, "")
			}
			if strings.IndexFunc(rest, unicode.IsLetter) >= 0 {
				t.Errorf("%s: text outside the catalogue: %q (in %q)", name, strings.TrimSpace(rest), strings.TrimSpace(n.Data))
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inBody)
		}
	}
	walk(doc, false)
}

// webAddress is a web address inside a text (a link in an email's body).
var webAddress = regexp.MustCompile(`https?://[^\s)]*`)

// A message's arguments are people's own words: escaped like any other
// template value, in text and in attributes.
func TestLocale_MessageArgumentsAreEscaped(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	_, token := p.kit().Client(p.clin1, `<b onmouseover="x()">Sam & Co</b>`, "")
	body := p.browser().get("/invite/" + token).Body
	if strings.Contains(body, "<b onmouseover") || !strings.Contains(body, "Welcome, &lt;b onmouseover=&#34;x()&#34;&gt;Sam &amp; Co&lt;/b&gt;") {
		t.Errorf("a name inside a message is not escaped:\n%s", body)
	}
}

// Answer validation speaks the client's language: the worksheet package
// returns a message key with its arguments beside the English.
func TestLocale_AnswerErrorsInTheClientsLanguage(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	id := p.assign(p.clin1, p.client1, "worksheet", "after-intimacy-reflection")
	if err := p.app.DB.Gorm.Exec(`UPDATE users SET locale = 'es' WHERE id = ?`, p.client1.UserID).Error; err != nil {
		t.Fatal(err)
	}
	cl := p.signedIn("client1@example.test")
	path := fmt.Sprintf("/me/assignments/%d", id)
	v, key := formState(t, cl.get(path).Body)
	form := reflectionForm("4")
	form.Set("mood_before", "")
	form.Set("mood_after", "99")
	form.Set("version", v)
	form.Set("submission_key", key)
	form.Set("action", "submit")
	res := cl.post(path, form)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad answers: %d", res.StatusCode)
	}
	for _, want := range []string{"Esta pregunta necesita una respuesta antes de enviar.", "Elige un número del 0 al 10.",
		"Revisa 2 respuestas", "Algunas respuestas necesitan un repaso antes de poder enviarlas.", "Tea and a blanket"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("Spanish 422 lacks %q\n%s", want, res.Body)
		}
	}
	if strings.Contains(res.Body, "This question needs an answer") {
		t.Errorf("English answer message on a Spanish page")
	}
}
