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
		s.renderClientShow(c, http.StatusUnprocessableEntity, clientShowPage{Errors: map[string]string{"partner_id": s.tr(c).T("couple.link.choose")}})
		return
	}
	l, err := s.Couples.Link(c.Request.Context(), actor(c), id, pid)
	fe := fieldErrors(err)
	switch {
	case fe != nil:
		s.renderClientShow(c, http.StatusUnprocessableEntity, clientShowPage{Errors: s.trFields(c, coupleMessages, fe)})
	case err != nil:
		s.fail(c, err)
	default:
		s.flash(c, s.tr(c).T("couple.link.linked", "Name", l.NameA, "Partner", l.NameB))
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
	s.flash(c, s.tr(c).T("couple.link.unlinked", "Name", l.NameA, "Partner", l.NameB))
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
		s.renderCoupleShow(c, http.StatusUnprocessableEntity, coupleShowPage{Errors: map[string]string{"individual_only": s.tr(c).T("couple.link.choose_individual")}})
		return
	}
	if err := s.Couples.SetIndividualOnly(c.Request.Context(), actor(c), id, on); err != nil {
		s.fail(c, err)
		return
	}
	if on {
		s.flash(c, s.tr(c).T("couple.link.individual_on"))
	} else {
		s.flash(c, s.tr(c).T("couple.link.individual_off"))
	}
	c.Redirect(http.StatusSeeOther, "/clinician/couples/"+c.Param("id"))
}
