package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tend-practice/tend/internal/auth"
)

// Finding 10: the builder accepted a field called "action" (or "version",
// "submission_key"), which then shadowed the client form's own control so
// the worksheet could never be submitted.
func TestSecurity_BuilderRefusesFieldIDsOfTheFormsOwnControls(t *testing.T) {
	p := newPractice(t)
	clin := p.signedIn("clin1@example.test")
	for _, id := range []string{"action", "version", "submission_key", "share", "share_helped", "step", "fragment"} {
		form := builderForm("save")
		form.Set("f0_id", id)
		form.Set("flag1_field", id)
		res := clin.post("/library/worksheets", form)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "reserved") {
			t.Errorf("field id %q: %d, want 422 saying the id is reserved", id, res.StatusCode)
		}
	}
	var n int64
	p.app.DB.Gorm.Raw(`SELECT count(*) FROM worksheets WHERE slug = 'evening-check-in'`).Scan(&n)
	if n != 0 {
		t.Fatalf("%d worksheets saved with a reserved field id", n)
	}
}

// Finding 12: every session that passed the password step before enrolment
// was shown the same secret, so someone who knew the password obtained the
// final second factor. Each attempt now has its own secret, kept in its
// own session; confirming one leaves the others worthless.
func TestSecurity_EnrolmentSecret_IsPerSession(t *testing.T) {
	h, clk := newClockHarness(t)
	admin := h.user(auth.RoleAdmin, "a@example.test")
	h.user(auth.RoleClinician, "c@example.test")
	if err := h.app.MFA.SetRequired(t.Context(), auth.Actor{UserID: admin.ID, Role: admin.Role}, true); err != nil {
		t.Fatal(err)
	}
	victim, attacker := h.browser(), h.browser()
	for _, b := range []*browser{victim, attacker} {
		if to := passwordStep(t, b, "c@example.test"); to != "/login/mfa/enrol" {
			t.Fatalf("after password: %s", to)
		}
	}
	secretOf := func(b *browser) string {
		page := b.get("/login/mfa/enrol")
		m := secretRe.FindStringSubmatch(page.Body)
		if page.StatusCode != http.StatusOK || m == nil {
			t.Fatalf("enrol page: %d", page.StatusCode)
		}
		return m[1]
	}
	mine, theirs := secretOf(victim), secretOf(attacker)
	if mine == theirs {
		t.Fatal("two sessions at the password step were shown the same authenticator secret")
	}
	if again := secretOf(victim); again != mine {
		t.Fatal("reloading the enrol page changed the secret the person may already have scanned")
	}
	if res := victim.post("/login/mfa/enrol", url.Values{"code": {clk.code(t, mine)}}); res.StatusCode != http.StatusOK {
		t.Fatalf("victim confirms: %d", res.StatusCode)
	}
	clk.Add(30 * time.Second)
	// The attacker's secret is worth nothing: not at their enrol page, not
	// at a later sign-in.
	if res := attacker.post("/login/mfa/enrol", url.Values{"code": {clk.code(t, theirs)}}); signedInAs(attacker, "/clinician") {
		t.Fatalf("the attacker confirmed a second secret: %d", res.StatusCode)
	}
	later := h.browser()
	passwordStep(t, later, "c@example.test")
	if res := later.post("/login/mfa", url.Values{"code": {clk.code(t, theirs)}}); res.StatusCode == http.StatusSeeOther || signedInAs(later, "/clinician") {
		t.Fatalf("signed in with the other session's secret: %d", res.StatusCode)
	}
	if res := later.post("/login/mfa", url.Values{"code": {clk.code(t, mine)}}); res.StatusCode != http.StatusSeeOther || !signedInAs(later, "/clinician") {
		t.Fatalf("the confirmed secret does not sign in: %d", res.StatusCode)
	}
	// The account page says when it was set up.
	if page := later.get("/account/mfa"); !strings.Contains(page.Body, "Set up on") {
		t.Errorf("the account page does not say when two-step sign-in was set up")
	}
}
