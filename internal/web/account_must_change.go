package web

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// mustChangePassword holds an account with a one-time password (an
// administrator's reset) on its account page until it chooses a new one.
func (s *Server) mustChangePassword() gin.HandlerFunc {
	return func(c *gin.Context) {
		a := actor(c)
		p := c.Request.URL.Path
		if !a.MustChangePassword || p == "/account" || p == "/account/password" || p == "/logout" ||
			strings.HasPrefix(p, "/static/") || strings.HasPrefix(p, "/login") {
			c.Next()
			return
		}
		if isAPI(c) {
			s.problem(c, http.StatusForbidden, "Password change required", "Choose a new password on /account first.")
		} else {
			c.Redirect(http.StatusSeeOther, "/account")
		}
		c.Abort()
	}
}
