package web

import (
	"net/http"

	"github.com/tend-practice/tend/internal/authz"
)

// securityRoutes registers two-step sign-in and emergency (break-glass)
// access.
func (s *Server) securityRoutes() {
	pub := authz.Public

	// Second sign-in step. Public, because the person is not signed in yet:
	// each handler needs the pending account a correct password left in
	// the session, and sends anyone without one back to /login.
	s.handle(http.MethodGet, "/login/mfa", pub, s.mfaChallengeForm)
	s.handle(http.MethodPost, "/login/mfa", pub, s.mfaChallengeSubmit)
	s.handle(http.MethodGet, "/login/mfa/enrol", pub, s.mfaPendingEnrolForm)
	s.handle(http.MethodPost, "/login/mfa/enrol", pub, s.mfaPendingEnrolConfirm)

	// A clinician's or administrator's own two-step sign-in.
	s.handle(http.MethodGet, "/account/mfa", authz.MFARead, s.mfaShow)
	s.handle(http.MethodPost, "/account/mfa", authz.MFAWrite, s.mfaConfirm)
	s.handle(http.MethodPost, "/account/mfa/recovery-codes", authz.MFAWrite, s.mfaRenewCodes)
	s.handle(http.MethodPost, "/account/mfa/disable", authz.MFAWrite, s.mfaDisable)

	// The practice's rule, and resetting someone's lost authenticator.
	s.handle(http.MethodGet, "/admin/security", authz.MFAPolicyRead, s.adminSecurity)
	s.handle(http.MethodPost, "/admin/security/mfa", authz.MFAPolicyWrite, s.adminSecurityMFA)
	s.handle(http.MethodPost, "/admin/security/users/:id/mfa-reset", authz.MFAPolicyWrite, s.adminSecurityReset)

	// Emergency access: open (with a reason), read-only views while open, end.
	s.handle(http.MethodGet, "/admin/break-glass", authz.BreakglassRead, s.breakGlassIndex)
	s.handle(http.MethodPost, "/admin/break-glass", authz.BreakglassWrite, s.breakGlassOpen)
	s.handle(http.MethodGet, "/admin/break-glass/clients/:id", authz.BreakglassRead, s.breakGlassClient)
	s.handle(http.MethodGet, "/admin/break-glass/assignments/:id", authz.BreakglassRead, s.breakGlassAssignment)
	s.handle(http.MethodPost, "/admin/break-glass/grants/:id/end", authz.BreakglassWrite, s.breakGlassEnd)
}
