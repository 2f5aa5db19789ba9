package e2e

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/auth"
)

// An administrator adds a clinician, hands over the one-time password,
// deactivates the account (which signs the clinician out) and brings it back.
func TestAdmin_CreatesDeactivatesAndReactivatesAClinician(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.user(auth.RoleAdmin, "admin@example.test")
	admin := s.browser(desktop)
	admin.signIn("admin@example.test", testPassword)
	admin.waitPath("/admin/users")

	admin.fill("Email", "new.clinician@example.test")
	admin.fill("Name", "Noor Clinician")
	admin.fill("Role", "Clinician")
	admin.click("Create account")
	if st := admin.status(); st != http.StatusCreated {
		t.Errorf("create account: status %d, want 201", st)
	}
	admin.see("Account created for new.clinician@example.test")
	password := admin.text("code.secret")
	if !regexp.MustCompile(`^\S{10,}$`).MatchString(password) {
		t.Fatalf("one-time password %q does not look like one", password)
	}
	admin.axe()
	admin.screenshot("admin-account-created")

	// The clinician signs in with it on their phone.
	clinician := s.browser(phone)
	clinician.signIn("new.clinician@example.test", password)
	clinician.waitPath("/clinician")

	admin.clickInPage("Deactivate new.clinician@example.test…")
	admin.click("Yes, deactivate new.clinician@example.test")
	admin.waitPath("/admin/users")
	admin.see("Account deactivated.")
	admin.see("Deactivated")
	admin.axe()
	admin.screenshot("admin-account-deactivated")

	// The deactivated account's session stops working at once.
	clinician.visit("/clinician")
	if p := clinician.path(); p != "/login?next=%2Fclinician" {
		t.Errorf("deactivated clinician reached %s, want the sign-in page", p)
	}
	clinician.fill("Password", password)
	clinician.fill("Email", "new.clinician@example.test")
	clinician.click("Sign in")
	clinician.see("Email or password is incorrect")

	admin.click("Reactivate new.clinician@example.test")
	admin.see("Account reactivated.")
	clinician.fill("Password", password)
	clinician.click("Sign in")
	clinician.waitPath("/clinician")

	// Every step is in the audit log, which can be filtered.
	admin.click("Audit log")
	admin.waitPath("/admin/audit")
	admin.see("created an account")
	admin.fill("Event", "Account changed")
	admin.click("Filter")
	admin.waitPath("/admin/audit?action=account_changed&person=&client=&from=&to=")
	if rows := admin.text("tbody"); !strings.Contains(rows, "changed an account") || strings.Contains(rows, "signed in") {
		t.Errorf("filtered audit rows:\n%s", rows)
	}
	admin.axe()
	admin.screenshot("admin-audit")
}

func TestAdminPages_AccessibleOnPhone(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.user(auth.RoleAdmin, "admin@example.test")
	s.user(auth.RoleClinician, "a.clinician.with.a.rather.long.address@example.test")
	b := s.browser(phone)
	b.signIn("admin@example.test", testPassword)
	for _, tc := range []struct{ path, shot string }{
		{"/admin/users", "admin-users"},
		{"/admin/audit", "admin-audit"},
		{"/admin/users?tab=clients", "admin-users-clients"},
	} {
		if st := b.visit(tc.path); st != http.StatusOK {
			t.Fatalf("GET %s = %d", tc.path, st)
		}
		b.axe()
		b.fitsWidth()
		b.screenshot(tc.shot)
	}
}
