package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tend-practice/tend/internal/app"
	"github.com/tend-practice/tend/internal/auth"
)

// waitMail waits for the background emails, then returns what addr got.
func waitMail(h *harness, box *mailbox, addr string) []receivedMail {
	h.app.Accounts.WaitMail()
	return box.to(addr)
}

func TestForgotPassword_SameAnswerAndSameWorkForKnownAndUnknownEmails(t *testing.T) {
	t.Parallel()
	h, box := newMailHarness(t)
	h.user(auth.RoleClient, "known@example.com")
	stmts := countStatements(t, h.app.DB.Gorm)

	answer := func(email string) (response, int64) {
		before := stmts.Load()
		res := h.browser().post("/login/forgot", url.Values{"email": {email}})
		return res, stmts.Load() - before
	}
	known, knownWork := answer("known@example.com")
	unknown, unknownWork := answer("nobody@example.com")
	if known.StatusCode != http.StatusOK || unknown.StatusCode != http.StatusOK {
		t.Fatalf("status known %d, unknown %d", known.StatusCode, unknown.StatusCode)
	}
	if known.Body != unknown.Body {
		t.Fatalf("the answer differs for a known and an unknown email")
	}
	if !strings.Contains(known.Body, "If that email has an account, we sent a link") {
		t.Fatalf("answer does not say the same words for everyone:\n%s", known.Body)
	}
	if knownWork != unknownWork || knownWork == 0 {
		t.Fatalf("database statements: known email %d, unknown email %d; want the same work", knownWork, unknownWork)
	}
	if got := waitMail(h, box, "known@example.com"); len(got) != 1 {
		t.Fatalf("known address got %d emails, want 1", len(got))
	}
	if box.count() != 1 {
		t.Fatalf("%d emails sent in all, want 1 (none to the unknown address)", box.count())
	}
	m := box.to("known@example.com")[0]
	for _, word := range []string{"therap", "sex", "clinic", "intima", "Test Practice"} {
		if strings.Contains(strings.ToLower(m.Data), strings.ToLower(word)) {
			t.Errorf("reset email is not discreet: it mentions %q:\n%s", word, m.Data)
		}
	}
}

