package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/client"
)

// POST /clinician/clients/:id/profile (pronouns, name_to_use): the client's
// profile basics, both optional. Bad input answers 422 with what was typed.
func (s *Server) clientProfile(c *gin.Context) {
	id, ok := s.idParam(c)
	if !ok || !s.parseForm(c) {
		return
	}
	in := client.Profile{Pronouns: c.PostForm("pronouns"), NameToUse: c.PostForm("name_to_use")}
	err := s.Clients.SetProfile(c.Request.Context(), actor(c), id, in)
	if fe := fieldErrors(err); fe != nil {
		s.renderClientShow(c, http.StatusUnprocessableEntity, clientShowPage{Profile: &in, ProfileErrors: s.trClinicianFields(c, fe)})
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, s.tr(c).T("clinician.flash.profile_saved"))
	c.Redirect(http.StatusSeeOther, "/clinician/clients/"+c.Param("id"))
}
