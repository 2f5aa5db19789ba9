package web

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/couple"
	"github.com/tend-practice/tend/internal/i18n"
	"github.com/tend-practice/tend/internal/safety"
	"github.com/tend-practice/tend/internal/worksheet"
)

type myAssignmentPage struct {
	Page
	Work          workView
	Version       int
	SubmissionKey string
	Problem       string
	Recovered     bool
	Errors        map[string]string
	Reply         string
	Sharing       *couple.ShareBox // couples work (couple_boxes.go); nil for individual work
	// Preview is a clinician's read-only look at this page (clinician_preview.go):
	// a banner naming the client, and no form that could save or reply.
	Preview     bool
	PreviewName string
}

// GET /me/assignments/:id: read a module or complete a worksheet. If the
// session expired while the client was typing, what they typed comes back.
func (s *Server) myAssignmentShow(c *gin.Context) {
	id, ok := s.idParam(c)
	if !ok {
		return
	}
	var typed url.Values
	ctx := c.Request.Context()
	if s.Sessions.GetString(ctx, stashPathKey) == c.Request.URL.Path {
		typed, _ = url.ParseQuery(s.Sessions.PopString(ctx, stashFormKey))
		s.Sessions.Remove(ctx, stashPathKey)
	}
	w, err := s.loadWork(c, id, nil, typed)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.markCommentsSeen(c, w)
	data := myAssignmentPage{Work: w, Version: w.Response.Version, Recovered: typed != nil}
	s.renderMyAssignment(c, http.StatusOK, data)
}

func (s *Server) renderMyAssignment(c *gin.Context, status int, data myAssignmentPage) {
	data.Page = s.page(c, data.Work.Assignment.Title)
	data.SubmissionKey = newKey()
	data.Sharing = s.shareBoxFor(c, data.Work.Assignment.ID)
	s.render(c, status, "client/assignment", data)
}

