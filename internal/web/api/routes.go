package api

import (
	"net/http"

	"github.com/tend-practice/tend/internal/authz"
	"github.com/tend-practice/tend/internal/web/httpx"
)

// apiRoutes registers the JSON API under /api/v1. The rules are the pages'
// rules: the same objects and actions, the same ownership in the queries.
// Anonymous requests get 401 and a role without the rule 403, both as
// problem+json (see authorize).
func (s *Server) Routes(handle httpx.Handle) {
	const v1 = "/api/v1"

	// Library.
	handle(http.MethodGet, v1+"/modules", authz.ModulesRead, s.apiModules)
	handle(http.MethodGet, v1+"/modules/:slug", authz.ModulesRead, s.apiModule)
	handle(http.MethodGet, v1+"/worksheets", authz.WorksheetsRead, s.apiWorksheets)
	handle(http.MethodGet, v1+"/worksheets/:slug", authz.WorksheetsRead, s.apiWorksheet)

	// The practice's crisis contacts, for anyone signed in.
	handle(http.MethodGet, v1+"/practice/safety", authz.SafetyRead, s.apiPracticeSafety)

	// Clinician: own clients, their assignments and reflections.
	handle(http.MethodGet, v1+"/clients", authz.ClientsRead, s.apiClients)
	handle(http.MethodPost, v1+"/clients", authz.ClientsWrite, s.apiClientCreate)
	handle(http.MethodGet, v1+"/clients/:id", authz.ClientsRead, s.apiClient)
	handle(http.MethodGet, v1+"/clients/:id/assignments", authz.AssignmentsRead, s.apiClientAssignments)
	handle(http.MethodPost, v1+"/clients/:id/assignments", authz.AssignmentsAssign, s.apiClientAssign)
	handle(http.MethodGet, v1+"/assignments/:id", authz.AssignmentsRead, s.apiAssignment)
	handle(http.MethodPatch, v1+"/assignments/:id", authz.AssignmentsAssign, s.apiAssignmentPatch)
	handle(http.MethodPost, v1+"/assignments/:id/withdraw", authz.AssignmentsAssign, s.apiAssignmentWithdraw)
	handle(http.MethodPost, v1+"/assignments/:id/restore", authz.AssignmentsAssign, s.apiAssignmentRestore)
	handle(http.MethodPost, v1+"/assignments/:id/stop-repeat", authz.AssignmentsAssign, s.apiAssignmentStopRepeat)
	handle(http.MethodGet, v1+"/queue", authz.DashboardRead, s.apiQueue)

	// Client: own work.
	handle(http.MethodGet, v1+"/me/assignments", authz.MeRead, s.apiMeAssignments)
	handle(http.MethodGet, v1+"/me/assignments/:id", authz.MeRead, s.apiAssignment)
	handle(http.MethodPost, v1+"/me/assignments/:id/read", authz.MeWrite, s.apiMeAssignmentRead)
	handle(http.MethodPut, v1+"/me/assignments/:id/response", authz.MeWrite, s.apiMeResponsePut)
}
