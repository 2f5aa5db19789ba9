package app_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/tend-practice/tend/internal/client"
	"github.com/tend-practice/tend/internal/program"
)

func threeSteps() program.Draft {
	return program.Draft{Title: "Three steps", Steps: []program.Step{
		{Kind: "module", Slug: "what-is-aftercare", Rule: program.RuleStart},
		{Kind: "worksheet", Slug: "aftercare-needs-inventory", Rule: program.RuleAfterDays, Days: 7},
		{Kind: "worksheet", Slug: "aftercare-plan", Rule: program.RuleAfterPrevious, Days: 2},
	}}
}

func (p *practice) stepStates(t *testing.T, runID int64) []string {
	t.Helper()
	run, err := p.a.Programs.RunFor(context.Background(), p.clin, runID)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, s := range run.Steps {
		out = append(out, s.State)
	}
	return out
}

func (p *practice) at(t *testing.T, days int) {
	t.Helper()
	p.clock.Set(day(monday, days, 9, 0))
	p.tick(t)
}

func eq(a []string, b ...string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestProgram_ReleasesEachStepOnItsRule(t *testing.T) {
	p := newPractice(t, monday)
	ctx := context.Background()
	id, err := p.a.Programs.Create(ctx, p.clin, threeSteps())
	if err != nil {
		t.Fatal(err)
	}
	runs, err := p.a.Programs.Assign(ctx, p.clin, id, program.Target{ClientID: p.client.ClientID}, "")
	if err != nil {
		t.Fatal(err)
	}
	run := runs[0]
	if got := p.stepStates(t, run); !eq(got, "released", "pending", "pending") {
		t.Fatalf("at the start: %v", got)
	}
	p.at(t, 6)
	if got := p.stepStates(t, run); !eq(got, "released", "pending", "pending") {
		t.Fatalf("day 6: %v", got)
	}
	p.at(t, 7)
	p.tick(t)
	if got := p.stepStates(t, run); !eq(got, "released", "released", "pending") {
		t.Fatalf("day 7: %v", got)
	}
	p.at(t, 20) // step 3 waits for step 2 to be done
	if got := p.stepStates(t, run); !eq(got, "released", "released", "pending") {
		t.Fatalf("step 2 not done: %v", got)
	}
	r, _ := p.a.Programs.RunFor(ctx, p.clin, run)
	p.exec(t, `UPDATE assignments SET status = 'submitted', submitted_at = ? WHERE id = ?`, day(monday, 21, 9, 0), *r.Steps[1].AssignmentID)
	p.at(t, 22)
	if got := p.stepStates(t, run); !eq(got, "released", "released", "pending") {
		t.Fatalf("one day after step 2 was done: %v", got)
	}
	p.at(t, 23)
	if got := p.stepStates(t, run); !eq(got, "released", "released", "released") {
		t.Fatalf("two days after step 2 was done: %v", got)
	}
	var n int64
	p.db.Gorm.Raw(`SELECT count(*) FROM assignments WHERE client_id = ?`, p.client.ClientID).Scan(&n)
	if n != 3 {
		t.Fatalf("%d assignments, want 3 (one per step, none twice)", n)
	}
	r, _ = p.a.Programs.RunFor(ctx, p.clin, run)
	if r.Status != program.StatusDone {
		t.Fatalf("status %q, want done", r.Status)
	}
}

func TestProgram_PauseResumeSkipStop(t *testing.T) {
	p := newPractice(t, monday)
	ctx := context.Background()
	d := threeSteps()
	d.Steps = append(d.Steps, program.Step{Kind: "worksheet", Slug: "feelings-after-intimacy", Rule: program.RuleAfterDays, Days: 30})
	id, err := p.a.Programs.Create(ctx, p.clin, d)
	if err != nil {
		t.Fatal(err)
	}
	runs, err := p.a.Programs.Assign(ctx, p.clin, id, program.Target{ClientID: p.client.ClientID}, "")
	if err != nil {
		t.Fatal(err)
	}
	run := runs[0]
	// Paused on day 2 for 5 days: step 2 (day 7) moves to day 12.
	p.clock.Set(day(monday, 2, 9, 0))
	if err := p.a.Programs.Control(ctx, p.clin, run, program.ActionPause, 0); err != nil {
		t.Fatal(err)
	}
	p.at(t, 8)
	if got := p.stepStates(t, run); !eq(got, "released", "pending", "pending", "pending") {
		t.Fatalf("paused: %v", got)
	}
	p.clock.Set(day(monday, 7, 9, 0))
	if err := p.a.Programs.Control(ctx, p.clin, run, program.ActionResume, 0); err != nil {
		t.Fatal(err)
	}
	p.at(t, 11)
	if got := p.stepStates(t, run); !eq(got, "released", "pending", "pending", "pending") {
		t.Fatalf("day 11 after a 5-day pause: %v", got)
	}
	p.at(t, 12)
	if got := p.stepStates(t, run); !eq(got, "released", "released", "pending", "pending") {
		t.Fatalf("day 12: %v", got)
	}
	// Skipping step 3 counts as done for what follows it.
	if err := p.a.Programs.Control(ctx, p.clin, run, program.ActionSkip, 3); err != nil {
		t.Fatal(err)
	}
	if got := p.stepStates(t, run); !eq(got, "released", "released", "skipped", "pending") {
		t.Fatalf("after skip: %v", got)
	}
	if err := p.a.Programs.Control(ctx, p.clin, run, program.ActionStop, 0); err != nil {
		t.Fatal(err)
	}
	p.at(t, 60)
	if got := p.stepStates(t, run); !eq(got, "released", "released", "skipped", "pending") {
		t.Fatalf("stopped program released: %v", got)
	}
	var ve *program.ValidationError
	if err := p.a.Programs.Control(ctx, p.clin, run, program.ActionResume, 0); !errors.As(err, &ve) {
		t.Fatalf("resume a stopped program: %v", err)
	}
}

func TestProgram_OtherCliniciansGetNotFound(t *testing.T) {
	p := newPractice(t, monday)
	ctx := context.Background()
	id, err := p.a.Programs.Create(ctx, p.clin, threeSteps())
	if err != nil {
		t.Fatal(err)
	}
	runs, err := p.a.Programs.Assign(ctx, p.clin, id, program.Target{ClientID: p.client.ClientID}, "")
	if err != nil {
		t.Fatal(err)
	}
	other, otherClient, _ := addClient(t, p.a, "other@example.test", "someone@example.test")
	if _, err := p.a.Programs.Get(ctx, other, id); !errors.Is(err, program.ErrNotFound) {
		t.Fatalf("get: %v", err)
	}
	if err := p.a.Programs.Save(ctx, other, id, threeSteps()); !errors.Is(err, program.ErrNotFound) {
		t.Fatalf("save: %v", err)
	}
	if _, err := p.a.Programs.Assign(ctx, other, id, program.Target{ClientID: otherClient.ClientID}, ""); !errors.Is(err, program.ErrNotFound) {
		t.Fatalf("assign their program: %v", err)
	}
	if err := p.a.Programs.Control(ctx, other, runs[0], program.ActionStop, 0); !errors.Is(err, program.ErrNotFound) {
		t.Fatalf("control: %v", err)
	}
	if _, err := p.a.Programs.RunFor(ctx, other, runs[0]); !errors.Is(err, program.ErrNotFound) {
		t.Fatalf("run: %v", err)
	}
	list, err := p.a.Programs.List(ctx, other)
	if err != nil {
		t.Fatal(err)
	}
	for _, pr := range list {
		if pr.ID == id {
			t.Fatal("another clinician's list shows the program")
		}
	}
	if len(list) != 3 {
		t.Fatalf("other clinician sees %d programs, want the 3 built-ins", len(list))
	}
	// A built-in program is assignable to one's own client, not to another's.
	if _, err := p.a.Programs.Assign(ctx, other, list[0].ID, program.Target{ClientID: p.client.ClientID}, ""); !errors.Is(err, program.ErrNotFound) {
		t.Fatalf("assign to someone else's client: %v", err)
	}
}

func TestProgram_SavingMakesANewVersionRunsKeepTheirs(t *testing.T) {
	p := newPractice(t, monday)
	ctx := context.Background()
	id, err := p.a.Programs.Create(ctx, p.clin, threeSteps())
	if err != nil {
		t.Fatal(err)
	}
	runs, err := p.a.Programs.Assign(ctx, p.clin, id, program.Target{ClientID: p.client.ClientID}, "")
	if err != nil {
		t.Fatal(err)
	}
	d := threeSteps()
	d.Title = "Two steps"
	d.Steps = d.Steps[:2]
	if err := p.a.Programs.Save(ctx, p.clin, id, d); err != nil {
		t.Fatal(err)
	}
	pr, _ := p.a.Programs.Get(ctx, p.clin, id)
	if pr.Version != 2 || len(pr.Steps) != 2 {
		t.Fatalf("after save: version %d, %d steps", pr.Version, len(pr.Steps))
	}
	run, _ := p.a.Programs.RunFor(ctx, p.clin, runs[0])
	if run.Title != "Three steps" || len(run.Steps) != 3 {
		t.Fatalf("running program changed: %q, %d steps", run.Title, len(run.Steps))
	}
}

func TestProgram_CoupleEachPartnerGetsTheirOwnSteps(t *testing.T) {
	p := newPractice(t, monday)
	ctx := context.Background()
	c, token, err := p.a.Clients.Create(ctx, p.clin, client.NewClient{DisplayName: "Jordan", Email: "jordan@example.test"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.a.Clients.AcceptInvite(ctx, token, "jordan@example.test", "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	link, err := p.a.Couples.Link(ctx, p.clin, p.client.ClientID, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	var together program.Program
	list, _ := p.a.Programs.List(ctx, p.clin)
	for _, pr := range list {
		if pr.ForCouples {
			together = pr
		}
	}
	if together.Title != "Planning aftercare together (couples, 3 weeks)" {
		t.Fatalf("couples built-in = %q", together.Title)
	}
	runs, err := p.a.Programs.Assign(ctx, p.clin, together.ID, program.Target{CoupleLinkID: link.ID}, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 2 {
		t.Fatalf("%d runs, want one per partner", len(runs))
	}
	for _, clientID := range []int64{p.client.ClientID, c.ID} {
		var n int64
		p.db.Gorm.Raw(`SELECT count(*) FROM assignments WHERE client_id = ?`, clientID).Scan(&n)
		if n != 1 {
			t.Fatalf("client %d has %d assignments at the start, want 1 (their own first step)", clientID, n)
		}
	}
	// One partner's progress does not move the other's.
	r, _ := p.a.Programs.RunFor(ctx, p.clin, runs[0])
	p.exec(t, `UPDATE assignments SET status = 'submitted', submitted_at = ? WHERE id = ?`, monday, *r.Steps[0].AssignmentID)
	p.tick(t)
	a0, _ := p.a.Programs.RunFor(ctx, p.clin, runs[0])
	a1, _ := p.a.Programs.RunFor(ctx, p.clin, runs[1])
	if a0.Reached() != 2 || a1.Reached() != 1 {
		t.Fatalf("reached %d and %d, want 2 and 1", a0.Reached(), a1.Reached())
	}
}

func TestProgram_WeeklyStepRepeatsOnItsWeekday(t *testing.T) {
	p := newPractice(t, monday)
	ctx := context.Background()
	id, err := p.a.Programs.Create(ctx, p.clin, program.Draft{Title: "Weekly", Steps: []program.Step{
		{Kind: "worksheet", Slug: "feelings-after-intimacy", Rule: program.RuleWeekly, Weekday: int(time.Thursday), Weeks: 3},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.a.Programs.Assign(ctx, p.clin, id, program.Target{ClientID: p.client.ClientID}, ""); err != nil {
		t.Fatal(err)
	}
	got := series(t, p)
	if len(got) != 1 || got[0].DueOn.Weekday() != time.Thursday || !got[0].DueOn.Equal(day(monday, 3, 0, 0)) {
		t.Fatalf("first copy: %+v", got)
	}
	p.at(t, 40)
	got = series(t, p)
	if len(got) != 3 || got[0].Status != "missed" || got[1].Status != "missed" || got[2].Status != "assigned" {
		t.Fatalf("after 40 days: %+v", got)
	}
}

func TestProgram_PausedProgramsWeeklyStepWaitsToo(t *testing.T) {
	p := newPractice(t, monday)
	ctx := context.Background()
	id, err := p.a.Programs.Create(ctx, p.clin, program.Draft{Title: "Weekly", Steps: []program.Step{
		{Kind: "worksheet", Slug: "feelings-after-intimacy", Rule: program.RuleWeekly, Weekday: int(time.Thursday), Weeks: 6},
	}})
	if err != nil {
		t.Fatal(err)
	}
	runs, err := p.a.Programs.Assign(ctx, p.clin, id, program.Target{ClientID: p.client.ClientID}, "")
	if err != nil {
		t.Fatal(err)
	}
	p.clock.Set(day(monday, 1, 9, 0))
	if err := p.a.Programs.Control(ctx, p.clin, runs[0], program.ActionPause, 0); err != nil {
		t.Fatal(err)
	}
	p.at(t, 20)
	if got := series(t, p); len(got) != 1 || got[0].Status != "assigned" {
		t.Fatalf("paused: %+v", got)
	}
	if err := p.a.Programs.Control(ctx, p.clin, runs[0], program.ActionResume, 0); err != nil {
		t.Fatal(err)
	}
	p.tick(t)
	got := series(t, p)
	if len(got) != 1 || !got[0].DueOn.Equal(day(monday, 3+19, 0, 0)) {
		t.Fatalf("after resuming: %+v, want the open copy moved by the 19 days paused", got)
	}
	p.at(t, 23)
	if got := series(t, p); len(got) != 2 || got[0].Status != "missed" {
		t.Fatalf("a week on: %+v", got)
	}
}
