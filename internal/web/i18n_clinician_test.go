package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/config"
	"github.com/tend-practice/tend/internal/module"
	"github.com/tend-practice/tend/internal/testkit"
	"github.com/tend-practice/tend/internal/worksheet"
)

// clinicianWork gives client1 what the clinician's pages show: an urgent
// flag waiting in the queue (after-intimacy-reflection, distress 9), two
// weekly check-ins (so the client page draws charts with thresholds and a
// flagged answer), a reading due later and a comment. It returns the
// flagged reflection's id and the people's and library's own words seen on
// those pages.
func clinicianWork(t *testing.T, k *testkit.Kit, clin, cl auth.Actor) (int64, []string) {
	t.Helper()
	ctx := context.Background()
	urgent := k.Assign(clin, cl, "worksheet", "after-intimacy-reflection")
	k.Submit(cl, urgent, worksheet.Answers{"date": "2026-11-20", "mood_before": 4, "mood_after": 7, "distress": 9,
		"want_to_discuss": "yes", "what_helped": "Tea and a blanket"})
	worksheets := []int64{urgent}
	for _, a := range []worksheet.Answers{
		{"week_of": "2026-11-23", "cared_for": 4, "ease_of_asking": 6, "low_after": 9},
		{"week_of": "2026-11-09", "cared_for": 7, "ease_of_asking": 6, "low_after": 3},
	} {
		id := k.Assign(clin, cl, "worksheet", "aftercare-check-in")
		k.Submit(cl, id, a)
		worksheets = append(worksheets, id)
	}
	k.AssignNew(clin, cl, assignment.New{Kind: "module", Slug: "what-is-aftercare", DueOn: "2099-01-10", Note: "Read when you can"})
	if err := k.App.Assignments.AddComment(ctx, clin, urgent, "", "Thank you for writing this", false); err != nil {
		t.Fatal(err)
	}

	content := []string{"Test Practice", "Robin", "Jordan", "client1@example.test", "clin1@example.test",
		"Tea and a blanket", "Thank you for writing this", "Read when you can"}
	// Every title the assign form and the queue's filter list.
	mods, err := k.App.Modules.List(ctx, clin, module.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range mods {
		content = append(content, m.Title)
	}
	wss, err := k.App.Worksheets.List(ctx, clin)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range wss {
		content = append(content, w.Title)
	}
	// The worksheets' own questions, options and flag messages, and the
	// answers as the flags recorded them when submitted.
	for _, id := range worksheets {
		as, err := k.App.Assignments.Get(ctx, clin, id)
		if err != nil {
			t.Fatal(err)
		}
		content = append(content, as.Title, as.ClinicianName)
		wv, err := k.App.Assignments.Worksheet(ctx, as)
		if err != nil {
			t.Fatal(err)
		}
		content = appendStrings(t, content, wv.Schema)
		v, err := k.App.Assignments.ViewFor(ctx, clin, as)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range v.Flags {
			content = append(content, f.Value)
		}
	}
	series, err := k.App.Assignments.Series(ctx, clin, cl.ClientID)
	if err != nil {
		t.Fatal(err)
	}
	for _, se := range series {
		content = append(content, se.Label, se.Worksheet, se.DateLabel, se.MinLabel, se.MaxLabel)
	}
	return urgent, content
}

// Issue 22, the clinician's pages: with the pseudo-locale every string is
// "[!...!]"; the queue (an urgent flag, a submitted reflection), the client
// list, a client page with charts, a reflection with a comment and the
// withdraw page have no text outside the catalogue, once names, titles and
// the worksheets' own words are set aside.
func TestPseudoLocale_ClinicianPagesHaveNoTextOutsideTheCatalogue(t *testing.T) {
	t.Parallel()
	k := testkit.New(t, testkit.WithConfig(func(c *config.Config) { c.PseudoLocale = true }))
	h := kitHarness(t, k)
	kp := testkit.NewPractice(h.kit())
	k.Client(kp.Clin1, "Jordan", "") // no account yet: "no account yet" in the list
	urgent, content := clinicianWork(t, k, kp.Clin1, kp.Client1)

	clin := h.signedIn("clin1@example.test")
	for _, pg := range []struct{ name, path string }{
		{"review queue", "/clinician"},
		{"urgent queue", "/clinician?show=urgent"},
		{"clients", "/clinician/clients"},
		{"clients search", "/clinician/clients?q=Rob"},
		{"client page", fmt.Sprintf("/clinician/clients/%d", kp.Client1.ClientID)},
		{"reflection", fmt.Sprintf("/clinician/assignments/%d", urgent)},
	} {
		res := clin.get(pg.path)
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d", pg.name, res.StatusCode)
		}
		checkPseudo(t, pg.name, res.Body, content)
	}
	if body := clin.get(fmt.Sprintf("/clinician/clients/%d", kp.Client1.ClientID)).Body; !strings.Contains(body, `class="chart-flagged"`) {
		t.Fatalf("the client page draws no chart with a flagged answer")
	}
	if body := clin.get("/clinician").Body; !strings.Contains(body, `<tr class="urgent">`) {
		t.Fatalf("no urgent row in the queue")
	}
	// The withdraw question, and a refused form (a comment without text).
	res := clin.post(fmt.Sprintf("/clinician/assignments/%d/withdraw", urgent), url.Values{"back": {"reflection"}})
	checkPseudo(t, "withdraw", res.Body, content)
	res = clin.post(fmt.Sprintf("/clinician/assignments/%d/comments", urgent), url.Values{"body": {" "}})
	if res.StatusCode != 422 {
		t.Fatalf("empty comment: %d", res.StatusCode)
	}
	checkPseudo(t, "refused comment", res.Body, content)
	// A flash: acknowledging the urgent flag.
	clin.post(fmt.Sprintf("/clinician/assignments/%d/acknowledge", urgent), url.Values{})
	checkPseudo(t, "acknowledged", clin.get(fmt.Sprintf("/clinician/assignments/%d", urgent)).Body, content)
}

