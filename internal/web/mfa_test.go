package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/tend-practice/tend/internal/account"
	"github.com/tend-practice/tend/internal/app"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/testkit"
)

// testClock is the kit's clock, which the test moves. TOTP codes depend on
// the time, and a code once used is refused, so tests step past each
// 30-second window.
type testClock struct{ *testkit.Clock }

func newClockHarness(t *testing.T) (*harness, testClock) {
	t.Helper()
	clk := testClock{testkit.NewClock(time.Now())}
	return newHarnessOpts(t, app.Options{Now: clk.Now}), clk
}

var (
	secretRe   = regexp.MustCompile(`id="mfa-secret">([A-Z2-7]+)<`)
	recoveryRe = regexp.MustCompile(`<code class="secret">([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})</code>`)
)

// code is the authenticator's code for secret at the clock's time.
func (clk testClock) code(t *testing.T, secret string) string {
	t.Helper()
	c, err := totp.GenerateCode(secret, clk.Now())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// enrol sets up two-step sign-in for a signed-in browser through the pages
// and returns the secret and the recovery codes. The clock then moves on a
// step, so the next code is a fresh one.
func enrol(t *testing.T, b *browser, clk testClock) (string, []string) {
	t.Helper()
	page := b.get("/account/mfa")
	m := secretRe.FindStringSubmatch(page.Body)
	if page.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("enrol page: %d, no secret shown:\n%s", page.StatusCode, page.Body)
	}
	secret := m[1]
	res := b.post("/account/mfa", url.Values{"code": {clk.code(t, secret)}})
	codes := recoveryRe.FindAllStringSubmatch(res.Body, -1)
	if res.StatusCode != http.StatusOK || len(codes) != 10 {
		t.Fatalf("confirm enrolment: %d with %d recovery codes:\n%s", res.StatusCode, len(codes), res.Body)
	}
	var out []string
	for _, c := range codes {
		out = append(out, c[1])
	}
	clk.Add(30 * time.Second)
	return secret, out
}

