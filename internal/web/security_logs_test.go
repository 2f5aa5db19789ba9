package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/client"
)

// Canary text typed into a reflection, a comment and a password goes
// through every path that handles it, the ordinary ones and the failing
// ones (validation, conflicts, wrong passwords, oversized bodies, sealed
// data that does not open), and never reaches the server's log.
func TestLogs_CanaryInReflectionCommentAndPassword_NeverLogged(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	ctx := context.Background()
	const (
		reflection = "okapi-reflection-9041"
		comment    = "okapi-comment-9042"
		password   = "okapi-password-9043 long enough"
	)
	// A client whose password is the canary, through the invite form.
	_, token, err := p.app.Clients.Create(ctx, p.clin1, client.NewClient{DisplayName: "Canary", Email: "canary@example.test"})
	if err != nil {
		t.Fatal(err)
	}
	anon := p.browser()
	if res := anon.post("/invite/"+token, url.Values{"password": {password}, "password_confirm": {password + "x"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("mismatched confirmation: %d", res.StatusCode)
	}
	if res := anon.post("/invite/"+token, url.Values{"password": {password}, "password_confirm": {password}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("accept: %d %s", res.StatusCode, res.Body)
	}
	var me auth.Actor
	p.app.DB.Gorm.Raw(`SELECT id AS client_id, user_id FROM clients WHERE display_name = 'Canary'`).Scan(&me)
	me.Role = auth.RoleClient
	clientID := me.ClientID

	// Wrong passwords (the canary typed for other accounts), until lockout.
	for i := 0; i < 6; i++ {
		p.browser().post("/login", url.Values{"email": {"client1@example.test"}, "password": {password}})
	}
	p.browser().post("/login", url.Values{"email": {password}, "password": {password}})
	cl := p.browser()
	if res := cl.post("/login", url.Values{"email": {"canary@example.test"}, "password": {password}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in with the canary password: %d", res.StatusCode)
	}
	clin := p.signedIn("clin1@example.test")

	id := p.assign(p.clin1, me, "worksheet", "after-intimacy-reflection")
	path := fmt.Sprintf("/me/assignments/%d", id)
	v, key := formState(t, cl.get(path).Body)
	// Validation failure, save, conflict, autosave, oversized body, submit.
	cl.post(path, url.Values{"what_helped": {reflection}, "mood_before": {reflection}, "action": {"submit"}, "version": {v}, "submission_key": {key}})
	cl.post(path, url.Values{"what_helped": {reflection}, "action": {"save"}, "version": {v}})
	cl.post(path, url.Values{"what_helped": {reflection + " conflict"}, "action": {"save"}, "version": {v}})
	cl.post(path, url.Values{"what_helped": {reflection + " autosave"}, "action": {"autosave"}, "version": {"99"}})
	cl.post(path, url.Values{"what_helped": {reflection + strings.Repeat(" x", 1<<19)}, "action": {"save"}})
	body, _ := json.Marshal(map[string]any{"answers": map[string]any{"what_helped": reflection, "mood_before": reflection}, "version": 1, "action": "submit", "submission_key": "k-" + reflection})
	cl.api(http.MethodPut, fmt.Sprintf("/api/v1/me/assignments/%d/response", id), string(body))
	cl.api(http.MethodPut, fmt.Sprintf("/api/v1/me/assignments/%d/response", id), `{"answers": {"what_helped": "`+reflection+`"`) // broken JSON
	v, key = formState(t, cl.get(path).Body)
	form := reflectionForm("9")
	form.Set("what_helped", reflection)
	form.Set("version", v)
	form.Set("submission_key", key)
	form.Set("action", "submit")
	if res := cl.post(path, form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", res.StatusCode)
	}
	// Comments: too long, then fine, both ways.
	cpath := fmt.Sprintf("/clinician/assignments/%d/comments", id)
	clin.post(cpath, url.Values{"body": {comment + strings.Repeat("!", 5000)}})
	clin.post(cpath, url.Values{"body": {comment}})
	cl.post(path+"/comments", url.Values{"body": {comment}})
	// Reads, printouts, and a page over a ciphertext that no longer opens.
	clin.get(fmt.Sprintf("/clinician/assignments/%d", id))
	clin.get(fmt.Sprintf("/handouts/assignments/%d.pdf", id))
	clin.get(fmt.Sprintf("/clinician/clients/%d", clientID))
	other := p.assign(p.clin1, me, "worksheet", "after-intimacy-reflection")
	if _, err := p.app.Assignments.Save(ctx, me, other, map[string]any{"what_helped": "x"}, 0); err != nil {
		t.Fatal(err)
	}
	p.app.DB.Gorm.Exec(`UPDATE responses SET answers_sealed = (SELECT answers_sealed FROM responses WHERE assignment_id = ?) WHERE assignment_id = ?`, id, other)
	if res := cl.get(fmt.Sprintf("/me/assignments/%d", other)); res.StatusCode != http.StatusInternalServerError {
		t.Fatalf("a page over a moved ciphertext: %d", res.StatusCode)
	}
	// Queries and paths are not logged either.
	clin.get("/library/modules?q=" + url.QueryEscape(reflection))
	clin.get("/nowhere/" + url.PathEscape(comment))

	logs := p.logs()
	if !strings.Contains(logs, "route=/login") || !strings.Contains(logs, "level=ERROR") {
		t.Fatalf("the log did not capture the run (no sign-in or error lines):\n%s", logs)
	}
	for name, canary := range map[string]string{"reflection": reflection, "comment": comment, "password": password} {
		token := strings.Fields(canary)[0]
		if strings.Contains(strings.ToLower(logs), strings.ToLower(token)) {
			t.Errorf("the %s canary %q is in the log", name, token)
		}
	}
	if t.Failed() {
		t.Logf("log:\n%s", logs)
	}
}
