package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// POST /library/modules/:slug/publish: an admin makes a private module
// visible to every clinician in the practice.
func (s *Server) modulePublish(c *gin.Context) {
	slug := c.Param("slug")
	if err := s.Modules.Publish(c.Request.Context(), actor(c), slug); err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, s.tr(c).T("author.module.published"))
	c.Redirect(http.StatusSeeOther, "/library/modules/"+slug)
}
