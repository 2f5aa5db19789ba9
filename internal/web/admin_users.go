package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/account"
	"github.com/tend-practice/tend/internal/auth"
)

type adminUsersPage struct {
	Page
	Users       []account.User
	Form        map[string]string
	Errors      map[string]string
	NewPassword string
	NewEmail    string
	ResetEmail  string // NewPassword is a reset of this account's password
	// Tab is "staff" (clinicians and administrators) or "clients"; Query
	// narrows it by part of the email or name.
	Tab    string
	Query  string
	Counts map[string]int
}

// usersTab reads ?tab= (staff unless clients).
func usersTab(c *gin.Context) string {
	if c.Query("tab") == "clients" {
		return "clients"
	}
	return "staff"
}

// filterUsers keeps the accounts of tab that match q (part of the email or
// name, any case), and counts each tab's accounts.
func filterUsers(users []account.User, tab, q string) ([]account.User, map[string]int) {
	q = strings.ToLower(strings.TrimSpace(q))
	counts := map[string]int{}
	var out []account.User
	for _, u := range users {
		t := "staff"
		if u.Role == auth.RoleClient {
			t = "clients"
		}
		counts[t]++
		if t != tab {
			continue
		}
		if q != "" && !strings.Contains(strings.ToLower(u.Email), q) && !strings.Contains(strings.ToLower(u.DisplayName), q) {
			continue
		}
		out = append(out, u)
	}
	return out, counts
}

// GET /admin/users
func (s *Server) adminUsers(c *gin.Context) {
	s.renderAdminUsers(c, http.StatusOK, adminUsersPage{Form: map[string]string{"role": "clinician"}})
}

func (s *Server) renderAdminUsers(c *gin.Context, status int, data adminUsersPage) {
	users, err := s.Accounts.List(c.Request.Context(), actor(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	data.Page = s.page(c, s.tr(c).T("admin.users.title"))
	data.Errors = s.trFields(c, adminMessages, data.Errors)
	data.Tab, data.Query = usersTab(c), strings.TrimSpace(c.Query("q"))
	data.Users, data.Counts = filterUsers(users, data.Tab, data.Query)
	s.render(c, status, "admin/users", data)
}

// POST /admin/users (email, display_name, role): creates an account with a
// one-time password shown to the admin once.
func (s *Server) adminUserCreate(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	form := map[string]string{"email": c.PostForm("email"), "display_name": c.PostForm("display_name"), "role": c.PostForm("role")}
	role := auth.Role(form["role"])
	if err := account.CheckCreatableRole(role); err != nil {
		s.renderAdminUsers(c, http.StatusUnprocessableEntity, adminUsersPage{Form: form, Errors: fieldErrors(err)})
		return
	}
	password := auth.GeneratePassword()
	u, err := s.Accounts.Create(c.Request.Context(), actor(c), account.NewUser{
		Email: form["email"], DisplayName: form["display_name"], Role: role, Password: password})
	fe := fieldErrors(err)
	switch {
	case fe != nil:
		s.renderAdminUsers(c, http.StatusUnprocessableEntity, adminUsersPage{Form: form, Errors: fe})
		return
	case errors.Is(err, account.ErrEmailTaken):
		s.renderAdminUsers(c, http.StatusUnprocessableEntity, adminUsersPage{Form: form,
			Errors: map[string]string{"email": s.tr(c).T("admin.users.email_taken")}})
		return
	case err != nil:
		s.fail(c, err)
		return
	}
	s.renderAdminUsers(c, http.StatusCreated, adminUsersPage{Form: map[string]string{"role": "clinician"},
		NewEmail: u.Email, NewPassword: password})
}

// POST /admin/users/:id/active (active = true or false)
func (s *Server) adminUserSetActive(c *gin.Context) {
	id, ok := s.idParam(c)
	if !ok || !s.parseForm(c) {
		return
	}
	active := c.PostForm("active") == "true"
	back := "/admin/users"
	if c.PostForm("tab") == "clients" {
		back = "/admin/users?tab=clients"
	}
	err := s.Accounts.SetActive(c.Request.Context(), actor(c), id, active)
	if fe := fieldErrors(err); fe != nil {
		s.flash(c, s.trKnown(c, adminMessages, fe["active"]))
		c.Redirect(http.StatusSeeOther, back)
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	if active {
		s.flash(c, s.tr(c).T("admin.users.reactivated"))
	} else {
		s.flash(c, s.tr(c).T("admin.users.deactivated_flash"))
	}
	c.Redirect(http.StatusSeeOther, back)
}
