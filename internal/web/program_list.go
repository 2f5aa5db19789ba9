package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/program"
)

type programListPage struct {
	Page
	Programs  []program.Program
	LangNames map[string]string // catalogue keys of the languages
}

// GET /clinician/programs: the built-in programs and the clinician's own.
func (s *Server) programList(c *gin.Context) {
	list, err := s.Programs.List(c.Request.Context(), actor(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	for i := range list {
		list[i] = inLanguage(list[i], s.lang(c))
	}
	s.render(c, http.StatusOK, "clinician/programs", programListPage{Page: s.page(c, s.tr(c).T("library.programs.title")), Programs: list, LangNames: contentLangNames})
}

// inLanguage gives a built-in program the title and description of the
// viewer's language when it has them (a clinician's own program has only
// its own words).
func inLanguage(p program.Program, lang string) program.Program {
	t := p.In(lang)
	p.Title, p.Description = t.Title, t.Description
	return p
}
