package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/couple"
)

type coupleSharedListPage struct {
	Page
	Items []couple.SharedSummary
}

// GET /me/shared: the client's joint worksheets and what each partner
// shares with them.
func (s *Server) coupleSharedList(c *gin.Context) {
	items, err := s.Couples.SharedWithMe(c.Request.Context(), actor(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "couple/shared-list", coupleSharedListPage{Page: s.page(c, s.tr(c).T("nav.shared")), Items: items})
}

type coupleSharedPage struct {
	Page
	View couple.PartnerView
}

// GET /me/shared/:gid: a joint worksheet from one partner's side: their own
// answers beside only what the other chose to share with them.
func (s *Server) coupleSharedShow(c *gin.Context) {
	gid, ok := s.gidParam(c)
	if !ok {
		return
	}
	v, err := s.Couples.PartnerView(c.Request.Context(), actor(c), gid)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.localizePartnerView(c, &v)
	s.render(c, http.StatusOK, "couple/shared", coupleSharedPage{Page: s.page(c, s.tr(c).T("couple.shared.title", "Title", v.Title, "Name", v.PartnerName)), View: v})
}
