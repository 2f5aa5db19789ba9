package web

import (
	"net/http"

	"github.com/tend-practice/tend/internal/authz"
)

// jobRoutes registers programs, reminders and digests settings, stopping a
// weekly repeat, and the demo clock (issue 17). Ownership is checked in
// the queries: another clinician's program or run answers 404.
func (s *Server) jobRoutes() {

	// Clinician: programs.
	s.handle(http.MethodGet, "/clinician/programs", authz.ProgramsRead, s.programList)
	s.handle(http.MethodGet, "/clinician/programs/new", authz.ProgramsWrite, s.programNew)
	s.handle(http.MethodPost, "/clinician/programs", authz.ProgramsWrite, s.programCreate)
	s.handle(http.MethodGet, "/clinician/programs/:id", authz.ProgramsRead, s.programShow)
	s.handle(http.MethodPost, "/clinician/programs/:id", authz.ProgramsWrite, s.programSave)
	s.handle(http.MethodPost, "/clinician/programs/:id/assign", authz.AssignmentsAssign, s.programAssign)
	s.handle(http.MethodPost, "/clinician/program-runs/:id", authz.AssignmentsAssign, s.programRunControl)

	// Clinician: reminders for a client, stopping a weekly repeat, the digest.
	s.handle(http.MethodPost, "/clinician/clients/:id/reminders", authz.ClientsWrite, s.clientReminders)
	s.handle(http.MethodPost, "/clinician/assignments/:id/stop-repeat", authz.AssignmentsAssign, s.assignmentStopRepeat)
	s.handle(http.MethodPost, "/clinician/digest", authz.DigestWrite, s.digestSetting)

	// Client: their own off switch for reminder emails.
	s.handle(http.MethodPost, "/me/reminders", authz.MeWrite, s.myReminders)

	// Demo only (TEND_DEMO and TEND_DEMO_CLOCK): move the clock forward.
	s.handle(http.MethodPost, "/demo/clock", authz.DemoClockWrite, s.demoClock)
}
