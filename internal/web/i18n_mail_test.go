package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/config"
	"github.com/tend-practice/tend/internal/testkit"
	"github.com/tend-practice/tend/internal/worksheet"
)

// Issue 22, area "mail": every visible string of the two-step sign-in
// pages (enrol, recovery codes, account, challenge, admin), their errors
// and flashes comes from the catalogue.
func TestPseudoLocale_MFAPagesHaveNoTextOutsideTheCatalogue(t *testing.T) {
	t.Parallel()
	clk := testClock{testkit.NewClock(time.Now())}
	k := testkit.New(t, testkit.WithConfig(func(c *config.Config) { c.PseudoLocale = true }), testkit.WithClock(clk.Now))
	h := kitHarness(t, k)
	h.user(auth.RoleClinician, "clin@example.test")
	h.user(auth.RoleAdmin, "admin@example.test")
	// Content, not interface: names, emails, the practice, the secret and
	// the codes, the address two-step sign-in was set up from.
	content := []string{"Test Practice", "clin@example.test", "admin@example.test", "127.0.0.1"}

	b := h.signedIn("clin@example.test")
	page := b.get("/account/mfa")
	m := secretRe.FindStringSubmatch(page.Body)
	if page.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("enrol page: %d\n%s", page.StatusCode, page.Body)
	}
	secret := m[1]
	content = append(content, secret)
	if u := mfaURIRe.FindStringSubmatch(page.Body); u != nil {
		content = append(content, html.UnescapeString(u[1]))
	}
	checkPseudo(t, "enrol", page.Body, content)
	checkPseudo(t, "enrol, wrong code", b.post("/account/mfa", url.Values{"code": {"000000"}}).Body, content)

	res := b.post("/account/mfa", url.Values{"code": {clk.code(t, secret)}})
	codes := recoveryRe.FindAllStringSubmatch(res.Body, -1)
	if res.StatusCode != http.StatusOK || len(codes) != 10 {
		t.Fatalf("confirm: %d, %d codes\n%s", res.StatusCode, len(codes), res.Body)
	}
	for _, c := range codes {
		content = append(content, c[1])
	}
	checkPseudo(t, "recovery codes", res.Body, content)
	clk.Add(30 * time.Second)

	checkPseudo(t, "account", b.get("/account/mfa").Body, content)
	checkPseudo(t, "account, wrong code", b.post("/account/mfa/recovery-codes", url.Values{"code": {"000000"}}).Body, content)

	// The second step of signing in, and its wrong-code message.
	other := h.browser()
	if to := passwordStep(t, other, "clin@example.test"); to != "/login/mfa" {
		t.Fatalf("password step leads to %q", to)
	}
	checkPseudo(t, "challenge", other.get("/login/mfa").Body, content)
	checkPseudo(t, "challenge, wrong code", other.post("/login/mfa", url.Values{"code": {"000000"}}).Body, content)

	// The practice's rule, the staff table (a role, a badge, a date) and a flash.
	ad := h.signedIn("admin@example.test")
	checkPseudo(t, "admin", ad.get("/admin/security").Body, content)
	if res := ad.post("/admin/security/mfa", url.Values{"required": {"true"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("require: %d", res.StatusCode)
	}
	body := ad.get("/admin/security").Body
	if !strings.Contains(body, "[!Two-step sign-in is now required.") {
		t.Errorf("no pseudo-locale flash after requiring two-step sign-in")
	}
	checkPseudo(t, "admin, flash", body, content)

	// Required now: the sign-in enrolment page says so (the "pending" notice).
	ad2 := h.browser()
	if to := passwordStep(t, ad2, "admin@example.test"); to != "/login/mfa/enrol" {
		t.Fatalf("admin's password step leads to %q", to)
	}
	page = ad2.get("/login/mfa/enrol")
	if m := secretRe.FindStringSubmatch(page.Body); m != nil {
		content = append(content, m[1])
	}
	if u := mfaURIRe.FindStringSubmatch(page.Body); u != nil {
		content = append(content, html.UnescapeString(u[1]))
	}
	checkPseudo(t, "enrol during sign-in", page.Body, content)
}

// mfaURIRe finds the otpauth URI on the enrol page (content: it holds the
// practice's name and the account's email).
var mfaURIRe = regexp.MustCompile(`id="mfa-uri">([^<]+)<`)

// The MFA pages in a staff member's own language: Spanish for a clinician,
// Greek for an administrator.
func TestLocale_MFAPagesInSpanishAndGreek(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	clin := h.user(auth.RoleClinician, "clin@example.test")
	admin := h.user(auth.RoleAdmin, "admin@example.test")
	for id, lang := range map[int64]string{clin.ID: "es", admin.ID: "el"} {
		if err := h.app.DB.Gorm.Exec(`UPDATE users SET locale = ? WHERE id = ?`, lang, id).Error; err != nil {
			t.Fatal(err)
		}
	}
	es := h.signedIn("clin@example.test").get("/account/mfa").Body
	for _, want := range []string{`<html lang="es">`, "<h1>Configura el inicio de sesión en dos pasos</h1>", "Clave:",
		"Activar el inicio de sesión en dos pasos", `alt="Código QR con tu clave de autenticación`} {
		if !strings.Contains(es, want) {
			t.Errorf("Spanish enrol page lacks %q", want)
		}
	}
	el := h.signedIn("admin@example.test").get("/admin/security").Body
	for _, want := range []string{`<html lang="el">`, "<h1>Ασφάλεια</h1>", "Σύνδεση σε δύο βήματα", "<td>Θεραπεία</td>",
		"Δεν έχει ρυθμιστεί", "Πρόσβαση έκτακτης ανάγκης"} {
		if !strings.Contains(el, want) {
			t.Errorf("Greek security page lacks %q", want)
		}
	}
	if strings.Contains(el, "Who has set it up") || strings.Contains(es, "Set up two-step sign-in") {
		t.Error("English left on a translated MFA page")
	}
}

type outboxRow struct {
	Recipient, Subject, Body string
}

func outboxFor(t *testing.T, p *practice, to string) []outboxRow {
	t.Helper()
	var rows []outboxRow
	if err := p.app.DB.Gorm.Raw(`SELECT recipient, subject, body FROM outbox WHERE recipient = ? ORDER BY id`, to).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	return rows
}

// Each email is in its recipient's language: a Spanish client's notice of
// new work, a Greek clinician's urgent notice, and for someone with no
// language of their own, the practice's. Still discreet in every language.
func TestOutbox_NoticesInTheRecipientsLanguage(t *testing.T) {
	t.Parallel()
	p := newPractice(t) // no SMTP: the outbox
	setLang := func(a auth.Actor, lang string) {
		if err := p.app.DB.Gorm.Exec(`UPDATE users SET locale = ? WHERE id = ?`, lang, a.UserID).Error; err != nil {
			t.Fatal(err)
		}
	}
	setLang(p.client1, "es")
	setLang(p.clin1, "el")

	id := p.assign(p.clin1, p.client1, "worksheet", "after-intimacy-reflection")
	got := outboxFor(t, p, "client1@example.test")
	if len(got) != 1 || got[0].Subject != "Hay algo nuevo de tu terapeuta" ||
		got[0].Body != "Hola:\n\nTienes algo nuevo de tu terapeuta de Test Practice.\nInicia sesión para verlo: "+p.app.Config.BaseURL+"/login\n\n"+
			"Este mensaje se ha enviado automáticamente; no respondas a él.\n" {
		t.Fatalf("Spanish client's notice: %+v", got)
	}

	ans := worksheet.Answers{"date": "2026-11-20", "mood_before": 4, "mood_after": 7, "distress": 9, "want_to_discuss": "yes"}
	if _, err := p.app.Assignments.Submit(context.Background(), p.client1, id, ans, 0, "k"); err != nil {
		t.Fatal(err)
	}
	var urgent *outboxRow
	for _, m := range outboxFor(t, p, "clin1@example.test") {
		if m.Subject == "Κάτι στο Tend χρειάζεται σύντομα την προσοχή σας" {
			urgent = &m
		}
	}
	if urgent == nil {
		t.Fatalf("no Greek urgent notice for the clinician: %+v", outboxFor(t, p, "clin1@example.test"))
	}
	if !strings.HasPrefix(urgent.Body, "Γεια σας,\n\n") || !strings.Contains(urgent.Body, "/clinician\n") ||
		strings.Contains(urgent.Body, "Robin") || strings.Contains(urgent.Body, "9") {
		t.Errorf("Greek urgent notice: %q", urgent.Body)
	}

	// client2 has no language of their own: the practice's (Greek here).
	if err := p.app.DB.Gorm.Exec(`UPDATE practice_settings SET locale = 'el' WHERE id = 1`).Error; err != nil {
		t.Fatal(err)
	}
	p.assign(p.clin2, p.client2, "module", "what-is-aftercare")
	got = outboxFor(t, p, "client2@example.test")
	if len(got) != 1 || got[0].Subject != "Κάτι νέο από τη θεραπεία σου" || !strings.HasPrefix(got[0].Body, "Γεια σου,\n\n") || !strings.Contains(got[0].Body, "Test Practice") {
		t.Fatalf("practice's language for a client without one: %+v", got)
	}
	// And English stays exactly as it was for someone who chose it.
	setLang(p.client2, "en")
	p.assign(p.clin2, p.client2, "module", "aftercare-myths")
	if got = outboxFor(t, p, "client2@example.test"); len(got) != 2 || got[1].Subject != "Something new from your clinician" {
		t.Fatalf("English notice: %+v", got)
	}
}
