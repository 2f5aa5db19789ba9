package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/worksheet"
)

// POST /library/worksheets/:slug/publish: an admin makes a private worksheet
// available to every clinician in the practice.
func (s *Server) worksheetPublish(c *gin.Context) {
	ctx, a, slug := c.Request.Context(), actor(c), c.Param("slug")
	err := s.Worksheets.Publish(ctx, a, slug)
	if errors.Is(err, worksheet.ErrNotFound) {
		// A second click on Publish: already done, not missing.
		if v, gerr := s.Worksheets.Get(ctx, a, slug); gerr == nil && v.Visibility == worksheet.Practice {
			err = nil
		}
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, s.tr(c).T("author.worksheet.published"))
	c.Redirect(http.StatusSeeOther, "/library/worksheets/"+slug)
}
