package web

import (
	"errors"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/account"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/mfa"
)

// Session keys for a sign-in waiting for its second step.
const (
	pendingUserKey  = "mfa_pending_user"
	pendingNextKey  = "mfa_pending_next"
	pendingUntilKey = "mfa_pending_until"
)

// pendingLifetime is how long after a correct password the second step may
// be finished: long enough to set up an authenticator app.
const pendingLifetime = 10 * time.Minute

// startSecondStep runs after a correct password. When the account uses
// two-step sign-in (or must set it up) it keeps the account as pending in a
// renewed session, signs nobody in, sends the person on and returns true.
func (s *Server) startSecondStep(c *gin.Context, u account.User, next string) (bool, error) {
	ctx := c.Request.Context()
	step, err := s.MFA.Next(ctx, u.ID, u.Role)
	if err != nil || step == mfa.StepNone {
		return false, err
	}
	if err := s.Sessions.RenewToken(ctx); err != nil {
		return false, err
	}
	s.Sessions.Remove(ctx, sessionUserKey) // whoever was signed in on this browser is not any more
	s.Sessions.Put(ctx, pendingUserKey, u.ID)
	s.Sessions.Put(ctx, pendingNextKey, next)
	s.Sessions.Put(ctx, pendingUntilKey, s.Now().Add(pendingLifetime).Unix())
	target := "/login/mfa"
	if step == mfa.StepEnrol {
		target = "/login/mfa/enrol"
	}
	c.Redirect(http.StatusSeeOther, target)
	return true, nil
}

// pendingActor returns the account waiting for its second step. Without
// one (none, expired, deactivated) it sends the visitor to sign in and
// returns false.
func (s *Server) pendingActor(c *gin.Context) (auth.Actor, bool) {
	ctx := c.Request.Context()
	id, until := s.Sessions.GetInt64(ctx, pendingUserKey), s.Sessions.GetInt64(ctx, pendingUntilKey)
	if id != 0 && s.Now().Unix() <= until {
		u, err := s.Accounts.Get(ctx, id)
		if err == nil && u.Active {
			return auth.Actor{UserID: u.ID, Role: u.Role, Email: u.Email, DisplayName: u.DisplayName}, true
		}
		if err != nil && !errors.Is(err, account.ErrNotFound) {
			s.fail(c, err)
			return auth.Actor{}, false
		}
	}
	s.clearPending(c)
	c.Redirect(http.StatusSeeOther, "/login")
	return auth.Actor{}, false
}

func (s *Server) clearPending(c *gin.Context) {
	ctx := c.Request.Context()
	for _, k := range []string{pendingUserKey, pendingNextKey, pendingUntilKey, enrolSecretKey} {
		s.Sessions.Remove(ctx, k)
	}
}

// finishSignIn signs the pending account in (with a new session token) and
// returns where it was going.
func (s *Server) finishSignIn(c *gin.Context, a auth.Actor) (string, error) {
	ctx := c.Request.Context()
	next := s.safeNext(s.Sessions.GetString(ctx, pendingNextKey))
	s.clearPending(c)
	if err := s.signIn(c, a.UserID); err != nil {
		return "", err
	}
	// The rest of this request is theirs too (the page it renders).
	c.Request = c.Request.WithContext(auth.WithActor(ctx, a))
	return next, nil
}

type mfaChallengePage struct {
	Page
	Error  string
	Locked bool
}

// GET /login/mfa: the second step, a code from the authenticator app or a
// recovery code.
func (s *Server) mfaChallengeForm(c *gin.Context) {
	if _, ok := s.pendingActor(c); !ok {
		return
	}
	s.render(c, http.StatusOK, "mfa/challenge", mfaChallengePage{Page: s.page(c, s.tr(c).T("mfa.heading"))})
}

// POST /login/mfa (code)
func (s *Server) mfaChallengeSubmit(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	a, ok := s.pendingActor(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	data := mfaChallengePage{Page: s.page(c, s.tr(c).T("mfa.heading"))}
	if over, failed := s.signInThrottled(c); failed {
		return
	} else if over {
		data.Error = s.tr(c).T(tooManySignIns)
		s.render(c, http.StatusTooManyRequests, "mfa/challenge", data)
		return
	}
	res, err := s.MFA.Verify(ctx, a, c.PostForm("code"))
	switch {
	case errors.Is(err, mfa.ErrInvalidCode):
		data.Error = s.tr(c).T("mfa.challenge.bad_code")
		s.render(c, http.StatusUnauthorized, "mfa/challenge", data)
		return
	case errors.Is(err, account.ErrLocked):
		s.clearPending(c)
		data.Error, data.Locked = s.tr(c).T("mfa.challenge.locked"), true
		s.render(c, http.StatusUnauthorized, "mfa/challenge", data)
		return
	case errors.Is(err, mfa.ErrNotEnrolled):
		c.Redirect(http.StatusSeeOther, "/login/mfa/enrol")
		return
	case errors.Is(err, mfa.ErrNotFound):
		s.clearPending(c)
		c.Redirect(http.StatusSeeOther, "/login")
		return
	case err != nil:
		s.fail(c, err)
		return
	}
	next, err := s.finishSignIn(c, a)
	if err != nil {
		s.fail(c, err)
		return
	}
	if res.RecoveryCode {
		s.flash(c, s.tr(c).T("mfa.challenge.recovery_used", "Count", res.RecoveryCodesLeft))
	}
	c.Redirect(http.StatusSeeOther, next)
}
