package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/account"
	"github.com/tend-practice/tend/internal/ratelimit"
)

type forgotPage struct {
	Page
	Email string
	Sent  bool
	Error string
}

// GET /login/forgot
func (s *Server) forgotForm(c *gin.Context) {
	s.render(c, http.StatusOK, "auth/forgot", forgotPage{Page: s.page(c, s.tr(c).T("auth.forgot.title"))})
}

// POST /login/forgot (email). The answer is the same for every address.
func (s *Server) forgotSubmit(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	data := forgotPage{Page: s.page(c, s.tr(c).T("auth.forgot.title")), Email: c.PostForm("email")}
	ok, err := s.ResetLimit.Allow(c.Request.Context(), "reset-ip:"+ratelimit.Source(c.ClientIP()))
	if err != nil {
		s.fail(c, err)
		return
	}
	if !ok {
		data.Error = s.tr(c).T("auth.forgot.too_many")
		s.render(c, http.StatusTooManyRequests, "auth/forgot", data)
		return
	}
	if err := s.Accounts.RequestReset(c.Request.Context(), c.PostForm("email")); err != nil {
		s.fail(c, err)
		return
	}
	data.Sent = true
	s.render(c, http.StatusOK, "auth/forgot", data)
}

type resetPage struct {
	Page
	Token  string
	Email  string
	Done   bool
	Errors map[string]string
}

// GET /reset/:token: choose a new password.
func (s *Server) resetForm(c *gin.Context) {
	email, err := s.Accounts.LookupReset(c.Request.Context(), c.Param("token"))
	if err != nil {
		s.resetInvalid(c, err)
		return
	}
	s.render(c, http.StatusOK, "auth/reset", resetPage{Page: s.page(c, s.tr(c).T("auth.reset.title")), Token: c.Param("token"), Email: email})
}

// POST /reset/:token (password, password_confirm). Every session of the
// account ends; the person signs in again with the new password.
func (s *Server) resetSubmit(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	ctx, token := c.Request.Context(), c.Param("token")
	email, err := s.Accounts.LookupReset(ctx, token)
	if err != nil {
		s.resetInvalid(c, err)
		return
	}
	data := resetPage{Page: s.page(c, s.tr(c).T("auth.reset.title")), Token: token, Email: email}
	if c.PostForm("password") != c.PostForm("password_confirm") {
		data.Errors = map[string]string{"password_confirm": s.tr(c).T("auth.passwords_differ")}
		s.render(c, http.StatusUnprocessableEntity, "auth/reset", data)
		return
	}
	_, err = s.Accounts.CompleteReset(ctx, token, c.PostForm("password"))
	if fe := fieldErrors(err); fe != nil {
		data.Errors = fe
		s.render(c, http.StatusUnprocessableEntity, "auth/reset", data)
		return
	}
	if err != nil {
		s.resetInvalid(c, err)
		return
	}
	// Whoever was signed in on this browser is not any more either.
	if err := s.Sessions.Destroy(ctx); err != nil {
		s.fail(c, err)
		return
	}
	data.Done = true
	s.render(c, http.StatusOK, "auth/reset", data)
}

func (s *Server) resetInvalid(c *gin.Context, err error) {
	if !errors.Is(err, account.ErrTokenInvalid) {
		s.fail(c, err)
		return
	}
	tr := s.tr(c)
	s.render(c, http.StatusNotFound, "errors/error", errorPage{Page: s.page(c, tr.T("auth.reset.invalid_title")), Status: http.StatusNotFound,
		Heading: tr.T("auth.reset.invalid_heading"), Message: tr.T("auth.reset.invalid_text")})
}
