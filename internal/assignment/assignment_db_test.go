package assignment_test

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/tend-practice/tend/internal/app"
	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/testkit"
	"github.com/tend-practice/tend/internal/worksheet"
)

// These tests drive the assignment service directly, on a real PostgreSQL
// database of their own (testkit), without the web layer.

const reflection = "after-intimacy-reflection"

var reflectionAnswers = worksheet.Answers{"date": "2026-11-20", "mood_before": 5, "mood_after": 6, "distress": 1}

// Writing: a draft saves and versions, a stale version conflicts, another
// client cannot write, submitting twice with one key is one submission, and
// a submission is read back as submitted with its answers.
func TestAssignment_Write_DraftVersionsConflictsAndSubmit(t *testing.T) {
	t.Parallel()
	p := testkit.NewPractice(testkit.New(t))
	svc := p.App.Assignments
	ctx := context.Background()
	id := p.Assign(p.Clin1, p.Client1, "worksheet", reflection)

	v1, err := svc.Save(ctx, p.Client1, id, worksheet.Answers{"what_helped": "a first draft"}, 0)
	if err != nil || v1 != 1 {
		t.Fatalf("first save: version %d, %v", v1, err)
	}
	v2, err := svc.Save(ctx, p.Client1, id, worksheet.Answers{"what_helped": "a second draft"}, v1)
	if err != nil || v2 != 2 {
		t.Fatalf("second save: version %d, %v", v2, err)
	}
	if _, err := svc.Save(ctx, p.Client1, id, worksheet.Answers{"what_helped": "from a stale tab"}, v1); !errors.Is(err, assignment.ErrConflict) {
		t.Fatalf("save on a stale version: %v, want ErrConflict", err)
	}
	if _, err := svc.Save(ctx, p.Client2, id, worksheet.Answers{"what_helped": "not mine"}, v2); !errors.Is(err, assignment.ErrNotFound) {
		t.Fatalf("another client's save: %v, want ErrNotFound", err)
	}
	if _, err := svc.Save(ctx, p.Clin1, id, worksheet.Answers{"what_helped": "clinician"}, v2); !errors.Is(err, assignment.ErrNotFound) {
		t.Fatalf("a clinician's save: %v, want ErrNotFound", err)
	}
	if _, err := svc.Submit(ctx, p.Client1, id, reflectionAnswers, v2, ""); err == nil {
		t.Fatal("a submission without its key was accepted")
	}
	var ve *assignment.ValidationError
	if _, err := svc.Submit(ctx, p.Client1, id, worksheet.Answers{}, v2, "key-empty"); !errors.As(err, &ve) {
		t.Fatalf("submit with required answers missing: %v, want a ValidationError", err)
	}
	v3, err := svc.Submit(ctx, p.Client1, id, reflectionAnswers, v2, "key-1")
	if err != nil {
		t.Fatalf("submit: %v", err)
	}
	if again, err := svc.Submit(ctx, p.Client1, id, reflectionAnswers, v2, "key-1"); err != nil || again != v3 {
		t.Fatalf("the same submission resent: version %d, %v; want %d, nil", again, err, v3)
	}
	a, err := svc.Get(ctx, p.Client1, id)
	if err != nil || a.Status != assignment.StatusSubmitted {
		t.Fatalf("after submit: %+v %v", a, err)
	}
	r, err := svc.Response(ctx, p.Clin1, a)
	if err != nil || r.Answers.Text("date") != "2026-11-20" {
		t.Fatalf("the clinician reads the submission: %+v %v", r.Answers, err)
	}
	if _, err := svc.Get(ctx, p.Clin2, id); !errors.Is(err, assignment.ErrNotFound) {
		t.Fatalf("another clinician's Get: %v, want ErrNotFound", err)
	}
}

