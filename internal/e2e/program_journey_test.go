package e2e

import (
	"context"
	"fmt"
	"testing"

	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/client"
	"github.com/tend-practice/tend/internal/config"
)

// A clinician builds a three-step program, gives it to a client, moves the
// demo clock a week on (the test-only hook: TEND_DEMO with TEND_DEMO_CLOCK),
// and the client sees step 2 appear.
func TestJourney_ProgramReleasesStepTwoAWeekLater(t *testing.T) {
	t.Parallel()
	s := newSiteWith(t, func(c *config.Config) { c.Demo, c.DemoClock = true, true })
	clin := s.user(auth.RoleClinician, "clinician@example.test")
	ctx := context.Background()
	cl, token, err := s.App.Clients.Create(ctx, auth.Actor{UserID: clin.ID, Role: auth.RoleClinician}, client.NewClient{DisplayName: "Robin", Email: "robin@example.test"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.App.Clients.AcceptInvite(ctx, token, "robin@example.test", testPassword); err != nil {
		t.Fatal(err)
	}

	b := s.browser(desktop)
	b.signIn("clinician@example.test", testPassword)
	b.click("Library")
	b.click("Programs")
	b.see("Aftercare basics (4 weeks)")
	b.click("New program")
	b.fill("Title", "Three weeks of aftercare")
	b.fill("step_1_item", "module:what-is-aftercare")
	b.fill("step_1_rule", "start")
	b.fill("step_2_item", "worksheet:aftercare-needs-inventory")
	b.fill("step_2_rule", "after_days")
	b.fill("step_2_days", "7")
	b.fill("step_2_note", "Take your time with this one.")
	b.fill("step_3_item", "worksheet:aftercare-plan")
	b.fill("step_3_rule", "after_days")
	b.fill("step_3_days", "14")
	b.click("Save program")
	b.see("Program saved.")
	b.fill("To", fmt.Sprintf("client:%d", cl.ID))
	b.click("Start program")
	b.see("Program started.")
	b.see("Step 1 of 3, next on")
	b.axe()
	b.fitsWidth()
	b.screenshot("program-started")

	c := s.browser(phone)
	c.signIn("robin@example.test", testPassword)
	c.see("Three weeks of aftercare")
	c.see("What is aftercare")
	c.notSee("Aftercare needs inventory")

	b.fill("demo-days", "7")
	b.click("Move the demo clock")
	b.see("The demo clock moved 7 days forward")
	b.see("Step 2 of 3, next on")

	c.visit("/me")
	c.see("Step 2 of 3")
	c.see("Take your time with this one.")
	c.axe()
	c.fitsWidth()
	c.screenshot("program-step-two")
}

// Outside a demo run with the clock hook on, POST /demo/clock is not there.
func TestDemoClock_OffUnlessAskedFor(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.user(auth.RoleClinician, "clinician@example.test")
	b := s.browser(desktop)
	b.signIn("clinician@example.test", testPassword)
	if s.App.DemoClock != nil {
		t.Fatal("demo clock on without TEND_DEMO_CLOCK")
	}
}

// The program pages read well on a phone and pass axe.
func TestPages_ProgramsOnAPhone(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.user(auth.RoleClinician, "clinician@example.test")
	b := s.browser(phone)
	b.signIn("clinician@example.test", testPassword)
	for _, path := range []string{"/clinician/programs", "/clinician/programs/new"} {
		if got := b.visit(path); got != 200 {
			t.Fatalf("%s: %d", path, got)
		}
		b.axe()
		b.fitsWidth()
	}
	b.screenshot("program-editor")
	b.visit("/clinician/programs")
	b.click("Aftercare basics (4 weeks)")
	b.see("when the step before is done")
	b.axe()
	b.fitsWidth()
	b.screenshot("program-builtin")
	b.visit("/clinician")
	b.see("Due this week")
	b.see("Turn the digest on")
	b.axe()
	b.fitsWidth()
}
