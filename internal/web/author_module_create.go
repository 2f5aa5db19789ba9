package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// POST /library/modules (action = preview or save; slug, title, summary,
// topics, content_note, body, ref1_authors ... ref6_doi): a new private module.
func (s *Server) moduleCreate(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	p := moduleFormPage{New: true, Action: "/library/modules", Form: moduleFormFrom(c.Request.PostForm)}
	if p.Form.Slug == "" && c.PostForm("action") == "save" {
		p.Form.Slug = slugFrom(p.Form.Title)
	}
	d, refs, done := s.moduleFormAction(c, p)
	if done {
		return
	}
	_, err := s.Modules.Create(c.Request.Context(), actor(c), d, refs)
	if fe := fieldErrors(err); fe != nil {
		p.Errors = fe
		s.renderModuleForm(c, http.StatusUnprocessableEntity, p)
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, s.tr(c).T("author.module.saved_first"))
	c.Redirect(http.StatusSeeOther, "/library/modules/"+d.Slug)
}
