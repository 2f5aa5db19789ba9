package web

import (
	"encoding/base64"
	"errors"
	"html/template"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/mfa"
)

type mfaEnrolPage struct {
	Page
	Action  string // where the confirming code is posted
	Pending bool   // setting up during sign-in, because the practice requires it
	Secret  string
	URI     string
	QR      template.URL
	Error   string
}

type mfaCodesPage struct {
	Page
	Codes []string
	Next  string
}

// enrolSecretKey is the session key of the authenticator secret this
// session is setting up.
const enrolSecretKey = "mfa_enrol_secret" // #nosec G101 -- a session key name, not a credential

// badCodeMessage is the catalogue key of a wrong code on one's own pages.
const badCodeMessage = "mfa.bad_code"

// renderEnrol shows the authenticator secret (as text, as an otpauth URI and
// as a QR code) and the form to confirm it. An account already set up goes
// to done instead.
func (s *Server) renderEnrol(c *gin.Context, status int, a auth.Actor, action, done, errMsg string) {
	ctx := c.Request.Context()
	enr, err := s.MFA.Begin(ctx, a, s.Sessions.GetString(ctx, enrolSecretKey))
	if errors.Is(err, mfa.ErrAlreadyEnrolled) {
		c.Redirect(http.StatusSeeOther, done)
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	// This attempt's secret lives in this session only (sealed, like all
	// session data) until it is confirmed.
	s.Sessions.Put(ctx, enrolSecretKey, enr.Secret)
	s.render(c, status, "mfa/enrol", mfaEnrolPage{Page: s.page(c, s.tr(c).T("mfa.enrol.heading")), Action: action,
		Pending: strings.HasPrefix(action, "/login/"), Secret: enr.Secret, URI: enr.URI, Error: errMsg,
		// A data: URI, which the CSP allows for images; typed so the
		// template does not neutralise it.
		QR: template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(enr.QRPNG))})
}

// confirmEnrol checks the first code and, on success, returns the recovery
// codes; otherwise it has answered the request.
func (s *Server) confirmEnrol(c *gin.Context, a auth.Actor, action, done string) ([]string, bool) {
	ctx := c.Request.Context()
	codes, err := s.MFA.Confirm(ctx, a, s.Sessions.GetString(ctx, enrolSecretKey), c.PostForm("code"))
	if err == nil || errors.Is(err, mfa.ErrAlreadyEnrolled) {
		s.Sessions.Remove(ctx, enrolSecretKey)
	}
	switch {
	case errors.Is(err, mfa.ErrInvalidCode):
		s.renderEnrol(c, http.StatusUnprocessableEntity, a, action, done, s.tr(c).T(badCodeMessage))
	case errors.Is(err, mfa.ErrAlreadyEnrolled):
		c.Redirect(http.StatusSeeOther, done)
	case errors.Is(err, mfa.ErrNotEnrolled):
		c.Redirect(http.StatusSeeOther, action) // the page was never loaded: show the secret first
	case err != nil:
		s.fail(c, err)
	default:
		return codes, true
	}
	return nil, false
}

// GET /login/mfa/enrol: setting up during sign-in, when the practice
// requires two-step sign-in and the account has none yet.
func (s *Server) mfaPendingEnrolForm(c *gin.Context) {
	if a, ok := s.pendingActor(c); ok {
		s.renderEnrol(c, http.StatusOK, a, "/login/mfa/enrol", "/login/mfa", "")
	}
}

// POST /login/mfa/enrol (code): confirms, signs in, shows recovery codes once.
func (s *Server) mfaPendingEnrolConfirm(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	a, ok := s.pendingActor(c)
	if !ok {
		return
	}
	codes, ok := s.confirmEnrol(c, a, "/login/mfa/enrol", "/login/mfa")
	if !ok {
		return
	}
	next, err := s.finishSignIn(c, a)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "mfa/codes", mfaCodesPage{Page: s.page(c, s.tr(c).T("mfa.codes.heading")), Codes: codes, Next: next})
}

// GET /account/mfa: one's own two-step sign-in, or setting it up.
func (s *Server) mfaShow(c *gin.Context) {
	s.renderMFAAccount(c, http.StatusOK, "")
}

// POST /account/mfa (code): confirms the authenticator; shows recovery codes once.
func (s *Server) mfaConfirm(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	if codes, ok := s.confirmEnrol(c, actor(c), "/account/mfa", "/account/mfa"); ok {
		s.render(c, http.StatusOK, "mfa/codes", mfaCodesPage{Page: s.page(c, s.tr(c).T("mfa.codes.heading")), Codes: codes, Next: "/account/mfa"})
	}
}
