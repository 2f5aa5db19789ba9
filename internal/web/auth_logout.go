package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/audit"
)

// POST /logout: destroys the session on the server, not only the cookie.
func (s *Server) logout(c *gin.Context) {
	a := actor(c)
	if err := s.Sessions.Destroy(c.Request.Context()); err != nil {
		s.fail(c, err)
		return
	}
	s.Audit.Record(c.Request.Context(), a, audit.SignOut, "user", a.UserID, 0, "")
	c.Redirect(http.StatusSeeOther, "/login")
}
