package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/account"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/client"
)

func TestAccountPage_ShowsWhoIsSignedInAndLinksTwoStepSignIn(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.user(auth.RoleClinician, "sam@example.com")
	b := h.signedIn("sam@example.com")
	home := b.get("/clinician")
	if !strings.Contains(home.Body, `href="/account"`) || !strings.Contains(home.Body, "Signed in as") {
		t.Fatalf("header has no account menu naming who is signed in")
	}
	res := b.get("/account")
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `href="/account/mfa"`) || !strings.Contains(res.Body, "sam@example.com") {
		t.Fatalf("account page: %d\n%s", res.StatusCode, res.Body)
	}
}

func TestAccountPassword_NeedsCurrentAndSignsOtherSessionsOut(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.user(auth.RoleClient, "alex@example.com")
	other := h.signedIn("alex@example.com")
	b := h.signedIn("alex@example.com")
	const next = "a fresh long passphrase"
	res := b.post("/account/password", url.Values{"current_password": {"not it at all"}, "password": {next}, "password_confirm": {next}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "That is not your current password.") {
		t.Fatalf("wrong current password: %d", res.StatusCode)
	}
	if res := other.get("/me"); res.StatusCode != http.StatusOK {
		t.Fatalf("a refused change signed the other session out: %d", res.StatusCode)
	}
	res = b.post("/account/password", url.Values{"current_password": {testPassword}, "password": {next}, "password_confirm": {next}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("change password: %d\n%s", res.StatusCode, res.Body)
	}
	if res := b.get("/me"); res.StatusCode != http.StatusOK {
		t.Fatalf("this session was signed out by its own change: %d", res.StatusCode)
	}
	if res := other.get("/me"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("other session still signed in after a password change: %d", res.StatusCode)
	}
	if res := h.browser().post("/login", url.Values{"email": {"alex@example.com"}, "password": {next}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("new password does not sign in: %d", res.StatusCode)
	}
}

func TestAccountEmail_ChangesOnlyThroughTheLinkSentToTheNewAddress(t *testing.T) {
	t.Parallel()
	h, box := newMailHarness(t)
	h.user(auth.RoleClient, "old@example.com")
	b := h.signedIn("old@example.com")
	if res := b.post("/account/email", url.Values{"email": {"new@example.com"}, "email_password": {"wrong password!"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("email change without the current password: %d", res.StatusCode)
	}
	if res := b.post("/account/email", url.Values{"email": {"new@example.com"}, "email_password": {testPassword}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("request email change: %d", res.StatusCode)
	}
	if h.count("users", "email = ?", "new@example.com") != 0 {
		t.Fatal("email changed before the link was opened")
	}
	mails := waitMail(h, box, "new@example.com")
	if len(mails) != 1 {
		t.Fatalf("%d mails to the new address, want 1", len(mails))
	}
	link := linkIn(t, mails[0], "/account/email/")
	if res := h.browser().get(link); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "new@example.com") {
		t.Fatalf("confirm link: %d", res.StatusCode)
	}
	if h.count("users", "email = ?", "new@example.com") != 1 {
		t.Fatal("email not changed by the link")
	}
	if res := h.browser().get(link); res.StatusCode != http.StatusNotFound {
		t.Fatalf("confirm link works twice: %d", res.StatusCode)
	}
	if got := waitMail(h, box, "old@example.com"); len(got) != 1 {
		t.Fatalf("old address told %d times, want 1", len(got))
	}
	if res := h.browser().post("/login", url.Values{"email": {"new@example.com"}, "password": {testPassword}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in with the new email: %d", res.StatusCode)
	}
}

func TestAccountProfile_NameTimeZoneAndNotifications(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	u := h.user(auth.RoleClient, "alex@example.com")
	b := h.signedIn("alex@example.com")
	res := b.post("/account", url.Values{"display_name": {"Alex R."}, "time_zone": {"Mars/Olympus_Mons"}, "reminders_opt_out": {"on"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `value="Mars/Olympus_Mons"`) || !strings.Contains(res.Body, `value="Alex R."`) {
		t.Fatalf("bad time zone: %d, or the typed values were lost", res.StatusCode)
	}
	res = b.post("/account", url.Values{"display_name": {"Alex R."}, "time_zone": {"Europe/Athens"}, "reminders_opt_out": {"on"}, "digest_opt_in": {"on"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save profile: %d\n%s", res.StatusCode, res.Body)
	}
	got, err := h.app.Accounts.Get(context.Background(), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.DisplayName != "Alex R." || got.TimeZone != "Europe/Athens" || !got.RemindersOptOut || got.DigestOptIn {
		t.Fatalf("saved %+v; a client's digest choice must be ignored", got)
	}
}

func TestAdminReset_OneTimePasswordMustBeChanged(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.user(auth.RoleAdmin, "admin@example.com")
	clin := h.user(auth.RoleClinician, "sam@example.com")
	cl := h.user(auth.RoleClient, "alex@example.com")
	signedIn := h.signedIn("sam@example.com")
	admin := h.signedIn("admin@example.com")
	if res := admin.post(fmt.Sprintf("/admin/users/%d/password-reset", cl.ID), nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("admin reset of a client's password: %d, want a refusal (303 with a message)", res.StatusCode)
	}
	res := admin.post(fmt.Sprintf("/admin/users/%d/password-reset", clin.ID), nil)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("reset: %d", res.StatusCode)
	}
	m := regexp.MustCompile(`<code class="secret">([^<]+)</code>`).FindStringSubmatch(res.Body)
	if m == nil {
		t.Fatal("one-time password not shown")
	}
	if res := signedIn.get("/clinician"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("clinician still signed in after the reset: %d", res.StatusCode)
	}
	b := h.browser()
	if res := b.post("/login", url.Values{"email": {"sam@example.com"}, "password": {m[1]}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in with the one-time password: %d", res.StatusCode)
	}
	if res := b.get("/clinician"); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/account" {
		t.Fatalf("with a one-time password, /clinician: %d to %q, want 303 to /account", res.StatusCode, res.Header.Get("Location"))
	}
	const next = "my own new passphrase"
	if res := b.post("/account/password", url.Values{"current_password": {m[1]}, "password": {next}, "password_confirm": {next}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("change the one-time password: %d", res.StatusCode)
	}
	if res := b.get("/clinician"); res.StatusCode != http.StatusOK {
		t.Fatalf("after choosing a password, /clinician: %d", res.StatusCode)
	}
	if h.count("audit_events", "action = ? AND object_id = ?", "password_reset", clin.ID) != 1 {
		t.Fatal("admin reset not audited")
	}
}

func TestClinicianSignInLink_ShownOnceOwnClientsOnly(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	clin1 := p.signedIn("clin1@example.test")
	other := fmt.Sprintf("/clinician/clients/%d/sign-in-link", p.client2.ClientID)
	if res := clin1.post(other, nil); res.StatusCode != http.StatusNotFound {
		t.Fatalf("sign-in link for another clinician's client: %d, want 404", res.StatusCode)
	}
	if res := clin1.post(fmt.Sprintf("/clinician/clients/%d/invite/send", p.client2.ClientID), nil); res.StatusCode != http.StatusNotFound {
		t.Fatalf("invitation for another clinician's client: %d, want 404", res.StatusCode)
	}
	page := fmt.Sprintf("/clinician/clients/%d", p.client1.ClientID)
	if res := clin1.post(page+"/sign-in-link", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in link: %d", res.StatusCode)
	}
	show := clin1.get(page)
	m := regexp.MustCompile(`id="signin-url" type="text" readonly value="[^"]*(/reset/[A-Za-z0-9_-]+)"`).FindStringSubmatch(show.Body)
	if m == nil {
		t.Fatalf("sign-in link not shown:\n%s", show.Body)
	}
	if again := clin1.get(page); strings.Contains(again.Body, m[1]) {
		t.Fatal("sign-in link shown twice")
	}
	b := p.browser()
	if res := b.get(m[1]); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "client1@example.test") {
		t.Fatalf("sign-in link opens: %d", res.StatusCode)
	}
	const next = "client picked this one"
	if res := b.post(m[1], url.Values{"password": {next}, "password_confirm": {next}}); res.StatusCode != http.StatusOK {
		t.Fatalf("set password through the sign-in link: %d", res.StatusCode)
	}
	if res := b.post("/login", url.Values{"email": {"client1@example.test"}, "password": {next}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in: %d", res.StatusCode)
	}
}

func TestInvite_SentByEmailAndPageNamesClinicianPracticeAndEmail(t *testing.T) {
	t.Parallel()
	h, box := newMailHarness(t)
	sam := h.clinician("sam@example.com")
	if err := h.app.Accounts.UpdateProfile(context.Background(), sam, profileNamed("Dr. Sam Rivera")); err != nil {
		t.Fatal(err)
	}
	c, _, err := h.app.Clients.Create(context.Background(), sam, client.NewClient{DisplayName: "Alex", Email: "alex@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	b := h.signedIn("sam@example.com")
	page := fmt.Sprintf("/clinician/clients/%d", c.ID)
	if !strings.Contains(b.get(page).Body, "Send invitation") {
		t.Fatal("no Send invitation button")
	}
	if res := b.post(page+"/invite/send", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("send invitation: %d", res.StatusCode)
	}
	mails := waitMail(h, box, "alex@example.com")
	if len(mails) != 1 {
		t.Fatalf("%d invitations, want 1", len(mails))
	}
	for _, word := range []string{"therap", "sex", "Test Practice", "intima"} {
		if strings.Contains(strings.ToLower(mails[0].Data), strings.ToLower(word)) {
			t.Errorf("invitation is not discreet: mentions %q", word)
		}
	}
	link := linkIn(t, mails[0], "/invite/")
	inv := h.browser().get(link)
	for _, want := range []string{"Dr. Sam Rivera", "Test Practice", `value="alex@example.com" readonly`, `autocomplete="username"`, "seen only by you and Dr. Sam Rivera"} {
		if !strings.Contains(inv.Body, want) {
			t.Errorf("invite page lacks %q", want)
		}
	}
	if h.count("audit_events", "action = ?", "invite_sent") != 1 {
		t.Error("invitation not audited")
	}
}

func profileNamed(name string) account.Profile { return account.Profile{DisplayName: name} }
