package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// previewName is what the preview banner calls the client: the name they
// asked to be called, else their display name.
func previewName(nameToUse, displayName string) string {
	if nameToUse != "" {
		return nameToUse
	}
	return displayName
}

// GET /clinician/assignments/:id/preview: the client's page for this
// assignment, read-only, as the client sees it: no forms, no flags, no
// private notes, no "new" markers meant for the clinician.
func (s *Server) assignmentPreview(c *gin.Context) {
	id, ok := s.idParam(c)
	if !ok {
		return
	}
	ctx, clin := c.Request.Context(), actor(c)
	as, err := s.Assignments.Get(ctx, clin, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	v, err := s.Assignments.ViewFor(ctx, clin, as)
	if err != nil {
		s.fail(c, err)
		return
	}
	cl, err := s.Clients.Get(ctx, clin, as.ClientID)
	if err != nil {
		s.fail(c, err)
		return
	}
	w, err := s.workFromView(c, v.ForClient(), true, true, nil, nil)
	if err != nil {
		s.fail(c, err)
		return
	}
	data := myAssignmentPage{Work: w, Version: w.Response.Version, Preview: true,
		PreviewName: previewName(cl.NameToUse, cl.DisplayName)}
	data.Page = s.page(c, s.tr(c).T("clinician.preview_title", "Title", w.Assignment.Title))
	s.render(c, http.StatusOK, "client/assignment", data)
}
