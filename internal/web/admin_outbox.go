package web

import (
	"net/http"
	"regexp"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/mail"
)

type adminOutboxPage struct {
	Page
	Messages []mail.Kept
	// LinksHidden: the one-time links in the kept mail are not shown.
	LinksHidden bool
}

// oneTimeLink matches the links that sign someone in or change their
// account: a password reset, an invitation, an email confirmation.
var oneTimeLink = regexp.MustCompile(`\S*/(reset|invite|account/email)/[A-Za-z0-9_\-]+`)

// GET /admin/outbox: mail Tend would have sent, kept because no SMTP server
// is configured (local and demo runs). Newest first. Outside local runs the
// one-time links are hidden: an admin reading a client's reset link could
// sign in as that client, which the roles never allow.
func (s *Server) adminOutbox(c *gin.Context) {
	var msgs []mail.Kept
	if s.Outbox != nil {
		var err error
		if msgs, err = s.Outbox.List(c.Request.Context(), 100); err != nil {
			s.fail(c, err)
			return
		}
	}
	tr := s.tr(c)
	if !s.OutboxLinks {
		hidden := tr.T("admin.outbox.link_hidden")
		for i := range msgs {
			msgs[i].Body = oneTimeLink.ReplaceAllLiteralString(msgs[i].Body, hidden)
		}
	}
	s.render(c, http.StatusOK, "admin/outbox", adminOutboxPage{Page: s.page(c, tr.T("admin.outbox.title")), Messages: msgs, LinksHidden: !s.OutboxLinks})
}
