package web_test

// Tests for the findings of December 2026 (docs/security.md): each one
// reproduces the attack from /work/shared/security/FINDINGS.md.

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/client"
)

// sessionsFootprint is how many session rows there are and their bytes.
func (h *harness) sessionsFootprint() (rows, bytes int64) {
	h.t.Helper()
	err := h.app.DB.Pool.QueryRow(context.Background(), `SELECT count(*), coalesce(sum(length(data)), 0) FROM sessions`).Scan(&rows, &bytes)
	if err != nil {
		h.t.Fatal(err)
	}
	return rows, bytes
}

// anonymousPost is what the finding's script sends: no Origin, no
// Sec-Fetch-Site, optionally a cookie of its own choosing.
func (h *harness) anonymousPost(path, body, cookie string) response {
	h.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, h.srv.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if cookie != "" {
		req.AddCookie(&http.Cookie{Name: "tend_session", Value: cookie})
	}
	return h.browser().do(req)
}

// Finding 1: a stranger's posts to /me/assignments/<anything> must not make
// the server store their bodies. The loop prints what one anonymous client
// gets stored per minute (the measurement asked for in the brief).
func TestStash_AnonymousFlood_StoresNothing(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	body := "x=" + strings.Repeat("A", 1000000)
	start := time.Now()
	var n int
	for ; n < 40; n++ {
		cookie := ""
		if n%2 == 1 {
			cookie = fmt.Sprintf("made-up-token-%d", n) // a cookie no session ever had
		}
		res := h.anonymousPost(fmt.Sprintf("/me/assignments/%d", n+1), body, cookie)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("post %d: %d", n, res.StatusCode)
		}
	}
	elapsed := time.Since(start)
	rows, size := h.sessionsFootprint()
	perMin := float64(time.Minute) / float64(elapsed)
	t.Logf("anonymous flood: %d posts of 1 MB in %v: %d session rows, %d bytes stored; %.0f rows/min, %.1f MB/min",
		n, elapsed.Round(time.Millisecond), rows, size, float64(rows)*perMin, float64(size)*perMin/1e6)
	if rows != 0 || size != 0 {
		t.Fatalf("an anonymous client made the server store %d sessions, %d bytes", rows, size)
	}
}

// expiredClient signs a client in on a worksheet, then ends the session on
// the server as the sweeper would, and returns the browser and the path.
func expiredClient(t *testing.T) (*practice, *browser, string, string) {
	t.Helper()
	p := newPractice(t)
	id := p.assign(p.clin1, p.client1, "worksheet", "after-intimacy-reflection")
	cl := p.signedIn("client1@example.test")
	path := fmt.Sprintf("/me/assignments/%d", id)
	v, _ := formState(t, cl.get(path).Body)
	if _, err := p.app.DB.Pool.Exec(context.Background(), `DELETE FROM sessions`); err != nil {
		t.Fatal(err)
	}
	return p, cl, path, v
}

func TestStash_ExpiredSession_OnlyParsedIdAndBoundedSize(t *testing.T) {
	t.Parallel()
	t.Run("id that does not parse", func(t *testing.T) {
		p, cl, _, v := expiredClient(t)
		cl.post("/me/assignments/not-a-number", url.Values{"what_helped": {"x"}, "version": {v}})
		if rows, _ := p.sessionsFootprint(); rows != 0 {
			t.Fatalf("stashed for an id that does not parse: %d rows", rows)
		}
	})
	t.Run("larger than any worksheet allows", func(t *testing.T) {
		p, cl, path, v := expiredClient(t)
		cl.post(path, url.Values{"what_helped": {strings.Repeat("A", 200000)}, "version": {v}})
		if rows, size := p.sessionsFootprint(); rows != 0 {
			t.Fatalf("stashed %d bytes over the cap", size)
		}
	})
	t.Run("one answer over the worksheet's text limit", func(t *testing.T) {
		p, cl, path, v := expiredClient(t)
		cl.post(path, url.Values{"what_helped": {strings.Repeat("A", 10001)}, "version": {v}})
		if rows, size := p.sessionsFootprint(); rows != 0 {
			t.Fatalf("stashed %d bytes with an answer over 10,000 characters", size)
		}
	})
	t.Run("within limits: kept, and under 128 KiB", func(t *testing.T) {
		p, cl, path, v := expiredClient(t)
		cl.post(path, url.Values{"what_helped": {strings.Repeat("B", 9000)}, "version": {v}})
		rows, size := p.sessionsFootprint()
		if rows != 1 || size > 128<<10 {
			t.Fatalf("stash: %d rows, %d bytes; want one row under 128 KiB", rows, size)
		}
	})
	t.Run("only the worksheet's own fields are kept", func(t *testing.T) {
		p, cl, path, v := expiredClient(t)
		cl.post(path, url.Values{"not_a_field": {strings.Repeat("J", 9000)}, "what_helped": {"kept"}, "version": {v}})
		rows, size := p.sessionsFootprint()
		if rows != 1 || size > 2000 {
			t.Fatalf("stash: %d rows, %d bytes; want one small row without the unknown field", rows, size)
		}
	})
	t.Run("a module, or an assignment that does not exist", func(t *testing.T) {
		for _, target := range []string{"module", "missing"} {
			p, cl, _, v := expiredClient(t)
			path := "/me/assignments/999999"
			if target == "module" {
				path = fmt.Sprintf("/me/assignments/%d", p.assign(p.clin1, p.client1, "module", "what-is-aftercare"))
			}
			cl.post(path, url.Values{"what_helped": {"x"}, "version": {v}})
			if rows, _ := p.sessionsFootprint(); rows != 0 {
				t.Fatalf("stashed for a %s: %d rows", target, rows)
			}
		}
	})
	t.Run("a dead session carries one stash", func(t *testing.T) {
		p, cl, path, v := expiredClient(t)
		// A script replays the dead cookie and drops the new one it is given.
		dead := cl.cookie("tend_session")
		body := url.Values{"what_helped": {"typed while signed out"}, "version": {v}}.Encode()
		for i := 0; i < 5; i++ {
			p.anonymousPost(path, body, dead)
		}
		if rows, _ := p.sessionsFootprint(); rows != 1 {
			t.Fatalf("one dead session made %d stashes, want 1", rows)
		}
	})
}

