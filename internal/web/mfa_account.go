package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/account"
	"github.com/tend-practice/tend/internal/mfa"
)

type mfaAccountPage struct {
	Page
	Status mfa.Status
	Error  string
}

func (s *Server) renderMFAAccount(c *gin.Context, status int, errMsg string) {
	a := actor(c)
	st, err := s.MFA.Status(c.Request.Context(), a)
	if err != nil {
		s.fail(c, err)
		return
	}
	if !st.Enrolled {
		s.renderEnrol(c, status, a, "/account/mfa", "/account/mfa", errMsg)
		return
	}
	s.render(c, status, "mfa/account", mfaAccountPage{Page: s.page(c, s.tr(c).T("mfa.heading")), Status: st, Error: errMsg})
}

// ownCodeError answers a wrong or refused code on one's own settings page,
// and reports whether err was one of those.
func (s *Server) ownCodeError(c *gin.Context, err error) bool {
	switch {
	case errors.Is(err, mfa.ErrInvalidCode):
		s.renderMFAAccount(c, http.StatusUnprocessableEntity, s.tr(c).T(badCodeMessage))
	case errors.Is(err, account.ErrLocked):
		s.renderMFAAccount(c, http.StatusUnprocessableEntity, s.tr(c).T("mfa.account.locked"))
	case errors.Is(err, mfa.ErrRequired):
		s.renderMFAAccount(c, http.StatusUnprocessableEntity, s.tr(c).T("mfa.account.cannot_turn_off"))
	case errors.Is(err, mfa.ErrNotEnrolled):
		c.Redirect(http.StatusSeeOther, "/account/mfa")
	default:
		return false
	}
	return true
}

// POST /account/mfa/recovery-codes (code): ten new recovery codes, shown once;
// the old ones stop working.
func (s *Server) mfaRenewCodes(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	codes, err := s.MFA.RenewRecoveryCodes(c.Request.Context(), actor(c), c.PostForm("code"))
	if s.ownCodeError(c, err) {
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "mfa/codes", mfaCodesPage{Page: s.page(c, s.tr(c).T("mfa.codes.heading")), Codes: codes, Next: "/account/mfa"})
}

// POST /account/mfa/disable (code)
func (s *Server) mfaDisable(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	err := s.MFA.Disable(c.Request.Context(), actor(c), c.PostForm("code"))
	if s.ownCodeError(c, err) {
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, s.tr(c).T("mfa.account.off_flash"))
	c.Redirect(http.StatusSeeOther, "/account/mfa")
}
