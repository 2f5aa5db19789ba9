package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/assignment"
)

type clientHomePage struct {
	Page
	ToDo    []assignment.Assignment
	Done    []assignment.Assignment
	Overdue map[int64]bool
	Charts  []chartView
	// Withdrawn counts work the client had started that their clinician
	// withdrew since they last looked; it is named nowhere.
	Withdrawn int
	Jobs      *myJobsBox // issue 17: programs and the reminders switch
}

// GET /me: my work, newest first, to do and done, with my own answers over time.
func (s *Server) clientHome(c *gin.Context) {
	ctx, a := c.Request.Context(), actor(c)
	list, err := s.Assignments.ForClient(ctx, a, 0)
	if err != nil {
		s.fail(c, err)
		return
	}
	data := clientHomePage{Page: s.page(c, "My work"), Overdue: map[int64]bool{}}
	if data.Withdrawn, err = s.Assignments.WithdrawnNotice(ctx, a); err != nil {
		s.fail(c, err)
		return
	}
	today := s.Now()
	for _, as := range list {
		if as.Done() || as.Status == assignment.StatusMissed {
			data.Done = append(data.Done, as)
			continue
		}
		data.ToDo = append(data.ToDo, as)
		data.Overdue[as.ID] = as.Overdue(today)
	}
	series, err := s.Assignments.Series(ctx, a, 0)
	if err != nil {
		s.fail(c, err)
		return
	}
	data.Charts = newCharts(series, data.Zone, false)
	data.Jobs = s.myJobsBoxFor(c)
	s.render(c, http.StatusOK, "client/home", data)
}
