package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/client"
	"github.com/tend-practice/tend/internal/web/httpx"
)

// apiClient is one person on a clinician's roster.
type apiClient struct {
	ID             int64      `json:"id"`
	DisplayName    string     `json:"display_name"`
	Email          string     `json:"email"`
	HasAccount     bool       `json:"has_account"`
	InvitePending  bool       `json:"invite_pending"`
	Archived       bool       `json:"archived"`
	ArchivedAt     *time.Time `json:"archived_at"`
	LastActivityAt *time.Time `json:"last_activity_at"`
	CreatedAt      time.Time  `json:"created_at"`
}

func apiClientFrom(cl client.Client) apiClient {
	return apiClient{ID: cl.ID, DisplayName: cl.DisplayName, Email: cl.Email, HasAccount: cl.HasAccount(),
		InvitePending: cl.InvitePending, Archived: cl.ArchivedAt != nil, ArchivedAt: cl.ArchivedAt,
		LastActivityAt: cl.LastActivityAt, CreatedAt: cl.CreatedAt}
}

// GET /api/v1/clients?archived=true
func (s *Server) apiClients(c *gin.Context) {
	archived := false
	if v, ok := c.GetQuery("archived"); ok {
		var err error
		if archived, err = strconv.ParseBool(v); err != nil {
			s.apiBadRequest(c, "archived must be true or false.")
			return
		}
	}
	list, err := s.Clients.List(c.Request.Context(), httpx.Actor(c), archived)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]apiClient, 0, len(list))
	for _, cl := range list {
		out = append(out, apiClientFrom(cl))
	}
	s.apiJSON(c, http.StatusOK, out)
}

// GET /api/v1/clients/:id
func (s *Server) apiClient(c *gin.Context) {
	id, ok := s.apiID(c, "id")
	if !ok {
		return
	}
	cl, err := s.Clients.Get(c.Request.Context(), httpx.Actor(c), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.apiJSON(c, http.StatusOK, apiClientFrom(cl))
}
