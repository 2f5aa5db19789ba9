package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/breakglass"
)

type breakGlassPage struct {
	Page
	Grants  []breakglass.Grant
	Form    map[string]string
	Errors  map[string]string
	Minutes int
	// Query is the search for a client by name or clinician (?q=), and
	// Matches what it found: roster data only.
	Query   string
	Matches []breakglass.Match
	// MoreMatches: the search may have found more than it shows.
	MoreMatches bool
}

// GET /admin/break-glass (?q=): find a client by name or clinician and open
// their records in an emergency; every recent opening by any administrator.
func (s *Server) breakGlassIndex(c *gin.Context) {
	s.renderBreakGlass(c, http.StatusOK, breakGlassPage{Query: c.Query("q")})
}

func (s *Server) renderBreakGlass(c *gin.Context, status int, data breakGlassPage) {
	ctx := c.Request.Context()
	grants, err := s.BreakGlass.Recent(ctx, actor(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	matches, err := s.BreakGlass.Search(ctx, actor(c), data.Query)
	fe := fieldErrors(err)
	switch {
	case fe != nil:
		if data.Errors == nil {
			data.Errors = map[string]string{}
		}
		data.Errors["q"] = s.trKnown(c, adminMessages, fe["q"])
		if status == http.StatusOK {
			status = http.StatusUnprocessableEntity
		}
	case err != nil:
		s.fail(c, err)
		return
	}
	data.Matches = matches
	data.MoreMatches = len(matches) >= breakglass.SearchLimit
	data.Page, data.Grants, data.Minutes = s.page(c, s.tr(c).T("breakglass.title")), grants, int(breakglass.Duration.Minutes())
	s.render(c, status, "breakglass/index", data)
}

// POST /admin/break-glass (client_id, reason)
func (s *Server) breakGlassOpen(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	form := map[string]string{"client_id": strings.TrimSpace(c.PostForm("client_id")), "reason": c.PostForm("reason")}
	query := c.PostForm("q") // the search the form was chosen from, shown again on an error
	clientID, _ := strconv.ParseInt(strings.TrimPrefix(form["client_id"], "#"), 10, 64)
	g, err := s.BreakGlass.Open(c.Request.Context(), actor(c), clientID, form["reason"])
	if fe := fieldErrors(err); fe != nil {
		s.renderBreakGlass(c, http.StatusUnprocessableEntity, breakGlassPage{Form: form, Errors: s.trFields(c, adminMessages, fe), Query: query})
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, s.tr(c).T("breakglass.opened_flash", "N", int(breakglass.Duration.Minutes())))
	c.Redirect(http.StatusSeeOther, "/admin/break-glass/clients/"+strconv.FormatInt(g.ClientID, 10))
}