func TestReset_LinkSetsPasswordOnceAndSignsEveryOtherSessionOut(t *testing.T) {
	t.Parallel()
	h, box := newMailHarness(t)
	h.user(auth.RoleClinician, "sam@example.com")
	other := h.signedIn("sam@example.com")
	if res := other.get("/clinician"); res.StatusCode != http.StatusOK {
		t.Fatalf("other session before reset: %d", res.StatusCode)
	}

	b := h.browser()
	b.post("/login/forgot", url.Values{"email": {"sam@example.com"}})
	link := linkIn(t, waitMail(h, box, "sam@example.com")[0], "/reset/")
	form := b.get(link)
	if form.StatusCode != http.StatusOK || !strings.Contains(form.Body, `value="sam@example.com" readonly`) {
		t.Fatalf("reset page: %d\n%s", form.StatusCode, form.Body)
	}
	// Bad input keeps the link usable.
	if res := b.post(link, url.Values{"password": {"short"}, "password_confirm": {"short"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("short password: %d", res.StatusCode)
	}
	const next = "a brand new passphrase"
	if res := b.post(link, url.Values{"password": {next}, "password_confirm": {next}}); res.StatusCode != http.StatusOK ||
		!strings.Contains(res.Body, "Your new password is set") {
		t.Fatalf("set new password: %d\n%s", res.StatusCode, res.Body)
	}
	if res := other.get("/clinician"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the other session still works after the reset: %d", res.StatusCode)
	}
	if res := b.post(link, url.Values{"password": {"another new passphrase"}, "password_confirm": {"another new passphrase"}}); res.StatusCode != http.StatusNotFound {
		t.Fatalf("used link works again: %d", res.StatusCode)
	}
	if res := h.browser().post("/login", url.Values{"email": {"sam@example.com"}, "password": {testPassword}}); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("old password still signs in: %d", res.StatusCode)
	}
	if res := h.browser().post("/login", url.Values{"email": {"sam@example.com"}, "password": {next}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("new password does not sign in: %d", res.StatusCode)
	}
	if h.count("audit_events", "action = ?", "password_reset") != 1 || h.count("audit_events", "action = ?", "password_reset_requested") != 1 {
		t.Fatalf("reset not audited")
	}
}

func TestReset_NewerLinkRevokesOlderAndLinksExpire(t *testing.T) {
	t.Parallel()
	var offset atomic.Int64
	now := func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }
	box := &mailbox{}
	h := newMailHarnessWith(t, box, app.Options{Now: now})
	h.user(auth.RoleClient, "alex@example.com")
	b := h.browser()
	b.post("/login/forgot", url.Values{"email": {"alex@example.com"}})
	b.post("/login/forgot", url.Values{"email": {"alex@example.com"}})
	mails := waitMail(h, box, "alex@example.com")
	if len(mails) != 2 {
		t.Fatalf("%d emails, want 2", len(mails))
	}
	older, newer := linkIn(t, mails[0], "/reset/"), linkIn(t, mails[1], "/reset/")
	if res := b.get(older); res.StatusCode != http.StatusNotFound {
		t.Fatalf("older link still works after a newer one: %d", res.StatusCode)
	}
	if res := b.get(newer); res.StatusCode != http.StatusOK {
		t.Fatalf("newer link: %d", res.StatusCode)
	}
	offset.Store(int64(29 * time.Minute))
	if res := b.get(newer); res.StatusCode != http.StatusOK {
		t.Fatalf("link at 29 minutes: %d", res.StatusCode)
	}
	offset.Store(int64(31 * time.Minute))
	if res := b.get(newer); res.StatusCode != http.StatusNotFound {
		t.Fatalf("link at 31 minutes still works: %d", res.StatusCode)
	}
	if res := b.post(newer, url.Values{"password": {"late new passphrase"}, "password_confirm": {"late new passphrase"}}); res.StatusCode != http.StatusNotFound {
		t.Fatalf("expired link sets a password: %d", res.StatusCode)
	}
}

func TestReset_PasswordChangeRevokesOpenLink(t *testing.T) {
	t.Parallel()
	h, box := newMailHarness(t)
	u := h.user(auth.RoleClient, "alex@example.com")
	h.browser().post("/login/forgot", url.Values{"email": {"alex@example.com"}})
	link := linkIn(t, waitMail(h, box, "alex@example.com")[0], "/reset/")
	a := auth.Actor{UserID: u.ID, Role: u.Role}
	if _, err := h.app.Accounts.ChangePassword(context.Background(), a, testPassword, "changed on purpose"); err != nil {
		t.Fatal(err)
	}
	if res := h.browser().get(link); res.StatusCode != http.StatusNotFound {
		t.Fatalf("reset link still works after a password change: %d", res.StatusCode)
	}
}

func TestForgotPassword_ThrottledPerAddressAndPerIP(t *testing.T) {
	t.Parallel()
	h, box := newMailHarness(t)
	h.user(auth.RoleClient, "alex@example.com")
	b := h.browser()
	for i := 0; i < 5; i++ {
		if res := b.post("/login/forgot", url.Values{"email": {"alex@example.com"}}); res.StatusCode != http.StatusOK {
			t.Fatalf("request %d: %d", i+1, res.StatusCode)
		}
	}
	if got := len(waitMail(h, box, "alex@example.com")); got != 3 {
		t.Fatalf("%d emails to one address in a window, want 3 (per-address limit)", got)
	}
	// Per IP: ten requests in a window, whatever the addresses.
	var last response
	for i := 0; i < 6; i++ {
		last = b.post("/login/forgot", url.Values{"email": {"someone" + string(rune('a'+i)) + "@example.com"}})
	}
	if last.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("11th request from one address: %d, want 429", last.StatusCode)
	}
}
