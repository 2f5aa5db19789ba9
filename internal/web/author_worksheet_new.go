package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// GET /library/worksheets/new (?from=slug to start from a copy of a
// worksheet the actor can read, such as a built-in one)
func (s *Server) worksheetNew(c *gin.Context) {
	p := worksheetFormPage{New: true, Action: "/library/worksheets"}
	if from := c.Query("from"); from != "" {
		v, err := s.Worksheets.Get(c.Request.Context(), actor(c), from)
		if err != nil {
			s.fail(c, err)
			return
		}
		p.B = builderOf(v.Schema)
		p.B.Slug = copySlug(v.Slug)
		p.CopyOf = v.Title
	} else {
		p.B.apply("add")
	}
	s.renderWorksheetForm(c, http.StatusOK, p)
}