// The dashboard and a client page in the clinician's Spanish and Greek.
func TestLocale_ClinicianInSpanishAndGreek(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	clinicianWork(t, p.kit(), p.clin1, p.client1)
	clin := p.signedIn("clin1@example.test")
	client := fmt.Sprintf("/clinician/clients/%d", p.client1.ClientID)
	for _, tc := range []struct {
		lang          string
		dash, page    []string
		notDash, notP string
	}{
		{"es",
			[]string{`<html lang="es">`, "<h1>Cola de revisión</h1>", "Persona consultante", "Urgente", "Hablarlo en sesión", "Hecho a tiempo, últimas 8 semanas", "Todas las personas"},
			[]string{`<html lang="es">`, "Cronología", "Evolución en el tiempo", "Ver las cifras", "Fechado según la respuesta a", "Urgente con 9 o más", "Cuanto más bajo, mejor.", "23 nov 2026: 9 (con aviso)", "Asignar", "Cerrar expediente", "vence el 10 ene 2099"},
			"Review queue", "Timeline"},
		{"el",
			[]string{`<html lang="el">`, "<h1>Ουρά ελέγχου</h1>", "Άτομο", "Επείγοντα", "Για συζήτηση στη συνεδρία", "Όλα τα άτομα"},
			[]string{`<html lang="el">`, "Χρονολόγιο", "Η πορεία στον χρόνο", "Εμφάνιση των αριθμών", "Επείγον από 9 και πάνω", "Όσο πιο χαμηλά, τόσο καλύτερα.", "23 Νοε 2026: 9 (με σήμανση)", "Ανάθεση", "Κλείσιμο φακέλου", "προθεσμία 10 Ιαν 2099"},
			"Review queue", "Timeline"},
	} {
		if err := p.app.DB.Gorm.Exec(`UPDATE users SET locale = ? WHERE id = ?`, tc.lang, p.clin1.UserID).Error; err != nil {
			t.Fatal(err)
		}
		dash := clin.get("/clinician").Body
		for _, want := range tc.dash {
			if !strings.Contains(dash, want) {
				t.Errorf("%s dashboard lacks %q", tc.lang, want)
			}
		}
		if strings.Contains(dash, tc.notDash) {
			t.Errorf("%s dashboard still says %q", tc.lang, tc.notDash)
		}
		page := clin.get(client).Body
		for _, want := range tc.page {
			if !strings.Contains(page, want) {
				t.Errorf("%s client page lacks %q", tc.lang, want)
			}
		}
		if strings.Contains(page, tc.notP) {
			t.Errorf("%s client page still says %q", tc.lang, tc.notP)
		}
	}
	// A refusal from the client package, in Greek.
	res := clin.post(fmt.Sprintf("/clinician/clients/%d/profile", p.client1.ClientID),
		url.Values{"pronouns": {strings.Repeat("x", 41)}, "name_to_use": {""}})
	if res.StatusCode != 422 || !strings.Contains(res.Body, "Οι αντωνυμίες πρέπει να έχουν λιγότερους από 40 χαρακτήρες.") {
		t.Errorf("profile refusal in Greek: %d", res.StatusCode)
	}
}
