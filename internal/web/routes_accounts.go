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
}
