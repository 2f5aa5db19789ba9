package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/account"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/client"
)

// commonZones are offered in the time zone field's list; any IANA name is
// accepted.
var commonZones = []string{"UTC", "Europe/London", "Europe/Dublin", "Europe/Lisbon", "Europe/Paris", "Europe/Berlin",
	"Europe/Madrid", "Europe/Rome", "Europe/Amsterdam", "Europe/Stockholm", "Europe/Warsaw", "Europe/Athens",
	"Europe/Istanbul", "Africa/Johannesburg", "Africa/Lagos", "Africa/Nairobi", "Asia/Dubai", "Asia/Kolkata",
	"Asia/Singapore", "Asia/Tokyo", "Australia/Sydney", "Australia/Perth", "Pacific/Auckland",
	"America/St_Johns", "America/Halifax", "America/New_York", "America/Chicago", "America/Denver",
	"America/Phoenix", "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu", "America/Mexico_City",
	"America/Bogota", "America/Sao_Paulo", "America/Argentina/Buenos_Aires"}

type accountPage struct {
	Page
	User    account.User
	Zones   []string
	Errors  map[string]string
	HasMFA  bool // the role has two-step sign-in (staff)
	Pending string
	// Clients only: their pronouns and name to use, and that form's errors.
	ClientProfile *client.Profile
	ProfileErrors map[string]string
	// The language field: the shipped languages and the catalogue key of
	// the practice's, which "" means.
	Languages    []langChoice
	PracticeLang string
}

// GET /account: the signed-in person's own account.
func (s *Server) accountShow(c *gin.Context) {
	s.renderAccount(c, http.StatusOK, nil, nil)
}

// renderAccountPage shows the account page; for a client it adds their
// profile basics (the saved ones, or prof as typed).
func (s *Server) renderAccountPage(c *gin.Context, status int, data accountPage, prof *client.Profile) {
	a := actor(c)
	practiceLang, err := s.Accounts.Language(c.Request.Context(), 0)
	if err != nil {
		s.fail(c, err)
		return
	}
	data.Languages, data.PracticeLang = langChoices(""), langNames[practiceLang]
	if a.Role == auth.RoleClient {
		if prof == nil {
			p, err := s.Clients.OwnProfile(c.Request.Context(), a)
			if err != nil {
				s.fail(c, err)
				return
			}
			prof = &p
		}
		data.ClientProfile = prof
	}
	s.render(c, status, "account/account", data)
}

// POST /account/profile (pronouns, name_to_use): a client's own profile
// basics, which their clinician sees.
func (s *Server) accountClientProfile(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	in := client.Profile{Pronouns: c.PostForm("pronouns"), NameToUse: c.PostForm("name_to_use")}
	err := s.Clients.SetOwnProfile(c.Request.Context(), actor(c), in)
	if fe := fieldErrors(err); fe != nil {
		u, gerr := s.Accounts.Get(c.Request.Context(), actor(c).UserID)
		if gerr != nil {
			s.fail(c, gerr)
			return
		}
		s.renderAccountPage(c, http.StatusUnprocessableEntity, accountPage{Page: s.page(c, s.tr(c).T("account.title")), User: u, Zones: commonZones,
			ProfileErrors: s.trFields(c, adminMessages, fe)}, &in)
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, s.tr(c).T("account.profile_saved"))
	c.Redirect(http.StatusSeeOther, "/account")
}

// renderAccount shows the account page, with errors from a form and the
// values the person typed (edit) kept.
func (s *Server) renderAccount(c *gin.Context, status int, errs map[string]string, edit func(*account.User)) {
	a := actor(c)
	u, err := s.Accounts.Get(c.Request.Context(), a.UserID)
	if err != nil {
		s.fail(c, err)
		return
	}
	if edit != nil {
		edit(&u)
	}
	s.renderAccountPage(c, status, accountPage{Page: s.page(c, s.tr(c).T("account.title")), User: u, Zones: commonZones,
		Errors: s.trFields(c, adminMessages, errs), HasMFA: a.Role == auth.RoleAdmin || a.Role == auth.RoleClinician}, nil)
}

// POST /account (display_name, time_zone, locale, reminders_opt_out, digest_opt_in)
func (s *Server) accountSave(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	p := account.Profile{DisplayName: c.PostForm("display_name"), TimeZone: c.PostForm("time_zone"), Locale: c.PostForm("locale"),
		RemindersOptOut: c.PostForm("reminders_opt_out") == "on", DigestOptIn: c.PostForm("digest_opt_in") == "on"}
	err := s.Accounts.UpdateProfile(c.Request.Context(), actor(c), p)
	if fe := fieldErrors(err); fe != nil {
		if _, bad := fe["locale"]; bad {
			fe["locale"] = s.tr(c).T("account.language_invalid")
		}
		s.renderAccount(c, http.StatusUnprocessableEntity, fe, func(u *account.User) {
			u.DisplayName, u.TimeZone, u.RemindersOptOut, u.DigestOptIn = p.DisplayName, p.TimeZone, p.RemindersOptOut, p.DigestOptIn
			u.Locale = p.Locale
		})
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	// The actor (and its language) was read before the save: the flash
	// speaks the language just chosen.
	if l, err := s.Accounts.Language(c.Request.Context(), actor(c).UserID); err == nil {
		c.Set(langKey, l)
	}
	s.flash(c, s.tr(c).T("account.saved"))
	c.Redirect(http.StatusSeeOther, "/account")
}
