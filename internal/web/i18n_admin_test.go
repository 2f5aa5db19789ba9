package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/config"
	"github.com/tend-practice/tend/internal/safety"
	"github.com/tend-practice/tend/internal/testkit"
)

// Issue 22: the administrator's pages, emergency access, the account page
// and the error pages take every word from the catalogue. With the
// pseudo-locale nothing visible is left outside the markers once names,
// emails, the practice's own safety text, mail and log data are set aside.
func TestPseudoLocale_AdminPagesHaveNoTextOutsideTheCatalogue(t *testing.T) {
	t.Parallel()
	k := testkit.New(t, testkit.WithConfig(func(c *config.Config) { c.PseudoLocale = true }))
	h := kitHarness(t, k)
	kp := testkit.NewPractice(h.kit())
	ctx := context.Background()
	admin := k.Admin("admin@example.test")
	id := k.Assign(kp.Clin1, kp.Client1, "worksheet", "after-intimacy-reflection")
	k.Assign(kp.Clin1, kp.Client1, "module", "aftercare-menu")

	// The practice's own safety text, so the "what clients see" panel shows.
	st := safety.Settings{PracticeContact: "Phone 555 0100", PracticeHours: "Weekdays 9 to 5",
		ReadingPromise: "Reflections are read within 2 working days.",
		Contacts:       []safety.Contact{{Name: "Harbour crisis line", Phone: "555 0199", When: "Any time, day or night"}}}
	if err := k.App.Safety.Save(ctx, admin, st); err != nil {
		t.Fatal(err)
	}
	// A closed file on hold, for the settings page's table.
	if err := k.App.Clients.Close(ctx, kp.Clin2, kp.Client2.ClientID, "Finished"); err != nil {
		t.Fatal(err)
	}
	if err := k.App.Practice.SetHold(ctx, admin, kp.Client2.ClientID, true, "Court order pending"); err != nil {
		t.Fatal(err)
	}

	adminB := h.signedIn("admin@example.test")
	// Emergency access to one client: the grant's reason is the admin's words.
	reason := "Robin may be at risk tonight"
	if res := adminB.post("/admin/break-glass", url.Values{"client_id": {fmt.Sprint(kp.Client1.ClientID)}, "reason": {reason}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("open emergency access: %d", res.StatusCode)
	}

	content := []string{"Test Practice", "Robin", "Sky", "Court order pending", reason, "TEND_SMTP_ADDR", "TEND_SMTP_FROM"}
	var names []string
	k.DB.Gorm.Raw(`SELECT display_name FROM users WHERE display_name <> ''`).Scan(&names)
	content = append(content, names...)
	var emails []string
	k.DB.Gorm.Raw(`SELECT email FROM users`).Scan(&emails)
	content = append(content, emails...)
	saved, err := k.App.Safety.Get(ctx)
	if err != nil {
		t.Fatal(err)
	}
	content = appendStrings(t, content, saved)
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
	list, err := k.App.Assignments.ForClient(ctx, kp.Clin1, kp.Client1.ClientID)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range list {
		content = append(content, a.Title)
	}
	// Mail and the log's recorded details are data, not interface.
	link := regexp.MustCompile(`\S*/(reset|invite|account/email)/[A-Za-z0-9_\-]+`)
	kept, err := k.App.Outbox.List(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range kept {
		content = append(content, m.Subject, m.Recipient)
		content = append(content, link.Split(m.Body, -1)...)
	}
	events, err := k.App.Audit.List(ctx, audit.Filter{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		if e.Detail != "" {
			content = append(content, fmt.Sprintf("%q", e.Detail))
		}
	}

	clin := h.signedIn("clin1@example.test")
	pages := []struct {
		name string
		b    *browser
		path string
		code int
	}{
		{"accounts", adminB, "/admin/users", http.StatusOK},
		{"client accounts", adminB, "/admin/users?tab=clients", http.StatusOK},
		{"no accounts match", adminB, "/admin/users?q=nobody-at-all", http.StatusOK},
		{"audit log", adminB, "/admin/audit", http.StatusOK},
		{"audit log, bad filter", adminB, "/admin/audit?client=abc", http.StatusUnprocessableEntity},
		{"outbox", adminB, "/admin/outbox", http.StatusOK},
		{"safety", adminB, "/admin/safety", http.StatusOK},
		{"settings", adminB, "/admin/settings", http.StatusOK},
		{"emergency access", adminB, "/admin/break-glass", http.StatusOK},
		{"emergency search", adminB, "/admin/break-glass?q=rob", http.StatusOK},
		{"emergency search, none", adminB, "/admin/break-glass?q=zzzz", http.StatusOK},
		{"emergency records", adminB, fmt.Sprintf("/admin/break-glass/clients/%d", kp.Client1.ClientID), http.StatusOK},
		{"emergency worksheet", adminB, fmt.Sprintf("/admin/break-glass/assignments/%d", id), http.StatusOK},
		{"account (admin)", adminB, "/account", http.StatusOK},
		{"account (clinician)", clin, "/account", http.StatusOK},
		{"404", adminB, "/admin/no-such-page", http.StatusNotFound},
		{"403", clin, "/admin/users", http.StatusForbidden},
	}
	for _, pg := range pages {
		res := pg.b.get(pg.path)
		if res.StatusCode != pg.code {
			t.Errorf("%s: %d, want %d", pg.name, res.StatusCode, pg.code)
		}
		checkPseudo(t, pg.name, res.Body, content)
	}
	// Validation messages from the domain packages, on the page.
	res := adminB.post("/admin/users", url.Values{"email": {"not-an-email"}, "display_name": {"X"}, "role": {"client"}})
	checkPseudo(t, "accounts, refused", res.Body, append(content, "not-an-email", "X"))
	res = adminB.post("/admin/break-glass", url.Values{"client_id": {"999999"}, "reason": {" "}})
	checkPseudo(t, "emergency access, refused", res.Body, content)
	res = clin.post("/account/password", url.Values{"current_password": {"not it at all"}, "password": {"short"}, "password_confirm": {"short"}})
	checkPseudo(t, "account, refused", res.Body, content)
}

// The accounts, safety and 404 pages in an administrator's Spanish and
// Greek, field messages included.
func TestLocale_AdminInSpanishAndGreek(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	a := p.user("admin", "admin@example.test")
	adminB := p.signedIn("admin@example.test")
	cases := []struct {
		lang                    string
		users, safety, notFound []string
		refused                 string
	}{
		{"es",
			[]string{`<html lang="es">`, "<h1>Cuentas</h1>", "Añadir terapeuta o persona de administración", "Crear cuenta", "Equipo (", "Último inicio de sesión", "¿Lo confirmas?"},
			[]string{"<h1>Ajustes de apoyo y crisis</h1>", "Contactos de crisis", "Guardar los ajustes de apoyo", "Cuándo se leen las reflexiones"},
			[]string{"<h1>No hemos encontrado esa página</h1>", "Ir a tu página de inicio"},
			"Escribe una dirección de correo válida."},
		{"el",
			[]string{`<html lang="el">`, "<h1>Λογαριασμοί</h1>", "Δημιουργία λογαριασμού", "Προσωπικό (", "Τελευταία σύνδεση", "Ναι, απενεργοποίηση"},
			[]string{"<h1>Ρυθμίσεις στήριξης και κρίσης</h1>", "Επαφές για κρίση", "Αποθήκευση ρυθμίσεων στήριξης", "Πότε διαβάζονται οι αναστοχασμοί"},
			[]string{"<h1>Δεν βρήκαμε αυτή τη σελίδα</h1>", "Μετάβαση στην αρχική σας σελίδα"},
			"Γράψτε μια έγκυρη διεύθυνση email."},
	}
	for _, tc := range cases {
		if err := p.app.DB.Gorm.Exec(`UPDATE users SET locale = ? WHERE id = ?`, tc.lang, a.ID).Error; err != nil {
			t.Fatal(err)
		}
		for path, wants := range map[string][]string{"/admin/users": tc.users, "/admin/safety": tc.safety, "/admin/nowhere": tc.notFound} {
			body := adminB.get(path).Body
			for _, w := range wants {
				if !strings.Contains(body, w) {
					t.Errorf("%s %s lacks %q", tc.lang, path, w)
				}
			}
			for _, en := range []string{"Create account", "Safety settings", "We could not find that page", "Go to your home page"} {
				if strings.Contains(body, en) {
					t.Errorf("%s %s still says %q", tc.lang, path, en)
				}
			}
		}
		res := adminB.post("/admin/users", url.Values{"email": {"not-an-email"}, "display_name": {"X"}, "role": {"clinician"}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, tc.refused) {
			t.Errorf("%s: a refused account: %d, lacks %q", tc.lang, res.StatusCode, tc.refused)
		}
	}
}

// The audit log says each event in the administrator's language, within
// what an administrator may see.
func TestLocale_AuditLogInSpanish(t *testing.T) {
	t.Parallel()
	bp := newBreakGlassPractice(t)
	if err := bp.app.DB.Gorm.Exec(`UPDATE users SET locale = 'es' WHERE id = ?`, bp.admin.UserID).Error; err != nil {
		t.Fatal(err)
	}
	page := bp.adminB.get("/admin/audit").Body
	for _, want := range []string{
		fmt.Sprintf("cliente n.º %d envió una reflexión (tarea n.º %d)", bp.client1.ClientID, bp.submitted),
		"admin@example.test (administración) inició sesión",
		`<option value="sign_in">Inicio de sesión</option>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the Spanish log lacks %q", want)
		}
	}
	if strings.Contains(page, "signed in") || strings.Contains(page, "after-intimacy") {
		t.Errorf("the Spanish log has English words or a title")
	}
}
