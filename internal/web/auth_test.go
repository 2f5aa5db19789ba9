package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tend-practice/tend/internal/account"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/session"
)

func TestSignIn_Success_LandsOnRoleHome(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	for _, tc := range []struct {
		role auth.Role
		home string
	}{{auth.RoleAdmin, "/admin/users"}, {auth.RoleClinician, "/clinician"}} {
		t.Run(string(tc.role), func(t *testing.T) {
			h.user(tc.role, string(tc.role)+"@example.test")
			b := h.signedIn(string(tc.role) + "@example.test")
			res := b.get("/")
			if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != tc.home {
				t.Fatalf("GET / = %d %q, want 303 %s", res.StatusCode, res.Header.Get("Location"), tc.home)
			}
			if page := b.get(tc.home); page.StatusCode != http.StatusOK {
				t.Fatalf("home %s = %d", tc.home, page.StatusCode)
			}
		})
	}
}

func TestSignIn_Failure_DoesNotSayWhichPartWasWrong(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.user(auth.RoleClinician, "c@example.test")
	wrongPassword := h.browser().post("/login", url.Values{"email": {"c@example.test"}, "password": {"not the password"}})
	unknownEmail := h.browser().post("/login", url.Values{"email": {"nobody@example.test"}, "password": {"not the password"}})
	for name, res := range map[string]response{"wrong password": wrongPassword, "unknown email": unknownEmail} {
		if res.StatusCode != http.StatusUnauthorized {
			t.Errorf("%s: status %d, want 401", name, res.StatusCode)
		}
		if !strings.Contains(res.Body, "Email or password is incorrect.") {
			t.Errorf("%s: body lacks the generic message", name)
		}
		if !strings.Contains(res.Body, `value="`+map[string]string{"wrong password": "c@example.test", "unknown email": "nobody@example.test"}[name]+`"`) {
			t.Errorf("%s: email not kept in the form", name)
		}
	}
}

func TestSignIn_FiveFailures_LockForFifteenMinutes(t *testing.T) {
	t.Parallel()
	h, clk := newClockHarness(t)
	h.user(auth.RoleClinician, "c@example.test")
	for i := 0; i < account.MaxFailedAttempts; i++ {
		h.browser().post("/login", url.Values{"email": {"c@example.test"}, "password": {"wrong password"}})
	}
	// The right password is refused while locked.
	res := h.browser().post("/login", url.Values{"email": {"c@example.test"}, "password": {testPassword}})
	if res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("locked account signed in: %d", res.StatusCode)
	}
	// After 15 minutes it works again.
	clk.Add(account.LockoutDuration + time.Second)
	if b := h.signedIn("c@example.test"); b.cookie("tend_session") == "" {
		t.Fatal("no session after lockout expired")
	}
	var n int64
	h.app.DB.Gorm.Table("audit_events").Where("action = 'lockout'").Count(&n)
	if n != 1 {
		t.Fatalf("lockout audit events = %d, want 1", n)
	}
}

func TestSignIn_ThrottledPerClientIP(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	var last response
	for i := 0; i < 21; i++ {
		last = h.browser().post("/login", url.Values{"email": {"x" + string(rune('a'+i)) + "@example.test"}, "password": {"whatever1"}})
	}
	if last.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("21st attempt from one IP: %d, want 429", last.StatusCode)
	}
}

func TestSignIn_XForwardedForIgnoredFromUntrustedPeer(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	var last response
	for i := 0; i < 21; i++ {
		req, _ := http.NewRequest(http.MethodPost, h.srv.URL+"/login", strings.NewReader("email=a%40b.test&password=whatever1"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", "203.0.113."+string(rune('0'+i%10)))
		last = h.browser().do(req)
	}
	if last.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("spoofed X-Forwarded-For escaped the limit: %d", last.StatusCode)
	}
}

func TestSession_TokenRenewedAtSignIn(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.user(auth.RoleClinician, "c@example.test")
	b := h.signedIn("c@example.test")
	before := b.cookie("tend_session")
	// Signing in again over an existing session must issue a new token, so a
	// token planted before sign-in (fixation) is worthless afterwards.
	b.post("/login", url.Values{"email": {"c@example.test"}, "password": {testPassword}})
	after := b.cookie("tend_session")
	if before == "" || after == "" || after == before {
		t.Fatalf("session token not renewed at sign-in: before %q after %q", before, after)
	}
	old := h.browser()
	req, _ := http.NewRequest(http.MethodGet, h.srv.URL+"/clinician", nil)
	req.AddCookie(&http.Cookie{Name: "tend_session", Value: before})
	if res := old.do(req); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the pre-sign-in token still works: %d", res.StatusCode)
	}
}

