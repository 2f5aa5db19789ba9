package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/program"
)

// POST /clinician/programs/:id/assign (to = client:ID or couple:ID,
// start_on): start the program for one client, or for each partner of a couple.
func (s *Server) programAssign(c *gin.Context) {
	id, ok := s.idParam(c)
	if !ok || !s.parseForm(c) {
		return
	}
	ctx, a := c.Request.Context(), actor(c)
	p, err := s.Programs.Get(ctx, a, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	var to program.Target
	kind, num, _ := strings.Cut(c.PostForm("to"), ":")
	n, convErr := strconv.ParseInt(num, 10, 64)
	switch {
	case convErr != nil || n <= 0:
		err = &program.ValidationError{Fields: map[string]string{"to": "Please choose a client or a couple."}}
	case kind == "client":
		to.ClientID = n
	case kind == "couple":
		to.CoupleLinkID = n
	default:
		err = &program.ValidationError{Fields: map[string]string{"to": "Please choose a client or a couple."}}
	}
	if err == nil {
		_, err = s.Programs.Assign(ctx, a, id, to, c.PostForm("start_on"))
	}
	if fe := fieldErrors(err); fe != nil {
		form := map[string]string{"title": p.Title, "description": p.Description, "to": c.PostForm("to"), "start_on": c.PostForm("start_on")}
		s.renderProgram(c, http.StatusUnprocessableEntity, programPage{Program: p, Form: form, Errors: fe}, nil)
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, s.tr(c).T("library.program.started"))
	if to.ClientID != 0 {
		c.Redirect(http.StatusSeeOther, fmt.Sprintf("/clinician/clients/%d", to.ClientID))
		return
	}
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/clinician/couples/%d", to.CoupleLinkID))
}

// POST /clinician/program-runs/:id (action = pause, resume, stop or skip;
// step for skip): the clinician steers a running program.
func (s *Server) programRunControl(c *gin.Context) {
	id, ok := s.idParam(c)
	if !ok || !s.parseForm(c) {
		return
	}
	ctx, a := c.Request.Context(), actor(c)
	run, err := s.Programs.RunFor(ctx, a, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	step, _ := strconv.Atoi(c.PostForm("step"))
	err = s.Programs.Control(ctx, a, id, c.PostForm("action"), step)
	fe := fieldErrors(err)
	switch {
	case fe != nil:
		s.flash(c, s.trKnown(c, programMessages, fe["action"]))
	case err != nil:
		s.fail(c, err)
		return
	default:
		if k, ok := map[string]string{program.ActionPause: "library.runs.paused_flash", program.ActionResume: "library.runs.resumed_flash",
			program.ActionStop: "library.runs.stopped_flash", program.ActionSkip: "library.runs.skipped_flash"}[c.PostForm("action")]; ok {
			s.flash(c, s.tr(c).T(k))
		}
	}
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/clinician/clients/%d", run.ClientID))
}