// Scheduling: a weekly series releases its next copy once the newest copy's
// due date has passed, marks an undone copy missed, releases nothing twice,
// and ends after its count.
func TestAssignment_WeeklyRepeats_ReleaseMissAndCount(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) // a Monday
	clk := testkit.NewClock(now)
	p := testkit.NewPractice(testkit.New(t, testkit.WithClock(clk.Now)))
	svc := p.App.Assignments
	ctx := context.Background()
	first := p.AssignNew(p.Clin1, p.Client1, assignment.New{Kind: "worksheet", Slug: reflection,
		DueOn: "2026-03-04", Recurrence: assignment.RecurWeekly, RecurCount: 2})

	if rep, err := svc.ReleaseRepeats(ctx); err != nil || rep.Released != 0 {
		t.Fatalf("before the due date: %+v %v", rep, err)
	}
	clk.Set(now.AddDate(0, 0, 3)) // Thursday, the day after the first copy was due
	rep, err := svc.ReleaseRepeats(ctx)
	if err != nil || rep.Released != 1 || rep.Missed != 1 {
		t.Fatalf("after the due date: %+v %v, want one released, one missed", rep, err)
	}
	if rep, err := svc.ReleaseRepeats(ctx); err != nil || rep.Released+rep.Missed != 0 {
		t.Fatalf("a second pass: %+v %v, want nothing", rep, err)
	}
	list, err := svc.AllForClient(ctx, p.Clin1, p.Client1.ClientID)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[int64]assignment.Assignment{}
	var next assignment.Assignment
	for _, a := range list {
		byID[a.ID] = a
		if a.PreviousID != nil && *a.PreviousID == first {
			next = a
		}
	}
	if byID[first].Status != assignment.StatusMissed {
		t.Errorf("the undone first copy: status %q, want missed", byID[first].Status)
	}
	if next.ID == 0 || next.DueOn == nil || next.DueOn.Format("2006-01-02") != "2026-03-11" || next.Status != assignment.StatusAssigned {
		t.Fatalf("the next copy: %+v", next)
	}
	// The count is two: after the second copy's date nothing more comes.
	clk.Set(now.AddDate(0, 0, 30))
	if rep, err := svc.ReleaseRepeats(ctx); err != nil || rep.Released != 0 {
		t.Fatalf("after the count: %+v %v, want none released", rep, err)
	}
}

// Re-sealing: answers and comments written under the session key are
// sealed again under a new data key by RotateKeys, read the same, and a
// second rotation has nothing to do.
func TestAssignment_RotateKeys_ResealsAndReadsTheSame(t *testing.T) {
	t.Parallel()
	k := testkit.New(t)
	p := testkit.NewPractice(k)
	ctx := context.Background()
	id := p.Assign(p.Clin1, p.Client1, "worksheet", reflection)
	if _, err := p.App.Assignments.Save(ctx, p.Client1, id, worksheet.Answers{"what_helped": "sealed at rest"}, 0); err != nil {
		t.Fatal(err)
	}
	if err := p.App.Assignments.AddComment(ctx, p.Clin1, id, "", "a sealed comment", false); err != nil {
		t.Fatal(err)
	}
	if rep, err := p.App.SealExisting(ctx); err != nil || rep.Responses+rep.Comments != 0 {
		t.Fatalf("SealExisting with everything sealed on write: %+v %v", rep, err)
	}
	raw := make([]byte, 32)
	for i := range raw {
		raw[i] = 0x42
	}
	withKey := fmt.Sprintf("7:%s", base64.StdEncoding.EncodeToString(raw))
	cfg := testkit.Config()
	cfg.DataKeys = withKey
	a2, err := app.New(ctx, cfg, k.DB, k.App.Log, app.Options{})
	if err != nil {
		t.Fatalf("app with data key 7: %v", err)
	}
	rep, err := a2.RotateKeys(ctx)
	if err != nil || rep.Responses != 1 || rep.Comments != 1 || rep.Remaining != 0 {
		t.Fatalf("rotate to key 7: %+v %v", rep, err)
	}
	var keyIDs []int // the key id is the sealed value's second byte
	if err := k.DB.Gorm.Raw(`SELECT DISTINCT get_byte(v, 1) FROM (SELECT answers_sealed AS v FROM responses
		UNION ALL SELECT body_sealed FROM comments) s WHERE v IS NOT NULL`).Scan(&keyIDs).Error; err != nil {
		t.Fatal(err)
	}
	if len(keyIDs) != 1 || keyIDs[0] != 7 {
		t.Fatalf("sealed values' key ids after rotation: %v, want [7]", keyIDs)
	}
	if rep, err := a2.RotateKeys(ctx); err != nil || rep.Responses+rep.Comments != 0 {
		t.Fatalf("a second rotation: %+v %v, want nothing to do", rep, err)
	}
	as, err := a2.Assignments.Get(ctx, p.Client1, id)
	if err != nil {
		t.Fatal(err)
	}
	r, err := a2.Assignments.Response(ctx, p.Client1, as)
	if err != nil || r.Answers.Text("what_helped") != "sealed at rest" {
		t.Fatalf("answers after rotation: %v %v", r.Answers, err)
	}
	cs, err := a2.Assignments.Comments(ctx, p.Client1, as)
	if err != nil || len(cs) != 1 || cs[0].Body != "a sealed comment" {
		t.Fatalf("comments after rotation: %+v %v", cs, err)
	}
}
