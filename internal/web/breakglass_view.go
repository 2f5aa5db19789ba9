package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/breakglass"
)

type breakGlassClientPage struct {
	Page
	Grant       breakglass.Grant
	Assignments []assignment.Assignment
}

type breakGlassWorkPage struct {
	Page
	Grant breakglass.Grant
	Work  workView
}

// GET /admin/break-glass/clients/:id: one client's work, read-only, while
// the acting administrator's grant is open. 404 otherwise. Audited.
func (s *Server) breakGlassClient(c *gin.Context) {
	id, ok := s.idParam(c)
	if !ok {
		return
	}
	ctx, a := c.Request.Context(), actor(c)
	g, err := s.BreakGlass.Active(ctx, a, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	list, err := s.Assignments.ForClient(ctx, breakglass.Reader(a), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := s.BreakGlass.RecordRead(ctx, a, g, "client", id); err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "breakglass/client", breakGlassClientPage{Page: s.page(c, g.ClientName), Grant: g, Assignments: list})
}

// GET /admin/break-glass/assignments/:id: one piece of a client's work, read
// only, while a grant for that client is open. 404 otherwise. Audited.
func (s *Server) breakGlassAssignment(c *gin.Context) {
	id, ok := s.idParam(c)
	if !ok {
		return
	}
	reader := breakglass.Reader(actor(c))
	c.Request = c.Request.WithContext(auth.WithActor(c.Request.Context(), reader))
	ctx := c.Request.Context()
	w, err := s.loadWork(c, id, nil, nil)
	if err != nil {
		s.fail(c, err)
		return
	}
	g, err := s.BreakGlass.Active(ctx, reader, w.Assignment.ClientID)
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := s.BreakGlass.RecordRead(ctx, reader, g, "assignment", id); err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "breakglass/assignment", breakGlassWorkPage{Page: s.page(c, w.Assignment.Title), Grant: g, Work: w})
}
