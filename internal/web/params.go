package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
)

// idParam reads a positive numeric :id. A malformed id answers 404, exactly
// like an id that is not the actor's.
func (s *Server) idParam(c *gin.Context) (int64, bool) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		s.notFound(c)
		return 0, false
	}
	return id, true
}

// gidParam reads a positive numeric :gid, answering 404 itself otherwise.
func (s *Server) gidParam(c *gin.Context) (int64, bool) {
	id, err := strconv.ParseInt(c.Param("gid"), 10, 64)
	if err != nil || id <= 0 {
		if isAPI(c) {
			s.problem(c, http.StatusNotFound, "Not found", "")
		} else {
			s.notFound(c)
		}
		return 0, false
	}
	return id, true
}
