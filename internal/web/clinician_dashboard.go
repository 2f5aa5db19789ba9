package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

type dashboardPage struct {
	Page
}

// GET /clinician
func (s *Server) clinicianDashboard(c *gin.Context) {
	s.render(c, http.StatusOK, "clinician/dashboard", dashboardPage{Page: s.page(c, "Dashboard")})
}
