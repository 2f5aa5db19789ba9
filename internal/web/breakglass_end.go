package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// POST /admin/break-glass/grants/:id/end: closes one's own open grant early.
func (s *Server) breakGlassEnd(c *gin.Context) {
	id, ok := s.idParam(c)
	if !ok {
		return
	}
	if err := s.BreakGlass.End(c.Request.Context(), actor(c), id); err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, s.tr(c).T("breakglass.ended_flash"))
	c.Redirect(http.StatusSeeOther, "/admin/break-glass")
}