// passwordStep signs in with the password only and returns where it leads.
func passwordStep(t *testing.T, b *browser, email string) string {
	t.Helper()
	res := b.post("/login", url.Values{"email": {email}, "password": {testPassword}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("password step for %s: %d %s", email, res.StatusCode, res.Body)
	}
	return res.Header.Get("Location")
}

func signedInAs(b *browser, home string) bool { return b.get(home).StatusCode == http.StatusOK }

func TestMFA_EnrolThenSignInWithCode_RenewsTokenAtSecondStep(t *testing.T) {
	t.Parallel()
	h, clk := newClockHarness(t)
	h.user(auth.RoleClinician, "c@example.test")
	b := h.signedIn("c@example.test")

	page := b.get("/account/mfa")
	for _, want := range []string{"otpauth://totp/", `src="data:image/png;base64,`, `id="mfa-secret"`} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("enrol page lacks %s", want)
		}
	}
	if res := b.post("/account/mfa", url.Values{"code": {"000000"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("wrong first code: %d, want 422", res.StatusCode)
	}
	secret, _ := enrol(t, b, clk)

	// Password alone: not signed in, sent to the second step.
	nb := h.browser()
	if to := passwordStep(t, nb, "c@example.test"); to != "/login/mfa" {
		t.Fatalf("after password: %s, want /login/mfa", to)
	}
	if signedInAs(nb, "/clinician") {
		t.Fatal("signed in with the password alone")
	}
	pending := nb.cookie("tend_session")
	code := clk.code(t, secret)
	res := nb.post("/login/mfa", url.Values{"code": {code}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
		t.Fatalf("second step: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if after := nb.cookie("tend_session"); after == "" || after == pending {
		t.Fatal("session token not renewed after the second step")
	}
	if !signedInAs(nb, "/clinician") {
		t.Fatal("not signed in after a valid code")
	}
	// The token from before the second step is worthless.
	old := h.browser()
	req, _ := http.NewRequest(http.MethodGet, h.srv.URL+"/clinician", nil)
	req.AddCookie(&http.Cookie{Name: "tend_session", Value: pending})
	if res := old.do(req); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the pre-second-step token works: %d", res.StatusCode)
	}

	// The same code cannot be used again (replay), even within its 30 seconds.
	again := h.browser()
	passwordStep(t, again, "c@example.test")
	if res := again.post("/login/mfa", url.Values{"code": {code}}); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("replayed code: %d, want 401", res.StatusCode)
	}
	for action, want := range map[string]int64{"mfa_enabled": 1, "mfa_verified": 1, "mfa_failed": 1} {
		var n int64
		h.app.DB.Gorm.Table("audit_events").Where("action = ?", action).Count(&n)
		if n != want {
			t.Errorf("%s audit events: %d, want %d", action, n, want)
		}
	}
}

func TestMFA_WrongCodes_CountTowardLockout_NotResetByPassword(t *testing.T) {
	t.Parallel()
	h, clk := newClockHarness(t)
	h.user(auth.RoleAdmin, "a@example.test")
	secret, _ := enrol(t, h.signedIn("a@example.test"), clk)

	b := h.browser()
	passwordStep(t, b, "a@example.test")
	for i := 0; i < account.MaxFailedAttempts-1; i++ {
		res := b.post("/login/mfa", url.Values{"code": {"123456"}})
		if res.StatusCode != http.StatusUnauthorized || !strings.Contains(res.Body, "That code did not work") {
			t.Fatalf("wrong code %d: %d", i, res.StatusCode)
		}
	}
	// A correct password again does not buy fresh guesses.
	b = h.browser()
	passwordStep(t, b, "a@example.test")
	res := b.post("/login/mfa", url.Values{"code": {"654321"}})
	if res.StatusCode != http.StatusUnauthorized || !strings.Contains(res.Body, "locked for 15 minutes") {
		t.Fatalf("fifth wrong code: %d, want the lockout message:\n%s", res.StatusCode, res.Body)
	}
	if to := b.get("/login/mfa"); to.StatusCode != http.StatusSeeOther || to.Header.Get("Location") != "/login" {
		t.Fatal("the pending sign-in survived the lockout")
	}
	// Locked: the right password and the right code are both refused.
	locked := h.browser()
	if res := locked.post("/login", url.Values{"email": {"a@example.test"}, "password": {testPassword}}); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("password while locked: %d, want 401", res.StatusCode)
	}
	var n int64
	h.app.DB.Gorm.Table("audit_events").Where("action = 'lockout'").Count(&n)
	if n != 1 {
		t.Fatalf("lockout audit events: %d, want 1", n)
	}
	// After 15 minutes, password and code sign in.
	clk.Add(account.LockoutDuration + time.Second)
	ok := h.browser()
	passwordStep(t, ok, "a@example.test")
	if res := ok.post("/login/mfa", url.Values{"code": {clk.code(t, secret)}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("after the lockout: %d", res.StatusCode)
	}
	if !signedInAs(ok, "/admin/users") {
		t.Fatal("not signed in after the lockout ended")
	}
}

func TestMFA_RecoveryCode_WorksOnce(t *testing.T) {
	t.Parallel()
	h, clk := newClockHarness(t)
	h.user(auth.RoleClinician, "c@example.test")
	_, codes := enrol(t, h.signedIn("c@example.test"), clk)

	b := h.browser()
	passwordStep(t, b, "c@example.test")
	// Typed as people do: capitals, spaces for dashes.
	typed := strings.ToUpper(strings.ReplaceAll(codes[0], "-", " "))
	if res := b.post("/login/mfa", url.Values{"code": {typed}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("recovery code: %d %s", res.StatusCode, res.Body)
	}
	if page := b.get("/clinician"); page.StatusCode != http.StatusOK || !strings.Contains(page.Body, "9 are left") {
		t.Fatalf("after a recovery code: %d, no note of the codes left", page.StatusCode)
	}
	again := h.browser()
	passwordStep(t, again, "c@example.test")
	if res := again.post("/login/mfa", url.Values{"code": {codes[0]}}); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("used recovery code again: %d, want 401", res.StatusCode)
	}
	if res := again.post("/login/mfa", url.Values{"code": {codes[1]}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("another recovery code: %d", res.StatusCode)
	}
	// Only hashes are stored.
	var rows []struct{ CodeHash []byte }
	h.app.DB.Gorm.Table("mfa_recovery_codes").Select("code_hash").Scan(&rows)
	if len(rows) != 10 {
		t.Fatalf("%d recovery codes stored, want 10", len(rows))
	}
	for _, r := range rows {
		for _, c := range codes {
			if strings.Contains(string(r.CodeHash), c) || strings.Contains(string(r.CodeHash), strings.ReplaceAll(c, "-", "")) {
				t.Fatal("a recovery code is stored as written")
			}
		}
	}
}

func TestMFA_PracticeRequirement_EnrolAtNextSignIn(t *testing.T) {
	t.Parallel()
	h, clk := newClockHarness(t)
	h.user(auth.RoleAdmin, "a@example.test")
	h.user(auth.RoleClinician, "c@example.test")
	p := &practice{harness: h}
	clin := h.user(auth.RoleClinician, "c2@example.test")
	p.clientWithAccount(auth.Actor{UserID: clin.ID, Role: clin.Role}, "Robin", "client@example.test")

	admin := h.signedIn("a@example.test") // not required yet: the password is enough
	if page := admin.get("/admin/security"); !strings.Contains(page.Body, "Not set up") {
		t.Fatal("security page does not show who lacks two-step sign-in")
	}
	if res := admin.post("/admin/security/mfa", url.Values{"required": {"true"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("require: %d", res.StatusCode)
	}
	var n int64
	h.app.DB.Gorm.Table("audit_events").Where("action = 'mfa_policy_changed'").Count(&n)
	if n != 1 {
		t.Fatalf("policy change audit events: %d", n)
	}

	// A clinician without it is sent to set it up, and is not signed in until done.
	b := h.browser()
	if to := passwordStep(t, b, "c@example.test"); to != "/login/mfa/enrol" {
		t.Fatalf("after password: %s, want /login/mfa/enrol", to)
	}
	if signedInAs(b, "/clinician") {
		t.Fatal("signed in without setting up two-step sign-in")
	}
	if res := b.post("/login/mfa", url.Values{"code": {"123456"}}); res.StatusCode != http.StatusSeeOther ||
		res.Header.Get("Location") != "/login/mfa/enrol" {
		t.Fatalf("skipping set-up: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	page := b.get("/login/mfa/enrol")
	m := secretRe.FindStringSubmatch(page.Body)
	if page.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("enrol during sign-in: %d", page.StatusCode)
	}
	if res := b.post("/login/mfa/enrol", url.Values{"code": {"000000"}}); res.StatusCode != http.StatusUnprocessableEntity || signedInAs(b, "/clinician") {
		t.Fatalf("wrong code at set-up: %d", res.StatusCode)
	}
	pending := b.cookie("tend_session")
	res := b.post("/login/mfa/enrol", url.Values{"code": {clk.code(t, m[1])}})
	if res.StatusCode != http.StatusOK || len(recoveryRe.FindAllString(res.Body, -1)) != 10 {
		t.Fatalf("set-up during sign-in: %d", res.StatusCode)
	}
	if b.cookie("tend_session") == pending || !signedInAs(b, "/clinician") {
		t.Fatal("not signed in with a new token after setting up")
	}
	// While required it cannot be turned off.
	clk.Add(30 * time.Second)
	if res := b.post("/account/mfa/disable", url.Values{"code": {clk.code(t, m[1])}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("turning off while required: %d, want 422", res.StatusCode)
	}
	// Clients do not use two-step sign-in.
	if to := passwordStep(t, h.browser(), "client@example.test"); to != "/" {
		t.Fatalf("client after password: %s, want /", to)
	}
	// The administrator, signed in before the rule, is asked at the next sign-in too.
	if to := passwordStep(t, h.browser(), "a@example.test"); to != "/login/mfa/enrol" {
		t.Fatalf("admin after password: %s, want /login/mfa/enrol", to)
	}
}

func TestMFA_AdminResetsLostAuthenticator(t *testing.T) {
	t.Parallel()
	h, clk := newClockHarness(t)
	h.user(auth.RoleAdmin, "a@example.test")
	c := h.user(auth.RoleClinician, "c@example.test")
	enrol(t, h.signedIn("c@example.test"), clk)
	admin := h.signedIn("a@example.test")
	if res := admin.post("/admin/security/users/"+strconv.FormatInt(c.ID, 10)+"/mfa-reset", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reset: %d", res.StatusCode)
	}
	if to := passwordStep(t, h.browser(), "c@example.test"); to != "/" {
		t.Fatalf("after reset the password signs in (not required): %s", to)
	}
	var n int64
	h.app.DB.Gorm.Table("mfa_recovery_codes").Where("user_id = ?", c.ID).Count(&n)
	if n != 0 {
		t.Fatal("recovery codes survived the reset")
	}
}

func TestMFA_RenewRecoveryCodes_OldOnesStopWorking(t *testing.T) {
	t.Parallel()
	h, clk := newClockHarness(t)
	h.user(auth.RoleClinician, "c@example.test")
	b := h.signedIn("c@example.test")
	secret, old := enrol(t, b, clk)
	if res := b.post("/account/mfa/recovery-codes", url.Values{"code": {"111111"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("renew with a wrong code: %d", res.StatusCode)
	}
	res := b.post("/account/mfa/recovery-codes", url.Values{"code": {clk.code(t, secret)}})
	fresh := recoveryRe.FindAllStringSubmatch(res.Body, -1)
	if res.StatusCode != http.StatusOK || len(fresh) != 10 {
		t.Fatalf("renew: %d with %d codes", res.StatusCode, len(fresh))
	}
	nb := h.browser()
	passwordStep(t, nb, "c@example.test")
	if res := nb.post("/login/mfa", url.Values{"code": {old[0]}}); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("old recovery code after renewal: %d", res.StatusCode)
	}
	if res := nb.post("/login/mfa", url.Values{"code": {fresh[0][1]}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("new recovery code: %d", res.StatusCode)
	}
}
