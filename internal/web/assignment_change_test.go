package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tend-practice/tend/internal/app"
	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/clock"
	"github.com/tend-practice/tend/internal/worksheet"
)

func TestAssignmentChange_DueDateAndNote_OwnerOnly(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	id := p.assign(p.clin1, p.client1, "worksheet", "after-intimacy-reflection")
	path := fmt.Sprintf("/clinician/assignments/%d", id)
	// Another clinician: 404 and nothing changes.
	other := p.signedIn("clin2@example.test")
	for _, r := range []string{"/change", "/withdraw", "/restore", "/stop-repeat"} {
		if res := other.post(path+r, url.Values{"due_on": {"2030-01-02"}, "note": {"THEIRS"}, "confirm": {"yes"}}); res.StatusCode != http.StatusNotFound {
			t.Errorf("another clinician's %s: %d, want 404", r, res.StatusCode)
		}
	}
	if a, _ := p.app.Assignments.Get(context.Background(), p.clin1, id); a.Note != "" || a.DueOn != nil || a.WithdrawnAt != nil {
		t.Fatalf("another clinician changed it: %+v", a)
	}
	clin := p.signedIn("clin1@example.test")
	res := clin.post(path+"/change", url.Values{"due_on": {"2030-01-02"}, "note": {"Take your time with this one."}, "back": {"reflection"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != path {
		t.Fatalf("change: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	a, _ := p.app.Assignments.Get(context.Background(), p.clin1, id)
	if a.Note != "Take your time with this one." || a.DueOn == nil || a.DueOn.Format("2006-01-02") != "2030-01-02" {
		t.Fatalf("after change: note %q due %v", a.Note, a.DueOn)
	}
	// The client sees the new note and date; the timeline shows the note.
	if me := p.signedIn("client1@example.test").get("/me").Body; !strings.Contains(me, "Take your time with this one.") || !strings.Contains(me, "2 Jan 2030") {
		t.Error("the client does not see the changed note and due date")
	}
	if page := clin.get(fmt.Sprintf("/clinician/clients/%d", p.client1.ClientID)).Body; !strings.Contains(page, "Take your time with this one.") {
		t.Error("the timeline does not show the note")
	}
	// Bad input: a clear message, nothing changed.
	res = clin.post(path+"/change", url.Values{"due_on": {"next tuesday"}, "note": {"lost?"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("bad date: %d", res.StatusCode)
	}
	if a, _ := p.app.Assignments.Get(context.Background(), p.clin1, id); a.Note != "Take your time with this one." {
		t.Error("a bad date still changed the note")
	}
	if page := clin.get(res.Header.Get("Location")).Body; !strings.Contains(page, "Please use a date like") {
		t.Error("no message for a bad date")
	}
}

func TestAssignmentWithdraw_ConfirmHideKeepUndo(t *testing.T) {
	t.Parallel()
	// The clock runs as the wall clock until the test moves it past the undo window.
	clk := clock.NewOffset(nil)
	p := practiceOn(newHarnessOpts(t, app.Options{Now: clk.Now}))
	ctx := context.Background()
	id := p.assign(p.clin1, p.client1, "worksheet", "after-intimacy-reflection")
	// The client starts it: a draft.
	if _, err := p.app.Assignments.Save(ctx, p.client1, id, worksheet.Answers{"what_helped": "DRAFT-KEPT"}, 0); err != nil {
		t.Fatal(err)
	}
	clin := p.signedIn("clin1@example.test")
	cl := p.signedIn("client1@example.test")
	path := fmt.Sprintf("/clinician/assignments/%d", id)
	// Without confirmation: a question, nothing withdrawn.
	if res := clin.post(path+"/withdraw", nil); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Yes, withdraw it") {
		t.Fatalf("withdraw without confirm: %d", res.StatusCode)
	}
	if cl.get(fmt.Sprintf("/me/assignments/%d", id)).StatusCode != http.StatusOK {
		t.Fatal("withdrawn without confirmation")
	}
	res := clin.post(path+"/withdraw", url.Values{"confirm": {"yes"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("withdraw: %d", res.StatusCode)
	}
	// Gone for the client: list, page, API, submit.
	if res := cl.get(fmt.Sprintf("/me/assignments/%d", id)); res.StatusCode != http.StatusNotFound {
		t.Errorf("client opens withdrawn work: %d", res.StatusCode)
	}
	if strings.Contains(cl.get("/me").Body, fmt.Sprintf("/me/assignments/%d", id)) {
		t.Error("withdrawn work still on the client's list")
	}
	if res := cl.get(fmt.Sprintf("/api/v1/me/assignments/%d", id)); res.StatusCode != http.StatusNotFound {
		t.Errorf("client API opens withdrawn work: %d", res.StatusCode)
	}
	// Kept for the clinician, with an undo on the client's page; audited.
	page := clin.get(res.Header.Get("Location")).Body
	if !strings.Contains(page, fmt.Sprintf(`action="/clinician/assignments/%d/restore"`, id)) || !strings.Contains(page, "Withdrawn") {
		t.Fatal("the client page offers no undo")
	}
	var audited int64
	p.app.DB.Gorm.Table("audit_events").Where("object_type = 'assignment' AND object_id = ? AND detail = 'withdrawn'", id).Count(&audited)
	if audited != 1 {
		t.Errorf("withdrawal audited %d times, want 1", audited)
	}
	// The client is not told while the undo is possible.
	if strings.Contains(cl.get("/me").Body, "no longer on your list") {
		t.Error("the client is told before the undo window has passed")
	}
	// Undo.
	if res := clin.post(path+"/restore", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("undo: %d", res.StatusCode)
	}
	mine := cl.get(fmt.Sprintf("/me/assignments/%d", id))
	if mine.StatusCode != http.StatusOK || !strings.Contains(mine.Body, "DRAFT-KEPT") {
		t.Fatalf("after undo the client lacks the work or the draft: %d", mine.StatusCode)
	}
	// Withdraw again and let the undo window pass: too late to undo, and
	// the client is told once, discreetly (no title).
	clin.post(path+"/withdraw", url.Values{"confirm": {"yes"}})
	clk.Advance(assignment.UndoWindow + time.Minute)
	res = clin.post(path+"/restore", nil)
	if page := clin.get(res.Header.Get("Location")).Body; !strings.Contains(page, "too late to undo") {
		t.Error("a late undo is not refused with a message")
	}
	home := cl.get("/me").Body
	if !strings.Contains(home, "no longer on your list") || strings.Contains(home, "After intimacy") {
		t.Errorf("the client is not told discreetly:\n%s", home)
	}
	if strings.Contains(cl.get("/me").Body, "no longer on your list") {
		t.Error("the client is told twice")
	}
	// The answers are kept.
	var n int64
	p.app.DB.Gorm.Table("responses").Where("assignment_id = ?", id).Count(&n)
	if n != 1 {
		t.Error("the response was not kept")
	}
}

func TestAssignmentStopRepeat_NothingMoreIsReleased(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	ctx := context.Background()
	ids, err := p.app.Assignments.Assign(ctx, p.clin1, p.client1.ClientID, []assignment.New{{Kind: "worksheet", Slug: "after-intimacy-reflection", Recurrence: "after_submit"}})
	if err != nil {
		t.Fatal(err)
	}
	clin := p.signedIn("clin1@example.test")
	if res := clin.post(fmt.Sprintf("/clinician/assignments/%d/stop-repeat", ids[0]), nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("stop repeat: %d", res.StatusCode)
	}
	ans := worksheet.Answers{"date": "2026-11-20", "mood_before": 5, "mood_after": 6, "distress": 1}
	if _, err := p.app.Assignments.Submit(ctx, p.client1, ids[0], ans, 0, "k1"); err != nil {
		t.Fatal(err)
	}
	list, _ := p.app.Assignments.ForClient(ctx, p.client1, 0)
	if len(list) != 1 {
		t.Fatalf("a stopped repeat released another copy: %d assignments", len(list))
	}
	// A withdrawn weekly series releases nothing either (the schedule skips it).
	week, err := p.app.Assignments.Assign(ctx, p.clin1, p.client1.ClientID, []assignment.New{{Kind: "worksheet", Slug: "after-intimacy-reflection", Recurrence: "weekly", DueOn: "2020-01-01"}})
	if err != nil {
		t.Fatal(err)
	}
	if res := clin.post(fmt.Sprintf("/clinician/assignments/%d/withdraw", week[0]), url.Values{"confirm": {"yes"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("withdraw: %d", res.StatusCode)
	}
	if rep, err := p.app.Assignments.ReleaseRepeats(ctx); err != nil || rep.Released != 0 {
		t.Fatalf("a withdrawn weekly series released %+v (%v)", rep, err)
	}
	// A weekly copy shows its place in the series.
	if _, err := p.app.Assignments.Assign(ctx, p.clin1, p.client1.ClientID, []assignment.New{{Kind: "worksheet", Slug: "after-intimacy-reflection", Recurrence: "weekly", RecurCount: 6}}); err != nil {
		t.Fatal(err)
	}
	if page := clin.get(fmt.Sprintf("/clinician/clients/%d", p.client1.ClientID)).Body; !strings.Contains(page, "weekly · 1st of 6") {
		t.Error("the timeline does not show the series (weekly · 1st of 6)")
	}
}
