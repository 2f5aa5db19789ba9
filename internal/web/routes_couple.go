package web

import (
	"net/http"

	"github.com/tend-practice/tend/internal/authz"
)

// coupleRoutes registers couples work. The rules reuse the clinician's and
// client's objects: linking and the safety switch change clients, assigning
// to a couple is assigning, the side-by-side view and the joint plan are
// reading reflections. Who owns which couple is checked in the queries.
func (s *Server) coupleRoutes() {

	// Clinician.
	s.handle(http.MethodPost, "/clinician/clients/:id/partners", authz.ClientsWrite, s.coupleLink)
	s.handle(http.MethodGet, "/clinician/couples/:id", authz.ClientsRead, s.coupleShow)
	s.handle(http.MethodPost, "/clinician/couples/:id/unlink", authz.ClientsWrite, s.coupleUnlink)
	s.handle(http.MethodPost, "/clinician/couples/:id/individual-only", authz.ClientsWrite, s.coupleIndividualOnly)
	s.handle(http.MethodPost, "/clinician/couples/:id/assignments", authz.AssignmentsAssign, s.coupleAssign)
	s.handle(http.MethodGet, "/clinician/couples/:id/groups/:gid", authz.AssignmentsRead, s.coupleCompare)
	s.handle(http.MethodGet, "/clinician/couples/:id/groups/:gid/plan.pdf", authz.AssignmentsRead, s.limitPDF(s.coupleJointPlan))

	// Client: their own sharing choices, and what partners share with them.
	s.handle(http.MethodGet, "/me/assignments/:id/sharing", authz.MeRead, s.coupleSharingShow)
	s.handle(http.MethodPost, "/me/assignments/:id/sharing", authz.MeWrite, s.coupleSharingSave)
	s.handle(http.MethodGet, "/me/shared", authz.MeRead, s.coupleSharedList)
	s.handle(http.MethodGet, "/me/shared/:gid", authz.MeRead, s.coupleSharedShow)
}
