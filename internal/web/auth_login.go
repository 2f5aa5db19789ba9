package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/account"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/ratelimit"
)

type loginPage struct {
	Page
	Email     string
	Next      string
	Error     string
	Languages []langChoice // the language switch
}

// GET /login (lang: the language switch, kept in a cookie)
func (s *Server) loginForm(c *gin.Context) {
	if !actor(c).Anonymous() {
		c.Redirect(http.StatusSeeOther, "/")
		return
	}
	s.chooseLang(c)
	s.render(c, http.StatusOK, "auth/login", loginPage{Page: s.page(c, s.tr(c).T("auth.login.title")), Next: s.safeNext(c.Query("next")),
		Languages: langChoices(s.lang(c))})
}

// POST /login (email, password)
func (s *Server) loginSubmit(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	ctx := c.Request.Context()
	email, next := c.PostForm("email"), s.safeNext(c.PostForm("next"))
	tr := s.tr(c)
	data := loginPage{Page: s.page(c, tr.T("auth.login.title")), Email: email, Next: next, Languages: langChoices(s.lang(c))}
	if over, failed := s.signInThrottled(c); failed {
		return
	} else if over {
		data.Error = tr.T(tooManySignIns)
		s.render(c, http.StatusTooManyRequests, "auth/login", data)
		return
	}
	u, err := s.Accounts.Authenticate(ctx, email, c.PostForm("password"))
	switch {
	case errors.Is(err, account.ErrInvalidCredentials):
		data.Error = tr.T("auth.login.incorrect")
		s.render(c, http.StatusUnauthorized, "auth/login", data)
		return
	case errors.Is(err, account.ErrLocked):
		// Said alike for every email, with or without an account.
		data.Error = tr.T(signInPaused)
		s.render(c, http.StatusUnauthorized, "auth/login", data)
		return
	case errors.Is(err, auth.ErrBusy):
		c.Header("Retry-After", retryBusy)
		data.Error = tr.T("auth.login.busy")
		s.render(c, http.StatusServiceUnavailable, "auth/login", data)
		return
	case err != nil:
		s.fail(c, err)
		return
	}
	// With two-step sign-in, the password alone signs nobody in.
	if answered, err := s.startSecondStep(c, u, next); err != nil || answered {
		if err != nil {
			s.fail(c, err)
		}
		return
	}
	if err := s.signIn(c, u.ID); err != nil {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, next)
}

// signIn renews the session token (no fixation) and records the user.
func (s *Server) signIn(c *gin.Context, userID int64) error {
	ctx := c.Request.Context()
	if err := s.Sessions.RenewToken(ctx); err != nil {
		return err
	}
	epoch, err := s.Accounts.SessionEpoch(ctx, userID)
	if err != nil {
		return err
	}
	s.Sessions.Put(ctx, sessionUserKey, userID)
	s.Sessions.Put(ctx, sessionEpochKey, epoch)
	return nil
}

// The catalogue keys of the two throttled answers (also the second step's).
const (
	signInPaused   = "auth.login.paused"
	tooManySignIns = "auth.login.too_many"
)

// signInThrottled counts a sign-in step (password or second factor) from the
// client's address and reports whether it is over the limit. A failure to
// count is answered here (failed).
func (s *Server) signInThrottled(c *gin.Context) (over, failed bool) {
	ok, err := s.SignInLimit.Allow(c.Request.Context(), "signin:"+ratelimit.Source(c.ClientIP()))
	if err != nil {
		s.fail(c, err)
		return false, true
	}
	return !ok, false
}
