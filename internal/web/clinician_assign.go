package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/assignment"
)

// POST /clinician/clients/:id/assignments (kind, slug, due_on, note; and
// optionally worksheet_slug, recurrence, recur_until to assign a module and
// a worksheet together)
func (s *Server) assignmentCreate(c *gin.Context) {
	id, ok := s.idParam(c)
	if !ok || !s.parseForm(c) {
		return
	}
	f := c.PostForm
	var items []assignment.New
	if f("slug") != "" {
		item := assignment.New{Kind: f("kind"), Slug: f("slug"), DueOn: f("due_on"), Note: f("note")}
		if item.Kind == assignment.KindWorksheet {
			item.Recurrence, item.RecurUntil = f("recurrence"), f("recur_until")
		}
		items = append(items, item)
	}
	if f("worksheet_slug") != "" {
		items = append(items, assignment.New{Kind: assignment.KindWorksheet, Slug: f("worksheet_slug"), DueOn: f("due_on"),
			Note: f("note"), Recurrence: f("recurrence"), RecurUntil: f("recur_until")})
	}
	_, err := s.Assignments.Assign(c.Request.Context(), actor(c), id, items)
	var verr *assignment.ValidationError
	if errors.As(err, &verr) {
		form := map[string]string{}
		for _, k := range []string{"kind", "slug", "worksheet_slug", "due_on", "note", "recurrence", "recur_until"} {
			form[k] = f(k)
		}
		s.renderClientShow(c, http.StatusUnprocessableEntity, clientShowPage{Form: form, Errors: verr.Fields})
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	if len(items) == 1 {
		s.flash(c, "Assigned.")
	} else {
		s.flash(c, "Both assigned.")
	}
	c.Redirect(http.StatusSeeOther, "/clinician/clients/"+c.Param("id"))
}
