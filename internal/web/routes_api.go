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
	req := authz.Require
	const v1 = "/api/v1"

	// Library.
	s.handle(http.MethodGet, v1+"/modules", req("modules", "read"), s.apiModules)
	s.handle(http.MethodGet, v1+"/modules/:slug", req("modules", "read"), s.apiModule)
	s.handle(http.MethodGet, v1+"/worksheets", req("worksheets", "read"), s.apiWorksheets)
	s.handle(http.MethodGet, v1+"/worksheets/:slug", req("worksheets", "read"), s.apiWorksheet)

	// The practice's crisis contacts, for anyone signed in.
	s.handle(http.MethodGet, v1+"/practice/safety", req("safety", "read"), s.apiPracticeSafety)

	// Clinician: own clients, their assignments and reflections.
	s.handle(http.MethodGet, v1+"/clients", req("clients", "read"), s.apiClients)
	s.handle(http.MethodPost, v1+"/clients", req("clients", "write"), s.apiClientCreate)
	s.handle(http.MethodGet, v1+"/clients/:id", req("clients", "read"), s.apiClient)
	s.handle(http.MethodGet, v1+"/clients/:id/assignments", req("assignments", "read"), s.apiClientAssignments)
	s.handle(http.MethodPost, v1+"/clients/:id/assignments", req("assignments", "assign"), s.apiClientAssign)
	s.handle(http.MethodGet, v1+"/assignments/:id", req("assignments", "read"), s.apiAssignment)

	// Client: own work.
	s.handle(http.MethodGet, v1+"/me/assignments", req("me", "read"), s.apiMeAssignments)
	s.handle(http.MethodGet, v1+"/me/assignments/:id", req("me", "read"), s.apiAssignment)
	s.handle(http.MethodPost, v1+"/me/assignments/:id/read", req("me", "write"), s.apiMeAssignmentRead)
	s.handle(http.MethodPut, v1+"/me/assignments/:id/response", req("me", "write"), s.apiMeResponsePut)
}
