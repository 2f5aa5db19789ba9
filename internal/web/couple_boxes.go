package web

import (
	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/couple"
)

// partnersBox is the "Partners" section of a clinician's client page.
type partnersBox struct {
	Partners   []couple.Partner
	Candidates []couple.Candidate
}

// partnersBoxFor gathers a client's partners and who could be linked. The
// client page shows without the section if this fails: the error is logged.
func (s *Server) partnersBoxFor(c *gin.Context, clientID int64) *partnersBox {
	if s.Couples == nil {
		return nil
	}
	ctx, a := c.Request.Context(), actor(c)
	var box partnersBox
	var err error
	if box.Partners, err = s.Couples.Partners(ctx, a, clientID); err == nil {
		box.Candidates, err = s.Couples.Candidates(ctx, a, clientID)
	}
	if err != nil {
		s.Log.Error("partners section", "err", err)
		return nil
	}
	return &box
}

// shareBoxFor is the sharing choice on a client's own assignment page, or
// nil when the work is not a couple's.
func (s *Server) shareBoxFor(c *gin.Context, assignmentID int64) *couple.ShareBox {
	if s.Couples == nil || assignmentID == 0 {
		return nil
	}
	box, err := s.Couples.ShareStatus(c.Request.Context(), actor(c), assignmentID)
	if err != nil {
		s.Log.Error("sharing section", "err", err)
		return nil
	}
	return box
}
