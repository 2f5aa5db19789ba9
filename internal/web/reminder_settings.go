package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
)

// POST /clinician/clients/:id/reminders (enabled = on or off): the
// clinician's switch for reminder emails to this client.
func (s *Server) clientReminders(c *gin.Context) {
	id, ok := s.idParam(c)
	if !ok || !s.parseForm(c) {
		return
	}
	on := c.PostForm("enabled") == "on"
	if err := s.Reminders.SetClientReminders(c.Request.Context(), actor(c), id, on); err != nil {
		s.fail(c, err)
		return
	}
	if on {
		s.flash(c, s.tr(c).T("library.reminders.client_on"))
	} else {
		s.flash(c, s.tr(c).T("library.reminders.client_off"))
	}
	c.Redirect(http.StatusSeeOther, "/clinician/clients/"+c.Param("id"))
}

// POST /me/reminders (off = true or false): the client's own off switch.
func (s *Server) myReminders(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	off := c.PostForm("off") == "true"
	if err := s.Reminders.SetOptOut(c.Request.Context(), actor(c), off); err != nil {
		s.fail(c, err)
		return
	}
	if off {
		s.flash(c, s.tr(c).T("library.reminders.me_off"))
	} else {
		s.flash(c, s.tr(c).T("library.reminders.me_on"))
	}
	c.Redirect(http.StatusSeeOther, "/me")
}

// POST /clinician/digest (on = on or off): the daily digest by email.
func (s *Server) digestSetting(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	on := c.PostForm("on") == "on"
	if err := s.Reminders.SetDigest(c.Request.Context(), actor(c), on); err != nil {
		s.fail(c, err)
		return
	}
	if on {
		s.flash(c, s.tr(c).T("library.reminders.digest_on"))
	} else {
		s.flash(c, s.tr(c).T("library.reminders.digest_off"))
	}
	c.Redirect(http.StatusSeeOther, "/clinician")
}

// POST /clinician/assignments/:id/stop-repeat: no more weekly copies.
func (s *Server) assignmentStopRepeat(c *gin.Context) {
	id, ok := s.idParam(c)
	if !ok {
		return
	}
	ctx, a := c.Request.Context(), actor(c)
	as, err := s.Assignments.Get(ctx, a, id)
	if err == nil {
		err = s.Assignments.StopRepeat(ctx, a, id)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, s.tr(c).T("library.reminders.repeat_stopped"))
	c.Redirect(http.StatusSeeOther, "/clinician/clients/"+strconv.FormatInt(as.ClientID, 10))
}
