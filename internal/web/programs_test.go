package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/program"
)

// program gives clin a two-step program of their own and starts it for cl.
func (p *practice) program(clin, cl auth.Actor) (programID, runID int64) {
	p.t.Helper()
	ctx := context.Background()
	id, err := p.app.Programs.Create(ctx, clin, program.Draft{Title: "Two steps", Steps: []program.Step{
		{Kind: "module", Slug: "what-is-aftercare", Rule: program.RuleStart},
		{Kind: "worksheet", Slug: "aftercare-plan", Rule: program.RuleAfterDays, Days: 7},
	}})
	if err != nil {
		p.t.Fatal(err)
	}
	runs, err := p.app.Programs.Assign(ctx, clin, id, program.Target{ClientID: cl.ClientID}, "")
	if err != nil {
		p.t.Fatal(err)
	}
	return id, runs[0]
}

func TestPrograms_OtherCliniciansIDsAnswer404(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	prog, run := p.program(p.clin2, p.client2)
	ws := p.assign(p.clin2, p.client2, "worksheet", "after-intimacy-reflection")
	clin1 := p.signedIn("clin1@example.test")
	cases := []struct{ method, path string }{
		{"GET", fmt.Sprintf("/clinician/programs/%d", prog)},
		{"POST", fmt.Sprintf("/clinician/programs/%d", prog)},
		{"POST", fmt.Sprintf("/clinician/programs/%d/assign", prog)},
		{"POST", fmt.Sprintf("/clinician/program-runs/%d", run)},
		{"POST", fmt.Sprintf("/clinician/clients/%d/reminders", p.client2.ClientID)},
		{"POST", fmt.Sprintf("/clinician/assignments/%d/stop-repeat", ws)},
	}
	for _, tc := range cases {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			var res response
			if tc.method == "GET" {
				res = clin1.get(tc.path)
			} else {
				res = clin1.post(tc.path, url.Values{"title": {"Mine now"}, "step_1_item": {"module:what-is-aftercare"}, "step_1_rule": {"start"},
					"to": {fmt.Sprintf("client:%d", p.client1.ClientID)}, "action": {"stop"}, "enabled": {"on"}})
			}
			if res.StatusCode != http.StatusNotFound {
				t.Fatalf("status %d, want 404", res.StatusCode)
			}
		})
	}
	// A program of clin1's cannot be given to clin2's client either.
	mine, _ := p.program(p.clin1, p.client1)
	res := clin1.post(fmt.Sprintf("/clinician/programs/%d/assign", mine), url.Values{"to": {fmt.Sprintf("client:%d", p.client2.ClientID)}})
	if res.StatusCode != http.StatusNotFound {
		t.Fatalf("assign to another clinician's client: %d, want 404", res.StatusCode)
	}
	var status string
	p.app.DB.Gorm.Raw(`SELECT status FROM program_runs WHERE id = ?`, run).Scan(&status)
	var on bool
	p.app.DB.Gorm.Raw(`SELECT reminders_enabled FROM clients WHERE id = ?`, p.client2.ClientID).Scan(&on)
	if status != "running" || on {
		t.Fatalf("someone else's records changed: run %s, reminders %v", status, on)
	}
}

