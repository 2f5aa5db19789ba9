package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tend-practice/tend/internal/auth"
)

// hostileNext is a corpus of post-sign-in redirect payloads (finding 2):
// every one must end on "/" of this site.
var hostileNext = []string{
	`/./\evil.example/phish`,
	`/a/../\evil.example`,
	`/me/../\evil.example`,
	`/clinician/../\evil.example`,
	`//evil.example`,
	`///evil.example`,
	`////evil.example`,
	`/\evil.example`,
	`/\/evil.example`,
	`\\evil.example`,
	`\/evil.example`,
	`/..\evil.example`,
	`/.\./evil.example`,
	`/x/..\..\evil.example`,
	`/.//evil.example`,
	`/me/..//evil.example`,
	`/./evil.example`,
	`/../evil.example`,
	`https://evil.example`,
	`http://evil.example/`,
	`https:evil.example`,
	`http:/\evil.example`,
	`javascript:alert(1)`,
	`/%2F%2Fevil.example`,
	`/%5Cevil.example`,
	`/%5cevil.example`,
	`%2F%2Fevil.example`,
	`/%2e/%5Cevil.example`,
	`/%09/evil.example`,
	"/\t/evil.example",
	"/\n/evil.example",
	"/\r\nLocation: https://evil.example",
	"\t//evil.example",
	` /\evil.example`,
	"/\u2028/evil.example",
	"/\u00a0/evil.example",
	`/@evil.example`,
	`//evil.example@127.0.0.1`,
	`/#//evil.example`,
	`/clinician#@evil.example`,
	`/clinician/`,
	`/no-such-page`,
	`/me/assignments/abc/../../\evil.example`,
}

// sameSiteNext are redirects that must survive sign-in unchanged.
var sameSiteNext = []string{"/clinician", "/clinician/clients", "/account/mfa", "/clinician/clients?archived=1"}

// browserTarget is where a browser goes for Location loc after visiting
// base: it drops tabs and newlines and reads "\" as "/" before resolving.
func browserTarget(t *testing.T, base, loc string) *url.URL {
	t.Helper()
	cleaned := strings.NewReplacer("\t", "", "\n", "", "\r", "", `\`, "/").Replace(loc)
	b, _ := url.Parse(base)
	u, err := url.Parse(cleaned)
	if err != nil {
		t.Fatalf("Location %q does not parse: %v", loc, err)
	}
	return b.ResolveReference(u)
}

func checkNext(t *testing.T, base, payload, loc, want string) {
	t.Helper()
	if target := browserTarget(t, base, loc); target.Host != strings.TrimPrefix(base, "http://") {
		t.Errorf("next=%q: Location %q leaves the site for %s", payload, loc, target.Host)
		return
	}
	if loc != want {
		t.Errorf("next=%q: Location %q, want %q", payload, loc, want)
	}
}

func TestSignIn_NextRedirect_HostileCorpus_Password(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.user(auth.RoleClinician, "c@example.test")
	cases := map[string]string{}
	for _, p := range hostileNext {
		cases[p] = "/"
	}
	for _, p := range sameSiteNext {
		cases[p] = p
	}
	for payload, want := range cases {
		// The page keeps only a safe next in its form.
		page := h.browser().get("/login?next=" + url.QueryEscape(payload))
		if want == "/" && !strings.Contains(page.Body, `name="next" value="/"`) {
			t.Errorf("next=%q: the sign-in form keeps it", payload)
		}
		if _, err := h.app.DB.Pool.Exec(context.Background(), `DELETE FROM rate_limits`); err != nil {
			t.Fatal(err)
		}
		res := h.browser().post("/login", url.Values{"email": {"c@example.test"}, "password": {testPassword}, "next": {payload}})
		if res.StatusCode != http.StatusSeeOther {
			t.Errorf("next=%q: sign-in %d", payload, res.StatusCode)
			continue
		}
		checkNext(t, h.srv.URL, payload, res.Header.Get("Location"), want)
	}
}

func TestSignIn_NextRedirect_HostileCorpus_SecondStep(t *testing.T) {
	t.Parallel()
	h, clk := newClockHarness(t)
	h.user(auth.RoleClinician, "c@example.test")
	secret, _ := enrol(t, h.signedIn("c@example.test"), clk)
	cases := map[string]string{}
	for _, p := range hostileNext {
		cases[p] = "/"
	}
	for _, p := range sameSiteNext {
		cases[p] = p
	}
	for payload, want := range cases {
		if _, err := h.app.DB.Pool.Exec(context.Background(), `DELETE FROM rate_limits`); err != nil {
			t.Fatal(err)
		}
		b := h.browser()
		res := b.post("/login", url.Values{"email": {"c@example.test"}, "password": {testPassword}, "next": {payload}})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login/mfa" {
			t.Fatalf("next=%q: password step %d %s", payload, res.StatusCode, res.Header.Get("Location"))
		}
		res = b.post("/login/mfa", url.Values{"code": {clk.code(t, secret)}})
		clk.Add(30 * time.Second)
		if res.StatusCode != http.StatusSeeOther {
			t.Errorf("next=%q: second step %d", payload, res.StatusCode)
			continue
		}
		checkNext(t, h.srv.URL, payload, res.Header.Get("Location"), want)
	}
}
