package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/worksheet"
)

const worksheetSlugTaken = "Another worksheet already uses this slug. Please choose another."

// POST /library/worksheets (action = save, preview, add, up-N, down-N or
// remove-N; the builder's fields): a new private worksheet.
func (s *Server) worksheetCreate(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	ctx, a := c.Request.Context(), actor(c)
	p := worksheetFormPage{New: true, Action: "/library/worksheets", B: builderFrom(c.Request.PostForm)}
	p.B.say = s.authorSayFunc(c)
	if p.B.Slug == "" && c.PostForm("action") == "save" {
		p.B.Slug = slugFrom(p.B.Title)
	}
	sc, ok := s.worksheetFormAction(c, p)
	if !ok {
		return
	}
	// Save would add a version to the author's own worksheet of that slug;
	// a new one must not.
	if _, err := s.Worksheets.Get(ctx, a, sc.Slug); err == nil {
		p.B.Errors["slug"] = worksheetSlugTaken
		s.renderWorksheetForm(c, http.StatusUnprocessableEntity, p)
		return
	}
	_, err := s.Worksheets.Save(ctx, a, sc)
	problems := worksheet.SchemaProblems(err)
	switch {
	case errors.Is(err, worksheet.ErrNotFound): // someone else's private worksheet
		p.B.Errors["slug"] = worksheetSlugTaken
		s.renderWorksheetForm(c, http.StatusUnprocessableEntity, p)
	case problems != nil:
		p.B.attach(problems)
		s.renderWorksheetForm(c, http.StatusUnprocessableEntity, p)
	case err != nil:
		s.fail(c, err)
	default:
		s.flash(c, s.tr(c).T("author.worksheet.saved_first"))
		c.Redirect(http.StatusSeeOther, "/library/worksheets/"+sc.Slug)
	}
}
