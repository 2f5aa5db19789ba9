package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/couple"
	"github.com/tend-practice/tend/internal/i18n"
)

type coupleSharingPage struct {
	Page
	View    couple.SharingView
	Preview bool
	Levels  []levelChoice
	Errors  map[string]string
}

// levelChoice is one sharing level as a client reads it.
type levelChoice struct {
	Value couple.Level
	Label string
	Help  string
}

func levelChoices(l *i18n.Localizer, partner string) []levelChoice {
	return []levelChoice{
		{couple.LevelPrivate, l.T("couple.level.private"), l.T("couple.level.private_help", "Name", partner)},
		{couple.LevelClinician, l.T("couple.level.clinician", "Name", partner), l.T("couple.level.clinician_help", "Name", partner)},
		{couple.LevelPartner, l.T("couple.level.partner"), l.T("couple.level.partner_help", "Name", partner)},
	}
}

// GET /me/assignments/:id/sharing: the client's own choice of who sees their
// answers to joint work, answer by answer.
func (s *Server) coupleSharingShow(c *gin.Context) {
	id, ok := s.idParam(c)
	if !ok {
		return
	}
	v, err := s.Couples.Sharing(c.Request.Context(), actor(c), id, nil)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.renderSharing(c, http.StatusOK, v, false, nil)
}

func (s *Server) renderSharing(c *gin.Context, status int, v couple.SharingView, preview bool, errs map[string]string) {
	s.localizeSharing(c, &v)
	s.render(c, status, "couple/sharing", coupleSharingPage{Page: s.page(c, s.tr(c).T("couple.sharing.title", "Title", v.Title)), View: v, Preview: preview,
		Levels: levelChoices(s.tr(c), v.PartnerName), Errors: s.trFields(c, coupleMessages, errs)})
}

// POST /me/assignments/:id/sharing (share = private, clinician or partner;
// share_<field id> per answer, empty for "same as the worksheet"; step =
// preview, edit or confirm). Nothing is stored until the client has seen
// exactly what their partner would see and confirms it.
func (s *Server) coupleSharingSave(c *gin.Context) {
	id, ok := s.idParam(c)
	if !ok || !s.parseForm(c) {
		return
	}
	ctx, a := c.Request.Context(), actor(c)
	choice := couple.Choice{Level: couple.ParseLevel(c.PostForm("share")), Fields: map[string]couple.Level{}}
	for k, vs := range c.Request.PostForm {
		if fid, ok := strings.CutPrefix(k, "share_"); ok && len(vs) > 0 {
			choice.Fields[fid] = couple.ParseLevel(vs[0])
		}
	}
	step := c.PostForm("step")
	if step == "confirm" {
		choice.Seen, _ = strconv.Atoi(c.PostForm("seen_version"))
		err := s.Couples.SetSharing(ctx, a, id, choice)
		if errors.Is(err, couple.ErrStalePreview) {
			s.sharingStale(c, id, choice)
			return
		}
		if fields := fieldErrors(err); fields != nil {
			s.sharingInvalid(c, id, &choice, fields)
			return
		}
		if err != nil {
			s.fail(c, err)
			return
		}
		v, err := s.Couples.Sharing(ctx, a, id, nil)
		if err != nil {
			s.fail(c, err)
			return
		}
		if n := len(v.PartnerSees()); n > 0 {
			s.flash(c, s.tr(c).T("couple.sharing.saved", "Name", v.PartnerName, "Count", n))
		} else {
			s.flash(c, s.tr(c).T("couple.sharing.saved_none", "Name", v.PartnerName))
		}
		c.Redirect(http.StatusSeeOther, fmt.Sprintf("/me/assignments/%d", id))
		return
	}
	v, err := s.Couples.Sharing(ctx, a, id, &choice)
	if fields := fieldErrors(err); fields != nil {
		s.sharingInvalid(c, id, nil, fields)
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	switch {
	case v.Paused:
		s.renderSharing(c, http.StatusUnprocessableEntity, v, false, map[string]string{"share": couple.PausedMessage})
	case !v.Submitted:
		s.renderSharing(c, http.StatusUnprocessableEntity, v, false, map[string]string{"share": s.tr(c).T("couple.error.submit_first")})
	default:
		s.renderSharing(c, http.StatusOK, v, step != "edit", nil)
	}
}

// sharingStale answers a confirmation of answers that have changed since
// their preview: nothing was stored; the preview of the answers as they are
// now is shown instead, to check and confirm again.
func (s *Server) sharingStale(c *gin.Context, id int64, choice couple.Choice) {
	v, err := s.Couples.Sharing(c.Request.Context(), actor(c), id, &choice)
	if fields := fieldErrors(err); fields != nil {
		s.sharingInvalid(c, id, nil, fields)
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.renderSharing(c, http.StatusConflict, v, true, map[string]string{"share": s.tr(c).T("couple.error.stale", "Name", v.PartnerName)})
}

// sharingInvalid shows the form again with the messages, keeping the
// client's choice when it can be shown.
func (s *Server) sharingInvalid(c *gin.Context, id int64, choice *couple.Choice, fields map[string]string) {
	v, err := s.Couples.Sharing(c.Request.Context(), actor(c), id, choice)
	if err != nil {
		v, err = s.Couples.Sharing(c.Request.Context(), actor(c), id, nil)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.renderSharing(c, http.StatusUnprocessableEntity, v, false, fields)
}
