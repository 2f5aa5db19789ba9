package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/worksheet"
)

// POST /library/worksheets/:slug (action = save, preview, add, up-N, down-N
// or remove-N; the builder's fields, slug excepted): a new version of the
// actor's own worksheet. Saving unchanged content adds no version.
func (s *Server) worksheetSave(c *gin.Context) {
	ctx, a := c.Request.Context(), actor(c)
	cur, err := s.Worksheets.Get(ctx, a, c.Param("slug"))
	if err != nil {
		s.fail(c, err)
		return
	}
	if !worksheet.CanEdit(a, cur) {
		s.notFound(c)
		return
	}
	if !s.parseForm(c) {
		return
	}
	p := worksheetFormPage{Action: "/library/worksheets/" + cur.Slug, Version: cur.Version, B: builderFrom(c.Request.PostForm)}
	p.B.say = s.authorSayFunc(c)
	p.B.Slug = cur.Slug
	sc, ok := s.worksheetFormAction(c, p)
	if !ok {
		return
	}
	id, err := s.Worksheets.Save(ctx, a, sc)
	problems := worksheet.SchemaProblems(err)
	switch {
	case problems != nil:
		p.B.attach(problems)
		s.renderWorksheetForm(c, http.StatusUnprocessableEntity, p)
		return
	case err != nil:
		s.fail(c, err)
		return
	case id == cur.ID:
		s.flash(c, s.tr(c).T("author.unchanged", "N", cur.Version))
	default:
		s.flash(c, s.tr(c).T("author.saved_version", "N", cur.Version+1))
	}
	c.Redirect(http.StatusSeeOther, "/library/worksheets/"+cur.Slug)
}