func TestSession_IdleDeadlineAndExpiry(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.user(auth.RoleClinician, "c@example.test")
	b := h.signedIn("c@example.test")
	var expiry time.Time
	if err := h.app.DB.Pool.QueryRow(context.Background(), `SELECT max(expiry) FROM sessions`).Scan(&expiry); err != nil {
		t.Fatal(err)
	}
	if d := time.Until(expiry); d < session.IdleTimeout-time.Minute || d > session.IdleTimeout+time.Minute {
		t.Fatalf("session store expiry in %v, want about the 30-minute idle timeout", d)
	}
	if session.AbsoluteTimeout != 12*time.Hour {
		t.Fatalf("absolute timeout %v", session.AbsoluteTimeout)
	}
	// Time passes beyond the deadline: the stored session is no longer valid.
	if _, err := h.app.DB.Pool.Exec(context.Background(), `UPDATE sessions SET expiry = now() - interval '1 second'`); err != nil {
		t.Fatal(err)
	}
	res := b.get("/clinician")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Fatalf("expired session still works: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
}

func TestSignOut_DestroysServerSideSession(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.user(auth.RoleClinician, "c@example.test")
	b := h.signedIn("c@example.test")
	token := b.cookie("tend_session")
	if res := b.post("/logout", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout: %d", res.StatusCode)
	}
	// Replaying the old cookie must not work: the session is gone on the server.
	replay := h.browser()
	req, _ := http.NewRequest(http.MethodGet, h.srv.URL+"/clinician", nil)
	req.AddCookie(&http.Cookie{Name: "tend_session", Value: token})
	if res := replay.do(req); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("old session token still works after sign-out: %d", res.StatusCode)
	}
}

func TestSession_CookieFlags(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.user(auth.RoleClinician, "c@example.test")
	res := h.browser().post("/login", url.Values{"email": {"c@example.test"}, "password": {testPassword}})
	c := res.Header.Get("Set-Cookie")
	for _, want := range []string{"tend_session=", "HttpOnly", "SameSite=Lax", "Path=/"} {
		if !strings.Contains(c, want) {
			t.Errorf("Set-Cookie %q lacks %s", c, want)
		}
	}
}

func TestCSRF_CrossOriginPostRejected(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.user(auth.RoleAdmin, "a@example.test")
	b := h.signedIn("a@example.test")
	for name, hdr := range map[string][2]string{
		"sec-fetch-site": {"Sec-Fetch-Site", "cross-site"},
		"origin":         {"Origin", "https://evil.example"},
	} {
		t.Run(name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, h.srv.URL+"/admin/users", strings.NewReader("email=x%40y.test&role=clinician"))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set(hdr[0], hdr[1])
			if res := b.do(req); res.StatusCode != http.StatusForbidden {
				t.Fatalf("cross-origin POST: %d, want 403", res.StatusCode)
			}
		})
	}
	var n int64
	h.app.DB.Gorm.Table("users").Where("email = 'x@y.test'").Count(&n)
	if n != 0 {
		t.Fatal("cross-origin POST created an account")
	}
}

func TestSecurityHeaders_OnEveryResponse(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.user(auth.RoleAdmin, "a@example.test")
	b := h.signedIn("a@example.test")
	for _, path := range []string{"/login", "/healthz", "/admin/users", "/no-such-page"} {
		res := b.get(path)
		want := map[string]string{
			"X-Content-Type-Options": "nosniff",
			"Referrer-Policy":        "no-referrer",
		}
		for k, v := range want {
			if res.Header.Get(k) != v {
				t.Errorf("%s: %s = %q, want %q", path, k, res.Header.Get(k), v)
			}
		}
		csp := res.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: weak CSP %q", path, csp)
		}
	}
	if cc := b.get("/admin/users").Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("signed-in page Cache-Control = %q, want no-store", cc)
	}
}

func TestRequestLogs_CarryNoFormValuesOrQueries(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.browser().post("/login", url.Values{"email": {"canary-7f3a@example.test"}, "password": {"canary-password-7f3a"}})
	h.browser().get("/login?next=/canary-query-7f3a")
	logs := h.logs()
	if strings.Contains(logs, "canary") {
		t.Fatalf("logs contain request data:\n%s", logs)
	}
	if !strings.Contains(logs, "route=/login") {
		t.Fatalf("request log lacks the route template:\n%s", logs)
	}
}

func TestHealthAndReadiness(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	b := h.browser()
	if res := b.get("/healthz"); res.StatusCode != http.StatusOK {
		t.Fatalf("healthz %d", res.StatusCode)
	}
	if res := b.get("/readyz"); res.StatusCode != http.StatusOK {
		t.Fatalf("readyz %d", res.StatusCode)
	}
	h.app.DB.Pool.Close() // the database goes away
	if res := b.get("/readyz"); res.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("readyz with the pool closed: %d, want 503", res.StatusCode)
	}
	if res := b.get("/healthz"); res.StatusCode != http.StatusOK {
		t.Fatalf("healthz must not depend on the database: %d", res.StatusCode)
	}
}
