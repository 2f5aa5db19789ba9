package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
)

// POST /clinician/clients/:id/close (reason): close the file; the retention
// period starts. POST /clinician/clients/:id/reopen undoes it.
func (s *Server) clientClose(c *gin.Context) {
	id, ok := s.idParam(c)
	if !ok || !s.parseForm(c) {
		return
	}
	var err error
	if c.FullPath() == "/clinician/clients/:id/reopen" {
		err = s.Clients.Reopen(c.Request.Context(), actor(c), id)
	} else {
		err = s.Clients.Close(c.Request.Context(), actor(c), id, c.PostForm("reason"))
	}
	fe := fieldErrors(err)
	switch {
	case fe != nil:
		s.flash(c, s.trClinician(c, fe["reason"]))
	case err != nil:
		s.fail(c, err)
		return
	case c.FullPath() == "/clinician/clients/:id/reopen":
		s.flash(c, s.tr(c).T("clinician.flash.reopened"))
	default:
		s.flash(c, s.tr(c).T("clinician.flash.closed"))
	}
	c.Redirect(http.StatusSeeOther, "/clinician/clients/"+strconv.FormatInt(id, 10))
}
