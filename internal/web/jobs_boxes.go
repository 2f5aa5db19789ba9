package web

import (
	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/module"
	"github.com/tend-practice/tend/internal/program"
	"github.com/tend-practice/tend/internal/reminder"
)

// programRunsBox feeds the "program_runs" partial.
type programRunsBox struct {
	Runs  []program.Run
	Staff bool
	// Titles names steps by "kind:slug" (the clinician's list of steps).
	Titles map[string]string
}

// stepTitles maps every module and worksheet the clinician may use to its title.
func (s *Server) stepTitles(c *gin.Context) (map[string]string, error) {
	ctx, a := c.Request.Context(), actor(c)
	out := map[string]string{}
	mods, err := s.Modules.List(ctx, a, module.Filter{})
	if err != nil {
		return nil, err
	}
	for _, m := range mods {
		out["module:"+m.Slug] = m.Title
	}
	wss, err := s.Worksheets.List(ctx, a)
	if err != nil {
		return nil, err
	}
	for _, w := range wss {
		out["worksheet:"+w.Slug] = w.Title
	}
	return out, nil
}

// clientJobsBox is the programs, reminders and adherence part of a
// clinician's client page.
type clientJobsBox struct {
	Runs        programRunsBox
	RemindersOn bool
	Adherence   assignment.Adherence
	// DemoClock: a demo run with TEND_DEMO_CLOCK; the page offers to move it.
	DemoClock bool
	Now       string
}

// clientJobsBoxFor gathers it; on error the page shows without it (logged).
func (s *Server) clientJobsBoxFor(c *gin.Context, clientID int64) *clientJobsBox {
	if s.Programs == nil || s.Reminders == nil {
		return nil
	}
	ctx, a := c.Request.Context(), actor(c)
	box := clientJobsBox{Runs: programRunsBox{Staff: true}, DemoClock: s.DemoClock != nil,
		Now: s.tr(c).WeekDate(s.Now()) + s.Now().Format(" 2006")}
	var err error
	if box.Runs.Runs, err = s.Programs.ForClient(ctx, a, clientID); err == nil && len(box.Runs.Runs) > 0 {
		box.Runs.Titles, err = s.stepTitles(c)
	}
	if err == nil {
		if box.RemindersOn, err = s.Reminders.ClientReminders(ctx, a, clientID); err == nil {
			box.Adherence, err = s.Assignments.AdherenceFor(ctx, a, clientID)
		}
	}
	if err != nil {
		s.Log.Error("programs section", "err", err)
		return nil
	}
	return &box
}

// dashboardJobsBox is the dashboard's follow-through section.
type dashboardJobsBox struct {
	DueThisWeek []assignment.Assignment
	Adherence   []assignment.Adherence
	DigestOn    bool
}

func (s *Server) dashboardJobsBoxFor(c *gin.Context) *dashboardJobsBox {
	if s.Reminders == nil {
		return nil
	}
	ctx, a := c.Request.Context(), actor(c)
	var box dashboardJobsBox
	var err error
	if box.DueThisWeek, err = s.Assignments.DueThisWeek(ctx, a); err == nil {
		if box.Adherence, err = s.Assignments.AdherenceAll(ctx, a); err == nil {
			var mine reminder.Mine
			mine, err = s.Reminders.My(ctx, a)
			box.DigestOn = mine.DigestOptIn
		}
	}
	if err != nil {
		s.Log.Error("dashboard follow-through", "err", err)
		return nil
	}
	return &box
}

// myJobsBox is a client's programs and their own reminder switch on /me.
type myJobsBox struct {
	Runs     programRunsBox
	OptedOut bool
}

func (s *Server) myJobsBoxFor(c *gin.Context) *myJobsBox {
	if s.Programs == nil || s.Reminders == nil {
		return nil
	}
	ctx, a := c.Request.Context(), actor(c)
	var box myJobsBox
	var err error
	if box.Runs.Runs, err = s.Programs.ForClient(ctx, a, 0); err == nil {
		var mine reminder.Mine
		mine, err = s.Reminders.My(ctx, a)
		box.OptedOut = mine.RemindersOptOut
	}
	if err != nil {
		s.Log.Error("my programs", "err", err)
		return nil
	}
	return &box
}
