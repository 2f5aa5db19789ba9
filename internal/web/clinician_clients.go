package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/client"
)

type clientListPage struct {
	Page
	Clients  []client.Client
	Archived bool
	Form     map[string]string
	Errors   map[string]string
}

// GET /clinician/clients (?archived=1)
func (s *Server) clientList(c *gin.Context) {
	s.renderClientList(c, http.StatusOK, clientListPage{Archived: c.Query("archived") == "1"})
}

func (s *Server) renderClientList(c *gin.Context, status int, data clientListPage) {
	list, err := s.Clients.List(c.Request.Context(), actor(c), data.Archived)
	if err != nil {
		s.fail(c, err)
		return
	}
	data.Page, data.Clients = s.page(c, "Clients"), list
	s.render(c, status, "clinician/clients", data)
}

// POST /clinician/clients (display_name, email): creates the client and an
// invite link, shown once on the client's page.
func (s *Server) clientCreate(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	in := client.NewClient{DisplayName: c.PostForm("display_name"), Email: c.PostForm("email")}
	cl, token, err := s.Clients.Create(c.Request.Context(), actor(c), in)
	var verr *client.ValidationError
	if errors.As(err, &verr) {
		s.renderClientList(c, http.StatusUnprocessableEntity, clientListPage{Errors: verr.Fields,
			Form: map[string]string{"display_name": in.DisplayName, "email": in.Email}})
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.showInviteOnce(c, cl.ID, token)
	s.flash(c, "Client added. Copy the invite link below and send it to them.")
	c.Redirect(http.StatusSeeOther, "/clinician/clients/"+strconv.FormatInt(cl.ID, 10))
}

// showInviteOnce keeps a new invite link in the session for the next page
// view only: the database stores only its hash.
func (s *Server) showInviteOnce(c *gin.Context, clientID int64, token string) {
	s.Sessions.Put(c.Request.Context(), "invite:"+strconv.FormatInt(clientID, 10), s.BaseURL+"/invite/"+token)
}

// POST /clinician/clients/:id/archive (archived = true or false)
func (s *Server) clientArchive(c *gin.Context) {
	id, ok := s.idParam(c)
	if !ok || !s.parseForm(c) {
		return
	}
	archived := c.PostForm("archived") != "false"
	if err := s.Clients.SetArchived(c.Request.Context(), actor(c), id, archived); err != nil {
		s.fail(c, err)
		return
	}
	if archived {
		s.flash(c, "Client archived. Their records are kept; restore them any time from the archived list.")
	} else {
		s.flash(c, "Client restored.")
	}
	c.Redirect(http.StatusSeeOther, "/clinician/clients/"+c.Param("id"))
}

// POST /clinician/clients/:id/invite: a fresh invite link (the old one stops working).
func (s *Server) clientInvite(c *gin.Context) {
	id, ok := s.idParam(c)
	if !ok {
		return
	}
	token, err := s.Clients.NewInvite(c.Request.Context(), actor(c), id)
	var verr *client.ValidationError
	if errors.As(err, &verr) {
		s.flash(c, verr.Fields["invite"])
		c.Redirect(http.StatusSeeOther, "/clinician/clients/"+c.Param("id"))
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.showInviteOnce(c, id, token)
	s.flash(c, "A new invite link is ready. The previous link no longer works.")
	c.Redirect(http.StatusSeeOther, "/clinician/clients/"+c.Param("id"))
}
