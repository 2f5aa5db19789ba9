package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

type clientHomePage struct {
	Page
}

// GET /me
func (s *Server) clientHome(c *gin.Context) {
	s.render(c, http.StatusOK, "client/home", clientHomePage{Page: s.page(c, "My work")})
}
