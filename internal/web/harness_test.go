package web_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/account"
	"github.com/tend-practice/tend/internal/app"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/testkit"
)

// testPassword is the password the builders give every account.
const testPassword = testkit.Password

// harness is a real Tend (real router, real PostgreSQL) behind a test
// server: a testkit.Kit with the browser helpers below.
type harness struct {
	t   *testing.T
	app *app.App
	srv *httptest.Server
	log *testkit.Logs
}

// logs returns everything the server logged so far.
func (h *harness) logs() string { return h.log.String() }

func newHarness(t *testing.T) *harness {
	t.Helper()
	return newHarnessOpts(t, app.Options{})
}

func newHarnessOpts(t *testing.T, opts app.Options) *harness {
	t.Helper()
	return kitHarness(t, testkit.New(t, testkit.WithOptions(opts)))
}

// kitHarness serves a kit's app and wraps it in the browser helpers.
func kitHarness(t *testing.T, k *testkit.Kit) *harness {
	t.Helper()
	return serveHarness(t, k.App, k.Log)
}

// serveHarness serves an app a test built itself (on a database it made,
// with a configuration of its own), logging to logs.
func serveHarness(t *testing.T, a *app.App, logs *testkit.Logs) *harness {
	t.Helper()
	return &harness{t: t, app: a, srv: testkit.Serve(t, a), log: logs}
}

// kit is the harness as a testkit.Kit, for the shared builders.
func (h *harness) kit() *testkit.Kit {
	return &testkit.Kit{T: h.t, App: h.app, DB: h.app.DB, Log: h.log}
}

// user creates an account with testPassword.
func (h *harness) user(role auth.Role, email string) account.User {
	h.t.Helper()
	return h.kit().User(role, email)
}

// browser is one person's cookie jar. It never follows redirects, so tests
// see each 303.
type browser struct {
	h *harness
	t *testing.T // the test that reports this browser's failures
	c *http.Client
}

// on is the same browser (same cookies) reporting to t, for a subtest.
func (b *browser) on(t *testing.T) *browser {
	c := *b
	c.t = t
	return &c
}

func (h *harness) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{h: h, t: h.t, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// signedIn returns a browser signed in as email.
func (h *harness) signedIn(email string) *browser {
	h.t.Helper()
	b := h.browser()
	res := b.post("/login", url.Values{"email": {email}, "password": {testPassword}})
	if res.StatusCode != http.StatusSeeOther {
		h.t.Fatalf("sign in %s: status %d: %s", email, res.StatusCode, res.Body)
	}
	return b
}

type response struct {
	StatusCode int
	Header     http.Header
	Body       string
}

func (b *browser) do(req *http.Request) response {
	b.t.Helper()
	res, err := b.c.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return response{StatusCode: res.StatusCode, Header: res.Header, Body: string(body)}
}

func (b *browser) get(path string) response {
	req, _ := http.NewRequest(http.MethodGet, b.h.srv.URL+path, nil)
	return b.do(req)
}

func (b *browser) post(path string, form url.Values) response {
	req, _ := http.NewRequest(http.MethodPost, b.h.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	// What a same-origin browser form sends.
	req.Header.Set("Origin", b.h.srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return b.do(req)
}

func (b *browser) cookie(name string) string {
	u, _ := url.Parse(b.h.srv.URL)
	for _, c := range b.c.Jar.Cookies(u) {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}
