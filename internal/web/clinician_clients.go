package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/client"
)

type clientListPage struct {
	Page
	Roster   client.Roster
	Filter   client.RosterFilter
	Archived bool
	Sorts    []rosterSort
	Tabs     []rosterSort
	PrevURL  string
	NextURL  string
	Form     map[string]string
	Errors   map[string]string
	// AddOpen opens the "Add a client" form: no clients yet, or it had errors.
	AddOpen bool
}

// GET /clinician/clients (?q=, sort=name|activity|open, archived=1, page=):
// search by name or email, sort, badges per row, pages of 50, archived
// clients in their own tab.
func (s *Server) clientList(c *gin.Context) {
	f, ok := s.rosterFilter(c)
	if !ok {
		return
	}
	s.renderClientList(c, http.StatusOK, clientListPage{Filter: f, AddOpen: c.Query("add") == "1"})
}

func (s *Server) renderClientList(c *gin.Context, status int, data clientListPage) {
	f := data.Filter
	r, err := s.Clients.Roster(c.Request.Context(), actor(c), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	tr := s.tr(c)
	data.Page, data.Roster, data.Archived = s.page(c, tr.T("clinician.clients.title")), r, f.Archived
	for _, so := range []struct{ label, sort string }{{"clinician.clients.sort.name", client.SortName}, {"clinician.clients.sort.activity", client.SortActivity}, {"clinician.clients.sort.open", client.SortOpen}} {
		g := f
		g.Sort = so.sort
		data.Sorts = append(data.Sorts, rosterSort{Label: tr.T(so.label), URL: rosterURL(g, 1), Current: so.sort == f.Sort || (f.Sort == "" && so.sort == client.SortName)})
	}
	cur, arch := f, f
	cur.Archived, arch.Archived = false, true
	data.Tabs = []rosterSort{{Label: tr.T("clinician.clients.tab.current", "N", r.Current), URL: rosterURL(cur, 1), Current: !f.Archived},
		{Label: tr.T("clinician.clients.tab.archived", "N", r.ArchivedCount), URL: rosterURL(arch, 1), Current: f.Archived}}
	if f.Page > 1 {
		data.PrevURL = rosterURL(f, f.Page-1)
	}
	if r.More {
		data.NextURL = rosterURL(f, f.Page+1)
	}
	data.AddOpen = data.AddOpen || len(data.Errors) > 0 || (r.Current == 0 && r.ArchivedCount == 0)
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
	if fe := fieldErrors(err); fe != nil {
		s.renderClientList(c, http.StatusUnprocessableEntity, clientListPage{Errors: s.trClinicianFields(c, fe),
			Form: map[string]string{"display_name": in.DisplayName, "email": in.Email}})
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.showInviteOnce(c, cl.ID, token)
	s.flash(c, s.tr(c).T("clinician.flash.client_added"))
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
		s.flash(c, s.tr(c).T("clinician.flash.archived"))
	} else {
		s.flash(c, s.tr(c).T("clinician.flash.restored"))
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
	if fe := fieldErrors(err); fe != nil {
		s.flash(c, s.trClinician(c, fe["invite"]))
		c.Redirect(http.StatusSeeOther, "/clinician/clients/"+c.Param("id"))
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.showInviteOnce(c, id, token)
	s.flash(c, s.tr(c).T("clinician.flash.new_invite"))
	c.Redirect(http.StatusSeeOther, "/clinician/clients/"+c.Param("id"))
}
