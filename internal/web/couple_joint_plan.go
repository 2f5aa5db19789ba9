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

// jointInput lays a comparison out for the joint handout.
func (s *Server) jointInput(c *gin.Context, v couple.GroupView) handout.JointInput {
	cmp := v.Comparison
	clinician := actor(c).DisplayName
	if clinician == "" {
		clinician = actor(c).Email
	}
	in := handout.JointInput{PracticeName: s.PracticeName, ClinicianName: clinician, Title: v.Group.Title,
		Partners: [2]string{cmp.NameA, cmp.NameB}, PrintedOn: s.Now(), Paper: s.paper(c)}
	withheld := "Not shared"
	if v.Audience == couple.ForCouple {
		in.Audience = "For " + cmp.NameA + " and " + cmp.NameB + ": only the answers each of you chose to share with the other."
	} else {
		in.Audience = "Clinician’s copy, not for the partners: it holds answers they have not shared with each other."
		withheld = "Kept to their own worksheet"
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
				jf.Answers[i] = jointAnswer(a, r, withheld)
			}
			js.Fields = append(js.Fields, jf)
		}
		if len(js.Fields) > 0 {
			in.Sections = append(in.Sections, js)
		}
	}
	return in
}

func jointAnswer(a couple.Answer, r couple.Row, withheld string) handout.JointAnswer {
	switch a.State {
	case couple.Withheld:
		return handout.JointAnswer{Note: withheld}
	case couple.Answered:
	default:
		return handout.JointAnswer{Note: "No answer"}
	}
	if len(a.Items) > 0 {
		lines := make([]string, 0, len(a.Items))
		for _, it := range a.Items {
			lines = append(lines, "• "+it)
		}
		return handout.JointAnswer{Lines: lines}
	}
	text := a.Text
	if r.Range != "" {
		text += " (" + strings.ReplaceAll(r.Range, "–", " to ") + ")"
	}
	return handout.JointAnswer{Lines: []string{text}}
}
