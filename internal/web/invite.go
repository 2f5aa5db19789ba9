package web

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/client"
	"github.com/tend-practice/tend/internal/ratelimit"
)

type invitePage struct {
	Page
	Token     string
	Name      string
	Clinician string
	NeedEmail bool
	Email     string // typed by the client when NeedEmail
	SignInAs  string // the address the clinician gave
	Errors    map[string]string
	Problem   string // about the whole form
}

// GET /invite/:token: a client chooses a password (and gives an email when
// their clinician did not).
func (s *Server) inviteForm(c *gin.Context) {
	inv, err := s.Clients.LookupInvite(c.Request.Context(), c.Param("token"))
	if err != nil {
		s.inviteInvalid(c, err)
		return
	}
	c.Header("Referrer-Policy", "no-referrer")
	s.render(c, http.StatusOK, "auth/invite", invitePage{Page: s.page(c, s.tr(c).T("auth.invite.title")), Token: c.Param("token"),
		Name: inv.DisplayName, Clinician: inv.ClinicianName, NeedEmail: inv.Email == "", SignInAs: inv.Email})
}

// POST /invite/:token (password, password_confirm, email when needed)
func (s *Server) inviteAccept(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	ctx, token := c.Request.Context(), c.Param("token")
	inv, err := s.Clients.LookupInvite(ctx, token)
	if err != nil {
		s.inviteInvalid(c, err)
		return
	}
	tr := s.tr(c)
	data := invitePage{Page: s.page(c, tr.T("auth.invite.title")), Token: token, Name: inv.DisplayName, Clinician: inv.ClinicianName,
		NeedEmail: inv.Email == "", Email: c.PostForm("email"), SignInAs: inv.Email}
	// Each try costs a password hash and may test an email: a few per
	// invite and per address, then wait.
	if over, failed := s.inviteThrottled(c, token); failed {
		return
	} else if over {
		data.Problem = tr.T("auth.invite.too_many")
		s.render(c, http.StatusTooManyRequests, "auth/invite", data)
		return
	}
	if confirm := c.PostForm("password_confirm"); confirm != "" && confirm != c.PostForm("password") {
		data.Errors = map[string]string{"password_confirm": tr.T("auth.passwords_differ")}
		s.render(c, http.StatusUnprocessableEntity, "auth/invite", data)
		return
	}
	userID, err := s.Clients.AcceptInvite(ctx, token, c.PostForm("email"), c.PostForm("password"))
	if fe := fieldErrors(err); fe != nil {
		data.Errors = fe
		s.render(c, http.StatusUnprocessableEntity, "auth/invite", data)
		return
	}
	if err != nil {
		s.inviteInvalid(c, err)
		return
	}
	if err := s.signIn(c, userID); err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, tr.T("auth.invite.welcome_flash"))
	c.Redirect(http.StatusSeeOther, "/me")
}

func (s *Server) inviteInvalid(c *gin.Context, err error) {
	if !errors.Is(err, client.ErrInviteInvalid) {
		s.fail(c, err)
		return
	}
	tr := s.tr(c)
	s.render(c, http.StatusNotFound, "errors/error", errorPage{Page: s.page(c, tr.T("auth.invite.invalid_title")), Status: http.StatusNotFound,
		Heading: tr.T("auth.invite.invalid_heading"), Message: tr.T("auth.invite.invalid_text")})
}

// inviteThrottled counts an invite acceptance per invite and per client
// address and reports whether either is over the limit. A failure to count
// is answered here (failed).
func (s *Server) inviteThrottled(c *gin.Context, token string) (over, failed bool) {
	sum := sha256.Sum256([]byte(token))
	for _, key := range []string{"invite-token:" + hex.EncodeToString(sum[:16]), "invite-source:" + ratelimit.Source(c.ClientIP())} {
		ok, err := s.InviteLimit.Allow(c.Request.Context(), key)
		if err != nil {
			s.fail(c, err)
			return false, true
		}
		over = over || !ok
	}
	return over, false
}
