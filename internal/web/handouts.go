package web

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/handout"
	"github.com/tend-practice/tend/internal/i18n"
	"github.com/tend-practice/tend/internal/module"
	"github.com/tend-practice/tend/internal/worksheet"
)

// pdfSlug reads ":file" as "<slug>.pdf".
func (s *Server) pdfSlug(c *gin.Context) (string, bool) {
	slug, ok := strings.CutSuffix(c.Param("file"), ".pdf")
	if !ok || slug == "" {
		s.notFound(c)
		return "", false
	}
	return slug, true
}

func (s *Server) paper(c *gin.Context) handout.Paper {
	switch strings.ToLower(c.Query("paper")) {
	case "letter":
		return handout.PaperLetter
	case "a4":
		return handout.PaperA4
	}
	return handout.Paper(s.Paper)
}

// sendPDF writes a rendered handout. Handouts may hold client data: never cached by the browser.
func (s *Server) sendPDF(c *gin.Context, filename string, body []byte) {
	c.Header("Cache-Control", "no-store")
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, filename))
	c.Data(http.StatusOK, "application/pdf", body)
}

// moduleCache keeps rendered handouts of module versions: a version never
// changes, so the same (version, paper, day) always gives the same PDF. Safe
// to lose; bounded.
type moduleCache struct {
	mu    sync.Mutex
	items map[string][]byte
}

func (m *moduleCache) get(key string) ([]byte, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.items[key]
	return b, ok
}

func (m *moduleCache) put(key string, b []byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.items == nil || len(m.items) >= 64 {
		m.items = map[string][]byte{}
	}
	m.items[key] = b
}

