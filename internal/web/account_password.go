package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// POST /account/password (current_password, password, password_confirm).
// Every other session of the account ends; this one stays signed in.
func (s *Server) accountPassword(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	if c.PostForm("password") != c.PostForm("password_confirm") {
		s.renderAccount(c, http.StatusUnprocessableEntity, map[string]string{"password_confirm": s.tr(c).T("account.passwords_differ")}, nil)
		return
	}
	ctx := c.Request.Context()
	epoch, err := s.Accounts.ChangePassword(ctx, actor(c), c.PostForm("current_password"), c.PostForm("password"))
	if fe := fieldErrors(err); fe != nil {
		s.renderAccount(c, http.StatusUnprocessableEntity, s.trFields(c, adminMessages, fe), nil)
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := s.Sessions.RenewToken(ctx); err != nil {
		s.fail(c, err)
		return
	}
	s.Sessions.Put(ctx, sessionEpochKey, epoch)
	s.flash(c, s.tr(c).T("account.password_changed"))
	c.Redirect(http.StatusSeeOther, "/account")
}
