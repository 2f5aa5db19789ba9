package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tend-practice/tend/internal/auth"
	practicepkg "github.com/tend-practice/tend/internal/practice"
	"github.com/tend-practice/tend/internal/worksheet"
)

// closedFile gives a clinician's client a submitted, commented worksheet and
// closes the file through the page.
func closedFile(t *testing.T, p *practice, clin auth.Actor, client auth.Actor, email string) int64 {
	t.Helper()
	ctx := context.Background()
	ws := p.assign(clin, client, "worksheet", "after-intimacy-reflection")
	ans := worksheet.Answers{"date": "2026-11-20", "mood_before": 4, "mood_after": 7, "distress": 3, "what_helped": "kept until the date"}
	if _, err := p.app.Assignments.Submit(ctx, client, ws, ans, 0, fmt.Sprint(ws)); err != nil {
		t.Fatal(err)
	}
	if err := p.app.Assignments.AddComment(ctx, clin, ws, "", "noted", false); err != nil {
		t.Fatal(err)
	}
	b := p.signedIn(email)
	page := fmt.Sprintf("/clinician/clients/%d", client.ClientID)
	if res := b.post(page+"/close", url.Values{"reason": {""}}); res.StatusCode != http.StatusSeeOther || p.count("clients", "id = ? AND closed_at IS NOT NULL", client.ClientID) != 0 {
		t.Fatalf("closing without a reason was accepted")
	}
	if res := b.post(page+"/close", url.Values{"reason": {"Therapy ended"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("close file: %d", res.StatusCode)
	}
	if p.count("clients", "id = ? AND closed_at IS NOT NULL AND closed_reason = 'Therapy ended'", client.ClientID) != 1 {
		t.Fatal("file not closed")
	}
	return ws
}

func TestRetention_DeletesOnlyPastItsDateAndNotOnHoldAndAudits(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	ctx := context.Background()
	p.user(auth.RoleAdmin, "admin@example.test")
	third := p.clientWithAccount(p.clin1, "Kai", "client3@example.test")
	gone := closedFile(t, p, p.clin1, p.client1, "clin1@example.test")
	held := closedFile(t, p, p.clin1, third, "clin1@example.test")
	open := p.assign(p.clin2, p.client2, "worksheet", "after-intimacy-reflection")
	if _, err := p.app.Assignments.Submit(ctx, p.client2, open, worksheet.Answers{"date": "2026-11-20", "mood_before": 4, "mood_after": 7, "distress": 3}, 0, "o"); err != nil {
		t.Fatal(err)
	}
	// Another clinician cannot close or reopen this clinician's files.
	if res := p.signedIn("clin2@example.test").post(fmt.Sprintf("/clinician/clients/%d/reopen", p.client1.ClientID), nil); res.StatusCode != http.StatusNotFound {
		t.Fatalf("another clinician reopening a file: %d, want 404", res.StatusCode)
	}
	admin := p.signedIn("admin@example.test")
	if res := admin.post(fmt.Sprintf("/admin/files/%d/hold", p.client2.ClientID), url.Values{"hold": {"true"}, "reason": {"x"}}); res.StatusCode != http.StatusNotFound {
		t.Fatalf("hold on an open file: %d, want 404", res.StatusCode)
	}
	if res := admin.post(fmt.Sprintf("/admin/files/%d/hold", third.ClientID), url.Values{"hold": {"true"}, "reason": {"Records request from a court"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("place hold: %d", res.StatusCode)
	}
	settings := admin.get("/admin/settings")
	if settings.StatusCode != http.StatusOK || !strings.Contains(settings.Body, "Not while held") || !strings.Contains(settings.Body, `value="7"`) {
		t.Fatalf("settings page: %d\n%s", settings.StatusCode, settings.Body)
	}

	responsesOf := func(id int64) int64 { return p.count("responses", "assignment_id = ?", id) }
	now := time.Now()
	// The day before seven years have passed: nothing goes.
	rep, err := p.app.Retention.Run(ctx, now.AddDate(7, 0, -1))
	if err != nil || len(rep.Files) != 0 || responsesOf(gone) != 1 {
		t.Fatalf("run before the date: %+v %v; responses left %d", rep, err, responsesOf(gone))
	}
	// Past the date: the closed file goes, the held one and the open one stay.
	later := now.AddDate(7, 0, 1)
	rep, err = p.app.Retention.Run(ctx, later)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Files) != 1 || rep.Files[0].ClientID != p.client1.ClientID || rep.Files[0].Responses != 1 || rep.Files[0].Comments != 1 {
		t.Fatalf("run after the date: %+v", rep)
	}
	if responsesOf(gone) != 0 || p.count("comments", "assignment_id = ?", gone) != 0 {
		t.Fatal("closed file's reflections still there")
	}
	if responsesOf(held) != 1 || responsesOf(open) != 1 {
		t.Fatalf("held file (%d) or open file (%d) lost its reflections", responsesOf(held), responsesOf(open))
	}
	if n := p.count("audit_events", "action = ? AND client_id = ? AND detail LIKE ?", "retention_deleted", p.client1.ClientID, "deleted 1 responses, 1 comments%"); n != 1 {
		t.Fatalf("%d audit entries saying what was deleted, want 1", n)
	}
	// Idempotent: a second run finds nothing more.
	if rep, err := p.app.Retention.Run(ctx, later); err != nil || len(rep.Files) != 0 {
		t.Fatalf("second run: %+v %v", rep, err)
	}
	// Lifting the hold lets the next run delete the held file too.
	if res := admin.post(fmt.Sprintf("/admin/files/%d/hold", third.ClientID), url.Values{"hold": {"false"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("lift hold: %d", res.StatusCode)
	}
	if rep, err := p.app.Retention.Run(ctx, later); err != nil || len(rep.Files) != 1 || responsesOf(held) != 0 {
		t.Fatalf("run after lifting the hold: %+v %v", rep, err)
	}
}

func TestRetention_PeriodIsThePracticeSetting(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	ctx := context.Background()
	p.user(auth.RoleAdmin, "admin@example.test")
	ws := closedFile(t, p, p.clin1, p.client1, "clin1@example.test")
	admin := p.signedIn("admin@example.test")
	if res := admin.post("/admin/settings", url.Values{"time_zone": {"Europe/Athens"}, "retention_years": {"0"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("0 years accepted: %d", res.StatusCode)
	}
	if res := admin.post("/admin/settings", url.Values{"time_zone": {"Nowhere/City"}, "retention_years": {"2"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("unknown time zone accepted: %d", res.StatusCode)
	}
	if res := admin.post("/admin/settings", url.Values{"time_zone": {"Europe/Athens"}, "retention_years": {"2"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save settings: %d", res.StatusCode)
	}
	st, _ := p.app.Practice.Settings(ctx)
	if st.RetentionYears != 2 || st.TimeZone != "Europe/Athens" {
		t.Fatalf("settings %+v", st)
	}
	if rep, _ := p.app.Retention.Run(ctx, time.Now().AddDate(1, 11, 0)); len(rep.Files) != 0 {
		t.Fatal("deleted before two years")
	}
	if rep, _ := p.app.Retention.Run(ctx, time.Now().AddDate(2, 0, 1)); len(rep.Files) != 1 || p.count("responses", "assignment_id = ?", ws) != 0 {
		t.Fatal("not deleted after two years")
	}
}

func TestPracticeExport_RoundTripsCountsMatch(t *testing.T) {
	t.Parallel()
	p, _, wsID := exportPractice(t)
	p.user(auth.RoleAdmin, "admin@example.test")
	if res := p.signedIn("clin1@example.test").get("/admin/export"); res.StatusCode != http.StatusForbidden {
		t.Fatalf("clinician practice export: %d", res.StatusCode)
	}
	res := p.signedIn("admin@example.test").get("/admin/export")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Disposition"), `attachment; filename="practice-`) {
		t.Fatalf("practice export: %d %v", res.StatusCode, res.Header)
	}
	recs, err := practicepkg.ReadExport(bytes.NewReader([]byte(res.Body)))
	if err != nil {
		t.Fatalf("read export back: %v", err)
	}
	for typ, table := range map[string]string{"user": "users", "client": "clients", "assignment": "assignments",
		"response": "responses", "comment": "comments"} {
		if got, want := int64(len(recs[typ])), p.count(table, "true"); got != want {
			t.Errorf("%s: %d in the export, %d in the database", typ, got, want)
		}
	}
	// The export's own audit entry is written before the export starts.
	if got, want := int64(len(recs["audit_event"])), p.count("audit_events", "true"); got != want {
		t.Errorf("audit events: %d in the export, %d in the database", got, want)
	}
	if strings.Contains(res.Body, "argon2") || strings.Contains(res.Body, "password_hash") {
		t.Fatal("practice export holds password hashes")
	}
	var found bool
	for _, raw := range recs["response"] {
		var r struct {
			AssignmentID int64          `json:"assignment_id"`
			Answers      map[string]any `json:"answers"`
		}
		if err := json.Unmarshal(raw, &r); err != nil {
			t.Fatal(err)
		}
		if r.AssignmentID == wsID && r.Answers["what_helped"] == "MY-OWN-ANSWER" {
			found = true
		}
	}
	if !found {
		t.Fatal("the export does not hold the (unsealed) answers")
	}
	if !strings.Contains(res.Body, "PRIVATE-NOTE-ONLY") {
		t.Fatal("the export does not hold the (unsealed) comments")
	}
	if p.count("audit_events", "action = ?", "practice_exported") != 1 {
		t.Fatal("practice export not audited")
	}
}
