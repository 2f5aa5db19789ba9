package handout

import (
	"io"
	"strings"
	"time"

	"github.com/tend-practice/tend/internal/i18n"
)

// JointInput is a worksheet two partners each completed, printed side by
// side: the couple's joint aftercare plan. Callers decide what goes in (only
// answers the partners chose to share, for a copy both may read); this
// package only lays it out.
type JointInput struct {
	PracticeName  string
	ClinicianName string

	Title    string
	Intro    string
	Partners [2]string
	// Audience is a line under the title saying who the copy is for and
	// what it holds, e.g. "Only what each of you chose to share".
	Audience string
	Review   JointReview
	Sections []JointSection

	// ClinicianCopy marks every page with a heavy "Clinician copy: not for
	// the partners" band: this copy holds what they did not share.
	ClinicianCopy bool

	PrintedOn time.Time
	Paper     Paper
	// Localizer is the handout's language (its labels, dates, the band);
	// nil is English. Audience, Review.Label and the answers' Notes are
	// printed as given.
	Localizer *i18n.Localizer
}

// ClinicianCopyBand is the band on every page of a clinician's copy, in
// English (the catalogue's "handout.joint.clinician_copy").
const ClinicianCopyBand = "Clinician copy: not for the partners"

// JointReview is the date the partners will look at their plan again.
// Agreed is set when both gave the same date; otherwise Dates holds what
// each gave ("" when nothing is shown).
type JointReview struct {
	Label  string
	Agreed string
	Dates  [2]string
}

// JointSection groups questions under a heading.
type JointSection struct {
	Heading string
	Fields  []JointField
}

// JointField is one question with each partner's answer.
type JointField struct {
	Label   string
	Answers [2]JointAnswer
}

// JointAnswer is one partner's answer: its lines (option labels, or text
// with paragraphs), or, when there are none, a short Note such as
// "Not shared" or "No answer".
type JointAnswer struct {
	Lines []string
	Note  string
}

// Joint writes a joint handout as a PDF to w.
func (r *Renderer) Joint(w io.Writer, in JointInput) (err error) {
	defer recoverAsError(&err)
	doc := r.layoutJoint(in)
	return r.paint(w, doc)
}

// Two columns need more width than the reading column of other handouts.
const (
	jointMargin = 20.0
	jointGutter = 9.0
)

func (r *Renderer) layoutJoint(in JointInput) *document {
	b := r.book
	fr := newFrame(in.Paper)
	fr.x0, fr.w = jointMargin, fr.pageW-2*jointMargin
	l := r.lang(in.Localizer)
	f := newFlow(b, fr, l)
	x, w := fr.x0, fr.w
	colW := (w - jointGutter) / 2
	printed := printedOn(in.PrintedOn)
	names := [2]string{strings.TrimSpace(b.sanitize(in.Partners[0])), strings.TrimSpace(b.sanitize(in.Partners[1]))}
	for i, n := range names {
		if n == "" {
			names[i] = l.T("handout.joint.partner", "N", i+1)
		}
	}

	title := strings.TrimSpace(b.sanitize(in.Title))
	if title == "" {
		title = l.T("handout.joint.untitled")
	}
	f.space(2)
	first, end := f.para(plain(title, fmtOf(styleBold, 21, colText)), paraOpts{x: x, firstW: w, lead: 9.2, kind: rowHeading, balance: true, outline: 1})
	f.keepWithNext(first, end, 2)
	f.space(1.5)
	both := names[0] + " " + l.T("handout.joint.and") + " " + names[1]
	f.para(plain(both, fmtOf(styleRegular, 12, colMuted)), paraOpts{x: x, firstW: w, lead: 6.2})
	if aud := strings.TrimSpace(b.sanitize(in.Audience)); aud != "" {
		f.space(1)
		f.para(plain(aud, fmtOf(styleItalic, smallSize, colMuted)), paraOpts{x: x, firstW: w, lead: smallLead})
	}
	if intro := b.sanitize(in.Intro); strings.TrimSpace(intro) != "" {
		f.space(4)
		for _, p := range paragraphs(intro) {
			f.para(plain(p, fmtOf(styleRegular, bodySize, colMuted)), paraOpts{x: x, firstW: w, lead: bodyLead, noOrphans: true})
			f.space(paraGap)
		}
	}
	jointReview(f, in.Review, names)

	for _, s := range in.Sections {
		start := len(f.rows)
		if h := strings.TrimSpace(b.sanitize(s.Heading)); h != "" {
			hs := headingStyleFor(2)
			f.space(8)
			first, _ := f.para(plain(h, fmtOf(styleBold, hs.size, hs.color)), paraOpts{x: x, firstW: w, lead: hs.lead, kind: rowHeading, outline: 2})
			f.space(1.5)
			columnHeads(f, names, colW)
			f.keepWithNext(first, len(f.rows), 3)
		} else {
			f.space(7)
			first := columnHeads(f, names, colW)
			f.keepWithNext(first, len(f.rows), 3)
		}
		for _, fl := range s.Fields {
			f.space(4.5)
			jointField(f, fl, colW)
		}
		f.keepMax(start, len(f.rows), f.capacity()/2)
	}

	hf := headerFooter{
		left:     both + " · " + f.date(printed),
		right:    f.l.T("handout.confidential"),
		footLeft: f.printedLine(printed),
	}
	if c := strings.TrimSpace(b.sanitize(in.ClinicianName)); c != "" {
		hf.footLeft += " · " + c
	}
	if in.ClinicianCopy {
		hf.band = l.T("handout.joint.clinician_copy")
	}
	d := f.finish(hf)
	d.title, d.author, d.subject = title, b.sanitize(in.PracticeName), l.T("handout.joint.subject")
	d.created = printed
	return d
}

