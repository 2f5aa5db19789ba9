package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/breakglass"
	"github.com/tend-practice/tend/internal/client"
	"github.com/tend-practice/tend/internal/module"
	"github.com/tend-practice/tend/internal/worksheet"
)

type clientShowPage struct {
	Page
	Client      client.Client
	InviteURL   string
	SignInURL   string
	Assignments []assignment.Assignment
	Charts      []chartView
	Modules     []module.Summary
	Worksheets  []worksheet.Summary
	Form        map[string]string
	Errors      map[string]string
	Today       string
	// Emergency openings of this client's records by administrators.
	EmergencyAccess []breakglass.Grant
	// Status opens the page: the counts of this client's queue rows.
	Status assignment.QueueCounts
	// Withdrawn in the last few minutes: the page offers to undo.
	Withdrawn []assignment.Assignment
	// Couples work (couple_boxes.go): this client's partners.
	Partners *partnersBox
	// Issue 17 (jobs_boxes.go): programs, reminders, adherence.
	Jobs *clientJobsBox
	// Profile basics: what the form shows (the saved values, or what was
	// typed when it could not be saved) and its errors.
	Profile       *client.Profile
	ProfileErrors map[string]string
}

// GET /clinician/clients/:id: timeline, assigning, and charts of every
// scale answer over time.
func (s *Server) clientShow(c *gin.Context) {
	s.renderClientShow(c, http.StatusOK, clientShowPage{})
}

func (s *Server) renderClientShow(c *gin.Context, status int, data clientShowPage) {
	id, ok := s.idParam(c)
	if !ok {
		return
	}
	ctx, a := c.Request.Context(), actor(c)
	cl, err := s.Clients.Get(ctx, a, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	data.Client = cl
	if data.Profile == nil {
		data.Profile = &client.Profile{Pronouns: cl.Pronouns, NameToUse: cl.NameToUse}
	}
	if data.Assignments, err = s.Assignments.ForClient(ctx, a, id); err != nil {
		s.fail(c, err)
		return
	}
	if data.Status, err = s.Assignments.QueueCounts(ctx, a, assignment.QueueFilter{ClientID: id}); err != nil {
		s.fail(c, err)
		return
	}
	if data.Withdrawn, err = s.Assignments.RecentlyWithdrawn(ctx, a, id); err != nil {
		s.fail(c, err)
		return
	}
	series, err := s.Assignments.Series(ctx, a, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	data.Charts = newCharts(s.tr(c), series, data.Zone, true)
	if data.EmergencyAccess, err = s.BreakGlass.ForClient(ctx, a, id); err != nil {
		s.fail(c, err)
		return
	}
	if data.Modules, err = s.Modules.List(ctx, a, module.Filter{}); err != nil {
		s.fail(c, err)
		return
	}
	if data.Worksheets, err = s.Worksheets.List(ctx, a); err != nil {
		s.fail(c, err)
		return
	}
	data.InviteURL = s.Sessions.PopString(ctx, "invite:"+strconv.FormatInt(id, 10))
	data.SignInURL = s.Sessions.PopString(ctx, "signin:"+strconv.FormatInt(id, 10))
	data.Today = s.Now().Format("2006-01-02")
	data.Page = s.page(c, cl.Label())
	data.Partners = s.partnersBoxFor(c, id)
	data.Jobs = s.clientJobsBoxFor(c, id)
	s.render(c, status, "clinician/client", data)
}
