package web

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/safety"
)

type adminSafetyPage struct {
	Page
	S      safety.Settings
	Rows   []safety.Contact // the contacts plus blank rows to add more
	Errors map[string]string
}

// GET /admin/safety: the practice's crisis contacts, contact details and
// reading promise, as an editable form.
func (s *Server) adminSafety(c *gin.Context) {
	st, err := s.Safety.Get(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	s.renderAdminSafety(c, http.StatusOK, st, nil)
}

// POST /admin/safety (contact_N_name, contact_N_phone, contact_N_text,
// contact_N_web, contact_N_when for N = 1.., practice_contact,
// practice_hours, reading_promise, letterhead_name, letterhead_address,
// letterhead_phone)
func (s *Server) adminSafetySave(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	in := safety.Settings{PracticeContact: c.PostForm("practice_contact"), PracticeHours: c.PostForm("practice_hours"),
		ReadingPromise: c.PostForm("reading_promise"), LetterheadName: c.PostForm("letterhead_name"),
		LetterheadAddress: c.PostForm("letterhead_address"), LetterheadPhone: c.PostForm("letterhead_phone")}
	for n := 1; n <= safety.MaxContacts; n++ {
		v := func(f string) string { return c.PostForm(fmt.Sprintf("contact_%d_%s", n, f)) }
		in.Contacts = append(in.Contacts, safety.Contact{Name: v("name"), Phone: v("phone"), Text: v("text"), Web: v("web"), When: v("when")})
	}
	err := s.Safety.Save(c.Request.Context(), actor(c), in)
	fe := fieldErrors(err)
	switch {
	case fe != nil:
		s.renderAdminSafety(c, http.StatusUnprocessableEntity, in, fe)
	case errors.Is(err, safety.ErrForbidden):
		s.renderError(c, http.StatusForbidden)
	case err != nil:
		s.fail(c, err)
	default:
		s.flash(c, s.tr(c).T("admin.safety.saved"))
		c.Redirect(http.StatusSeeOther, "/admin/safety")
	}
}

func (s *Server) renderAdminSafety(c *gin.Context, status int, st safety.Settings, errs map[string]string) {
	rows := append([]safety.Contact{}, st.Contacts...)
	if st.Placeholder {
		rows = nil // placeholders are shown as such, never saved as if real
	}
	// Keep typed rows in place (an error names its row number), then offer
	// two blank rows for more.
	for len(rows) > 0 && rows[len(rows)-1] == (safety.Contact{}) && errs != nil {
		rows = rows[:len(rows)-1]
	}
	for i := 0; i < 2 && len(rows) < safety.MaxContacts; i++ {
		rows = append(rows, safety.Contact{})
	}
	if errs == nil {
		errs = map[string]string{}
	}
	errs = s.trFields(c, adminMessages, errs)
	s.render(c, status, "admin/safety", adminSafetyPage{Page: s.page(c, s.tr(c).T("admin.safety.title")), S: st, Rows: rows, Errors: errs})
}
