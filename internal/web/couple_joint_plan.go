package web

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/couple"
	"github.com/tend-practice/tend/internal/handout"
	"github.com/tend-practice/tend/internal/i18n"
)

// GET /clinician/couples/:id/groups/:gid/plan.pdf (?copy=clinician): both
// partners' aftercare plans side by side with their review date. The
// default copy is the couple's: only what each partner chose to share with
// the other, so handing it over shares nothing they did not. ?copy=clinician
// is the clinician's own copy (everything not kept private), marked so.
func (s *Server) coupleJointPlan(c *gin.Context) {
	id, ok := s.idParam(c)
	if !ok {
		return
	}
	gid, ok := s.gidParam(c)
	if !ok {
		return
	}
	aud := couple.ForCouple
	if c.Query("copy") == "clinician" {
		aud = couple.ForClinician
	}
	v, err := s.Couples.JointPlan(c.Request.Context(), actor(c), id, gid, aud)
	back := fmt.Sprintf("/clinician/couples/%d/groups/%d", id, gid)
	switch {
	case errors.Is(err, couple.ErrNotReady):
		s.flash(c, s.tr(c).T("couple.plan.not_ready"))
		c.Redirect(http.StatusSeeOther, back)
		return
	case errors.Is(err, couple.ErrIndividualOnly):
		s.flash(c, s.tr(c).T("couple.plan.individual_only"))
		c.Redirect(http.StatusSeeOther, back)
		return
	case err != nil:
		s.fail(c, err)
		return
	}
	s.localizeComparison(c, &v.Comparison)
	var buf bytes.Buffer
	if err := s.Handouts.Joint(&buf, s.jointInput(c, v)); err != nil {
		s.fail(c, err)
		return
	}
	name := "aftercare-plan-together"
	if aud == couple.ForClinician {
		name += "-clinician-copy"
	}
	s.sendPDF(c, fmt.Sprintf("%s-%d.pdf", name, gid), buf.Bytes())
}

// jointInput lays a comparison out for the joint handout; the words it
// writes itself are in the viewer's language, as the comparison's are.
func (s *Server) jointInput(c *gin.Context, v couple.GroupView) handout.JointInput {
	l := s.tr(c)
	cmp := v.Comparison
	clinician := actor(c).DisplayName
	if clinician == "" {
		clinician = actor(c).Email
	}
	in := handout.JointInput{PracticeName: s.PracticeName, ClinicianName: clinician, Title: v.Group.Title,
		Partners: [2]string{cmp.NameA, cmp.NameB}, PrintedOn: s.Now(), Paper: s.paper(c)}
	withheld := l.T("couple.shared.not_shared")
	if v.Audience == couple.ForCouple {
		in.Audience = l.T("couple.plan.for_couple", "Name", cmp.NameA, "Partner", cmp.NameB)
	} else {
		in.Audience = l.T("couple.plan.for_clinician")
		withheld = l.T("couple.compare.withheld")
		in.ClinicianCopy = true
	}
	if r := cmp.Review; r != nil {
		in.Review.Label = r.Label
		if r.Agreed {
			in.Review.Agreed = r.A.Text
		}
		for i, a := range []couple.Answer{r.A, r.B} {
			if a.Shown() {
				in.Review.Dates[i] = a.Text
			}
		}
	}
	for _, sec := range cmp.Sections {
		js := handout.JointSection{Heading: sec.Heading}
		for _, r := range sec.Rows {
			if cmp.Review != nil && r.FieldID == cmp.Review.FieldID {
				continue // the review date has its own box
			}
			jf := handout.JointField{Label: r.Label}
			for i, a := range []couple.Answer{r.A, r.B} {
				jf.Answers[i] = jointAnswer(l, a, r, withheld)
			}
			js.Fields = append(js.Fields, jf)
		}
		if len(js.Fields) > 0 {
			in.Sections = append(in.Sections, js)
		}
	}
	return in
}

func jointAnswer(l *i18n.Localizer, a couple.Answer, r couple.Row, withheld string) handout.JointAnswer {
	switch a.State {
	case couple.Withheld:
		return handout.JointAnswer{Note: withheld}
	case couple.Answered:
	default:
		return handout.JointAnswer{Note: l.T("worksheet.no_answer")}
	}
	if len(a.Items) > 0 {
		lines := make([]string, 0, len(a.Items))
		for _, it := range a.Items {
			lines = append(lines, "• "+it)
		}
		return handout.JointAnswer{Lines: lines}
	}
	text := a.Text
	if min, max, ok := strings.Cut(r.Range, "–"); ok {
		text += " " + l.T("couple.plan.range", "Min", min, "Max", max)
	}
	return handout.JointAnswer{Lines: []string{text}}
}
