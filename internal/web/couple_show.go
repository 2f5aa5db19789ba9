package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/couple"
	"github.com/tend-practice/tend/internal/worksheet"
)

type coupleShowPage struct {
	Page
	Link       couple.Link
	Groups     []couple.Group
	Worksheets []worksheet.Summary
	PlanSlug   string
	Form       map[string]string
	Errors     map[string]string
	Today      string
}

// GET /clinician/couples/:id: the partners, the safety switch, assigning to
// both, and their joint worksheets.
func (s *Server) coupleShow(c *gin.Context) {
	s.renderCoupleShow(c, http.StatusOK, coupleShowPage{})
}

func (s *Server) renderCoupleShow(c *gin.Context, status int, data coupleShowPage) {
	id, ok := s.idParam(c)
	if !ok {
		return
	}
	ctx, a := c.Request.Context(), actor(c)
	var err error
	if data.Link, err = s.Couples.Get(ctx, a, id); err != nil {
		s.fail(c, err)
		return
	}
	if data.Groups, err = s.Couples.Groups(ctx, a, id); err != nil {
		s.fail(c, err)
		return
	}
	if data.Worksheets, err = s.Worksheets.List(ctx, a); err != nil {
		s.fail(c, err)
		return
	}
	data.PlanSlug = couple.JointPlanSlug
	data.Today = s.Now().Format("2006-01-02")
	data.Errors = s.trFields(c, coupleMessages, data.Errors)
	data.Page = s.page(c, s.tr(c).T("couple.names", "Name", data.Link.NameA, "Partner", data.Link.NameB))
	s.render(c, status, "couple/couple", data)
}

// POST /clinician/couples/:id/assignments (slug, due_on, note): one
// worksheet for both partners, each completing their own copy.
func (s *Server) coupleAssign(c *gin.Context) {
	id, ok := s.idParam(c)
	if !ok || !s.parseForm(c) {
		return
	}
	f := c.PostForm
	_, err := s.Couples.AssignToCouple(c.Request.Context(), actor(c), id, assignment.New{Kind: assignment.KindWorksheet, Slug: f("slug"), DueOn: f("due_on"), Note: f("note")})
	if fields := fieldErrors(err); fields != nil {
		form := map[string]string{"slug": f("slug"), "due_on": f("due_on"), "note": f("note")}
		s.renderCoupleShow(c, http.StatusUnprocessableEntity, coupleShowPage{Form: form, Errors: fields})
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, s.tr(c).T("couple.show.assigned_flash"))
	c.Redirect(http.StatusSeeOther, "/clinician/couples/"+c.Param("id"))
}
