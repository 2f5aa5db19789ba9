package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/client"
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
	s.render(c, http.StatusOK, "auth/invite", invitePage{Page: s.page(c, "Welcome"), Token: c.Param("token"),
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
	data := invitePage{Page: s.page(c, "Welcome"), Token: token, Name: inv.DisplayName, Clinician: inv.ClinicianName,
		NeedEmail: inv.Email == "", Email: c.PostForm("email"), SignInAs: inv.Email}
	if confirm := c.PostForm("password_confirm"); confirm != "" && confirm != c.PostForm("password") {
		data.Errors = map[string]string{"password_confirm": "The two passwords do not match."}
		s.render(c, http.StatusUnprocessableEntity, "auth/invite", data)
		return
	}
	userID, err := s.Clients.AcceptInvite(ctx, token, c.PostForm("email"), c.PostForm("password"))
	var verr *client.ValidationError
	if errors.As(err, &verr) {
		data.Errors = verr.Fields
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
	s.flash(c, "Welcome. This is your private space for the work you and your clinician share.")
	c.Redirect(http.StatusSeeOther, "/me")
}

func (s *Server) inviteInvalid(c *gin.Context, err error) {
	if !errors.Is(err, client.ErrInviteInvalid) {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusNotFound, "errors/error", errorPage{Page: s.page(c, "Invite link not valid"), Status: http.StatusNotFound,
		Heading: "This invite link is not valid any more",
		Message: "It may have been used already or be more than 7 days old. Please ask your clinician for a new link."})
}
