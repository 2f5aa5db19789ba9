package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/mail"
)

type adminOutboxPage struct {
	Page
	Messages []mail.Kept
}

// GET /admin/outbox: mail Tend would have sent, kept because no SMTP server
// is configured (local and demo runs). Newest first.
func (s *Server) adminOutbox(c *gin.Context) {
	var msgs []mail.Kept
	if s.Outbox != nil {
		var err error
		if msgs, err = s.Outbox.List(c.Request.Context(), 100); err != nil {
			s.fail(c, err)
			return
		}
	}
	s.render(c, http.StatusOK, "admin/outbox", adminOutboxPage{Page: s.page(c, "Outbox"), Messages: msgs})
}
