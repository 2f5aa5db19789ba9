package web_test

import (
	"context"
	"encoding/base64"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/account"
	"github.com/tend-practice/tend/internal/app"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/config"
	"github.com/tend-practice/tend/internal/database/dbtest"
)

const testPassword = "correct horse battery"

// harness is a real Tend (real router, real PostgreSQL) behind a test server.
type harness struct {
	t   *testing.T
	app *app.App
	srv *httptest.Server
	log *lockedWriter
}

// logs returns everything the server logged so far.
func (h *harness) logs() string {
	h.log.mu.Lock()
	defer h.log.mu.Unlock()
	return h.log.w.(*strings.Builder).String()
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	return newHarnessOpts(t, app.Options{})
}

func newHarnessOpts(t *testing.T, opts app.Options) *harness {
	t.Helper()
	db := dbtest.New(t)
	logs := &lockedWriter{w: &strings.Builder{}}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	cfg := config.Config{Env: config.EnvLocal, PracticeName: "Test Practice", BaseURL: "http://127.0.0.1",
		SessionKey: base64.StdEncoding.EncodeToString(make([]byte, 32)), Paper: "A4", DBMaxConns: 8}
	a, err := app.New(context.Background(), cfg, db, log, opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.SyncLibrary(context.Background()); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Server.Handler())
	t.Cleanup(srv.Close)
	return &harness{t: t, app: a, srv: srv, log: logs}
}

// user creates an account with testPassword.
func (h *harness) user(role auth.Role, email string) account.User {
	h.t.Helper()
	u, err := h.app.Accounts.Create(context.Background(), auth.Actor{}, account.NewUser{Email: email, DisplayName: email, Role: role, Password: testPassword})
	if err != nil {
		h.t.Fatalf("create %s: %v", email, err)
	}
	return u
}

// browser is one person's cookie jar. It never follows redirects, so tests
// see each 303.
type browser struct {
	h *harness
	c *http.Client
}

func (h *harness) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{h: h, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
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
	b.h.t.Helper()
	res, err := b.c.Do(req)
	if err != nil {
		b.h.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
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
