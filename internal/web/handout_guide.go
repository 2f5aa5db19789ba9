package web

import (
	"bytes"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/handout"
	"github.com/tend-practice/tend/internal/reference"
)

// GET /handouts/modules/:file/guide.pdf (?paper=letter): the clinician
// guide of a module as its own PDF; ":file" is the module's slug here.
// Staff only: the route's rule turns clients away, and Modules.Guide
// answers a client ErrNotFound besides. A module without a guide is 404.
func (s *Server) handoutGuide(c *gin.Context) {
	ctx, a, slug := c.Request.Context(), actor(c), c.Param("file")
	v, err := s.Modules.GetIn(ctx, a, slug, viewLang(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	g, err := s.Modules.GuideIn(ctx, a, slug, viewLang(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	if g.Empty() {
		s.notFound(c)
		return
	}
	in := handout.GuideInput{PracticeName: s.PracticeName, ModuleTitle: v.Title, ModuleSummary: v.Summary,
		Body: g.Body, References: handoutRefsIn(v.Language, g.References), PrintedOn: s.Now(), Paper: s.paper(c),
		Localizer: s.I18n.For(v.Language)}
	var buf bytes.Buffer
	if err := s.Handouts.Guide(&buf, in); err != nil {
		s.fail(c, err)
		return
	}
	s.sendPDF(c, slug+"-clinician-guide.pdf", buf.Bytes())
}

// handoutRefs formats references APA 7 for print, through the same
// formatter the pages use.
func handoutRefs(refs []reference.Reference) []handout.Reference { return handoutRefsIn("en", refs) }

// handoutRefsIn is handoutRefs by the APA conventions of lang, the
// language of the handout.
func handoutRefsIn(lang string, refs []reference.Reference) []handout.Reference {
	var out []handout.Reference
	for _, f := range formatRefsIn(lang, refs) {
		r := handout.Reference{URL: f.URL}
		for _, p := range f.Parts {
			r.Parts = append(r.Parts, handout.TextRun{Text: p.Text, Italic: p.Italic})
		}
		out = append(out, r)
	}
	return out
}
