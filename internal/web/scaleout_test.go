package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/account"
	"github.com/tend-practice/tend/internal/app"
	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/bench"
	"github.com/tend-practice/tend/internal/client"
	"github.com/tend-practice/tend/internal/database"
	"github.com/tend-practice/tend/internal/database/dbtest"
)

// TestScaleOut_TwoInstancesShareState runs two Tend instances, each with its
// own connection pool as two processes behind a load balancer would have,
// over one database, and sends one person's requests to either: what one
// instance keeps, the other must see. Nothing a request needs may live only
// in one process.
func TestScaleOut_TwoInstancesShareState(t *testing.T) {
	t.Parallel()
	name := dbtest.NewDatabase(t)
	instance := func() (*app.App, *httptest.Server) {
		db, err := database.Open(context.Background(), dbtest.URL(name), database.Options{MaxConns: 4})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(db.Close)
		ap := bench.NewApp(t, db, nil)
		srv := httptest.NewServer(ap.Server.Handler())
		t.Cleanup(srv.Close)
		return ap, srv
	}
	svc, a := instance()
	_, b := instance()

	// A clinician's client with an account and a reflection to fill in.
	ctx := context.Background()
	clin, err := svc.Accounts.Create(ctx, auth.Actor{}, account.NewUser{Email: "clin@scaleout.test", DisplayName: "Dr. Scale",
		Role: auth.RoleClinician, Password: bench.TestPassword})
	if err != nil {
		t.Fatal(err)
	}
	clinician := auth.Actor{UserID: clin.ID, Role: auth.RoleClinician}
	c, token, err := svc.Clients.Create(ctx, clinician, client.NewClient{DisplayName: "Robin", Email: "robin@scaleout.test"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Clients.AcceptInvite(ctx, token, "robin@scaleout.test", bench.TestPassword); err != nil {
		t.Fatal(err)
	}
	ids, err := svc.Assignments.Assign(ctx, clinician, c.ID, []assignment.New{{Kind: assignment.KindWorksheet, Slug: bench.ReflectionSlug}})
	if err != nil {
		t.Fatal(err)
	}
	work := fmt.Sprintf("/me/assignments/%d", ids[0])

	// The session made by signing in on A is valid on B (sign-in 1 of 20
	// from this address).
	cookie, err := bench.SignIn(ctx, a.URL, "robin@scaleout.test", bench.TestPassword)
	if err != nil {
		t.Fatal(err)
	}
	if status, body := scaleoutGet(t, b, "/me", cookie); status != http.StatusOK || !strings.Contains(body, `href="`+work+`"`) {
		t.Fatalf("GET /me on B with A's session: status %d, want Robin's home with %s", status, work)
	}

	// A draft saved on A is there, with its new version, on B.
	form := url.Values{"action": {"save"}, "version": {"0"}, "mood_before": {"4"}, "what_helped": {"Saved through instance A"}}
	if status, loc := scaleoutPost(t, a, work, cookie, form); status != http.StatusSeeOther || !strings.HasPrefix(loc, work) {
		t.Fatalf("save draft on A: status %d, Location %q", status, loc)
	}
	status, body := scaleoutGet(t, b, work, cookie)
	if status != http.StatusOK || !strings.Contains(body, "Saved through instance A") || !strings.Contains(body, `name="version" value="1"`) {
		t.Fatalf("GET %s on B: status %d, want the draft saved on A at version 1", work, status)
	}
	// B's form carries version 1, so saving it there is no conflict.
	form.Set("version", "1")
	form.Set("what_helped", "Then saved through instance B")
	if status, _ := scaleoutPost(t, b, work, cookie, form); status != http.StatusSeeOther {
		t.Fatalf("save draft on B at version 1: status %d", status)
	}

	// The sign-in limit (20 attempts per 5 minutes per address) counts on
	// A and refuses on B: 19 more wrong attempts on A, then the right
	// password on B is refused before it is checked.
	for i := range 19 {
		f := url.Values{"email": {"nobody@scaleout.test"}, "password": {"wrong password"}}
		if status, _ := scaleoutPost(t, a, "/login", "", f); status != http.StatusUnauthorized {
			t.Fatalf("wrong sign-in %d on A: status %d, want 401", i+2, status)
		}
	}
	f := url.Values{"email": {"robin@scaleout.test"}, "password": {bench.TestPassword}}
	if status, _ := scaleoutPost(t, b, "/login", "", f); status != http.StatusTooManyRequests {
		t.Fatalf("21st sign-in, on B: status %d, want 429", status)
	}

	// Signing out on B ends the session on A too.
	if status, _ := scaleoutPost(t, b, "/logout", cookie, url.Values{}); status != http.StatusSeeOther {
		t.Fatalf("sign out on B: status %d", status)
	}
	if status, _ := scaleoutGet(t, a, "/me", cookie); status != http.StatusSeeOther {
		t.Fatalf("GET /me on A after signing out on B: status %d, want 303 to sign-in", status)
	}
}

func scaleoutGet(t *testing.T, srv *httptest.Server, path, cookie string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
	status, body, _ := scaleoutDo(t, req, cookie)
	return status, body
}

// scaleoutPost posts a form as a same-origin browser page would and returns
// the status and the redirect target.
func scaleoutPost(t *testing.T, srv *httptest.Server, path, cookie string, form url.Values) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	status, _, location := scaleoutDo(t, req, cookie)
	return status, location
}

func scaleoutDo(t *testing.T, req *http.Request, cookie string) (status int, body, location string) {
	t.Helper()
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Header.Get("Location")
}
