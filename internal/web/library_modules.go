package web

import (
	"html/template"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/module"
	"github.com/tend-practice/tend/internal/reference"
	"github.com/tend-practice/tend/internal/safety"
)

type moduleListPage struct {
	Page
	Modules []module.Summary
	Topics  []string
	Topic   string
	Query   string
}

// GET /library/modules (?topic=, ?q=)
func (s *Server) moduleList(c *gin.Context) {
	f := module.Filter{Topic: c.Query("topic"), Query: c.Query("q")}
	mods, err := s.Modules.List(c.Request.Context(), actor(c), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "library/modules", moduleListPage{Page: s.page(c, "Modules"), Modules: mods,
		Topics: module.Topics, Topic: f.Topic, Query: f.Query})
}

type moduleShowPage struct {
	Page
	Module     module.Version
	Body       template.HTML
	References []reference.Formatted
	History    []module.VersionInfo
	Staff      bool
	Guide      *guideView       // staff only, when the module has a guide
	Safety     *safety.Settings // the "If you need help now" block, for a module with a content note
}

// guideView is a module's clinician guide as the module page shows it.
type guideView struct {
	Body       template.HTML
	References []reference.Formatted
}

// GET /library/modules/:slug: the module as a client sees it, plus, for
// staff only, its clinician guide and version history.
func (s *Server) moduleShow(c *gin.Context) {
	ctx := c.Request.Context()
	a := actor(c)
	v, err := s.Modules.Get(ctx, a, c.Param("slug"))
	if err != nil {
		s.fail(c, err)
		return
	}
	hist, err := s.Modules.History(ctx, a, v.Slug)
	if err != nil {
		s.fail(c, err)
		return
	}
	p := moduleShowPage{Page: s.page(c, v.Title), Module: v, Body: s.Markdown.HTML(v.Body),
		References: formatRefs(v.References), History: hist, Staff: a.Role != auth.RoleClient}
	if p.Staff {
		g, err := s.Modules.Guide(ctx, a, v.Slug)
		if err != nil {
			s.fail(c, err)
			return
		}
		if !g.Empty() {
			p.Guide = &guideView{Body: s.Markdown.HTML(g.Body), References: formatRefs(g.References)}
		}
	}
	if v.ContentNote != "" {
		st, err := s.Safety.Get(ctx)
		if err != nil {
			s.fail(c, err)
			return
		}
		p.Safety = &st
	}
	s.render(c, http.StatusOK, "library/module", p)
}

func formatRefs(refs []reference.Reference) []reference.Formatted {
	out := make([]reference.Formatted, 0, len(refs))
	for _, r := range refs {
		out = append(out, reference.Format(r))
	}
	return out
}
