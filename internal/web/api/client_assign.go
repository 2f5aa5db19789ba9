package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/web/httpx"
)

// apiAssignMax bounds one request: each item costs a few queries.
const apiAssignMax = 50

type apiAssignItem struct {
	Kind       string `json:"kind"`
	Slug       string `json:"slug"`
	DueOn      string `json:"due_on"`
	Note       string `json:"note"`
	Recurrence string `json:"recurrence"`
	RecurUntil string `json:"recur_until"`
}

// apiAssignRequest is either {"items": [...]} or one item's members at the
// top level.
type apiAssignRequest struct {
	Items *[]apiAssignItem `json:"items"`
	apiAssignItem
}

type apiAssigned struct {
	IDs []int64 `json:"ids"`
}

// POST /api/v1/clients/:id/assignments: all items or none.
func (s *Server) apiClientAssign(c *gin.Context) {
	id, ok := s.apiID(c, "id")
	if !ok {
		return
	}
	var req apiAssignRequest
	if !s.apiBind(c, &req) {
		return
	}
	items := []apiAssignItem{req.apiAssignItem}
	if req.Items != nil {
		if req.apiAssignItem != (apiAssignItem{}) {
			s.apiBadRequest(c, "Send either items or the members of a single assignment, not both.")
			return
		}
		items = *req.Items
	}
	if len(items) > apiAssignMax {
		s.apiInvalid(c, map[string]string{"items": "Please assign at most 50 items at once."})
		return
	}
	news := make([]assignment.New, 0, len(items))
	for _, it := range items {
		bad := apiUnstorable(map[string]string{"kind": it.Kind, "slug": it.Slug, "due_on": it.DueOn, "note": it.Note,
			"recurrence": it.Recurrence, "recur_until": it.RecurUntil})
		if len(bad) > 0 {
			s.apiInvalid(c, bad)
			return
		}
		news = append(news, assignment.New{Kind: it.Kind, Slug: it.Slug, DueOn: it.DueOn, Note: it.Note,
			Recurrence: it.Recurrence, RecurUntil: it.RecurUntil})
	}
	ids, err := s.Assignments.Assign(c.Request.Context(), httpx.Actor(c), id, news)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.apiJSON(c, http.StatusCreated, apiAssigned{IDs: ids})
}
