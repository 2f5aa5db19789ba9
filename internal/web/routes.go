package web

import (
	"net/http"

	"github.com/tend-practice/tend/internal/authz"
)

// routes registers every route with the rule it needs. A route outside this
// file, or without a rule, fails TestRoutes_EveryRouteDeclaresAccess.
func (s *Server) routes() {
	pub := authz.Public
	req := authz.Require

	// Public.
	s.handle(http.MethodGet, "/healthz", pub, s.healthz)
	s.handle(http.MethodGet, "/readyz", pub, s.readyz)
	s.handle(http.MethodGet, "/static/*file", pub, s.static)
	s.handle(http.MethodGet, "/login", pub, s.loginForm)
	s.handle(http.MethodPost, "/login", pub, s.loginSubmit)
	s.handle(http.MethodGet, "/", pub, s.home)

	// Every signed-in role.
	s.handle(http.MethodPost, "/logout", req("session", "delete"), s.logout)

	// Admin.
	s.handle(http.MethodGet, "/admin/users", req("users", "read"), s.adminUsers)
	s.handle(http.MethodPost, "/admin/users", req("users", "write"), s.adminUserCreate)
	s.handle(http.MethodPost, "/admin/users/:id/active", req("users", "write"), s.adminUserSetActive)
	s.handle(http.MethodGet, "/admin/audit", req("audit", "read"), s.adminAudit)

	// Clinician.
	s.handle(http.MethodGet, "/clinician", req("dashboard", "read"), s.clinicianDashboard)

	// Client.
	s.handle(http.MethodGet, "/me", req("me", "read"), s.clientHome)
}
