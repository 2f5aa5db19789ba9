package web

import (
	"net/http"

	"github.com/tend-practice/tend/internal/authz"
)

// jobRoutes registers programs, reminders and digests settings, stopping a
// weekly repeat, and the demo clock (issue 17). Ownership is checked in
// the queries: another clinician's program or run answers 404.
func (s *Server) jobRoutes() {
	req := authz.Require

	// Clinician: programs.
	s.handle(http.MethodGet, "/clinician/programs", req("programs", "read"), s.programList)
	s.handle(http.MethodGet, "/clinician/programs/new", req("programs", "write"), s.programNew)
	s.handle(http.MethodPost, "/clinician/programs", req("programs", "write"), s.programCreate)
	s.handle(http.MethodGet, "/clinician/programs/:id", req("programs", "read"), s.programShow)
	s.handle(http.MethodPost, "/clinician/programs/:id", req("programs", "write"), s.programSave)
	s.handle(http.MethodPost, "/clinician/programs/:id/assign", req("assignments", "assign"), s.programAssign)
	s.handle(http.MethodPost, "/clinician/program-runs/:id", req("assignments", "assign"), s.programRunControl)

	// Clinician: reminders for a client, stopping a weekly repeat, the digest.
	s.handle(http.MethodPost, "/clinician/clients/:id/reminders", req("clients", "write"), s.clientReminders)
	s.handle(http.MethodPost, "/clinician/assignments/:id/stop-repeat", req("assignments", "assign"), s.assignmentStopRepeat)
	s.handle(http.MethodPost, "/clinician/digest", req("digest", "write"), s.digestSetting)

	// Client: their own off switch for reminder emails.
	s.handle(http.MethodPost, "/me/reminders", req("me", "write"), s.myReminders)

	// Demo only (TEND_DEMO and TEND_DEMO_CLOCK): move the clock forward.
	s.handle(http.MethodPost, "/demo/clock", req("demo_clock", "write"), s.demoClock)
}
