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
	s.handle(http.MethodGet, "/admin/safety", req("safety", "write"), s.adminSafety)
	s.handle(http.MethodPost, "/admin/safety", req("safety", "write"), s.adminSafetySave)
	s.handle(http.MethodGet, "/admin/outbox", req("outbox", "read"), s.adminOutbox)

	// Invites: the token is the credential.
	s.handle(http.MethodGet, "/invite/:token", pub, s.inviteForm)
	s.handle(http.MethodPost, "/invite/:token", pub, s.inviteAccept)

	// Library: staff see the library; a client sees only modules assigned to them.
	s.handle(http.MethodGet, "/library/modules", req("modules", "read"), s.moduleList)
	s.handle(http.MethodGet, "/library/modules/:slug", req("modules", "read"), s.moduleShow)
	s.handle(http.MethodGet, "/library/worksheets", req("worksheets", "read"), s.worksheetList)
	s.handle(http.MethodGet, "/library/worksheets/:slug", req("worksheets", "read"), s.worksheetShow)
	s.handle(http.MethodPost, "/library/modules/:slug/assign", req("assignments", "assign"), s.moduleAssign)
	s.handle(http.MethodPost, "/library/worksheets/:slug/assign", req("assignments", "assign"), s.worksheetAssign)

	// Clinician.
	s.handle(http.MethodGet, "/clinician", req("dashboard", "read"), s.clinicianDashboard)
	s.handle(http.MethodGet, "/clinician/clients", req("clients", "read"), s.clientList)
	s.handle(http.MethodPost, "/clinician/clients", req("clients", "write"), s.clientCreate)
	s.handle(http.MethodGet, "/clinician/clients/:id", req("clients", "read"), s.clientShow)
	s.handle(http.MethodPost, "/clinician/clients/:id/profile", req("clients", "write"), s.clientProfile)
	s.handle(http.MethodPost, "/clinician/clients/:id/archive", req("clients", "write"), s.clientArchive)
	s.handle(http.MethodPost, "/clinician/clients/:id/invite", req("clients", "write"), s.clientInvite)
	s.handle(http.MethodPost, "/clinician/clients/:id/assignments", req("assignments", "assign"), s.assignmentCreate)
	s.handle(http.MethodGet, "/clinician/assignments/:id", req("assignments", "read"), s.reflectionShow)
	s.handle(http.MethodGet, "/clinician/assignments/:id/preview", req("assignments", "read"), s.assignmentPreview)
	s.handle(http.MethodPost, "/clinician/assignments/:id/comments", req("comments", "write"), s.reflectionComment)
	s.handle(http.MethodPost, "/clinician/assignments/:id/review", req("assignments", "review"), s.reflectionReview)
	s.handle(http.MethodPost, "/clinician/assignments/:id/reopen", req("assignments", "review"), s.reflectionReopen)
	s.handle(http.MethodPost, "/clinician/assignments/:id/acknowledge", req("assignments", "review"), s.reflectionAcknowledge)
	s.handle(http.MethodPost, "/clinician/assignments/:id/change", req("assignments", "assign"), s.assignmentChange)
	s.handle(http.MethodPost, "/clinician/assignments/:id/withdraw", req("assignments", "assign"), s.assignmentWithdraw)
	s.handle(http.MethodPost, "/clinician/assignments/:id/restore", req("assignments", "assign"), s.assignmentRestore)

	// Handouts. Ownership of assignment handouts is checked in the query.
	// Each takes a render slot first (limitPDF).
	s.handle(http.MethodGet, "/handouts/modules/:file", req("handouts", "print"), s.limitPDF(s.handoutModule))
	s.handle(http.MethodGet, "/handouts/modules/:file/guide.pdf", req("guides", "read"), s.limitPDF(s.handoutGuide))
	s.handle(http.MethodGet, "/handouts/worksheets/:file", req("worksheets", "read"), s.limitPDF(s.handoutWorksheet))
	s.handle(http.MethodGet, "/handouts/assignments/:file", req("handouts", "print"), s.limitPDF(s.handoutAssignment))

	// Client.
	s.handle(http.MethodGet, "/me", req("me", "read"), s.clientHome)
	s.handle(http.MethodGet, "/me/assignments/:id", req("me", "read"), s.myAssignmentShow)
	s.handle(http.MethodPost, "/me/assignments/:id", req("me", "write"), s.myAssignmentSave)
	s.handle(http.MethodPost, "/me/assignments/:id/comments", req("me", "write"), s.myAssignmentReply)

	s.apiRoutes()
	s.authorRoutes()
	s.securityRoutes()
	s.coupleRoutes()
	s.jobRoutes()
	s.accountRoutes()
}
