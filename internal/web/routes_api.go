package web

import (
	"net/http"

	"github.com/tend-practice/tend/internal/authz"
)

// apiRoutes registers the JSON API under /api/v1. The rules are the pages'
// rules: the same objects and actions, the same ownership in the queries.
// Anonymous requests get 401 and a role without the rule 403, both as
// problem+json (see authorize).
func (s *Server) apiRoutes() {
	const v1 = "/api/v1"

	// Library.
	s.handle(http.MethodGet, v1+"/modules", authz.ModulesRead, s.apiModules)
	s.handle(http.MethodGet, v1+"/modules/:slug", authz.ModulesRead, s.apiModule)
	s.handle(http.MethodGet, v1+"/worksheets", authz.WorksheetsRead, s.apiWorksheets)
	s.handle(http.MethodGet, v1+"/worksheets/:slug", authz.WorksheetsRead, s.apiWorksheet)

	// The practice's crisis contacts, for anyone signed in.
	s.handle(http.MethodGet, v1+"/practice/safety", authz.SafetyRead, s.apiPracticeSafety)

	// Clinician: own clients, their assignments and reflections.
	s.handle(http.MethodGet, v1+"/clients", authz.ClientsRead, s.apiClients)
	s.handle(http.MethodPost, v1+"/clients", authz.ClientsWrite, s.apiClientCreate)
	s.handle(http.MethodGet, v1+"/clients/:id", authz.ClientsRead, s.apiClient)
	s.handle(http.MethodGet, v1+"/clients/:id/assignments", authz.AssignmentsRead, s.apiClientAssignments)
	s.handle(http.MethodPost, v1+"/clients/:id/assignments", authz.AssignmentsAssign, s.apiClientAssign)
	s.handle(http.MethodGet, v1+"/assignments/:id", authz.AssignmentsRead, s.apiAssignment)
	s.handle(http.MethodPatch, v1+"/assignments/:id", authz.AssignmentsAssign, s.apiAssignmentPatch)
	s.handle(http.MethodPost, v1+"/assignments/:id/withdraw", authz.AssignmentsAssign, s.apiAssignmentWithdraw)
	s.handle(http.MethodPost, v1+"/assignments/:id/restore", authz.AssignmentsAssign, s.apiAssignmentRestore)
	s.handle(http.MethodPost, v1+"/assignments/:id/stop-repeat", authz.AssignmentsAssign, s.apiAssignmentStopRepeat)
	s.handle(http.MethodGet, v1+"/queue", authz.DashboardRead, s.apiQueue)

	// Client: own work.
	s.handle(http.MethodGet, v1+"/me/assignments", authz.MeRead, s.apiMeAssignments)
	s.handle(http.MethodGet, v1+"/me/assignments/:id", authz.MeRead, s.apiAssignment)
	s.handle(http.MethodPost, v1+"/me/assignments/:id/read", authz.MeWrite, s.apiMeAssignmentRead)
	s.handle(http.MethodPut, v1+"/me/assignments/:id/response", authz.MeWrite, s.apiMeResponsePut)
}
