package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/client"
)

// assignBox is the "Assign" form on a module or worksheet page: one
// client or several, the same due date and note.
type assignBox struct {
	Clients  []client.Client
	Selected map[int64]bool
	DueOn    string
	Note     string
	Errors   map[string]string
	Today    string
	// LanguageNotes, per client id: the note for a client who will get
	// the item in another language than theirs.
	LanguageNotes map[int64]string
}

// assignBoxFor fills the form for a clinician; others get none.
func (s *Server) assignBoxFor(c *gin.Context, box assignBox) (*assignBox, error) {
	a := actor(c)
	if a.Role != auth.RoleClinician {
		return nil, nil
	}
	list, err := s.Clients.List(c.Request.Context(), a, false)
	if err != nil {
		return nil, err
	}
	box.Clients, box.Today = list, s.Now().Format("2006-01-02")
	if box.Selected == nil {
		box.Selected = map[int64]bool{}
	}
	return &box, nil
}

// POST /library/modules/:slug/assign (client_id..., due_on, note)
func (s *Server) moduleAssign(c *gin.Context) {
	s.libraryAssign(c, assignment.KindModule, s.renderModuleShow)
}

// POST /library/worksheets/:slug/assign (client_id..., due_on, note)
func (s *Server) worksheetAssign(c *gin.Context) {
	s.libraryAssign(c, assignment.KindWorksheet, s.renderWorksheetShow)
}

// libraryAssign gives one library item to every chosen client in one
// transaction: all or nothing, the form kept on a refusal.
func (s *Server) libraryAssign(c *gin.Context, kind string, again func(*gin.Context, int, assignBox)) {
	if !s.parseForm(c) {
		return
	}
	box := assignBox{Selected: map[int64]bool{}, DueOn: c.PostForm("due_on"), Note: c.PostForm("note")}
	var ids []int64
	for _, v := range c.PostFormArray("client_id") {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			box.Errors = map[string]string{"client_id": s.tr(c).T("clinician.msg.choose_from_list")}
			again(c, http.StatusUnprocessableEntity, box)
			return
		}
		ids = append(ids, id)
		box.Selected[id] = true
	}
	got, err := s.Assignments.AssignToClients(c.Request.Context(), actor(c), ids,
		assignment.New{Kind: kind, Slug: c.Param("slug"), DueOn: box.DueOn, Note: box.Note})
	if fe := fieldErrors(err); fe != nil {
		box.Errors = s.trClinicianFields(c, fe)
		again(c, http.StatusUnprocessableEntity, box)
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	var names []string
	for _, cl := range mustClients(s, c) {
		if _, ok := got[cl.ID]; ok {
			names = append(names, cl.DisplayName)
		}
	}
	msg := s.tr(c).T("clinician.flash.assigned_to", "Name", strings.Join(names, ", "))
	if note := s.assignedLanguageNotes(c, kind, c.Param("slug"), ids); note != "" {
		msg += " " + note
	}
	s.flash(c, msg)
	c.Redirect(http.StatusSeeOther, c.Request.URL.Path[:len(c.Request.URL.Path)-len("/assign")])
}

func mustClients(s *Server, c *gin.Context) []client.Client {
	list, _ := s.Clients.List(c.Request.Context(), actor(c), false)
	return list
}