// Finding 1: stashing is rate-limited per client address, even with real
// expired sessions.
func TestStash_RateLimitedPerAddress(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	id := p.assign(p.clin1, p.client1, "worksheet", "after-intimacy-reflection")
	path := fmt.Sprintf("/me/assignments/%d", id)
	var browsers []*browser
	for i := 0; i < 12; i++ {
		browsers = append(browsers, p.signedIn("client1@example.test"))
	}
	if _, err := p.app.DB.Pool.Exec(context.Background(), `DELETE FROM sessions`); err != nil {
		t.Fatal(err)
	}
	for _, b := range browsers {
		b.post(path, url.Values{"what_helped": {"typed while signed out"}})
	}
	rows, _ := p.sessionsFootprint()
	if rows == 0 || rows > 10 {
		t.Fatalf("%d stashes from one address, want between 1 and 10", rows)
	}
}

// Finding 8: a multipart body must not get past the NUL / invalid UTF-8
// check. No route takes multipart, so it is refused whole.
func TestBadText_MultipartBody_Refused(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.user(auth.RoleClinician, "c@example.test")
	b := h.signedIn("c@example.test")
	for name, value := range map[string]string{"NUL": "Nul\x00Name", "invalid UTF-8": "Bad\xff\xfeName", "clean": "Plain Name"} {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		_ = mw.WriteField("display_name", value)
		_ = mw.Close()
		req, _ := http.NewRequest(http.MethodPost, h.srv.URL+"/clinician/clients", &buf)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Origin", h.srv.URL)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		res := b.do(req)
		if res.StatusCode != http.StatusUnsupportedMediaType {
			t.Errorf("%s multipart: %d, want 415", name, res.StatusCode)
		}
	}
	if n := h.count("clients", "true"); n != 0 {
		t.Fatalf("%d clients created from multipart bodies", n)
	}
}

// Finding 15: the CSRF refusal carries the headers every response has.
func TestCrossOriginRefusal_CarriesSecurityHeaders(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	req, _ := http.NewRequest(http.MethodPost, h.srv.URL+"/login", strings.NewReader("email=a%40b.test&password=x"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	res := h.browser().do(req)
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site post: %d, want 403", res.StatusCode)
	}
	assertSecurityHeaders(t, res.Header)
}

func assertSecurityHeaders(t *testing.T, hd http.Header) {
	t.Helper()
	for _, k := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "Cache-Control"} {
		if hd.Get(k) == "" {
			t.Errorf("response lacks %s", k)
		}
	}
}

// Finding 15: the session cookie ends with the browser session; the server
// still ends the session after the idle and absolute timeouts.
func TestSessionCookie_IsABrowserSessionCookie(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.user(auth.RoleClinician, "c@example.test")
	res := h.browser().post("/login", url.Values{"email": {"c@example.test"}, "password": {testPassword}})
	set := res.Header.Get("Set-Cookie")
	if !strings.HasPrefix(set, "tend_session=") {
		t.Fatalf("no session cookie: %q", set)
	}
	if strings.Contains(strings.ToLower(set), "max-age") || strings.Contains(strings.ToLower(set), "expires") {
		t.Fatalf("the session cookie outlives the browser: %q", set)
	}
}

// Finding 9: an invite link cannot be used to test which emails have an
// account: the answer does not say so, and tries are throttled per invite.
func TestInvite_EmailProbing_NeutralAndThrottled(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	clin := h.clinician("clin@example.test")
	h.user(auth.RoleClinician, "taken@example.test")
	_, token, err := h.app.Clients.Create(context.Background(), clin, client.NewClient{DisplayName: "Robin"})
	if err != nil {
		t.Fatal(err)
	}
	res := h.browser().post("/invite/"+token, url.Values{"email": {"taken@example.test"}, "password": {"a-long-enough-password"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("taken email: %d, want 422", res.StatusCode)
	}
	for _, tell := range []string{"already has an account", "already", "exists"} {
		if strings.Contains(res.Body, tell) {
			t.Errorf("the answer for a taken email says %q", tell)
		}
	}
	var last response
	for i := 0; i < 12; i++ {
		last = h.browser().post("/invite/"+token, url.Values{"email": {fmt.Sprintf("probe%d@example.test", i)}, "password": {"short"}})
	}
	if last.StatusCode != http.StatusTooManyRequests || !strings.Contains(last.Body, "Too many tries") {
		t.Fatalf("13th try with one invite: %d, want 429", last.StatusCode)
	}
}

// Finding 15: the session store's error (503) carries the same headers.
func TestSessionStoreError_CarriesSecurityHeaders(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.user(auth.RoleClinician, "c@example.test")
	b := h.signedIn("c@example.test")
	// The session table goes away under the running app.
	if _, err := h.app.DB.Pool.Exec(context.Background(), `ALTER TABLE sessions RENAME TO sessions_away`); err != nil {
		t.Fatal(err)
	}
	res := b.get("/clinician")
	if res.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("with the session store failing: %d, want 503", res.StatusCode)
	}
	assertSecurityHeaders(t, res.Header)
	if _, err := h.app.DB.Pool.Exec(context.Background(), `ALTER TABLE sessions_away RENAME TO sessions`); err != nil {
		t.Fatal(err)
	}
}
