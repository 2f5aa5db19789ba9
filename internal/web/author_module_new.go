package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/module"
)

// GET /library/modules/new (?from=slug to start from a copy of a module the
// actor can read, such as a built-in one)
func (s *Server) moduleNew(c *gin.Context) {
	p := moduleFormPage{New: true, Action: "/library/modules"}
	if from := c.Query("from"); from != "" {
		v, err := s.Modules.Get(c.Request.Context(), actor(c), from)
		if err != nil {
			s.fail(c, err)
			return
		}
		p.Form = moduleFormOf(v, module.Guide{}) // a copy starts without the guide, whose citations it would lose
		p.Form.Slug = copySlug(v.Slug)
		p.CopyOf = v.Title
	} else {
		p.Form.pad()
	}
	s.renderModuleForm(c, http.StatusOK, p)
}