func TestPrograms_ComposeAssignAndClientSeesProgress(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	clin := p.signedIn("clin1@example.test")
	list := clin.get("/clinician/programs")
	for _, title := range []string{"Aftercare basics (4 weeks)", "Planning aftercare together (couples, 3 weeks)", "After feeling low: weekly check-ins (6 weeks)"} {
		if !strings.Contains(list.Body, title) {
			t.Fatalf("programs page lacks the built-in %q", title)
		}
	}
	if res := clin.get("/clinician/programs/new"); res.StatusCode != http.StatusOK {
		t.Fatalf("new: %d", res.StatusCode)
	}
	// A bad step keeps what was typed and says what is wrong.
	bad := clin.post("/clinician/programs", url.Values{"title": {"Three weeks"}, "step_1_item": {"module:what-is-aftercare"}, "step_1_rule": {"after_days"},
		"step_1_days": {"0"}, "step_1_note": {"Read this first"}})
	if bad.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(bad.Body, "Read this first") || !strings.Contains(bad.Body, "how many days after the start") {
		t.Fatalf("bad step: %d", bad.StatusCode)
	}
	res := clin.post("/clinician/programs", url.Values{"title": {"Three weeks"},
		"step_1_item": {"module:what-is-aftercare"}, "step_1_rule": {"start"},
		"step_2_item": {"worksheet:aftercare-needs-inventory"}, "step_2_rule": {"after_days"}, "step_2_days": {"7"},
		"step_3_item": {"worksheet:aftercare-plan"}, "step_3_rule": {"after_days"}, "step_3_days": {"14"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d %s", res.StatusCode, res.Body)
	}
	loc := res.Header.Get("Location")
	res = clin.post(loc+"/assign", url.Values{"to": {fmt.Sprintf("client:%d", p.client1.ClientID)}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("assign: %d", res.StatusCode)
	}
	page := clin.get(fmt.Sprintf("/clinician/clients/%d", p.client1.ClientID))
	if !strings.Contains(page.Body, "Step 1 of 3, next on") {
		t.Fatalf("client page lacks the progress line")
	}
	me := p.signedIn("client1@example.test").get("/me")
	if !strings.Contains(me.Body, "Three weeks") || !strings.Contains(me.Body, "Step 1 of 3") {
		t.Fatalf("client's page lacks the program")
	}
}

func TestReminderSwitches(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	clin := p.signedIn("clin1@example.test")
	if res := clin.post(fmt.Sprintf("/clinician/clients/%d/reminders", p.client1.ClientID), url.Values{"enabled": {"on"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("clinician switch: %d", res.StatusCode)
	}
	cl := p.signedIn("client1@example.test")
	if res := cl.post("/me/reminders", url.Values{"off": {"true"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("client switch: %d", res.StatusCode)
	}
	if res := clin.post("/clinician/digest", url.Values{"on": {"on"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("digest: %d", res.StatusCode)
	}
	var row struct {
		RemindersEnabled, RemindersOptOut, DigestOptIn bool
	}
	p.app.DB.Gorm.Raw(`SELECT c.reminders_enabled, u.reminders_opt_out, (SELECT digest_opt_in FROM users WHERE id = ?) AS digest_opt_in
		FROM clients c JOIN users u ON u.id = c.user_id WHERE c.id = ?`, p.clin1.UserID, p.client1.ClientID).Scan(&row)
	if !row.RemindersEnabled || !row.RemindersOptOut || !row.DigestOptIn {
		t.Fatalf("switches = %+v", row)
	}
	if !strings.Contains(cl.get("/me").Body, "Turn them back on") {
		t.Fatal("client's page does not show their switch as off")
	}
}

func TestAssign_WeeklyForSomeWeeks(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	clin := p.signedIn("clin1@example.test")
	path := fmt.Sprintf("/clinician/clients/%d/assignments", p.client1.ClientID)
	bad := clin.post(path, url.Values{"kind": {"worksheet"}, "slug": {"feelings-after-intimacy"}, "recurrence": {"weekly"}, "recur_count": {"six"}, "note": {"Every Sunday"}})
	if bad.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(bad.Body, "Every Sunday") || !strings.Contains(bad.Body, "number of weeks") {
		t.Fatalf("bad count: %d", bad.StatusCode)
	}
	res := clin.post(path, url.Values{"kind": {"worksheet"}, "slug": {"feelings-after-intimacy"}, "recurrence": {"weekly"}, "recur_count": {"6"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("assign: %d %s", res.StatusCode, res.Body)
	}
	var count int
	p.app.DB.Gorm.Raw(`SELECT recur_count FROM assignments WHERE client_id = ?`, p.client1.ClientID).Scan(&count)
	if count != 6 {
		t.Fatalf("recur_count = %d, want 6", count)
	}
}
