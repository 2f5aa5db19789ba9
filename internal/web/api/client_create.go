package api

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/client"
	"github.com/tend-practice/tend/internal/web/httpx"
)

type apiClientCreateRequest struct {
	DisplayName string `json:"display_name"`
	Email       string `json:"email"`
}

// apiClientCreated carries the invite link, shown this once: only its hash
// is stored.
type apiClientCreated struct {
	Client    apiClient `json:"client"`
	InviteURL string    `json:"invite_url"`
}

// POST /api/v1/clients {display_name, email}
func (s *Server) apiClientCreate(c *gin.Context) {
	var req apiClientCreateRequest
	if !s.apiBind(c, &req) {
		return
	}
	if bad := apiUnstorable(map[string]string{"display_name": req.DisplayName, "email": req.Email}); len(bad) > 0 {
		s.apiInvalid(c, bad)
		return
	}
	ctx, a := c.Request.Context(), httpx.Actor(c)
	created, token, err := s.Clients.Create(ctx, a, client.NewClient{DisplayName: req.DisplayName, Email: req.Email})
	if err != nil {
		s.fail(c, err)
		return
	}
	// Read it back so the answer carries what was stored (timestamps, invite state).
	cl, err := s.Clients.Get(ctx, a, created.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Location", "/api/v1/clients/"+strconv.FormatInt(cl.ID, 10))
	s.apiJSON(c, http.StatusCreated, apiClientCreated{Client: apiClientFrom(cl),
		InviteURL: strings.TrimRight(s.BaseURL, "/") + "/invite/" + token})
}
