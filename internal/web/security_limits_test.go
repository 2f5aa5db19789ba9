package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Each limit answers with a status that says what happened and a message a
// person can act on, and stores nothing.
func TestLimits_BodyAnswerAndCommentLength_ClearErrors(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	cl := p.signedIn("client1@example.test")
	clin := p.signedIn("clin1@example.test")
	id := p.assign(p.clin1, p.client1, "worksheet", "after-intimacy-reflection")
	path := fmt.Sprintf("/me/assignments/%d", id)

	t.Run("request body over 1 MiB", func(t *testing.T) {
		res := cl.post(path, url.Values{"what_helped": {strings.Repeat("x", 1<<20)}, "action": {"save"}})
		if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(res.Body, "too much to send at once") ||
			!strings.Contains(res.Body, "Nothing was saved") {
			t.Fatalf("form: %d", res.StatusCode)
		}
		big, _ := json.Marshal(map[string]any{"answers": map[string]string{"what_helped": strings.Repeat("x", 1<<20)}, "version": 0, "action": "save"})
		prob := wantProblem(t, cl.api(http.MethodPut, fmt.Sprintf("/api/v1/me/assignments/%d/response", id), string(big)), http.StatusRequestEntityTooLarge)
		if prob.Detail == "" {
			t.Error("the API's 413 has no detail")
		}
		// Just under the limit is not refused for its size.
		if res := cl.post(path, url.Values{"what_helped": {strings.Repeat("x", 9000)}, "action": {"save"}, "version": {"0"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("a normal-sized form: %d", res.StatusCode)
		}
	})

	t.Run("worksheet answer over its length", func(t *testing.T) {
		v, _ := formState(t, cl.get(path).Body)
		long := strings.Repeat("é", 10001) // characters, not bytes
		res := cl.post(path, url.Values{"what_helped": {long}, "what_was_missing": {"kept"}, "action": {"save"}, "version": {v}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Please keep this to 10000 characters or fewer.") {
			t.Fatalf("form: %d", res.StatusCode)
		}
		if !strings.Contains(res.Body, ">kept</textarea>") || !strings.Contains(res.Body, long) {
			t.Fatal("the 422 page lost what was typed")
		}
		body, _ := json.Marshal(map[string]any{"answers": map[string]string{"what_helped": long}, "version": 1, "action": "save"})
		prob := wantProblem(t, cl.api(http.MethodPut, fmt.Sprintf("/api/v1/me/assignments/%d/response", id), string(body)), http.StatusUnprocessableEntity)
		if prob.Errors["what_helped"] != "Please keep this to 10000 characters or fewer." {
			t.Fatalf("API errors: %v", prob.Errors)
		}
		as, _ := p.app.Assignments.Get(t.Context(), p.client1, id)
		r, _ := p.app.Assignments.Response(t.Context(), p.client1, as)
		if r.Answers.Text("what_helped") == long {
			t.Fatal("an over-long answer was stored")
		}
		// Exactly at the limit is fine.
		if res := cl.post(path, url.Values{"what_helped": {long[:len(long)-len("é")]}, "action": {"save"}, "version": {v}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("an answer of exactly 10000 characters: %d", res.StatusCode)
		}
	})

	t.Run("comment over 5000 characters", func(t *testing.T) {
		long := strings.Repeat("ü", 5001)
		// Both orders: the client's reply may come before any comment.
		for _, side := range []struct {
			who string
			b   *browser
		}{{"client", cl}, {"clinician", clin}} {
			who, b := side.who, side.b
			cpath := fmt.Sprintf("/clinician/assignments/%d/comments", id)
			if who == "client" {
				cpath = path + "/comments"
			}
			res := b.post(cpath, url.Values{"body": {long}})
			if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Please keep a comment under 5,000 characters.") {
				t.Fatalf("%s: %d", who, res.StatusCode)
			}
			if !strings.Contains(res.Body, long) {
				t.Errorf("%s: the 422 page lost the comment", who)
			}
			if res := b.post(cpath, url.Values{"body": {long[:len(long)-len("ü")]}}); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("%s: a comment of exactly 5000 characters: %d", who, res.StatusCode)
			}
		}
		if n := p.count("comments", "assignment_id = ?", id); n != 2 {
			t.Fatalf("%d comments stored, want the 2 within the limit", n)
		}
	})
}
