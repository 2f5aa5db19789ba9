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
	ctx := c.Request.Context()
	w, err := s.loadWork(c, id, nil, nil)
	if err != nil {
		s.fail(c, err)
		return
	}
	cl, err := s.Clients.Get(ctx, actor(c), w.Assignment.ClientID)
	if err != nil {
		s.fail(c, err)
		return
	}
	if w.Safety, err = s.Safety.Get(ctx); err != nil {
		s.fail(c, err)
		return
	}
	clientView(&w)
	data := myAssignmentPage{Work: w, Version: w.Response.Version, Preview: true,
		PreviewName: previewName(cl.NameToUse, cl.DisplayName)}
	data.Page = s.page(c, "Preview: "+w.Assignment.Title)
	s.render(c, http.StatusOK, "client/assignment", data)
}

// clientView strips from w what only staff see.
func clientView(w *workView) {
	w.Flags, w.OpenUrgent, w.Support = nil, false, false
	w.Form.ReadOnly = true
	shown := w.Comments[:0:0]
	for _, cm := range w.Comments {
		if cm.Private {
			continue
		}
		cm.New = false
		shown = append(shown, cm)
	}
	w.Comments = shown
	for i := range w.Form.Sections {
		for j := range w.Form.Sections[i].Fields {
			f := &w.Form.Sections[i].Fields[j]
			f.Flagged, f.ReadOnly = false, true
			f.Comments = nil
			for _, cm := range shown {
				if cm.FieldID == f.ID {
					f.Comments = append(f.Comments, fieldComment{Author: cm.AuthorName, Body: cm.Body})
				}
			}
		}
	}
}
