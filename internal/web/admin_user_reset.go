package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// POST /admin/users/:id/password-reset: a staff account gets a one-time
// password, shown here once, which must be changed at the next sign-in.
func (s *Server) adminUserPasswordReset(c *gin.Context) {
	id, ok := s.idParam(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	password, err := s.Accounts.AdminResetPassword(ctx, actor(c), id)
	if fe := fieldErrors(err); fe != nil {
		s.flash(c, s.trKnown(c, adminMessages, fe["password"]))
		c.Redirect(http.StatusSeeOther, "/admin/users")
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	u, err := s.Accounts.Get(ctx, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.renderAdminUsers(c, http.StatusOK, adminUsersPage{Form: map[string]string{"role": "clinician"},
		ResetEmail: u.Email, NewPassword: password})
}
