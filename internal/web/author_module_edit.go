package web

import (
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/module"
)

// GET /library/modules/:slug/edit: the owner's form. A module someone else
// owns, or a built-in one, cannot be edited: the author is offered a copy.
func (s *Server) moduleEdit(c *gin.Context) {
	a := actor(c)
	v, err := s.Modules.Get(c.Request.Context(), a, c.Param("slug"))
	if err != nil {
		s.fail(c, err)
		return
	}
	if !module.CanEdit(a, v) {
		s.flash(c, s.tr(c).T("author.module.only_author"))
		c.Redirect(http.StatusSeeOther, "/library/modules/new?from="+url.QueryEscape(v.Slug))
		return
	}
	g, err := s.Modules.Guide(c.Request.Context(), a, v.Slug)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.renderModuleForm(c, http.StatusOK, moduleFormPage{Form: moduleFormOf(v, g), Action: "/library/modules/" + v.Slug, Version: v.Version})
}
