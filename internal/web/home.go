package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/auth"
)

// GET /: each role's home, or sign-in.
func (s *Server) home(c *gin.Context) {
	target := "/login"
	switch actor(c).Role {
	case auth.RoleAdmin:
		target = "/admin/users"
	case auth.RoleClinician:
		target = "/clinician"
	case auth.RoleClient:
		target = "/me"
	}
	c.Redirect(http.StatusSeeOther, target)
}
