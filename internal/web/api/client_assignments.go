package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/tend-practice/tend/internal/web/httpx"
)

// GET /api/v1/clients/:id/assignments: newest first.
func (s *Server) apiClientAssignments(c *gin.Context) {
	id, ok := s.apiID(c, "id")
	if !ok {
		return
	}
	ctx, a := c.Request.Context(), httpx.Actor(c)
	// The list query alone would answer an empty list for someone else's
	// client; the roster lookup makes that a 404 like a missing one.
	if _, err := s.Clients.Get(ctx, a, id); err != nil {
		s.fail(c, err)
		return
	}
	list, err := s.Assignments.ForClient(ctx, a, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.apiJSON(c, http.StatusOK, s.apiAssignmentList(list, a.Role))
}
