package web_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/net/html"

	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/config"
	"github.com/tend-practice/tend/internal/i18n"
	"github.com/tend-practice/tend/internal/module"
	"github.com/tend-practice/tend/internal/program"
	"github.com/tend-practice/tend/internal/testkit"
)

// Issue 22: the library (modules, worksheets) and the programs through the
// catalogue. With the pseudo-locale, no visible text on these pages is left
// outside "[!...!]" once the content (titles, summaries, module and guide
// bodies, references, names) is set aside.
func TestPseudoLocale_LibraryAndProgramPages(t *testing.T) {
	t.Parallel()
	k := testkit.New(t, testkit.WithConfig(func(c *config.Config) { c.PseudoLocale = true }))
	h := kitHarness(t, k)
	kp := testkit.NewPractice(h.kit())
	ctx := context.Background()

	content := []string{"Test Practice", "Robin", "Sky", "client1@example.test", "clin1@example.test", "admin@example.test"}
	mods, err := k.App.Modules.List(ctx, kp.Clin1, module.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range mods {
		content = append(content, m.Title, m.Summary)
	}
	wss, err := k.App.Worksheets.List(ctx, kp.Clin1)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range wss {
		content = append(content, w.Title, w.Summary)
	}
	const modSlug, wsSlug = "aftercare-and-kink", "after-intimacy-reflection"
	mv, err := k.App.Modules.GetIn(ctx, kp.Clin1, modSlug, "")
	if err != nil {
		t.Fatal(err)
	}
	if mv.ContentNote == "" {
		t.Fatalf("%s has no content note: pick a module with one", modSlug)
	}
	content = append(content, mv.Title, mv.Summary, mv.ContentNote)
	hist, err := k.App.Modules.History(ctx, kp.Clin1, modSlug)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range hist {
		content = append(content, v.Author)
	}
	wv, err := k.App.Worksheets.GetIn(ctx, kp.Clin1, wsSlug, "")
	if err != nil {
		t.Fatal(err)
	}
	content = append(content, wv.Title)
	content = appendStrings(t, content, wv.Schema)
	st, err := k.App.Safety.Get(ctx)
	if err != nil {
		t.Fatal(err)
	}
	content = appendStrings(t, content, st)

	// Programs: the built-ins, one of the clinician's own, started for Robin.
	own, err := k.App.Programs.Create(ctx, kp.Clin1, program.Draft{Title: "Two steps", Description: "Slowly, together", Steps: []program.Step{
		{Kind: "module", Slug: "what-is-aftercare", Rule: program.RuleStart},
		{Kind: "worksheet", Slug: "aftercare-plan", Rule: program.RuleAfterDays, Days: 7},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := k.App.Programs.Assign(ctx, kp.Clin1, own, program.Target{ClientID: kp.Client1.ClientID}, ""); err != nil {
		t.Fatal(err)
	}
	progs, err := k.App.Programs.List(ctx, kp.Clin1)
	if err != nil {
		t.Fatal(err)
	}
	var builtin int64
	for _, p := range progs {
		content = append(content, p.Title, p.Description)
		if p.BuiltIn() && p.Title == "Aftercare basics (4 weeks)" {
			builtin = p.ID
		}
	}
	if builtin == 0 {
		t.Fatal("no built-in program")
	}

	clin := h.signedIn("clin1@example.test")
	admin := h.signedIn(libAdmin(t, k))
	cl := h.signedIn("client1@example.test")
	pages := []struct {
		name string
		b    *browser
		path string
	}{
		{"modules list", clin, "/library/modules"},
		{"modules list, a topic", clin, "/library/modules?topic=kink"},
		{"modules list, nothing found", clin, "/library/modules?q=zzzzqqq"},
		{"module page", clin, "/library/modules/" + modSlug},
		{"module page, admin", admin, "/library/modules/" + modSlug},
		{"module page in Spanish", clin, "/library/modules/" + modSlug + "?lang=es"},
		{"worksheets list", clin, "/library/worksheets"},
		{"worksheet page", clin, "/library/worksheets/" + wsSlug},
		{"programs list", clin, "/clinician/programs"},
		{"built-in program", clin, fmt.Sprintf("/clinician/programs/%d", builtin)},
		{"own program", clin, fmt.Sprintf("/clinician/programs/%d", own)},
		{"new program", clin, "/clinician/programs/new"},
		{"client home with a program", cl, "/me"},
	}
	for _, pg := range pages {
		res := pg.b.get(pg.path)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", pg.name, res.StatusCode)
		}
		if pg.name == "module page in Spanish" {
			es, err := k.App.Modules.GetIn(ctx, kp.Clin1, modSlug, "es")
			if err != nil {
				t.Fatal(err)
			}
			libCheck(t, pg.name, withoutOtherAreas(t, res.Body), append(slices.Clone(content), es.Title, es.Summary, es.ContentNote))
			continue
		}
		libCheck(t, pg.name, withoutOtherAreas(t, res.Body), content)
	}

	// The program runs partial on the clinician's client page (the rest of
	// that page is the clinician area's), with its controls.
	runs := programRunsOnly(t, clin.get(fmt.Sprintf("/clinician/clients/%d", kp.Client1.ClientID)).Body)
	libCheck(t, "program runs (staff)", runs, content)

	// Flashes and the form's messages.
	res := clin.post("/clinician/programs", url.Values{"title": {""}, "step_1_item": {"module:what-is-aftercare"}, "step_1_rule": {"after_days"},
		"step_1_days": {"0"}, "step_2_item": {"worksheet:aftercare-plan"}, "step_2_rule": {"weekly"}, "step_2_weekday": {"x"},
		"step_3_item": {"module:what-is-aftercare"}, "step_3_rule": {"weekly"}, "step_3_until": {"soon"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad program: %d", res.StatusCode)
	}
	libCheck(t, "program form with a number error", res.Body, content)
	res = clin.post("/clinician/programs", url.Values{"title": {""}, "step_1_item": {"module:what-is-aftercare"}, "step_1_rule": {"after_days"},
		"step_1_days": {"0"}, "step_2_item": {"module:what-is-aftercare"}, "step_2_rule": {"weekly"}, "step_2_until": {"soon"}, "step_2_weeks": {"0"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "[!Please choose how many days after the start (1 to 365).!]") {
		t.Fatalf("bad program: %d, or its message is not from the catalogue", res.StatusCode)
	}
	libCheck(t, "program form with the program's messages", res.Body, content)
	res = clin.post(fmt.Sprintf("/clinician/programs/%d/assign", own), url.Values{"to": {"nobody"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("assign to nobody: %d", res.StatusCode)
	}
	libCheck(t, "give a program to nobody", withoutOtherAreas(t, res.Body), content)
	res = clin.post(fmt.Sprintf("/clinician/programs/%d", own), url.Values{"title": {"Two steps"}, "description": {"Slowly, together"},
		"step_1_item": {"module:what-is-aftercare"}, "step_1_rule": {"start"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save own program: %d", res.StatusCode)
	}
	libCheck(t, "program saved (flash)", clin.get(res.Header.Get("Location")).Body, content)
	res = cl.post("/me/reminders", url.Values{"off": {"true"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reminders off: %d", res.StatusCode)
	}
	if body := cl.get("/me").Body; !strings.Contains(body, "[!You will not get reminder emails.!]") {
		t.Errorf("the client's reminder flash is not from the catalogue")
	}
}

// libCheck is checkPseudo, and the same for the attributes people read or
// hear (aria-label, title, placeholder, alt, an optgroup's label, a
// button's value).
func libCheck(t *testing.T, name, body string, content []string) {
	t.Helper()
	checkPseudo(t, name, body, content)
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	content = slices.Clone(content)
	slices.SortFunc(content, func(a, b string) int { return len(b) - len(a) })
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				switch {
				case a.Key == "aria-label", a.Key == "title", a.Key == "placeholder", a.Key == "alt",
					a.Key == "label" && n.Data == "optgroup",
					a.Key == "value" && n.Data == "input" && (libAttr(n, "type") == "submit" || libAttr(n, "type") == "button"):
					rest := i18n.RemoveMarked(a.Val)
					for _, c := range content {
						rest = strings.ReplaceAll(rest, c, "")
					}
					if strings.IndexFunc(rest, unicode.IsLetter) >= 0 {
						t.Errorf("%s: %s=%q outside the catalogue", name, a.Key, a.Val)
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
}

// libAdmin makes an administrator and returns the email to sign in with.
func libAdmin(t *testing.T, k *testkit.Kit) string {
	t.Helper()
	k.User(auth.RoleAdmin, "admin@example.test")
	return "admin@example.test"
}

// withoutOtherAreas removes what other areas' catalogues (and the content)
// fill on the library pages: the assign box (the clinician area's
// partial), the module's and the guide's Markdown bodies and the reference
// lists, which are content.
func withoutOtherAreas(t *testing.T, body string) string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var drop []*html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.ElementNode && libAttr(n, "id") == "assign",
			n.Type == html.ElementNode && libHasClass(n, "module-body"),
			n.Type == html.ElementNode && n.Data == "ol" && n.Parent != nil && libHasClass(n.Parent, "references"),
			n.Parent != nil && libHasClass(n.Parent, "guide-body") && !(libHasClass(n, "actions") || libHasClass(n, "references")):
			drop = append(drop, n)
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	for _, n := range drop {
		n.Parent.RemoveChild(n)
	}
	var buf bytes.Buffer
	if err := html.Render(&buf, doc); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// programRunsOnly is a page with nothing but its program runs (the
// program_runs partial's items) in the body.
func programRunsOnly(t *testing.T, body string) string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	buf.WriteString("<!doctype html><html><body><ul>")
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && libHasClass(n, "program-run") {
			if err := html.Render(&buf, n); err != nil {
				t.Fatal(err)
			}
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	buf.WriteString("</ul></body></html>")
	if !strings.Contains(buf.String(), "program-run") {
		t.Fatalf("no program runs on the page:\n%s", body)
	}
	return buf.String()
}

func libAttr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

func libHasClass(n *html.Node, class string) bool {
	return n.Type == html.ElementNode && slices.Contains(strings.Fields(libAttr(n, "class")), class)
}

// A clinician whose language is Spanish, then Greek, reads the modules
// list and a built-in program's page in it.
func TestLocale_LibraryAndProgramInSpanishAndGreek(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	ctx := context.Background()
	progs, err := p.app.Programs.List(ctx, p.clin1)
	if err != nil {
		t.Fatal(err)
	}
	var builtin int64
	for _, pr := range progs {
		if pr.BuiltIn() && pr.Title == "Aftercare basics (4 weeks)" {
			builtin = pr.ID
		}
	}
	clin := p.signedIn("clin1@example.test")
	programPath := fmt.Sprintf("/clinician/programs/%d", builtin)
	for _, tc := range []struct {
		lang           string
		modules, progs []string
	}{
		{"es", []string{`<html lang="es">`, "<h1>Módulos</h1>", "Lecturas breves y cálidas", `<label for="q">Buscar</label>`,
			"<option value=\"\">Todos los temas</option>", ">Lo básico</option>", "También en español, griego", "min de lectura", ">Programas</a>"},
			[]string{`<html lang="es">`, "<h2 id=\"assign-h\">Dar este programa</h2>", "Empezar el programa", "Incluido en Tend",
				"(módulo): al principio", "(ficha de trabajo): cuando se complete el paso anterior", "7 días después del inicio",
				"cada domingo durante 4 semanas", `<optgroup label="Personas">`, "Robin",
				"Lo básico de los cuidados posteriores (4 semanas)"}},
		{"el", []string{`<html lang="el">`, "<h1>Ενότητες</h1>", "Σύντομα, ζεστά κείμενα", `<label for="q">Αναζήτηση</label>`,
			"<option value=\"\">Όλα τα θέματα</option>", ">Βασικά</option>", "Επίσης στα ισπανικά, ελληνικά", ">Προγράμματα</a>"},
			[]string{`<html lang="el">`, "<h2 id=\"assign-h\">Δώστε αυτό το πρόγραμμα</h2>", "Έναρξη προγράμματος", "Ενσωματωμένο",
				"(ενότητα): στην αρχή", "(φύλλο εργασίας): όταν ολοκληρωθεί το προηγούμενο βήμα", "7 μέρες μετά την έναρξη",
				"κάθε Κυριακή για 4 εβδομάδες", `<optgroup label="Άτομα">`, "Robin",
				"Τα βασικά της φροντίδας μετά (aftercare) (4 εβδομάδες)"}},
	} {
		if err := p.app.DB.Gorm.Exec(`UPDATE users SET locale = ? WHERE id = ?`, tc.lang, p.clin1.UserID).Error; err != nil {
			t.Fatal(err)
		}
		mods := clin.get("/library/modules").Body
		for _, want := range tc.modules {
			if !strings.Contains(mods, want) {
				t.Errorf("%s: modules list lacks %q", tc.lang, want)
			}
		}
		for _, english := range []string{"Short, warm readings", "All topics", "Also in"} {
			if strings.Contains(mods, english) {
				t.Errorf("%s: modules list still says %q", tc.lang, english)
			}
		}
		prog := clin.get(programPath).Body
		for _, want := range tc.progs {
			if !strings.Contains(prog, want) {
				t.Errorf("%s: program page lacks %q", tc.lang, want)
			}
		}
		// The built-in program's own title in the viewer's language too.
		for _, english := range []string{"Give this program", "at the start", "weekly on", "Aftercare basics (4 weeks)"} {
			if strings.Contains(prog, english) {
				t.Errorf("%s: program page still says %q", tc.lang, english)
			}
		}
	}
}
