package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/tend-practice/tend/internal/web/httpx"
)

// GET /api/v1/assignments/:id (the owning clinician) and
// GET /api/v1/me/assignments/:id (the client): one handler, because what each
// may see is decided by the service's owner scoping, not by the route.
func (s *Server) apiAssignment(c *gin.Context) {
	id, ok := s.apiID(c, "id")
	if !ok {
		return
	}
	ctx, a := c.Request.Context(), httpx.Actor(c)
	asg, err := s.Assignments.Get(ctx, a, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	d, err := s.apiAssignmentDetailFor(ctx, a, asg)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.apiJSON(c, http.StatusOK, d)
}
