package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/assignment"
)

type dashboardPage struct {
	Page
	D    assignment.Dashboard
	Now  time.Time
	Jobs *dashboardJobsBox // issue 17: due this week, adherence, digest
}

// GET /clinician (?page= for the client list): urgent flags first (until
// acknowledged), then work to discuss, new ones awaiting review, overdue work, recent activity and clients.
func (s *Server) clinicianDashboard(c *gin.Context) {
	page, _ := strconv.Atoi(c.Query("page"))
	d, err := s.Assignments.Dashboard(c.Request.Context(), actor(c), page)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "clinician/dashboard", dashboardPage{Page: s.page(c, "Dashboard"), D: d, Now: s.Now(), Jobs: s.dashboardJobsBoxFor(c)})
}
