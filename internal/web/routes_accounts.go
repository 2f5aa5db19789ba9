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

	// Forgot password and the one-time reset link.
	s.handle(http.MethodGet, "/login/forgot", pub, s.forgotForm)
	s.handle(http.MethodPost, "/login/forgot", pub, s.forgotSubmit)
	s.handle(http.MethodGet, "/reset/:token", pub, s.resetForm)
	s.handle(http.MethodPost, "/reset/:token", pub, s.resetSubmit)

	// The account page: every role, its own account only.
	s.handle(http.MethodGet, "/account", authz.AccountRead, s.accountShow)
	s.handle(http.MethodPost, "/account", authz.AccountWrite, s.accountSave)
	s.handle(http.MethodPost, "/account/profile", authz.MeWrite, s.accountClientProfile)
	s.handle(http.MethodPost, "/account/password", authz.AccountWrite, s.accountPassword)
	s.handle(http.MethodPost, "/account/email", authz.AccountWrite, s.accountEmail)
	s.handle(http.MethodGet, "/account/email/:token", pub, s.accountEmailConfirm)

	// Restoring access: a clinician for their client, an admin for staff.
	s.handle(http.MethodPost, "/clinician/clients/:id/sign-in-link", authz.ClientsWrite, s.clientSignInLink)
	s.handle(http.MethodPost, "/clinician/clients/:id/invite/send", authz.ClientsWrite, s.clientInviteSend)
	s.handle(http.MethodPost, "/admin/users/:id/password-reset", authz.UsersWrite, s.adminUserPasswordReset)

	// Records to take away: a client's own work, a clinician's client's record.
	s.handle(http.MethodGet, "/me/export", authz.MeRead, s.exportMine)
	s.handle(http.MethodGet, "/clinician/clients/:id/export", authz.ClientsRead, s.exportClient)

	// Closing a file; the practice's retention period, holds and export.
	s.handle(http.MethodPost, "/clinician/clients/:id/close", authz.ClientsWrite, s.clientClose)
	s.handle(http.MethodPost, "/clinician/clients/:id/reopen", authz.ClientsWrite, s.clientClose)
	s.handle(http.MethodGet, "/admin/settings", authz.PracticeRead, s.adminSettings)
	s.handle(http.MethodPost, "/admin/settings", authz.PracticeWrite, s.adminSettingsSave)
	s.handle(http.MethodPost, "/admin/files/:id/hold", authz.PracticeWrite, s.adminFileHold)
	s.handle(http.MethodGet, "/admin/export", authz.PracticeExport, s.adminExport)
}
