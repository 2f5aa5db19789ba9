package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/mfa"
)

type adminSecurityPage struct {
	Page
	Required bool
	Staff    []mfa.Member
}

// GET /admin/security: the practice's two-step sign-in rule, who has set it
// up, and the way to emergency access.
func (s *Server) adminSecurity(c *gin.Context) {
	ctx, a := c.Request.Context(), actor(c)
	required, err := s.MFA.Required(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	staff, err := s.MFA.Staff(ctx, a)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "mfa/admin", adminSecurityPage{Page: s.page(c, s.tr(c).T("mfa.admin.heading")), Required: required, Staff: staff})
}

// POST /admin/security/mfa (required = true, or absent for off)
func (s *Server) adminSecurityMFA(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	required := c.PostForm("required") == "true"
	if err := s.MFA.SetRequired(c.Request.Context(), actor(c), required); err != nil {
		s.fail(c, err)
		return
	}
	if required {
		s.flash(c, s.tr(c).T("mfa.admin.required_flash"))
	} else {
		s.flash(c, s.tr(c).T("mfa.admin.not_required_flash"))
	}
	c.Redirect(http.StatusSeeOther, "/admin/security")
}

// POST /admin/security/users/:id/mfa-reset: for someone who lost their
// phone and their recovery codes.
func (s *Server) adminSecurityReset(c *gin.Context) {
	id, ok := s.idParam(c)
	if !ok {
		return
	}
	err := s.MFA.Reset(c.Request.Context(), actor(c), id)
	switch {
	case errors.Is(err, mfa.ErrNotAllowed):
		s.flash(c, s.tr(c).T("mfa.admin.reset_own_flash"))
	case err != nil:
		s.fail(c, err)
		return
	default:
		s.flash(c, s.tr(c).T("mfa.admin.reset_flash"))
	}
	c.Redirect(http.StatusSeeOther, "/admin/security")
}
