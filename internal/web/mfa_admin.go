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
	s.render(c, http.StatusOK, "mfa/admin", adminSecurityPage{Page: s.page(c, "Security"), Required: required, Staff: staff})
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
		s.flash(c, "Two-step sign-in is now required. Clinicians and administrators without it set it up at their next sign-in.")
	} else {
		s.flash(c, "Two-step sign-in is no longer required. Those who use it keep it.")
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
		s.flash(c, "To change your own two-step sign-in, use your own security page.")
	case err != nil:
		s.fail(c, err)
		return
	default:
		s.flash(c, "Two-step sign-in was reset for that account. They set it up again at their next sign-in if the practice requires it.")
	}
	c.Redirect(http.StatusSeeOther, "/admin/security")
}