// GET /handouts/modules/:slug.pdf (?paper=letter): a module handout with its
// references. Clients only for modules assigned to them.
func (s *Server) handoutModule(c *gin.Context) {
	slug, ok := s.pdfSlug(c)
	if !ok {
		return
	}
	v, err := s.Modules.GetIn(c.Request.Context(), actor(c), slug, viewLang(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	now := s.Now()
	paper := s.paper(c)
	support, stamp, err := s.printedSupport(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	etag := fmt.Sprintf(`"m%d-%s-%s-%s"`, v.ID, paper, now.Format("20060102"), stamp)
	if c.GetHeader("If-None-Match") == etag {
		c.Status(http.StatusNotModified)
		return
	}
	body, ok := s.handoutCache.get(etag)
	if !ok {
		var buf bytes.Buffer
		in := s.moduleInput(v, "", "", paper) // in v's language: the ETag's version
		in.Support = support
		if err := s.Handouts.Module(&buf, in); err != nil {
			s.fail(c, err)
			return
		}
		body = buf.Bytes()
		s.handoutCache.put(etag, body)
	}
	c.Header("ETag", etag)
	s.sendPDF(c, slug+".pdf", body)
}

// GET /handouts/worksheets/:slug.pdf: a blank worksheet to fill in by hand.
func (s *Server) handoutWorksheet(c *gin.Context) {
	slug, ok := s.pdfSlug(c)
	if !ok {
		return
	}
	v, err := s.Worksheets.GetIn(c.Request.Context(), actor(c), slug, viewLang(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	in := s.worksheetInput(v.Schema, nil, s.paper(c), s.I18n.For(v.Language))
	if in.Support, _, err = s.printedSupport(c); err != nil {
		s.fail(c, err)
		return
	}
	var buf bytes.Buffer
	if err := s.Handouts.Worksheet(&buf, in); err != nil {
		s.fail(c, err)
		return
	}
	s.sendPDF(c, slug+".pdf", buf.Bytes())
}

// GET /handouts/assignments/:id.pdf: for the owning clinician and client, a
// completed worksheet with comments, or the module handout with the
// clinician's note. Each print is audited.
func (s *Server) handoutAssignment(c *gin.Context) {
	idText, ok := strings.CutSuffix(c.Param("file"), ".pdf")
	c.Params = append(c.Params, gin.Param{Key: "id", Value: idText})
	id, okID := s.idParam(c)
	if !ok || !okID {
		return
	}
	ctx, a := c.Request.Context(), actor(c)
	as, err := s.Assignments.Get(ctx, a, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	v, err := s.Assignments.ViewFor(ctx, a, as)
	if err != nil {
		s.fail(c, err)
		return
	}
	support, _, err := s.printedSupport(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	var buf bytes.Buffer
	if err := s.assignmentPDF(c, v, support, &buf); err != nil {
		s.fail(c, err)
		return
	}
	s.Audit.Record(ctx, a, audit.HandoutPrinted, "assignment", as.ID, as.ClientID, as.Kind)
	s.sendPDF(c, fmt.Sprintf("%s-%d.pdf", as.Slug, as.ID), buf.Bytes())
}

// assignmentPDF prints an assignment as its viewer sees it (v is that
// viewer's view): the module with the clinician's note, or the worksheet as
// completed. The handout route and the records exports both print here, in
// the language of the version assigned (labels, dates, page numbers).
func (s *Server) assignmentPDF(c *gin.Context, v assignment.View, support *handout.Support, w io.Writer) error {
	if v.Module != nil {
		in := s.moduleInput(*v.Module, v.Assignment.ClinicianName, v.Assignment.Note, s.paper(c))
		in.Support = support
		return s.Handouts.Module(w, in)
	}
	in := s.completedInput(c, v)
	in.Support = support
	if support != nil {
		in.Letterhead = support.Letterhead
	}
	return s.Handouts.Worksheet(w, in)
}

// completedInput lays out a worksheet assignment as its viewer may see it:
// the view already holds no flags for a client.
func (s *Server) completedInput(c *gin.Context, v assignment.View) handout.WorksheetInput {
	as, resp := v.Assignment, v.Response
	answers := resp.Answers
	if answers == nil {
		answers = worksheet.Answers{}
	}
	l := s.I18n.For(v.Worksheet.Language)
	in := s.worksheetInput(v.Worksheet.Schema, answers, s.paper(c), l)
	in.ClinicianName, in.ClientName, in.Status = as.ClinicianName, as.ClientName, statusText(l, as)
	in.SubmittedAt = resp.SubmittedAt
	flagged := v.FlaggedFields()
	for _, f := range v.Flags {
		if flagged[f.FieldID] && f.ResponseVersion == resp.Version {
			in.Flags = append(in.Flags, f.Reason)
		}
	}
	onField := map[string][]handout.Comment{}
	for _, sec := range v.Worksheet.Schema.Sections {
		for _, f := range sec.Fields {
			onField[f.ID] = nil
		}
	}
	for _, cm := range v.Comments {
		if cm.Private {
			continue // private notes stay on screen, never on paper
		}
		hc := handout.Comment{Author: cm.AuthorName, At: cm.CreatedAt, Body: cm.Body, FromClient: cm.AuthorRole == string(auth.RoleClient)}
		if _, ok := onField[cm.FieldID]; ok && cm.FieldID != "" {
			onField[cm.FieldID] = append(onField[cm.FieldID], hc) // printed under its answer
			continue
		}
		in.Comments = append(in.Comments, hc)
	}
	for si, sec := range v.Worksheet.Schema.Sections {
		for fi, f := range sec.Fields {
			in.Sections[si].Fields[fi].Flagged = flagged[f.ID]
			in.Sections[si].Fields[fi].Comments = onField[f.ID]
		}
	}
	return in
}

// printedSupport is the practice's "If you need help now" block for a
// printout, and a stamp that changes whenever the settings do (for ETags).
func (s *Server) printedSupport(c *gin.Context) (*handout.Support, string, error) {
	st, err := s.Safety.Get(c.Request.Context())
	if err != nil {
		return nil, "", err
	}
	out := &handout.Support{Practice: st.PracticeContact, Promise: st.ReadingPromise}
	for _, l := range []string{st.LetterheadName, st.LetterheadAddress, st.LetterheadPhone} {
		if l != "" {
			out.Letterhead = append(out.Letterhead, l)
		}
	}
	if st.PracticeHours != "" {
		out.Practice += " (" + st.PracticeHours + ")"
	}
	for _, ct := range st.Contacts {
		// "Call" and "Text" are said in the handout's language.
		sc := handout.SupportContact{Name: ct.Name, When: ct.When, Phone: ct.Phone, Text: ct.Text}
		if ct.Web != "" {
			sc.Ways = append(sc.Ways, ct.Web)
		}
		out.Contacts = append(out.Contacts, sc)
	}
	stamp := "p"
	if st.UpdatedAt != nil {
		stamp = st.UpdatedAt.UTC().Format("20060102150405.000000")
	}
	return out, stamp, nil
}

func statusText(l *i18n.Localizer, a assignment.Assignment) string {
	switch a.Status {
	case assignment.StatusSubmitted:
		return l.T("handout.status.submitted")
	case assignment.StatusReviewed:
		return l.T("handout.status.reviewed")
	case assignment.StatusInProgress:
		return l.T("handout.status.draft")
	}
	return l.T("handout.status.not_started")
}

func (s *Server) moduleInput(v module.Version, clinician, note string, paper handout.Paper) handout.ModuleInput {
	in := handout.ModuleInput{PracticeName: s.PracticeName, ClinicianName: clinician, Title: v.Title, Summary: v.Summary,
		ReadingMinutes: v.ReadingMinutes, ContentNote: v.ContentNote, Body: v.Body, Note: note, PrintedOn: s.Now(), Paper: paper,
		References: handoutRefsIn(v.Language, v.References), Localizer: s.I18n.For(v.Language)}
	return in
}

// worksheetInput lays a schema (and answers, for a completed worksheet) out
// for print, in l (the worksheet version's language). nil answers make a
// blank worksheet.
func (s *Server) worksheetInput(sc worksheet.Schema, answers worksheet.Answers, paper handout.Paper, l *i18n.Localizer) handout.WorksheetInput {
	in := handout.WorksheetInput{PracticeName: s.PracticeName, Title: sc.Title, Intro: sc.Intro, PrintedOn: s.Now(), Paper: paper, Localizer: l}
	// privatePrintNote heads a private question's help on paper.
	privatePrintNote := l.T("handout.worksheet.private")
	for _, sec := range sc.Sections {
		hs := handout.Section{Heading: sec.Heading, Intro: sec.Intro}
		for _, f := range sec.Fields {
			hf := handout.Field{Kind: handout.FieldKind(f.Type), Label: f.Label, Help: f.Help, Required: f.Required,
				MinLabel: f.MinLabel, MaxLabel: f.MaxLabel}
			if f.Private {
				// Paper cannot keep a secret: say so where it is filled in.
				hf.Help = strings.TrimSpace(privatePrintNote + " " + f.Help)
			}
			if f.Min != nil && f.Max != nil {
				hf.Min, hf.Max = *f.Min, *f.Max
			}
			labels := map[string]string{}
			for _, o := range f.Options {
				hf.Options = append(hf.Options, o.Label)
				labels[o.Value] = o.Label
			}
			if answers != nil {
				hf.Answer = printedAnswer(f, answers, labels)
			}
			hs.Fields = append(hs.Fields, hf)
		}
		in.Sections = append(in.Sections, hs)
	}
	return in
}

func printedAnswer(f worksheet.Field, answers worksheet.Answers, labels map[string]string) []string {
	if f.Type.IsList() {
		out := []string{}
		for _, v := range answers.List(f.ID) {
			out = append(out, labelOr(labels, v))
		}
		return out
	}
	v := answers.Text(f.ID)
	switch {
	case v == "":
		return []string{}
	case f.Type == worksheet.YesNo && v == "yes":
		return []string{"Yes"}
	case f.Type == worksheet.YesNo && v == "no":
		return []string{"No"}
	case f.Type == worksheet.SingleChoice:
		return []string{labelOr(labels, v)}
	}
	return []string{v}
}

func labelOr(labels map[string]string, v string) string {
	if l, ok := labels[v]; ok {
		return l
	}
	return v
}
