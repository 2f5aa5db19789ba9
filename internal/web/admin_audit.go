package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/audit"
)

type adminAuditPage struct {
	Page
	Events  []audit.Event
	Actions []string
	Action  string
	Next    int64
}

// GET /admin/audit (?action=, ?before= for the next page)
func (s *Server) adminAudit(c *gin.Context) {
	before, _ := strconv.ParseInt(c.Query("before"), 10, 64)
	f := audit.Filter{Action: c.Query("action"), Before: before, Limit: 50}
	events, err := s.Audit.List(c.Request.Context(), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	data := adminAuditPage{Page: s.page(c, "Audit log"), Events: events, Actions: audit.Actions(), Action: f.Action}
	if len(events) == f.Limit {
		data.Next = events[len(events)-1].ID
	}
	s.render(c, http.StatusOK, "admin/audit", data)
}
