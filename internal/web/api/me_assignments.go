package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/web/httpx"
)

// GET /api/v1/me/assignments: the signed-in client's work, newest first.
func (s *Server) apiMeAssignments(c *gin.Context) {
	a := httpx.Actor(c)
	list, err := s.Assignments.ForClient(c.Request.Context(), a, a.ClientID)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.apiJSON(c, http.StatusOK, s.apiAssignmentList(list, a.Role))
}

// POST /api/v1/me/assignments/:id/read: the client has read a module.
// Reading it again changes nothing.
func (s *Server) apiMeAssignmentRead(c *gin.Context) {
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
	// MarkRead quietly accepts a worksheet; say plainly that it does not apply.
	if asg.Kind != assignment.KindModule {
		s.apiInvalid(c, map[string]string{"kind": "Only a module is marked as read. A worksheet is submitted instead."})
		return
	}
	if err := s.Assignments.MarkRead(ctx, a, id); err != nil {
		s.fail(c, err)
		return
	}
	if asg, err = s.Assignments.Get(ctx, a, id); err != nil {
		s.fail(c, err)
		return
	}
	s.apiJSON(c, http.StatusOK, s.apiAssignmentFrom(asg, a.Role))
}
