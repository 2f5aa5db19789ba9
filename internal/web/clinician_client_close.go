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
		s.flash(c, fe["reason"])
	case err != nil:
		s.fail(c, err)
		return
	case c.FullPath() == "/clinician/clients/:id/reopen":
		s.flash(c, "File reopened. Nothing will be deleted while it is open.")
	default:
		s.flash(c, "File closed. Its reflections will be deleted when the practice's retention period ends, unless an administrator places a hold.")
	}
	c.Redirect(http.StatusSeeOther, "/clinician/clients/"+strconv.FormatInt(id, 10))
}
