package e2e

import (
	"net/http"
	"testing"

	"github.com/tend-practice/tend/internal/auth"
)

// Typing an admin address does not get another role in, even while an
// administrator is signed in at the same time in another browser.
func TestAccess_OtherRolesGetForbiddenPageForAdminURLs(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.user(auth.RoleAdmin, "admin@example.test")
	s.user(auth.RoleClinician, "clinician@example.test")
	s.user(auth.RoleClient, "client@example.test")

	admin := s.browser(desktop)
	admin.signIn("admin@example.test", testPassword)
	admin.waitPath("/admin/users")

	clinician := s.browser(phone)
	clinician.signIn("clinician@example.test", testPassword)
	client := s.browser(phone)
	client.signIn("client@example.test", testPassword)

	for _, tc := range []struct {
		who  *browser
		name string
		path string
	}{
		{clinician, "clinician", "/admin/users"},
		{clinician, "clinician", "/admin/audit"},
		{client, "client", "/admin/users"},
		{client, "client", "/admin/audit"},
		{client, "client", "/clinician"},
	} {
		if st := tc.who.visit(tc.path); st != http.StatusForbidden {
			t.Errorf("%s GET %s = %d, want 403", tc.name, tc.path, st)
		}
		tc.who.see("This page is not for your account")
		tc.who.notSee("All accounts")
		tc.who.notSee("Audit events")
	}
	clinician.axe()
	clinician.fitsWidth()
	clinician.screenshot("error-403")

	// The administrator's own session is untouched by the others.
	if st := admin.visit("/admin/audit"); st != http.StatusOK {
		t.Errorf("admin GET /admin/audit = %d", st)
	}
	admin.see("Audit log")
}

func TestAccess_AnonymousIsSentToSignInAndBack(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.user(auth.RoleAdmin, "admin@example.test")
	b := s.browser(phone)
	for _, p := range []string{"/admin/users", "/admin/audit", "/clinician", "/me"} {
		b.visit(p)
		b.waitPath("/login")
		b.see("Sign in")
	}
	b.visit("/admin/audit")
	b.waitPath("/login?next=%2Fadmin%2Faudit")
	b.fill("Email", "admin@example.test")
	b.fill("Password", testPassword)
	b.click("Sign in")
	b.waitPath("/admin/audit")
}

func TestErrorPage_NotFound(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.user(auth.RoleClient, "client@example.test")
	b := s.browser(phone)
	b.signIn("client@example.test", testPassword)
	if st := b.visit("/no/such/page"); st != http.StatusNotFound {
		t.Errorf("GET /no/such/page = %d, want 404", st)
	}
	b.see("We could not find that page")
	b.axe()
	b.fitsWidth()
	b.screenshot("error-404")
	b.click("Go to your home page")
	b.waitPath("/me")
}
