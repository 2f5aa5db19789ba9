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
}

// GET /admin/break-glass: the form to open a client's records in an
// emergency, and every recent opening by any administrator.
func (s *Server) breakGlassIndex(c *gin.Context) {
	s.renderBreakGlass(c, http.StatusOK, breakGlassPage{})
}

func (s *Server) renderBreakGlass(c *gin.Context, status int, data breakGlassPage) {
	grants, err := s.BreakGlass.Recent(c.Request.Context(), actor(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	data.Page, data.Grants, data.Minutes = s.page(c, "Emergency access"), grants, int(breakglass.Duration.Minutes())
	s.render(c, status, "breakglass/index", data)
}

// POST /admin/break-glass (client_id, reason)
func (s *Server) breakGlassOpen(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	form := map[string]string{"client_id": strings.TrimSpace(c.PostForm("client_id")), "reason": c.PostForm("reason")}
	clientID, _ := strconv.ParseInt(strings.TrimPrefix(form["client_id"], "#"), 10, 64)
	g, err := s.BreakGlass.Open(c.Request.Context(), actor(c), clientID, form["reason"])
	if fe := fieldErrors(err); fe != nil {
		s.renderBreakGlass(c, http.StatusUnprocessableEntity, breakGlassPage{Form: form, Errors: fe})
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, "Emergency access is open for "+strconv.Itoa(int(breakglass.Duration.Minutes()))+
		" minutes. It is recorded, and the client's clinician will see it with your reason.")
	c.Redirect(http.StatusSeeOther, "/admin/break-glass/clients/"+strconv.FormatInt(g.ClientID, 10))
}
