package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/worksheet"
)

type worksheetListPage struct {
	Page
	Worksheets []worksheet.Summary
	LangNames  map[string]string // catalogue keys of the languages
}

// GET /library/worksheets
func (s *Server) worksheetList(c *gin.Context) {
	ws, err := s.Worksheets.List(c.Request.Context(), actor(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "library/worksheets", worksheetListPage{Page: s.page(c, s.tr(c).T("library.worksheets.title")), Worksheets: ws, LangNames: contentLangNames})
}

type worksheetShowPage struct {
	Page
	Worksheet worksheet.Version
	Form      formView
	Assign    *assignBox // clinicians: assign to one client or several
	Languages []langLink // staff: the languages it can be read in
}

// GET /library/worksheets/:slug: a preview exactly as the client will see it.
func (s *Server) worksheetShow(c *gin.Context) {
	s.renderWorksheetShow(c, http.StatusOK, assignBox{})
}

func (s *Server) renderWorksheetShow(c *gin.Context, status int, box assignBox) {
	v, err := s.Worksheets.GetIn(c.Request.Context(), actor(c), c.Param("slug"), viewLang(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	p := worksheetShowPage{Page: s.page(c, v.Title), Worksheet: v, Form: newFormView(v.Schema, nil, nil, true)}
	var states []langState
	for _, l := range v.Languages {
		states = append(states, langState{Lang: l.Language, OutOfDate: l.OutOfDate})
	}
	p.Languages = langLinks(s.tr(c), "/library/worksheets/"+v.Slug, v.SourceLanguage, v.Language, states)
	if p.Assign, err = s.assignBoxFor(c, box); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.assignLanguageNotes(c, p.Assign, assignment.KindWorksheet, v.Slug); err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, status, "library/worksheet", p)
}
