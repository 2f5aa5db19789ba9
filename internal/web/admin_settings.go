package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/practice"
)

type adminSettingsPage struct {
	Page
	Settings practice.Settings
	Files    []practice.ClosedFile
	Errors   map[string]string
	// Languages are the practice language's choices.
	Languages []langChoice
}

// GET /admin/settings: the practice's time zone and retention period, and
// the closed files with their deletion dates and holds.
func (s *Server) adminSettings(c *gin.Context) {
	st, err := s.Practice.Settings(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	s.renderAdminSettings(c, http.StatusOK, st, nil)
}

func (s *Server) renderAdminSettings(c *gin.Context, status int, st practice.Settings, errs map[string]string) {
	files, err := s.Practice.ClosedFiles(c.Request.Context(), actor(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, status, "admin/settings", adminSettingsPage{Page: s.page(c, s.tr(c).T("admin.settings.title")), Settings: st, Files: files, Errors: s.trFields(c, adminMessages, errs),
		Languages: langChoices(st.Locale)})
}

// POST /admin/settings (time_zone, retention_years, locale)
func (s *Server) adminSettingsSave(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	years, convErr := strconv.Atoi(strings.TrimSpace(c.PostForm("retention_years")))
	st := practice.Settings{TimeZone: c.PostForm("time_zone"), RetentionYears: years, Locale: c.PostForm("locale")}
	if convErr != nil {
		st.RetentionYears = 0
	}
	err := s.Practice.SaveSettings(c.Request.Context(), actor(c), st)
	if fe := fieldErrors(err); fe != nil {
		if _, bad := fe["locale"]; bad {
			fe["locale"] = s.tr(c).T("account.language_invalid")
		}
		s.renderAdminSettings(c, http.StatusUnprocessableEntity, st, fe)
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, s.tr(c).T("admin.settings.saved"))
	c.Redirect(http.StatusSeeOther, "/admin/settings")
}

// POST /admin/files/:id/hold (hold = true or false, reason)
func (s *Server) adminFileHold(c *gin.Context) {
	id, ok := s.idParam(c)
	if !ok || !s.parseForm(c) {
		return
	}
	hold := c.PostForm("hold") == "true"
	err := s.Practice.SetHold(c.Request.Context(), actor(c), id, hold, c.PostForm("reason"))
	fe := fieldErrors(err)
	switch {
	case fe != nil:
		s.flash(c, s.trKnown(c, adminMessages, fe["reason"]))
	case err != nil:
		s.fail(c, err)
		return
	case hold:
		s.flash(c, s.tr(c).T("admin.settings.held", "N", id))
	default:
		s.flash(c, s.tr(c).T("admin.settings.lifted", "N", id))
	}
	c.Redirect(http.StatusSeeOther, "/admin/settings")
}

// GET /admin/export: the whole practice as JSON lines, streamed, for moving
// to another system (docs/operations.md).
func (s *Server) adminExport(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	c.Header("Content-Type", "application/x-ndjson")
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="practice-%s.jsonl"`, s.Now().Format("2006-01-02")))
	c.Status(http.StatusOK)
	if _, err := s.Practice.Export(c.Request.Context(), actor(c), c.Writer, s.Now()); err != nil {
		if !c.Writer.Written() {
			c.Header("Content-Disposition", "")
			s.fail(c, err)
			return
		}
		s.Log.Error("practice export", "err", err)
		panic(http.ErrAbortHandler) // an export cut short must not look complete
	}
}
