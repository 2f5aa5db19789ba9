package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/module"
)

// POST /library/modules/:slug (action = preview or save; the module form's
// fields, slug excepted): a new version of the actor's own module. Saving
// unchanged content adds no version.
func (s *Server) moduleSave(c *gin.Context) {
	ctx, a := c.Request.Context(), actor(c)
	cur, err := s.Modules.Get(ctx, a, c.Param("slug"))
	if err != nil {
		s.fail(c, err)
		return
	}
	if !module.CanEdit(a, cur) {
		s.notFound(c)
		return
	}
	if !s.parseForm(c) {
		return
	}
	p := moduleFormPage{Action: "/library/modules/" + cur.Slug, Version: cur.Version, Form: moduleFormFrom(c.Request.PostForm)}
	p.Form.Slug = cur.Slug
	d, refs, done := s.moduleFormAction(c, p)
	if done {
		return
	}
	id, err := s.Modules.Save(ctx, a, d, refs)
	if fe := fieldErrors(err); fe != nil {
		p.Errors = fe
		s.renderModuleForm(c, http.StatusUnprocessableEntity, p)
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	if id == cur.ID {
		s.flash(c, s.tr(c).T("author.unchanged", "N", cur.Version))
	} else {
		s.flash(c, s.tr(c).T("author.saved_version", "N", cur.Version+1))
	}
	c.Redirect(http.StatusSeeOther, "/library/modules/"+cur.Slug)
}
