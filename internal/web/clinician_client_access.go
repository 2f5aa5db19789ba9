package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
)

// POST /clinician/clients/:id/sign-in-link: a one-time link for a client
// with an account to choose a new password (for clients without email),
// shown once on the client's page.
func (s *Server) clientSignInLink(c *gin.Context) {
	id, ok := s.idParam(c)
	if !ok {
		return
	}
	token, err := s.Clients.NewSignInLink(c.Request.Context(), actor(c), id)
	if fe := fieldErrors(err); fe != nil {
		s.flash(c, s.trClinician(c, fe["invite"]))
		c.Redirect(http.StatusSeeOther, "/clinician/clients/"+strconv.FormatInt(id, 10))
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.Sessions.Put(c.Request.Context(), "signin:"+strconv.FormatInt(id, 10), s.BaseURL+"/reset/"+token)
	s.flash(c, s.tr(c).T("clinician.flash.new_signin"))
	c.Redirect(http.StatusSeeOther, "/clinician/clients/"+strconv.FormatInt(id, 10))
}

// POST /clinician/clients/:id/invite/send: a new invite link, emailed to
// the client (the previous link stops working).
func (s *Server) clientInviteSend(c *gin.Context) {
	id, ok := s.idParam(c)
	if !ok {
		return
	}
	err := s.Clients.SendInvite(c.Request.Context(), actor(c), id, s.BaseURL)
	fe := fieldErrors(err)
	switch {
	case fe != nil:
		s.flash(c, s.trClinician(c, fe["invite"]))
	case err != nil:
		s.fail(c, err)
		return
	default:
		s.flash(c, s.tr(c).T("clinician.flash.invite_sent"))
	}
	c.Redirect(http.StatusSeeOther, "/clinician/clients/"+strconv.FormatInt(id, 10))
}
