package web

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/assignment"
)

// changeBack is where a change returns: the reflection page or the
// client's timeline (the default).
func changeBack(c *gin.Context, a assignment.Assignment) string {
	if c.PostForm("back") == "reflection" {
		return fmt.Sprintf("/clinician/assignments/%d", a.ID)
	}
	return fmt.Sprintf("/clinician/clients/%d#a-%d", a.ClientID, a.ID)
}

// changeDone flashes the outcome of a change and returns to the page it
// came from; a rule the change broke is said in the flash, nothing lost.
func (s *Server) changeDone(c *gin.Context, a assignment.Assignment, err error, done string) {
	fe := fieldErrors(err)
	switch {
	case fe != nil:
		for _, k := range []string{"status", "due_on", "note"} {
			if m := fe[k]; m != "" {
				s.flash(c, s.trClinician(c, m))
				break
			}
		}
	case err != nil:
		s.fail(c, err)
		return
	default:
		s.flash(c, done)
	}
	c.Redirect(http.StatusSeeOther, changeBack(c, a))
}

// ownedAssignment loads the clinician's assignment named by :id (404 for
// anyone else's).
func (s *Server) ownedAssignment(c *gin.Context) (assignment.Assignment, bool) {
	id, ok := s.idParam(c)
	if !ok || !s.parseForm(c) {
		return assignment.Assignment{}, false
	}
	a, err := s.Assignments.Get(c.Request.Context(), actor(c), id)
	if err != nil {
		s.fail(c, err)
		return a, false
	}
	return a, true
}

// POST /clinician/assignments/:id/change (due_on, note, back)
func (s *Server) assignmentChange(c *gin.Context) {
	a, ok := s.ownedAssignment(c)
	if !ok {
		return
	}
	_, err := s.Assignments.Edit(c.Request.Context(), actor(c), a.ID, assignment.Change{DueOn: c.PostForm("due_on"), Note: c.PostForm("note")})
	s.changeDone(c, a, err, s.tr(c).T("clinician.flash.saved"))
}

type withdrawPage struct {
	Page
	A           assignment.Assignment
	Back        string
	Cancel      string
	UndoMinutes int
}

// POST /clinician/assignments/:id/withdraw (confirm=yes, back): without
// confirm it asks first.
func (s *Server) assignmentWithdraw(c *gin.Context) {
	a, ok := s.ownedAssignment(c)
	if !ok {
		return
	}
	if c.PostForm("confirm") != "yes" {
		s.render(c, http.StatusOK, "clinician/withdraw", withdrawPage{Page: s.page(c, s.tr(c).T("clinician.withdraw.title", "Title", a.Title)), A: a,
			Back: c.PostForm("back"), Cancel: changeBack(c, a), UndoMinutes: int(assignment.UndoWindow.Minutes())})
		return
	}
	err := s.Assignments.Withdraw(c.Request.Context(), actor(c), a.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	// The client's page shows the undo while it is possible.
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/clinician/clients/%d#withdrawn", a.ClientID))
}

// POST /clinician/assignments/:id/restore
func (s *Server) assignmentRestore(c *gin.Context) {
	a, ok := s.ownedAssignment(c)
	if !ok {
		return
	}
	err := s.Assignments.Restore(c.Request.Context(), actor(c), a.ID)
	s.changeDone(c, a, err, s.tr(c).T("clinician.flash.undone", "Title", a.Title))
}
