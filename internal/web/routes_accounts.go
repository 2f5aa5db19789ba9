package web

import (
	"net/http"

	"github.com/tend-practice/tend/internal/authz"
)

// accountRoutes registers what people manage themselves (issue 18):
// password resets, the account page, exports, closing files and the
// practice's settings. Links are public because the token is the credential.
func (s *Server) accountRoutes() {
	pub := authz.Public
	req := authz.Require

	// Forgot password and the one-time reset link.
	s.handle(http.MethodGet, "/login/forgot", pub, s.forgotForm)
	s.handle(http.MethodPost, "/login/forgot", pub, s.forgotSubmit)
	s.handle(http.MethodGet, "/reset/:token", pub, s.resetForm)
	s.handle(http.MethodPost, "/reset/:token", pub, s.resetSubmit)

	// The account page: every role, its own account only.
	s.handle(http.MethodGet, "/account", req("account", "read"), s.accountShow)
	s.handle(http.MethodPost, "/account", req("account", "write"), s.accountSave)
	s.handle(http.MethodPost, "/account/profile", req("me", "write"), s.accountClientProfile)
	s.handle(http.MethodPost, "/account/password", req("account", "write"), s.accountPassword)
	s.handle(http.MethodPost, "/account/email", req("account", "write"), s.accountEmail)
	s.handle(http.MethodGet, "/account/email/:token", pub, s.accountEmailConfirm)

	// Restoring access: a clinician for their client, an admin for staff.
	s.handle(http.MethodPost, "/clinician/clients/:id/sign-in-link", req("clients", "write"), s.clientSignInLink)
	s.handle(http.MethodPost, "/clinician/clients/:id/invite/send", req("clients", "write"), s.clientInviteSend)
	s.handle(http.MethodPost, "/admin/users/:id/password-reset", req("users", "write"), s.adminUserPasswordReset)

	// Records to take away: a client's own work, a clinician's client's record.
	s.handle(http.MethodGet, "/me/export", req("me", "read"), s.exportMine)
	s.handle(http.MethodGet, "/clinician/clients/:id/export", req("clients", "read"), s.exportClient)

	// Closing a file; the practice's retention period, holds and export.
	s.handle(http.MethodPost, "/clinician/clients/:id/close", req("clients", "write"), s.clientClose)
	s.handle(http.MethodPost, "/clinician/clients/:id/reopen", req("clients", "write"), s.clientClose)
	s.handle(http.MethodGet, "/admin/settings", req("practice", "read"), s.adminSettings)
	s.handle(http.MethodPost, "/admin/settings", req("practice", "write"), s.adminSettingsSave)
	s.handle(http.MethodPost, "/admin/files/:id/hold", req("practice", "write"), s.adminFileHold)
	s.handle(http.MethodGet, "/admin/export", req("practice", "export"), s.adminExport)
}
