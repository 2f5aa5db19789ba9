package web

import (
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/worksheet"
)

// GET /library/worksheets/:slug/edit: the owner's builder. A worksheet
// someone else owns, or a built-in one, cannot be edited: the author is
// offered a copy.
func (s *Server) worksheetEdit(c *gin.Context) {
	a := actor(c)
	v, err := s.Worksheets.Get(c.Request.Context(), a, c.Param("slug"))
	if err != nil {
		s.fail(c, err)
		return
	}
	if !worksheet.CanEdit(a, v) {
		s.flash(c, s.tr(c).T("author.worksheet.only_author"))
		c.Redirect(http.StatusSeeOther, "/library/worksheets/new?from="+url.QueryEscape(v.Slug))
		return
	}
	b := builderOf(v.Schema)
	b.Slug = v.Slug
	s.renderWorksheetForm(c, http.StatusOK, worksheetFormPage{B: b, Action: "/library/worksheets/" + v.Slug, Version: v.Version})
}
