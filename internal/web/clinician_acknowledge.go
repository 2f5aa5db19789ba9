package web

import "github.com/gin-gonic/gin"

// POST /clinician/assignments/:id/acknowledge: the clinician has seen the
// urgent flags; they leave the dashboard's "Urgent" section. Audited.
func (s *Server) reflectionAcknowledge(c *gin.Context) {
	s.reflectionTransition(c, s.Assignments.Acknowledge, "clinician.flash.acknowledged")
}
