package web

import (
	"html/template"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/assignment"
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
	// TopicNames and LangNames are catalogue keys of topics and languages.
	TopicNames map[string]string
	LangNames  map[string]string
}

// GET /library/modules (?topic=, ?q=)
func (s *Server) moduleList(c *gin.Context) {
	f := module.Filter{Topic: c.Query("topic"), Query: c.Query("q")}
	mods, err := s.Modules.List(c.Request.Context(), actor(c), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "library/modules", moduleListPage{Page: s.page(c, s.tr(c).T("library.modules.title")), Modules: mods,
		Topics: module.Topics, Topic: f.Topic, Query: f.Query, TopicNames: topicNames, LangNames: contentLangNames})
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
	Assign     *assignBox       // clinicians: assign to one client or several
	Languages  []langLink       // staff: the languages it can be read in
}

// guideView is a module's clinician guide as the module page shows it.
type guideView struct {
	Body       template.HTML
	References []reference.Formatted
}

// GET /library/modules/:slug: the module as a client sees it, plus, for
// staff only, its clinician guide and version history.
func (s *Server) moduleShow(c *gin.Context) {
	s.renderModuleShow(c, http.StatusOK, assignBox{})
}

func (s *Server) renderModuleShow(c *gin.Context, status int, box assignBox) {
	ctx := c.Request.Context()
	a := actor(c)
	lang := viewLang(c)
	v, err := s.Modules.GetIn(ctx, a, c.Param("slug"), lang)
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
		References: formatRefsIn(v.Language, v.References), History: hist, Staff: a.Role != auth.RoleClient}
	if p.Staff {
		var states []langState
		for _, l := range v.Languages {
			states = append(states, langState{Lang: l.Language, OutOfDate: l.OutOfDate})
		}
		p.Languages = langLinks(s.tr(c), "/library/modules/"+v.Slug, v.SourceLanguage, v.Language, states)
		g, err := s.Modules.GuideIn(ctx, a, v.Slug, lang)
		if err != nil {
			s.fail(c, err)
			return
		}
		if !g.Empty() {
			p.Guide = &guideView{Body: s.Markdown.HTML(g.Body), References: formatRefsIn(v.Language, g.References)}
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
	if p.Assign, err = s.assignBoxFor(c, box); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.assignLanguageNotes(c, p.Assign, assignment.KindModule, v.Slug); err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, status, "library/module", p)
}

func formatRefs(refs []reference.Reference) []reference.Formatted { return formatRefsIn("en", refs) }

// formatRefsIn formats refs by the APA conventions of lang (the language
// of the page they are listed on).
func formatRefsIn(lang string, refs []reference.Reference) []reference.Formatted {
	out := make([]reference.Formatted, 0, len(refs))
	for _, r := range refs {
		out = append(out, reference.FormatIn(lang, r))
	}
	return out
}
