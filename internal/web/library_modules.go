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
	Safety     *safety.Settings // the "If you need help now" block, for a module with a content note
}

// GET /library/modules/:slug: the module as a client sees it, plus its
// version history for staff.
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
	data := moduleShowPage{Page: s.page(c, v.Title), Module: v,
		Body: s.Markdown.HTML(v.Body), References: formatRefs(v.References), History: hist, Staff: a.Role != auth.RoleClient}
	if v.ContentNote != "" {
		st, err := s.Safety.Get(ctx)
		if err != nil {
			s.fail(c, err)
			return
		}
		data.Safety = &st
	}
	s.render(c, http.StatusOK, "library/module", data)
}

func formatRefs(refs []reference.Reference) []reference.Formatted {
	out := make([]reference.Formatted, 0, len(refs))
	for _, r := range refs {
		out = append(out, reference.Format(r))
	}
	return out
}