// POST /me/assignments/:id (action = save, submit, autosave or read; one
// form field per worksheet field id; version; submission_key)
func (s *Server) myAssignmentSave(c *gin.Context) {
	id, ok := s.idParam(c)
	if !ok || !s.parseForm(c) {
		return
	}
	ctx, a, action := c.Request.Context(), actor(c), c.PostForm("action")
	if action == "read" {
		if err := s.Assignments.MarkRead(ctx, a, id); err != nil {
			s.fail(c, err)
			return
		}
		s.flash(c, s.tr(c).T("client.assignment.marked_read")+s.nextStep(c, id))
		c.Redirect(http.StatusSeeOther, "/me")
		return
	}
	as, err := s.Assignments.Get(ctx, a, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	wv, err := s.Assignments.Worksheet(ctx, as)
	if err != nil {
		s.fail(c, err)
		return
	}
	answers := worksheet.FromForm(wv.Schema, c.Request.PostForm)
	version, _ := strconv.Atoi(c.PostForm("version"))
	var newVersion int
	if action == "submit" {
		newVersion, err = s.Assignments.Submit(ctx, a, id, answers, version, c.PostForm("submission_key"))
	} else {
		newVersion, err = s.Assignments.Save(ctx, a, id, answers, version)
	}
	if action == "autosave" {
		s.autosaveResult(c, newVersion, err)
		return
	}
	fe := fieldErrors(err)
	tr := s.tr(c)
	switch {
	case fe != nil:
		localizeAnswerErrors(tr, err, fe)
		problem := tr.T("client.assignment.needs_look_save")
		if action == "submit" {
			problem = tr.T("client.assignment.needs_look_submit")
		}
		s.rerenderTyped(c, id, http.StatusUnprocessableEntity, fe, problem, version)
	case errors.Is(err, assignment.ErrConflict):
		current := 0
		if r, rerr := s.Assignments.Response(ctx, a, as); rerr == nil {
			current = r.Version
		}
		s.rerenderTyped(c, id, http.StatusConflict, nil, tr.T("client.assignment.conflict"), current)
	case errors.Is(err, assignment.ErrLocked):
		s.flash(c, tr.T("client.assignment.already_submitted"))
		c.Redirect(http.StatusSeeOther, c.Request.URL.Path)
	case err != nil:
		s.fail(c, err)
	case action == "submit":
		promise := safety.DefaultReadingPromise
		if st, err := s.Safety.Get(ctx); err == nil {
			promise = st.ReadingPromise
		}
		s.flash(c, tr.T("client.assignment.submitted")+" "+promise)
		c.Redirect(http.StatusSeeOther, c.Request.URL.Path)
	default:
		_ = newVersion
		s.flash(c, tr.T("client.assignment.draft_saved", "Time", tr.Clock(s.Now().In(s.page(c, "").Zone))))
		c.Redirect(http.StatusSeeOther, c.Request.URL.Path+"#form-actions")
	}
}

// rerenderTyped shows the form again with exactly what was typed.
func (s *Server) rerenderTyped(c *gin.Context, id int64, status int, errs map[string]string, problem string, version int) {
	w, err := s.loadWork(c, id, errs, c.Request.PostForm)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.renderMyAssignment(c, status, myAssignmentPage{Work: w, Version: version, Problem: problem, Errors: errs})
}

// autosaveResult answers the background autosave script with JSON.
func (s *Server) autosaveResult(c *gin.Context, version int, err error) {
	fe := fieldErrors(err)
	switch {
	case err == nil:
		c.JSON(http.StatusOK, gin.H{"version": version, "saved_at": s.Now().Format("15:04")})
	case fe != nil:
		c.JSON(http.StatusUnprocessableEntity, gin.H{"errors": fe})
	case errors.Is(err, assignment.ErrConflict), errors.Is(err, assignment.ErrLocked):
		c.JSON(http.StatusConflict, gin.H{"error": "changed elsewhere"})
	default:
		s.fail(c, err)
	}
}

// POST /me/assignments/:id/comments (body): the client replies to their clinician.
func (s *Server) myAssignmentReply(c *gin.Context) {
	id, ok := s.idParam(c)
	if !ok || !s.parseForm(c) {
		return
	}
	err := s.Assignments.AddComment(c.Request.Context(), actor(c), id, "", c.PostForm("body"), false)
	if fe := fieldErrors(err); fe != nil {
		w, lerr := s.loadWork(c, id, nil, nil)
		if lerr != nil {
			s.fail(c, lerr)
			return
		}
		s.renderMyAssignment(c, http.StatusUnprocessableEntity, myAssignmentPage{Work: w, Version: w.Response.Version,
			Errors: fe, Reply: c.PostForm("body")})
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, s.tr(c).T("client.assignment.reply_sent"))
	c.Redirect(http.StatusSeeOther, "/me/assignments/"+c.Param("id"))
}

func newKey() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// nextStep suggests what to open after a reading (issue 20): the worksheet
// given with it if there is one, else the next open item; "" when nothing is
// open. A failed lookup only loses the suggestion.
func (s *Server) nextStep(c *gin.Context, readID int64) string {
	list, err := s.Assignments.ForClient(c.Request.Context(), actor(c), 0)
	if err != nil {
		return ""
	}
	var read *assignment.Assignment
	for i := range list {
		if list[i].ID == readID {
			read = &list[i]
		}
	}
	ordered, _ := givenTogether(list)
	var next *assignment.Assignment
	for i := range ordered {
		as := &ordered[i]
		if as.ID == readID || as.Done() || as.Status == assignment.StatusMissed {
			continue
		}
		if read != nil && together(*read, *as) {
			next = as
			break
		}
		if next == nil {
			next = as
		}
	}
	if next == nil {
		return ""
	}
	key := "client.assignment.next_worksheet"
	if next.Kind == "module" {
		key = "client.assignment.next_reading"
	}
	return " " + s.tr(c).T(key, "Title", next.Title)
}

// localizeAnswerErrors puts a worksheet's answer messages into the page's
// language (fe holds the English, by field id).
func localizeAnswerErrors(tr *i18n.Localizer, err error, fe map[string]string) {
	var ve *worksheet.ValidationError
	if !errors.As(err, &ve) {
		return
	}
	for id, m := range ve.Messages {
		if m.Key != "" {
			fe[id] = tr.T(m.Key, m.Args...)
		}
	}
}
