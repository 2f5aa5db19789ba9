package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/account"
)

// POST /account/email (email, email_password): sends a confirmation link to
// the new address; nothing changes until it is opened.
func (s *Server) accountEmail(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	err := s.Accounts.RequestEmailChange(c.Request.Context(), actor(c), c.PostForm("email"), c.PostForm("email_password"))
	if fe := fieldErrors(err); fe != nil {
		s.renderAccount(c, http.StatusUnprocessableEntity, s.trFields(c, adminMessages, fe), nil)
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, s.tr(c).T("account.link_sent"))
	c.Redirect(http.StatusSeeOther, "/account")
}

type emailConfirmedPage struct {
	Page
	Email string
}

// GET /account/email/:token: the link from the new address. Public: it may
// be opened on another device, and the token is the credential.
func (s *Server) accountEmailConfirm(c *gin.Context) {
	email, err := s.Accounts.ConfirmEmailChange(c.Request.Context(), c.Param("token"))
	switch {
	case errors.Is(err, account.ErrEmailTaken):
		tr := s.tr(c)
		s.render(c, http.StatusConflict, "errors/error", errorPage{Page: s.page(c, tr.T("account.email_in_use_title")), Status: http.StatusConflict,
			Heading: tr.T("account.email_in_use_heading"), Message: tr.T("account.email_in_use_text")})
		return
	case err != nil:
		s.resetInvalid(c, err)
		return
	}
	s.render(c, http.StatusOK, "account/email-confirmed", emailConfirmedPage{Page: s.page(c, s.tr(c).T("account.email_changed_title")), Email: email})
}
