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
	s.flash(c, "Published: every clinician in the practice can now read and assign this module.")
	c.Redirect(http.StatusSeeOther, "/library/modules/"+slug)
}
