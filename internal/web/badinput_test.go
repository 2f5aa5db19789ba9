package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/auth"
)

// Malformed input gets a 4xx and never a 500 or a panic.
func TestBadInput_Pages_Never500(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	id := p.assign(p.clin1, p.client1, "worksheet", "after-intimacy-reflection")
	clin := p.signedIn("clin1@example.test")
	cl := p.signedIn("client1@example.test")
	p.user(auth.RoleAdmin, "admin@example.test")
	admin := p.signedIn("admin@example.test")
	nul, badUTF8 := "a\x00b", "a\xffb"
	cases := []struct {
		who  *browser
		path string
		form url.Values
	}{
		{clin, "/clinician/clients", url.Values{"display_name": {nul}}},
		{clin, "/clinician/clients", url.Values{"display_name": {badUTF8}}},
		{clin, fmt.Sprintf("/clinician/clients/%d/assignments", p.client1.ClientID), url.Values{"slug": {nul}, "kind": {"module"}}},
		{clin, fmt.Sprintf("/clinician/clients/%d/assignments", p.client1.ClientID), url.Values{"slug": {"what-is-aftercare"}, "due_on": {"99999-01-01"}}},
		{clin, fmt.Sprintf("/clinician/assignments/%d/comments", id), url.Values{"body": {nul}}},
		{cl, fmt.Sprintf("/me/assignments/%d", id), url.Values{"what_helped": {nul}, "action": {"save"}}},
		{cl, fmt.Sprintf("/me/assignments/%d", id), url.Values{"mood_before": {"eleven"}, "version": {"99999999999"}, "action": {"save"}}},
		{cl, fmt.Sprintf("/me/assignments/%d", id), url.Values{"distress": {"-1"}, "version": {"-5"}, "action": {"submit"}}},
		{admin, "/admin/users", url.Values{"email": {badUTF8}, "role": {"clinician"}}},
		{p.browser(), "/login", url.Values{"email": {nul}, "password": {nul}}},
		{p.browser(), "/invite/" + url.PathEscape(nul), url.Values{"password": {"x"}}},
	}
	for _, tc := range cases {
		t.Run(tc.path, func(t *testing.T) {
			res := tc.who.post(tc.path, tc.form)
			if res.StatusCode >= 500 {
				t.Fatalf("%s: %d", tc.path, res.StatusCode)
			}
		})
	}
	for _, path := range []string{"/library/modules?q=%00", "/library/modules/%00", "/clinician/clients/99999999999999999999",
		"/clinician/assignments/-1", "/handouts/assignments/abc.pdf", "/handouts/modules/.pdf", "/library/modules?q=" + strings.Repeat("x", 5000)} {
		if res := clin.get(path); res.StatusCode >= 500 {
			t.Errorf("GET %s: %d", path, res.StatusCode)
		}
	}
	big := url.Values{"what_helped": {strings.Repeat("x", 2<<20)}, "action": {"save"}}
	if res := cl.post(fmt.Sprintf("/me/assignments/%d", id), big); res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("2 MiB form: %d, want 413", res.StatusCode)
	}
}
