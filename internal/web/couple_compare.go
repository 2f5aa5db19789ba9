package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/couple"
)

type coupleComparePage struct {
	Page
	View     couple.GroupView
	IsPlan   bool
	DiffGap  int // the smallest gap that counts as a difference on a 0–4 scale
	PlanSlug string
}

// GET /clinician/couples/:id/groups/:gid: both partners' answers side by
// side, with agreements, differences and "one needs what the other finds
// hard" marked. Partial until both have submitted; drafts are never shown.
func (s *Server) coupleCompare(c *gin.Context) {
	id, ok := s.idParam(c)
	if !ok {
		return
	}
	gid, ok := s.gidParam(c)
	if !ok {
		return
	}
	v, err := s.Couples.Compare(c.Request.Context(), actor(c), id, gid, couple.ForClinician)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.localizeComparison(c, &v.Comparison)
	title := s.tr(c).T("couple.compare.title", "Title", v.Group.Title, "Name", v.Link.NameA, "Partner", v.Link.NameB)
	s.render(c, http.StatusOK, "couple/compare", coupleComparePage{Page: s.page(c, title),
		View: v, IsPlan: v.Group.Slug == couple.JointPlanSlug, DiffGap: couple.DifferenceGap(0, 4), PlanSlug: couple.JointPlanSlug})
}
