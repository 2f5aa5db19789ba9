package web

import (
	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/couple"
	"github.com/tend-practice/tend/internal/i18n"
	"github.com/tend-practice/tend/internal/worksheet"
)

// coupleMessages are the catalogue keys of the English messages that
// internal/couple (and, through AssignToCouple, internal/assignment) give
// the couples pages and the partners section.
var coupleMessages = map[string]string{
	"Please choose another client: someone cannot be their own partner.":                                                                "couple.error.own_partner",
	"An archived client cannot be linked. Restore them first.":                                                                          "couple.error.archived_link",
	"These two are already linked as partners.":                                                                                         "couple.error.already_linked",
	"Individual work only is on for this couple, so nothing can be assigned to them together. Assign work from each client's own page.": "couple.error.individual_only",
	"Please choose a worksheet for both partners.":                                                                                      "couple.error.choose_worksheet",
	"One of the partners is archived. Restore them before assigning joint work.":                                                        "couple.error.partner_archived",
	"Please choose who may see your answers.":                                                                                           "couple.error.choose_level",
	"Please choose who may see this answer.":                                                                                            "couple.error.choose_field_level",
	"Please submit your answers first. Then you can choose what to share.":                                                              "couple.error.submit_first",
	couple.PausedMessage:                           "couple.paused",
	"Please use a date like 2026-12-01.":           "couple.error.due_on",
	"Please keep the note under 2,000 characters.": "couple.error.note_long",
	"We could not find that worksheet.":            "couple.error.no_worksheet",
}

// coupleAnswer is one partner's answer in the reader's language: what Tend
// wrote (yes/no, a scale's meaning, the offers' words) from the catalogue,
// and a date in the language's form. English keeps the words it had; the
// person's own text and the worksheet's labels stay as they are.
func coupleAnswer(l *i18n.Localizer, typ worksheet.FieldType, a couple.Answer) couple.Answer {
	if a.State != couple.Answered {
		return a
	}
	if a.Key != "" {
		a.Text = l.T(a.Key, a.Args...)
	}
	if a.DetailKey != "" {
		a.Detail = l.T(a.DetailKey, a.DetailArgs...)
	}
	if typ == worksheet.Date && !a.Date.IsZero() && l.Lang() != i18n.English {
		a.Text = l.Date(a.Date)
	}
	return a
}

// localizeComparison says a side-by-side view in the reader's language.
func (s *Server) localizeComparison(c *gin.Context, cmp *couple.Comparison) {
	l := s.tr(c)
	for si := range cmp.Sections {
		sec := &cmp.Sections[si]
		if sec.HeadingKey != "" {
			sec.Heading = l.T(sec.HeadingKey)
		}
		rows := make([]couple.Row, len(sec.Rows))
		for ri, r := range sec.Rows {
			if r.LabelKey != "" {
				r.Label = l.T(r.LabelKey, r.LabelArgs...)
			}
			r.A, r.B = coupleAnswer(l, r.Type, r.A), coupleAnswer(l, r.Type, r.B)
			rows[ri] = r
		}
		sec.Rows = rows
	}
	ts := make([]couple.Tension, len(cmp.Tensions))
	for i, t := range cmp.Tensions {
		if t.Key != "" {
			t.Text = l.T(t.Key, t.Args...)
		}
		ts[i] = t
	}
	cmp.Tensions = ts
	if r := cmp.Review; r != nil {
		rv := *r
		rv.A, rv.B = coupleAnswer(l, worksheet.Date, rv.A), coupleAnswer(l, worksheet.Date, rv.B)
		cmp.Review = &rv
	}
}

// localizeSharing says the answers of a sharing page in the reader's language.
func (s *Server) localizeSharing(c *gin.Context, v *couple.SharingView) {
	l := s.tr(c)
	fields := make([]couple.FieldShare, len(v.Fields))
	for i, f := range v.Fields {
		f.Answer = coupleAnswer(l, f.Type, f.Answer)
		fields[i] = f
	}
	v.Fields = fields
}

// localizePartnerView says the answers of a shared worksheet in the reader's
// language.
func (s *Server) localizePartnerView(c *gin.Context, v *couple.PartnerView) {
	l := s.tr(c)
	rows := make([]couple.SharedAnswer, len(v.Rows))
	for i, r := range v.Rows {
		r.Mine, r.Theirs = coupleAnswer(l, r.Type, r.Mine), coupleAnswer(l, r.Type, r.Theirs)
		rows[i] = r
	}
	v.Rows = rows
}
