package web_test

// Helpers for the web tests that also speak JSON to /api/v1 (the API's own
// tests live in internal/web/api).

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/client"
)

// api sends a JSON request the way a non-browser client does (no Origin, no
// Sec-Fetch-Site). An empty body sends none.
func (b *browser) api(method, path, body string) response {
	b.t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, b.h.srv.URL+path, r)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	return b.do(req)
}

// apiDecode parses a JSON response body into T, failing the test if it is not.
func apiDecode[T any](t *testing.T, res response) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(res.Body), &v); err != nil {
		t.Fatalf("decode %T from %d %q: %v", v, res.StatusCode, res.Body, err)
	}
	return v
}

// apiProblem is what every API error looks like.
type apiProblem struct {
	Type           string            `json:"type"`
	Title          string            `json:"title"`
	Status         int               `json:"status"`
	Detail         string            `json:"detail"`
	Errors         map[string]string `json:"errors"`
	CurrentVersion *int              `json:"current_version"`
}

// wantProblem checks status, media type and body of an error response.
func wantProblem(t *testing.T, res response, status int) apiProblem {
	t.Helper()
	if res.StatusCode != status {
		t.Fatalf("status %d, want %d: %s", res.StatusCode, status, res.Body)
	}
	if ct := res.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("Content-Type %q, want application/problem+json (%s)", ct, res.Body)
	}
	if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q, want no-store", cc)
	}
	p := apiDecode[apiProblem](t, res)
	if p.Status != status || p.Title == "" {
		t.Fatalf("problem body %+v", p)
	}
	return p
}

// clinician creates a clinician account and returns who they are when acting.
func (h *harness) clinician(email string) auth.Actor {
	h.t.Helper()
	u := h.user(auth.RoleClinician, email)
	a, err := h.app.Accounts.Actor(context.Background(), u.ID)
	if err != nil {
		h.t.Fatal(err)
	}
	return a
}

// clientWithAccount adds a client to clin's roster and accepts the invite
// with testPassword, so the client can sign in as email.
func (h *harness) clientWithAccount(clin auth.Actor, name, email string) client.Client {
	h.t.Helper()
	ctx := context.Background()
	c, token, err := h.app.Clients.Create(ctx, clin, client.NewClient{DisplayName: name, Email: email})
	if err != nil {
		h.t.Fatalf("create client %s: %v", name, err)
	}
	if _, err := h.app.Clients.AcceptInvite(ctx, token, email, testPassword); err != nil {
		h.t.Fatalf("accept invite %s: %v", email, err)
	}
	return c
}

// assign gives the client one module or worksheet and returns its id.
func (h *harness) assign(clin auth.Actor, clientID int64, kind, slug string) int64 {
	h.t.Helper()
	ids, err := h.app.Assignments.Assign(context.Background(), clin, clientID, []assignment.New{{Kind: kind, Slug: slug}})
	if err != nil {
		h.t.Fatalf("assign %s %s: %v", kind, slug, err)
	}
	return ids[0]
}

// count returns the rows of table matching where.
func (h *harness) count(table, where string, args ...any) int64 {
	h.t.Helper()
	var n int64
	if err := h.app.DB.Gorm.Table(table).Where(where, args...).Count(&n).Error; err != nil {
		h.t.Fatal(err)
	}
	return n
}
