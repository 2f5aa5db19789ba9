package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/tend-practice/tend/internal/account"
	"github.com/tend-practice/tend/internal/app"
	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/client"
	"github.com/tend-practice/tend/internal/testkit"
	"github.com/tend-practice/tend/internal/worksheet"
)

// The API tests run the whole production server (app.New through testkit)
// on real PostgreSQL and speak to it over real HTTP, as the web tests do.

// testPassword is the password the builders give every account.
const testPassword = testkit.Password

// harness is a real Tend (real router, real PostgreSQL) behind a test server.
type harness struct {
	t   *testing.T
	app *app.App
	srv *httptest.Server
	kit *testkit.Kit
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	k := testkit.New(t)
	return &harness{t: t, app: k.App, srv: k.Server(), kit: k}
}

// logs returns everything the server logged so far.
func (h *harness) logs() string { return h.kit.Log.String() }

// user creates an account with testPassword.
func (h *harness) user(role auth.Role, email string) account.User {
	h.t.Helper()
	return h.kit.User(role, email)
}

// response is what a request got back.
type response = testkit.Response

// browser is one person's cookie jar (testkit.Browser), never following
// redirects.
type browser struct{ *testkit.Browser }

func (h *harness) browser() *browser { return &browser{testkit.NewBrowser(h.t, h.srv.URL)} }

// signedIn returns a browser signed in as email.
func (h *harness) signedIn(email string) *browser {
	h.t.Helper()
	return &browser{testkit.SignIn(h.t, h.srv.URL, email)}
}

func (b *browser) do(req *http.Request) response { b.T.Helper(); return b.Do(req) }

// api sends a JSON request the way a non-browser client does (no Origin, no
// Sec-Fetch-Site). An empty body sends none.
func (b *browser) api(method, path, body string) response {
	b.T.Helper()
	return b.API(method, path, body)
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

// wantJSON checks a success response and decodes it.
func wantJSON[T any](t *testing.T, res response, status int) T {
	t.Helper()
	if res.StatusCode != status {
		t.Fatalf("status %d, want %d: %s", res.StatusCode, status, res.Body)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("Content-Type %q, want application/json", ct)
	}
	if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q, want no-store", cc)
	}
	return apiDecode[T](t, res)
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

// clientWithoutAccount adds a client whose invite is still pending.
func (h *harness) clientWithoutAccount(clin auth.Actor, name string) client.Client {
	h.t.Helper()
	c, _, err := h.app.Clients.Create(context.Background(), clin, client.NewClient{DisplayName: name})
	if err != nil {
		h.t.Fatalf("create client %s: %v", name, err)
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

// practice is testkit's small practice (two clinicians, a client each)
// behind a harness.
type practice struct {
	*harness
	clin1, clin2     auth.Actor
	client1, client2 auth.Actor // client1 belongs to clin1, client2 to clin2
}

func newPractice(t *testing.T) *practice {
	h := newHarness(t)
	kp := testkit.NewPractice(h.kit)
	return &practice{harness: h, clin1: kp.Clin1, clin2: kp.Clin2, client1: kp.Client1, client2: kp.Client2}
}

func (p *practice) clientWithAccount(clin auth.Actor, name, email string) auth.Actor {
	p.t.Helper()
	return p.kit.ClientWithAccount(clin, name, email)
}

func (p *practice) assign(clin, cl auth.Actor, kind, slug string) int64 {
	p.t.Helper()
	return p.kit.Assign(clin, cl, kind, slug)
}

// queuePractice is newPractice with known work for clin1 (as the web
// package's queue tests build it): one of each kind of queue row for Robin,
// one submission for a second client (Ash), work not due for weeks, and
// clin2's work that must never show.
type queuePractice struct {
	*practice
	ash                                           auth.Actor
	urgent, discuss, review, overdue, week, later int64
	ashReview, theirs                             int64
}

func newQueuePractice(t *testing.T) *queuePractice {
	p := &queuePractice{practice: newPractice(t)}
	ctx := context.Background()
	p.ash = p.clientWithAccount(p.clin1, "Ash", "ash@example.test")
	submit := func(cl auth.Actor, distress int) int64 {
		id := p.assign(p.clin1, cl, "worksheet", "after-intimacy-reflection")
		ans := worksheet.Answers{"date": "2026-11-20", "mood_before": 5, "mood_after": 6, "distress": distress}
		if _, err := p.app.Assignments.Submit(ctx, cl, id, ans, 0, fmt.Sprint("k", id)); err != nil {
			t.Fatal(err)
		}
		return id
	}
	p.review = submit(p.client1, 2)
	p.discuss = submit(p.client1, 7)
	p.urgent = submit(p.client1, 9)
	p.ashReview = submit(p.ash, 3)
	today := time.Now().UTC()
	due := func(days int) int64 {
		ids, err := p.app.Assignments.Assign(ctx, p.clin1, p.client1.ClientID,
			[]assignment.New{{Kind: "module", Slug: "aftercare-menu", DueOn: today.AddDate(0, 0, days).Format("2006-01-02")}})
		if err != nil {
			t.Fatal(err)
		}
		return ids[0]
	}
	p.overdue, p.week, p.later = due(-3), due(3), due(30)
	p.theirs = p.assign(p.clin2, p.client2, "module", "aftercare-menu")
	return p
}
