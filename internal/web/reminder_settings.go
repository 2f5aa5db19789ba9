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
		s.flash(c, "Reminders on. Your client can still turn them off.")
	} else {
		s.flash(c, "Reminders off.")
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
		s.flash(c, "You will not get reminder emails.")
	} else {
		s.flash(c, "Reminder emails are on, if your clinician uses them.")
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
		s.flash(c, "You will get a daily digest: counts only, no names.")
	} else {
		s.flash(c, "Daily digest off.")
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
	s.flash(c, "The repeat is stopped. Copies already given stay.")
	c.Redirect(http.StatusSeeOther, "/clinician/clients/"+strconv.FormatInt(as.ClientID, 10))
}
