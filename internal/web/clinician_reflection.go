package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/i18n"
	"github.com/tend-practice/tend/internal/safety"
	"github.com/tend-practice/tend/internal/worksheet"
)

// workView is an assignment with everything needed to show it: the module
// text or the worksheet with answers, and its comments, as the viewer may
// see them (assignment.View).
type workView struct {
	Assignment assignment.Assignment
	Response   assignment.Response
	Form       formView
	Comments   []assignment.Comment
	Flags      []assignment.RaisedFlag // staff only
	OpenUrgent bool                    // staff only: an urgent flag waits for acknowledgement
	Support    bool                    // client only: show the practice's crisis contacts
	Safety     safety.Settings         // clients: the practice's crisis contacts
	ModuleBody template.HTML
	ModuleNote string
	Reading    int
}

// loadWork gathers an assignment the actor owns, ready for a page.
func (s *Server) loadWork(c *gin.Context, id int64, errs map[string]string, typed map[string][]string) (workView, error) {
	ctx, a := c.Request.Context(), actor(c)
	as, err := s.Assignments.Get(ctx, a, id)
	if err != nil {
		return workView{}, err
	}
	v, err := s.Assignments.ViewFor(ctx, a, as)
	if err != nil {
		return workView{}, err
	}
	asClient := a.Role == auth.RoleClient
	return s.workFromView(c, v, asClient, !asClient || as.Done(), errs, typed)
}

// workFromView lays out a view for a page: asClient adds what the client's
// page shows (the crisis contacts by the questions that can raise an urgent
// flag); readOnly shows answers without inputs.
func (s *Server) workFromView(c *gin.Context, v assignment.View, asClient, readOnly bool, errs map[string]string, typed map[string][]string) (workView, error) {
	w := workView{Assignment: v.Assignment, Response: v.Response, Comments: v.Comments,
		Flags: v.Flags, OpenUrgent: v.OpenUrgent(), Support: v.Support}
	if asClient {
		var err error
		if w.Safety, err = s.Safety.Get(c.Request.Context()); err != nil {
			return w, err
		}
	}
	if v.Module != nil {
		w.ModuleBody, w.ModuleNote, w.Reading = s.Markdown.HTML(v.Module.Body), v.Module.ContentNote, v.Module.ReadingMinutes
		return w, nil
	}
	answers := w.Response.Answers
	if typed != nil {
		answers = worksheet.FromForm(v.Worksheet.Schema, typed)
	}
	w.Form = newFormView(v.Worksheet.Schema, answers, errs, readOnly)
	flagged := v.FlaggedFields()
	for i := range w.Form.Sections {
		for j, f := range w.Form.Sections[i].Fields {
			w.Form.Sections[i].Fields[j].Flagged = flagged[f.ID]
			if v.UrgentFields[f.ID] && asClient {
				w.Form.Sections[i].Fields[j].SupportHint = supportHint(s.tr(c), w.Safety)
			}
			for _, cm := range w.Comments {
				if cm.FieldID == f.ID {
					w.Form.Sections[i].Fields[j].Comments = append(w.Form.Sections[i].Fields[j].Comments, fieldComment{Author: cm.AuthorName, Body: cm.Body, New: cm.New})
				}
			}
		}
	}
	return w, nil
}

// markCommentsSeen records that the viewer has now seen the comments on
// the page being shown; the page itself still marks those that were new.
// A failure costs only a "New" marker, so it is logged, not shown.
func (s *Server) markCommentsSeen(c *gin.Context, w workView) {
	ctx := c.Request.Context()
	if err := s.Assignments.MarkCommentsSeen(ctx, actor(c), w.Assignment, w.Comments); err != nil {
		s.Log.ErrorContext(ctx, "mark comments seen", "assignment", w.Assignment.ID, "err", err)
	}
}

type reflectionPage struct {
	Page
	Work   workView
	Errors map[string]string
	Body   string
	// Queue is the review queue's filter this page was opened from, for
	// "Mark reviewed and open next".
	Queue assignment.QueueFilter
}

// GET /clinician/assignments/:id: a reflection laid out with the worksheet's
// labels, flags first, comments, and review actions. The read is audited.
func (s *Server) reflectionShow(c *gin.Context) {
	s.renderReflection(c, http.StatusOK, nil, "")
}

