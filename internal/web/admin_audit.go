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
	events, err := s.Audit.ListForAdmin(c.Request.Context(), f, s.mayReadClient(c))
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

// mayReadClient reports, per client, whether the acting administrator has
// an open break-glass grant for them (asked once per client per request).
func (s *Server) mayReadClient(c *gin.Context) func(clientID int64) bool {
	ctx, a := c.Request.Context(), actor(c)
	open := map[int64]bool{}
	return func(clientID int64) bool {
		if v, ok := open[clientID]; ok {
			return v
		}
		_, err := s.BreakGlass.Active(ctx, a, clientID)
		open[clientID] = err == nil
		return err == nil
	}
}
