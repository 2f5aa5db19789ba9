package web

import (
	"errors"
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
		s.breakGlassFail(c, err)
		return
	}
	matches, err := s.BreakGlass.Search(ctx, actor(c), data.Query)
	var verr *breakglass.ValidationError
	switch {
	case errors.As(err, &verr):
		if data.Errors == nil {
			data.Errors = map[string]string{}
		}
		data.Errors["q"] = verr.Fields["q"]
		if status == http.StatusOK {
			status = http.StatusUnprocessableEntity
		}
	case err != nil:
		s.breakGlassFail(c, err)
		return
	}
	data.Matches = matches
	data.MoreMatches = len(matches) >= breakglass.SearchLimit
	data.Page, data.Grants, data.Minutes = s.page(c, "Emergency access"), grants, int(breakglass.Duration.Minutes())
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
	var verr *breakglass.ValidationError
	if errors.As(err, &verr) {
		s.renderBreakGlass(c, http.StatusUnprocessableEntity, breakGlassPage{Form: form, Errors: verr.Fields, Query: query})
		return
	}
	if err != nil {
		s.breakGlassFail(c, err)
		return
	}
	s.flash(c, "Emergency access is open for "+strconv.Itoa(int(breakglass.Duration.Minutes()))+
		" minutes. It is recorded, and the client's clinician will see it with your reason.")
	c.Redirect(http.StatusSeeOther, "/admin/break-glass/clients/"+strconv.FormatInt(g.ClientID, 10))
}

// breakGlassFail answers "no such grant" as a missing page, then defers to fail.
func (s *Server) breakGlassFail(c *gin.Context, err error) {
	if errors.Is(err, breakglass.ErrNotFound) {
		s.notFound(c)
		c.Abort()
		return
	}
	s.fail(c, err)
}
