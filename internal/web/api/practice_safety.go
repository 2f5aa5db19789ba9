package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/safety"
)

// GET /api/v1/practice/safety: the practice's crisis contacts, contact
// details and when reflections are read, for anyone signed in.
func (s *Server) apiPracticeSafety(c *gin.Context) {
	st, err := s.Safety.Get(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	if st.Contacts == nil {
		st.Contacts = []safety.Contact{}
	}
	s.apiJSON(c, http.StatusOK, st)
}