// columnHeads puts each partner's name over their column, under every
// section heading, so a page turned mid-plan still says whose is whose.
func columnHeads(f *flow, names [2]string, colW float64) int {
	x := f.fr.x0
	head := fmtOf(styleBold, smallSize, colAccent)
	var ops []op
	for c := range 2 {
		cx := x + float64(c)*(colW+jointGutter)
		ops = append(ops,
			op{kind: opText, x: cx, y: baseline(5.4, smallSize), text: f.fit(names[c], head, colW), f: head},
			op{kind: opLine, x: cx, y: 5.6, w: colW, f: textFmt{color: colAccentLine}, stroked: true, lineW: 0.35})
	}
	return f.add(row{h: 6.2, kind: rowHeading, ops: ops})
}

// jointReview is the agreed date in a shaded box near the top, or what each
// partner chose when they differ.
func jointReview(f *flow, rv JointReview, names [2]string) {
	b := f.b
	x, w := f.fr.x0, f.fr.w
	label := strings.TrimSpace(b.sanitize(rv.Label))
	if label == "" {
		label = f.l.T("handout.joint.review")
	}
	agreed := strings.TrimSpace(b.sanitize(rv.Agreed))
	d0, d1 := strings.TrimSpace(b.sanitize(rv.Dates[0])), strings.TrimSpace(b.sanitize(rv.Dates[1]))
	f.space(5)
	f.push(&box{x: x, w: w, padTop: 3.2, padBot: 3.4, margin: 5, fill: colAccentTint, filled: true, bar: colAccent, barW: 1.2, radius: 0.8})
	start := len(f.rows)
	f.para(plain(label, fmtOf(styleBold, smallSize, colAccent)), paraOpts{x: x + 5, firstW: w - 9, lead: smallLead})
	f.space(1)
	l := f.l
	chose := func(i int, d string) string { return l.T("handout.joint.chose", "Name", names[i], "Date", d) }
	var text string
	switch {
	case agreed != "":
		text = l.T("handout.joint.agreed", "Date", agreed)
	case d0 != "" && d1 != "":
		text = l.T("handout.joint.not_agreed") + " " + chose(0, d0) + "; " + chose(1, d1) + "."
	case d0 != "":
		text = chose(0, d0) + ". " + l.T("handout.joint.date_not_here", "Name", names[1])
	case d1 != "":
		text = chose(1, d1) + ". " + l.T("handout.joint.date_not_here", "Name", names[0])
	default:
		text = l.T("handout.joint.no_date")
	}
	f.para(plain(text, fmtOf(styleBold, 12, colText)), paraOpts{x: x + 5, firstW: w - 9, lead: 6.2})
	f.keep(start, len(f.rows))
	f.pop()
}

// jointField is a question across the page with the two answers beneath it
// in columns, line by line, so the columns stay level.
func jointField(f *flow, fl JointField, colW float64) {
	b := f.b
	x, w := f.fr.x0, f.fr.w
	label := strings.TrimSpace(b.sanitize(fl.Label))
	if label == "" {
		label = f.l.T("handout.worksheet.untitled_question")
	}
	first, _ := f.para(plain(label, fmtOf(styleBold, bodySize, colText)), paraOpts{x: x, firstW: w, lead: bodyLead, kind: rowHeading})
	f.space(1.2)
	cols := [2][]line{columnLines(f, fl.Answers[0], colW), columnLines(f, fl.Answers[1], colW)}
	n := max(len(cols[0]), len(cols[1]))
	for i := 0; i < n; i++ {
		var ops []op
		for c := range 2 {
			if i < len(cols[c]) {
				ops = append(ops, lineOps(cols[c][i], x+float64(c)*(colW+jointGutter), bodyLead)...)
			}
		}
		f.add(row{h: bodyLead, ops: ops})
	}
	// The question travels with the first lines of both answers; short
	// answers stay whole.
	f.keepMax(first, len(f.rows), f.capacity()/3)
	f.keep(first, min(len(f.rows), first+4))
}

// columnLines wraps one partner's answer to a column: each entry (an option,
// or a typed answer) on its own lines, with a blank line between the
// paragraphs of a typed answer.
func columnLines(f *flow, a JointAnswer, colW float64) []line {
	b := f.b
	var out []line
	for _, entry := range a.Lines {
		for j, p := range paragraphs(b.sanitize(entry)) {
			if j > 0 {
				out = append(out, line{})
			}
			out = append(out, b.wrap(plain(p, fmtBody), colW, colW)...)
		}
	}
	if len(out) > 0 {
		return out
	}
	note := strings.TrimSpace(b.sanitize(a.Note))
	if note == "" {
		note = f.l.T("worksheet.no_answer")
	}
	return b.wrap(plain(note, fmtOf(styleItalic, 10, colFaint)), colW, colW)
}
