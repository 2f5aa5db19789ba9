package web

import (
	"net/http"

	"github.com/tend-practice/tend/internal/authz"
)

// routes registers every route with the rule it needs. A route outside this
// file, or without a rule, fails TestRoutes_EveryRouteDeclaresAccess.
func (s *Server) routes() {
	pub := authz.Public

	// Public.
	s.handle(http.MethodGet, "/healthz", pub, s.healthz)
	s.handle(http.MethodGet, "/readyz", pub, s.readyz)
	s.handle(http.MethodGet, "/static/*file", pub, s.static)
	s.handle(http.MethodGet, "/login", pub, s.loginForm)
	s.handle(http.MethodPost, "/login", pub, s.loginSubmit)
	s.handle(http.MethodGet, "/", pub, s.home)

	// Every signed-in role.
	s.handle(http.MethodPost, "/logout", authz.SessionDelete, s.logout)

	// Admin.
	s.handle(http.MethodGet, "/admin/users", authz.UsersRead, s.adminUsers)
	s.handle(http.MethodPost, "/admin/users", authz.UsersWrite, s.adminUserCreate)
	s.handle(http.MethodPost, "/admin/users/:id/active", authz.UsersWrite, s.adminUserSetActive)
	s.handle(http.MethodGet, "/admin/audit", authz.AuditRead, s.adminAudit)
	s.handle(http.MethodGet, "/admin/safety", authz.SafetyWrite, s.adminSafety)
	s.handle(http.MethodPost, "/admin/safety", authz.SafetyWrite, s.adminSafetySave)
	s.handle(http.MethodGet, "/admin/outbox", authz.OutboxRead, s.adminOutbox)

	// Invites: the token is the credential.
	s.handle(http.MethodGet, "/invite/:token", pub, s.inviteForm)
	s.handle(http.MethodPost, "/invite/:token", pub, s.inviteAccept)

	// Library: staff see the library; a client sees only modules assigned to them.
	s.handle(http.MethodGet, "/library/modules", authz.ModulesRead, s.moduleList)
	s.handle(http.MethodGet, "/library/modules/:slug", authz.ModulesRead, s.moduleShow)
	s.handle(http.MethodGet, "/library/worksheets", authz.WorksheetsRead, s.worksheetList)
	s.handle(http.MethodGet, "/library/worksheets/:slug", authz.WorksheetsRead, s.worksheetShow)
	s.handle(http.MethodPost, "/library/modules/:slug/assign", authz.AssignmentsAssign, s.moduleAssign)
	s.handle(http.MethodPost, "/library/worksheets/:slug/assign", authz.AssignmentsAssign, s.worksheetAssign)

	// Clinician.
	s.handle(http.MethodGet, "/clinician", authz.DashboardRead, s.clinicianDashboard)
	s.handle(http.MethodGet, "/clinician/clients", authz.ClientsRead, s.clientList)
	s.handle(http.MethodPost, "/clinician/clients", authz.ClientsWrite, s.clientCreate)
	s.handle(http.MethodGet, "/clinician/clients/:id", authz.ClientsRead, s.clientShow)
	s.handle(http.MethodPost, "/clinician/clients/:id/profile", authz.ClientsWrite, s.clientProfile)
	s.handle(http.MethodPost, "/clinician/clients/:id/archive", authz.ClientsWrite, s.clientArchive)
	s.handle(http.MethodPost, "/clinician/clients/:id/invite", authz.ClientsWrite, s.clientInvite)
	s.handle(http.MethodPost, "/clinician/clients/:id/assignments", authz.AssignmentsAssign, s.assignmentCreate)
	s.handle(http.MethodGet, "/clinician/assignments/:id", authz.AssignmentsRead, s.reflectionShow)
	s.handle(http.MethodGet, "/clinician/assignments/:id/preview", authz.AssignmentsRead, s.assignmentPreview)
	s.handle(http.MethodPost, "/clinician/assignments/:id/comments", authz.CommentsWrite, s.reflectionComment)
	s.handle(http.MethodPost, "/clinician/assignments/:id/review", authz.AssignmentsReview, s.reflectionReview)
	s.handle(http.MethodPost, "/clinician/assignments/:id/reopen", authz.AssignmentsReview, s.reflectionReopen)
	s.handle(http.MethodPost, "/clinician/assignments/:id/acknowledge", authz.AssignmentsReview, s.reflectionAcknowledge)
	s.handle(http.MethodPost, "/clinician/assignments/:id/change", authz.AssignmentsAssign, s.assignmentChange)
	s.handle(http.MethodPost, "/clinician/assignments/:id/withdraw", authz.AssignmentsAssign, s.assignmentWithdraw)
	s.handle(http.MethodPost, "/clinician/assignments/:id/restore", authz.AssignmentsAssign, s.assignmentRestore)

	// Handouts. Ownership of assignment handouts is checked in the query.
	// Each takes a render slot first (limitPDF).
	s.handle(http.MethodGet, "/handouts/modules/:file", authz.HandoutsPrint, s.limitPDF(s.handoutModule))
	s.handle(http.MethodGet, "/handouts/modules/:file/guide.pdf", authz.GuidesRead, s.limitPDF(s.handoutGuide))
	s.handle(http.MethodGet, "/handouts/worksheets/:file", authz.WorksheetsRead, s.limitPDF(s.handoutWorksheet))
	s.handle(http.MethodGet, "/handouts/assignments/:file", authz.HandoutsPrint, s.limitPDF(s.handoutAssignment))

	// Client.
	s.handle(http.MethodGet, "/me", authz.MeRead, s.clientHome)
	s.handle(http.MethodGet, "/me/assignments/:id", authz.MeRead, s.myAssignmentShow)
	s.handle(http.MethodPost, "/me/assignments/:id", authz.MeWrite, s.myAssignmentSave)
	s.handle(http.MethodPost, "/me/assignments/:id/comments", authz.MeWrite, s.myAssignmentReply)

	s.api.Routes(s.handle)
	s.authorRoutes()
	s.securityRoutes()
	s.coupleRoutes()
	s.jobRoutes()
	s.accountRoutes()
}
