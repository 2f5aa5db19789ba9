package e2e

import (
	"net/http"
	"testing"

	"github.com/chromedp/chromedp/kb"

	"github.com/tend-practice/tend/internal/auth"
)

func TestSignInPage_AccessibleOnPhoneAndDesktop(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	for _, v := range []viewport{phone, desktop} {
		t.Run(v.Name, func(t *testing.T) {
			b := newBrowser(t, v.Width, v.Height)
			b.base = s.URL
			if st := b.visit("/login"); st != http.StatusOK {
				t.Fatalf("GET /login = %d", st)
			}
			b.see("Sign in")
			b.axe()
			b.fitsWidth()
			b.screenshot("login")
		})
	}
}

func TestSignIn_WrongPassword_ShowsErrorAndKeepsEmail(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.user(auth.RoleClinician, "clinician@example.test")
	b := s.browser(phone)

	b.visit("/login")
	b.fill("Email", "clinician@example.test")
	b.fill("Password", "not the password")
	b.click("Sign in")

	b.waitPath("/login")
	if st := b.status(); st != http.StatusUnauthorized {
		t.Errorf("status after a wrong password = %d, want 401", st)
	}
	if got := b.text("[role=alert]"); got != "Email or password is incorrect." {
		t.Errorf("error = %q", got)
	}
	if got := b.value("Email"); got != "clinician@example.test" {
		t.Errorf("email after the failed attempt = %q, want it kept", got)
	}
	if got := b.value("Password"); got != "" {
		t.Errorf("password field kept %q; it must be empty", got)
	}
	b.axe()
	b.screenshot("login-error")

	// The email is still there, so only the password needs typing again.
	b.fill("Password", testPassword)
	b.click("Sign in")
	b.waitPath("/clinician")
}

func TestSignIn_EachRole_LandsOnItsHome(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	for _, tc := range []struct {
		role  auth.Role
		email string
		home  string
		shot  string
	}{
		{auth.RoleAdmin, "admin@example.test", "/admin/users", "admin-home"},
		{auth.RoleClinician, "clinician@example.test", "/clinician", "clinician-dashboard"},
		{auth.RoleClient, "client@example.test", "/me", "client-home"},
	} {
		s.user(tc.role, tc.email)
		t.Run(string(tc.role), func(t *testing.T) {
			for _, v := range []viewport{phone, desktop} {
				b := newBrowser(t, v.Width, v.Height)
				b.base = s.URL
				b.signIn(tc.email, testPassword)
				b.waitPath(tc.home)
				if st := b.status(); st != http.StatusOK {
					t.Errorf("%s at %s: status %d", tc.home, v.Name, st)
				}
				b.axe()
				b.fitsWidth()
				b.screenshot(tc.shot)
			}
		})
	}
}

// A keyboard user reaches the form, fills it and submits it without a mouse,
// and sees where the focus is.
func TestSignIn_KeyboardOnly(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.user(auth.RoleClinician, "clinician@example.test")
	b := s.browser(desktop)
	b.visit("/login")

	// Skip link, then the practice name, then the email field.
	if n := b.tabTo("#email", 5); n > 3 {
		t.Errorf("email field needs %d Tab presses, want at most 3", n)
	}
	if outline := evalIn[string](b, `getComputedStyle(document.activeElement).outlineStyle`); outline == "none" {
		t.Errorf("the focused email field shows no focus outline")
	}
	b.keys("clinician@example.test")
	b.keys(kb.Tab)
	if f := b.focused(); f != "input#password[name=password]" {
		t.Fatalf("after one Tab from email, focus is on %s, want the password field", f)
	}
	b.keys(testPassword)
	b.keysAndWait(kb.Enter)
	b.waitPath("/clinician")
}

// The first Tab on every page lands on a visible "Skip to content" link that
// moves focus to the main content.
func TestSkipLink_FirstTabStop(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b := s.browser(phone)
	b.visit("/login")
	b.keys(kb.Tab)
	if f := b.focused(); f != `a "Skip to content"` {
		t.Fatalf("first Tab focuses %s, want the skip link", f)
	}
	inView := evalIn[bool](b, `(() => { const r = document.activeElement.getBoundingClientRect();
		return r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.width > 1; })()`)
	if !inView {
		t.Errorf("the focused skip link is not visible on screen")
	}
	b.screenshot("skip-link-focused")
	b.keys(kb.Enter)
	if f := b.focused(); f != "main#main" {
		t.Errorf("after following the skip link focus is on %s, want main", f)
	}
}
