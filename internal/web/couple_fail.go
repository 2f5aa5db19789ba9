package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/couple"
)

// coupleFail maps couples errors, then hands anything else to fail: a couple
// or group that is not the actor's answers 404 like a missing one.
func (s *Server) coupleFail(c *gin.Context, err error) {
	if errors.Is(err, couple.ErrNotFound) {
		s.notFound(c)
		c.Abort()
		return
	}
	s.fail(c, err)
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

// validationFields returns the messages of a couples or assignment
// validation error, or nil for any other error.
func validationFields(err error) map[string]string {
	var cv *couple.ValidationError
	if errors.As(err, &cv) {
		return cv.Fields
	}
	var av *assignment.ValidationError
	if errors.As(err, &av) {
		return av.Fields
	}
	return nil
}
