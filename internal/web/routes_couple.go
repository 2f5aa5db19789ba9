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
	req := authz.Require

	// Clinician.
	s.handle(http.MethodPost, "/clinician/clients/:id/partners", req("clients", "write"), s.coupleLink)
	s.handle(http.MethodGet, "/clinician/couples/:id", req("clients", "read"), s.coupleShow)
	s.handle(http.MethodPost, "/clinician/couples/:id/unlink", req("clients", "write"), s.coupleUnlink)
	s.handle(http.MethodPost, "/clinician/couples/:id/individual-only", req("clients", "write"), s.coupleIndividualOnly)
	s.handle(http.MethodPost, "/clinician/couples/:id/assignments", req("assignments", "assign"), s.coupleAssign)
	s.handle(http.MethodGet, "/clinician/couples/:id/groups/:gid", req("assignments", "read"), s.coupleCompare)
	s.handle(http.MethodGet, "/clinician/couples/:id/groups/:gid/plan.pdf", req("assignments", "read"), s.limitPDF(s.coupleJointPlan))

	// Client: their own sharing choices, and what partners share with them.
	s.handle(http.MethodGet, "/me/assignments/:id/sharing", req("me", "read"), s.coupleSharingShow)
	s.handle(http.MethodPost, "/me/assignments/:id/sharing", req("me", "write"), s.coupleSharingSave)
	s.handle(http.MethodGet, "/me/shared", req("me", "read"), s.coupleSharedList)
	s.handle(http.MethodGet, "/me/shared/:gid", req("me", "read"), s.coupleSharedShow)
}
