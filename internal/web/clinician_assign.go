package web

import (
	"net/http"
	"strconv"
	"strings"

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
	weeks, weeksErr := optionalInt(f("recur_count"))
	var items []assignment.New
	if f("slug") != "" {
		item := assignment.New{Kind: f("kind"), Slug: f("slug"), DueOn: f("due_on"), Note: f("note")}
		if item.Kind == assignment.KindWorksheet {
			item.Recurrence, item.RecurUntil, item.RecurCount = f("recurrence"), f("recur_until"), weeks
		}
		items = append(items, item)
	}
	if f("worksheet_slug") != "" {
		items = append(items, assignment.New{Kind: assignment.KindWorksheet, Slug: f("worksheet_slug"), DueOn: f("due_on"),
			Note: f("note"), Recurrence: f("recurrence"), RecurUntil: f("recur_until"), RecurCount: weeks})
	}
	var err error
	if weeksErr {
		err = &assignment.ValidationError{Fields: map[string]string{"recur_count": s.tr(c).T("clinician.msg.weeks_number")}}
	} else {
		_, err = s.Assignments.Assign(c.Request.Context(), actor(c), id, items)
	}
	if fe := fieldErrors(err); fe != nil {
		form := map[string]string{}
		for _, k := range []string{"kind", "slug", "worksheet_slug", "due_on", "note", "recurrence", "recur_until", "recur_count"} {
			form[k] = f(k)
		}
		s.renderClientShow(c, http.StatusUnprocessableEntity, clientShowPage{Form: form, Errors: s.trClinicianFields(c, fe)})
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	if len(items) == 1 {
		s.flash(c, s.tr(c).T("clinician.flash.assigned"))
	} else {
		s.flash(c, s.tr(c).T("clinician.flash.both_assigned"))
	}
	c.Redirect(http.StatusSeeOther, "/clinician/clients/"+c.Param("id"))
}

// optionalInt reads an optional whole number; bad reports a value that is
// there but not a number.
func optionalInt(v string) (n int, bad bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	n, err := strconv.Atoi(v)
	return n, err != nil
}
