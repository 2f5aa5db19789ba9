package web

import (
	"net/http"

	"github.com/tend-practice/tend/internal/authz"
)

// securityRoutes registers two-step sign-in and emergency (break-glass)
// access.
func (s *Server) securityRoutes() {
	pub := authz.Public
	req := authz.Require

	// Second sign-in step. Public, because the person is not signed in yet:
	// each handler needs the pending account a correct password left in
	// the session, and sends anyone without one back to /login.
	s.handle(http.MethodGet, "/login/mfa", pub, s.mfaChallengeForm)
	s.handle(http.MethodPost, "/login/mfa", pub, s.mfaChallengeSubmit)
	s.handle(http.MethodGet, "/login/mfa/enrol", pub, s.mfaPendingEnrolForm)
	s.handle(http.MethodPost, "/login/mfa/enrol", pub, s.mfaPendingEnrolConfirm)

	// A clinician's or administrator's own two-step sign-in.
	s.handle(http.MethodGet, "/account/mfa", req("mfa", "read"), s.mfaShow)
	s.handle(http.MethodPost, "/account/mfa", req("mfa", "write"), s.mfaConfirm)
	s.handle(http.MethodPost, "/account/mfa/recovery-codes", req("mfa", "write"), s.mfaRenewCodes)
	s.handle(http.MethodPost, "/account/mfa/disable", req("mfa", "write"), s.mfaDisable)

	// The practice's rule, and resetting someone's lost authenticator.
	s.handle(http.MethodGet, "/admin/security", req("mfa_policy", "read"), s.adminSecurity)
	s.handle(http.MethodPost, "/admin/security/mfa", req("mfa_policy", "write"), s.adminSecurityMFA)
	s.handle(http.MethodPost, "/admin/security/users/:id/mfa-reset", req("mfa_policy", "write"), s.adminSecurityReset)

	// Emergency access: open (with a reason), read-only views while open, end.
	s.handle(http.MethodGet, "/admin/break-glass", req("breakglass", "read"), s.breakGlassIndex)
	s.handle(http.MethodPost, "/admin/break-glass", req("breakglass", "write"), s.breakGlassOpen)
	s.handle(http.MethodGet, "/admin/break-glass/clients/:id", req("breakglass", "read"), s.breakGlassClient)
	s.handle(http.MethodGet, "/admin/break-glass/assignments/:id", req("breakglass", "read"), s.breakGlassAssignment)
	s.handle(http.MethodPost, "/admin/break-glass/grants/:id/end", req("breakglass", "write"), s.breakGlassEnd)
}