func (s *Server) renderReflection(c *gin.Context, status int, errs map[string]string, body string) {
	id, ok := s.idParam(c)
	if !ok {
		return
	}
	w, err := s.loadWork(c, id, nil, nil)
	if err != nil {
		s.fail(c, err)
		return
	}
	if status == http.StatusOK {
		s.markCommentsSeen(c, w)
	}
	f, _ := s.queueFilterQuiet(c.Query)
	s.render(c, status, "clinician/reflection", reflectionPage{Page: s.page(c, w.Assignment.Title), Work: w, Errors: errs, Body: body, Queue: f})
}

// POST /clinician/assignments/:id/comments (body, field_id, private)
func (s *Server) reflectionComment(c *gin.Context) {
	id, ok := s.idParam(c)
	if !ok || !s.parseForm(c) {
		return
	}
	err := s.Assignments.AddComment(c.Request.Context(), actor(c), id, c.PostForm("field_id"), c.PostForm("body"), c.PostForm("private") == "true")
	if fe := fieldErrors(err); fe != nil {
		s.renderReflection(c, http.StatusUnprocessableEntity, s.trClinicianFields(c, fe), c.PostForm("body"))
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, s.tr(c).T("clinician.flash.comment_added"))
	c.Redirect(http.StatusSeeOther, "/clinician/assignments/"+c.Param("id"))
}

// POST /clinician/assignments/:id/review (next=1 with the queue's show,
// client and worksheet: open the next item of that queue, in order)
func (s *Server) reflectionReview(c *gin.Context) {
	if c.PostForm("next") != "1" {
		s.reflectionTransition(c, s.Assignments.Review, "clinician.flash.reviewed")
		return
	}
	id, ok := s.idParam(c)
	if !ok {
		return
	}
	f, ok := s.queueFilter(c, c.PostForm)
	if !ok {
		return
	}
	ctx, a := c.Request.Context(), actor(c)
	// The place in the queue is taken before the review moves it.
	at, err := s.Assignments.QueueCursor(ctx, a, f, id)
	if err == nil {
		err = s.Assignments.Review(ctx, a, id)
	}
	if fe := fieldErrors(err); fe != nil {
		s.flash(c, s.trClinician(c, fe["status"]))
		c.Redirect(http.StatusSeeOther, "/clinician/assignments/"+c.Param("id"))
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	var next assignment.QueueItem
	found := false
	if at != "" {
		if next, found, err = s.Assignments.QueueNext(ctx, a, f, at); err != nil {
			s.fail(c, err)
			return
		}
	}
	q := queueQuery(f).Encode()
	if !found {
		s.flash(c, s.tr(c).T("clinician.flash.reviewed_last"))
		c.Redirect(http.StatusSeeOther, queueURL(queueQuery(f)))
		return
	}
	s.flash(c, s.tr(c).T("clinician.flash.reviewed_next"))
	to := fmt.Sprintf("/clinician/assignments/%d", next.ID)
	if q != "" {
		to += "?" + q
	}
	c.Redirect(http.StatusSeeOther, to)
}

// POST /clinician/assignments/:id/reopen
func (s *Server) reflectionReopen(c *gin.Context) {
	s.reflectionTransition(c, s.Assignments.Reopen, "clinician.flash.reopened_work")
}

// reflectionTransition does a change of state; done is the catalogue key
// of the flash that says it is done.
func (s *Server) reflectionTransition(c *gin.Context, do func(ctx context.Context, a auth.Actor, id int64) error, done string) {
	id, ok := s.idParam(c)
	if !ok {
		return
	}
	err := do(c.Request.Context(), actor(c), id)
	if fe := fieldErrors(err); fe != nil {
		s.flash(c, s.trClinician(c, fe["status"]))
	} else if err != nil {
		s.fail(c, err)
		return
	} else {
		s.flash(c, s.tr(c).T(done))
	}
	c.Redirect(http.StatusSeeOther, "/clinician/assignments/"+c.Param("id"))
}

// supportHint is the line added to the help of a question that can raise
// an urgent flag: where to turn now, since Tend is not watched in real time.
func supportHint(tr *i18n.Localizer, st safety.Settings) string {
	var parts []string
	for _, c := range st.Contacts {
		p := c.Name
		switch {
		case c.Phone != "":
			p += " " + c.Phone
		case c.Text != "":
			p += " (" + tr.T("support.text_hint", "Number", c.Text) + ")"
		case c.Web != "":
			p += " " + c.Web
		}
		parts = append(parts, p)
	}
	if len(parts) == 0 {
		return ""
	}
	return tr.T("support.hint", "Contacts", strings.Join(parts, " · ")) + " " + st.ReadingPromise
}
