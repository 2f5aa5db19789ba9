package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// GET /healthz: the process is alive. It does not touch the database.
func (s *Server) healthz(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	c.String(http.StatusOK, "ok\n")
}

// GET /readyz: ready to serve, including a database ping.
func (s *Server) readyz(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	if err := s.Ready(c.Request.Context()); err != nil {
		s.Log.Warn("not ready", "err", err)
		c.String(http.StatusServiceUnavailable, "database unavailable\n")
		return
	}
	c.String(http.StatusOK, "ready\n")
}
