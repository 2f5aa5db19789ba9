package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
)

// POST /clinician/clients/:id/partners (partner_id): link two of the
// clinician's own clients as partners. Someone else's client is 404.
func (s *Server) coupleLink(c *gin.Context) {
	id, ok := s.idParam(c)
	if !ok || !s.parseForm(c) {
		return
	}
	pid, err := strconv.ParseInt(c.PostForm("partner_id"), 10, 64)
	if err != nil || pid <= 0 {
		s.renderClientShow(c, http.StatusUnprocessableEntity, clientShowPage{Errors: map[string]string{"partner_id": "Please choose a client to link."}})
		return
	}
	l, err := s.Couples.Link(c.Request.Context(), actor(c), id, pid)
	fe := fieldErrors(err)
	switch {
	case fe != nil:
		s.renderClientShow(c, http.StatusUnprocessableEntity, clientShowPage{Errors: fe})
	case err != nil:
		s.fail(c, err)
	default:
		s.flash(c, "Linked "+l.NameA+" and "+l.NameB+" as partners. Nothing either of them writes is shared with the other unless they choose to share it.")
		c.Redirect(http.StatusSeeOther, "/clinician/couples/"+strconv.FormatInt(l.ID, 10))
	}
}

// POST /clinician/couples/:id/unlink
func (s *Server) coupleUnlink(c *gin.Context) {
	id, ok := s.idParam(c)
	if !ok {
		return
	}
	ctx, a := c.Request.Context(), actor(c)
	l, err := s.Couples.Get(ctx, a, id)
	if err == nil {
		err = s.Couples.Unlink(ctx, a, id)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, l.NameA+" and "+l.NameB+" are no longer linked. Their own work stays on each client's page.")
	c.Redirect(http.StatusSeeOther, "/clinician/clients/"+strconv.FormatInt(l.ClientA, 10))
}

// POST /clinician/couples/:id/individual-only (individual_only = true or
// false): the safety switch. Neither partner is told why.
func (s *Server) coupleIndividualOnly(c *gin.Context) {
	id, ok := s.idParam(c)
	if !ok || !s.parseForm(c) {
		return
	}
	var on bool
	switch c.PostForm("individual_only") {
	case "true":
		on = true
	case "false":
	default:
		s.renderCoupleShow(c, http.StatusUnprocessableEntity, coupleShowPage{Errors: map[string]string{"individual_only": "Please choose whether this couple is individual work only."}})
		return
	}
	if err := s.Couples.SetIndividualOnly(c.Request.Context(), actor(c), id, on); err != nil {
		s.fail(c, err)
		return
	}
	if on {
		s.flash(c, "Individual work only is on. Joint assignments and all sharing between these partners have stopped. Neither partner is told why.")
	} else {
		s.flash(c, "Individual work only is off. Nothing is shared again until each partner chooses to share.")
	}
	c.Redirect(http.StatusSeeOther, "/clinician/couples/"+c.Param("id"))
}
