package handout

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// worksheetWriter lays out one worksheet.
type worksheetWriter struct {
	f         *flow
	completed bool
	letter    bool
}

func (r *Renderer) layoutWorksheet(in WorksheetInput) *document {
	b := r.book
	fr := newFrame(in.Paper)
	l := r.lang(in.Localizer)
	f := newFlow(b, fr, l)
	ws := &worksheetWriter{f: f, completed: hasAnswers(in), letter: strings.EqualFold(string(in.Paper), string(PaperLetter))}
	x, w := fr.x0, fr.w
	printed := printedOn(in.PrintedOn)

	title := strings.TrimSpace(b.sanitize(in.Title))
	if title == "" {
		title = l.T("handout.worksheet.untitled")
	}
	f.space(2)
	first, end := f.para(plain(title, fmtOf(styleBold, 21, colText)), paraOpts{x: x, firstW: w, lead: 9.2, kind: rowHeading, balance: true, outline: 1})
	f.keepWithNext(first, end, 2)

	if len(in.Letterhead) > 0 {
		ws.letterhead(in.Letterhead)
	}
	if ws.completed {
		ws.meta(in)
	} else {
		ws.nameLine(b.sanitize(in.ClientName))
	}

	if intro := b.sanitize(in.Intro); strings.TrimSpace(intro) != "" {
		f.space(5)
		for _, p := range paragraphs(intro) {
			f.para(plain(p, fmtOf(styleRegular, bodySize, colMuted)), paraOpts{x: x, firstW: w, lead: bodyLead, noOrphans: true})
			f.space(paraGap)
		}
	}

	if ws.completed && len(in.Flags) > 0 {
		ws.flags(in.Flags)
	}

	for _, s := range in.Sections {
		ws.section(s)
	}

	if len(in.Comments) > 0 {
		ws.comments(in.Comments)
	}
	if in.Support != nil {
		r.support(f, *in.Support)
	}

	hf := headerFooter{
		left:     b.sanitize(in.PracticeName),
		right:    b.sanitize(in.ClinicianName),
		footLeft: f.printedLine(printed),
	}
	if client := strings.TrimSpace(b.sanitize(in.ClientName)); ws.completed && client != "" {
		// A client's printout says whose it is on every page, so a loose
		// page is recognised as private and goes back to its owner.
		hf.left = client + " · " + f.date(printed)
		hf.right = l.T("handout.confidential")
		if c := strings.TrimSpace(b.sanitize(in.ClinicianName)); c != "" {
			hf.footLeft += " · " + c
		}
	}
	d := f.finish(hf)
	d.title, d.author, d.subject = title, b.sanitize(in.PracticeName), l.T("handout.worksheet.untitled")
	d.created = printed
	return d
}

func hasAnswers(in WorksheetInput) bool {
	for _, s := range in.Sections {
		for _, fl := range s.Fields {
			if fl.Answer != nil {
				return true
			}
		}
	}
	return false
}

// nameLine gives a blank worksheet somewhere to write who and when.
func (ws *worksheetWriter) nameLine(client string) {
	f := ws.f
	x, w := f.fr.x0, f.fr.w
	lab := fmtOf(styleRegular, smallSize, colMuted)
	f.space(5)
	var ops []op
	// The rules start after their labels: "Nombre", "Ημερομηνία" are
	// longer than "Name" and "Date".
	name, date := f.l.T("handout.worksheet.name"), f.l.T("handout.worksheet.date")
	nameX := x + max(12, f.b.width(name, lab.style, lab.size)+1.5)
	ops = append(ops, op{kind: opText, x: x, y: 7, text: name, f: lab})
	nameRule := x + w*0.62 - 2 - nameX
	if client = strings.TrimSpace(client); client != "" {
		ops = append(ops, op{kind: opText, x: nameX + 1, y: 7, text: f.fit(client, fmtBody, nameRule), f: fmtBody})
	}
	ops = append(ops, ruleOp(nameX, 8.2, nameRule))
	dx := x + w*0.62 + 4
	ops = append(ops, op{kind: opText, x: dx, y: 7, text: date, f: lab})
	dateX := dx + max(11, f.b.width(date, lab.style, lab.size)+1.5)
	ops = append(ops, ruleOp(dateX, 8.2, x+w-dateX))
	f.add(row{h: 9, ops: ops})
}

func ruleOp(x, y, w float64) op {
	return op{kind: opLine, x: x, y: y, w: w, f: textFmt{color: colFaint}, stroked: true, lineW: 0.2}
}

// meta is the completed worksheet's who, when and status.
func (ws *worksheetWriter) meta(in WorksheetInput) {
	f := ws.f
	b := f.b
	x, w := f.fr.x0, f.fr.w
	type kv struct{ k, v string }
	l := f.l
	rows := []kv{{l.T("handout.worksheet.client"), b.sanitize(in.ClientName)}}
	if c := strings.TrimSpace(in.ClinicianName); c != "" {
		rows = append(rows, kv{l.T("handout.worksheet.clinician"), b.sanitize(c)})
	}
	submitted := l.T("handout.worksheet.not_submitted")
	if in.SubmittedAt != nil && !in.SubmittedAt.IsZero() {
		submitted = f.date(*in.SubmittedAt) + ", " + in.SubmittedAt.Format("15:04")
	}
	rows = append(rows, kv{l.T("handout.worksheet.submitted"), submitted})
	if st := humanize(b.sanitize(in.Status)); st != "" {
		rows = append(rows, kv{l.T("handout.worksheet.status"), st})
	}
	f.space(4)
	lab := fmtOf(styleRegular, smallSize, colMuted)
	// The values start past the longest key ("Persona consultante").
	keyW := 26.0
	for _, r := range rows {
		keyW = max(keyW, b.width(r.k, lab.style, lab.size)+3)
	}
	start := len(f.rows)
	for _, r := range rows {
		v := strings.TrimSpace(r.v)
		if v == "" {
			v = "—"
		}
		first, _ := f.para(plain(v, fmtBody), paraOpts{x: x + keyW, firstW: w - keyW, lead: 5.6})
		row := &f.rows[first]
		row.ops = append(row.ops, op{kind: opText, x: x, y: baseline(row.h, bodySize), text: r.k, f: lab})
		f.space(0.6)
	}
	f.keep(start, len(f.rows))
}

func humanize(s string) string {
	s = strings.TrimSpace(strings.ReplaceAll(s, "_", " "))
	if s == "" {
		return ""
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// flags lists why the submission stands out, in a highlighted box.
func (ws *worksheetWriter) flags(flags []string) {
	f := ws.f
	x, w := f.fr.x0, f.fr.w
	bx := &box{x: x - boxOutdent, w: w + 2*boxOutdent, padTop: 3.6, padBot: 3.8, margin: 6,
		fill: colFlagTint, filled: true, bar: colFlagBar, barW: 1.2}
	f.push(bx)
	start := len(f.rows)
	f.para(plain(f.l.T("handout.worksheet.flagged_heading"), fmtOf(styleBold, 10, colFlagText)), paraOpts{x: x, firstW: w, lead: 5.2})
	for _, fl := range flags {
		fl = strings.TrimSpace(f.b.sanitize(fl))
		if fl == "" {
			continue
		}
		f.space(0.8)
		first, _ := f.para(plain(fl, fmtBody), paraOpts{x: x + 5, firstW: w - 5, lead: bodyLead})
		r := &f.rows[first]
		r.ops = append(r.ops, op{kind: opText, x: x + 0.8, y: baseline(r.h, bodySize), text: "•", f: fmtOf(styleRegular, bodySize, colFlagBar)})
	}
	f.keep(start, len(f.rows))
	f.pop()
}

func (ws *worksheetWriter) section(s Section) {
	f := ws.f
	x, w := f.fr.x0, f.fr.w
	start := len(f.rows)
	if h := strings.TrimSpace(f.b.sanitize(s.Heading)); h != "" {
		hs := headingStyleFor(2)
		f.space(9)
		first, end := f.para(plain(h, fmtOf(styleBold, hs.size, hs.color)), paraOpts{x: x, firstW: w, lead: hs.lead, kind: rowHeading, outline: 2})
		f.keepWithNext(first, end, 3)
		f.space(1.5)
	}
	if intro := f.b.sanitize(s.Intro); strings.TrimSpace(intro) != "" {
		for _, p := range paragraphs(intro) {
			f.para(plain(p, fmtOf(styleRegular, 10.5, colMuted)), paraOpts{x: x, firstW: w, lead: 5.3, noOrphans: true})
			f.space(1.5)
		}
	}
	for _, fl := range s.Fields {
		f.space(5.5)
		ws.field(fl)
	}
	// Keep a section on one page when it fits on one. On a completed
	// worksheet nobody writes on the page, so only short sections move.
	if ws.completed {
		f.keepMax(start, len(f.rows), f.capacity()/2)
	} else {
		f.keep(start, len(f.rows))
	}
}

func (ws *worksheetWriter) field(fl Field) {
	f := ws.f
	b := f.b
	x, w := f.fr.x0, f.fr.w
	flagged := ws.completed && fl.Flagged
	if flagged {
		f.push(&box{x: x - boxOutdent, w: w + 2*boxOutdent, padTop: 2.8, padBot: 3.2, margin: 4,
			fill: colFlagTint, filled: true, bar: colFlagBar, barW: 1.2})
	}
	start := len(f.rows)

	label := strings.TrimSpace(b.sanitize(fl.Label))
	if label == "" {
		label = f.l.T("handout.worksheet.untitled_question")
	}
	// No "(required)": on paper nothing is enforced, and the word only
	// makes a blank worksheet read like a form to get right.
	spans := plain(label, fmtOf(styleBold, bodySize, colText))
	labelW := w
	tag, tagF := f.l.T("handout.worksheet.flagged_tag"), fmtOf(styleBold, tinySize, colFlagText)
	if flagged {
		labelW -= max(18, b.width(tag, tagF.style, tagF.size)+2)
	}
	first, end := f.para(spans, paraOpts{x: x, firstW: labelW, lead: bodyLead, kind: rowHeading})
	if flagged {
		r := &f.rows[first]
		r.ops = append(r.ops, op{kind: opText, x: x + w - b.width(tag, tagF.style, tagF.size), y: baseline(r.h, bodySize), text: tag, f: tagF})
	}
	if help := strings.TrimSpace(b.sanitize(fl.Help)); help != "" {
		f.space(0.4)
		_, end = f.para(plain(help, fmtOf(styleItalic, smallSize, colMuted)), paraOpts{x: x, firstW: w, lead: smallLead})
	}
	labelEnd := end
	f.space(1.8)

	switch fl.Kind {
	case FieldScale:
		ws.scale(fl)
	case FieldSingleChoice, FieldMultipleChoice, FieldChecklist:
		if len(fl.Options) == 0 {
			ws.text(fl, 1)
		} else {
			ws.choices(fl, fl.Options, fl.Kind == FieldSingleChoice)
		}
	case FieldYesNo:
		ws.yesNo(fl)
	case FieldDate:
		ws.date(fl)
	case FieldNumber:
		ws.number(fl)
	case FieldLongText:
		ws.text(fl, 6)
	default:
		ws.text(fl, 1)
	}
	if ws.completed && len(fl.Comments) > 0 {
		ws.answerComments(fl.Comments)
	}
	// The label travels with the start of its answer, never further.
	f.keep(first, min(labelEnd+2, len(f.rows)))
	if ws.completed {
		f.keepMax(start, len(f.rows), f.capacity()/3)
	} else {
		f.keep(start, len(f.rows))
	}
	if flagged {
		f.pop()
	}
}

// answerText is what a client typed, or "" when nothing.
func (ws *worksheetWriter) answerText(fl Field) string {
	var parts []string
	for _, a := range fl.Answer {
		if a = strings.TrimSpace(ws.f.b.sanitize(a)); a != "" {
			parts = append(parts, a)
		}
	}
	return strings.Join(parts, "\n")
}

func (ws *worksheetWriter) noAnswer() {
	f := ws.f
	f.para(plain(f.l.T("worksheet.no_answer"), fmtOf(styleItalic, 10, colFaint)), paraOpts{x: f.fr.x0, firstW: f.fr.w, lead: 5.2})
}

// text is a written answer, or ruled lines to write one on.
func (ws *worksheetWriter) text(fl Field, lines int) {
	f := ws.f
	x, w := f.fr.x0, f.fr.w
	if !ws.completed {
		writingLines(f, x, w, lines, "")
		return
	}
	ans := ws.answerText(fl)
	if ans == "" {
		ws.noAnswer()
		return
	}
	ws.answerParas(ans)
}

// answerParas sets typed text beside a thin bar, so answers read as the
// client's words rather than the form's.
func (ws *worksheetWriter) answerParas(ans string) {
	f := ws.f
	x, w := f.fr.x0, f.fr.w
	f.push(&box{x: x, w: w, padTop: 0.4, padBot: 0.4, bar: colAccentLine, barW: 0.8})
	for i, p := range paragraphs(ans) {
		if i > 0 {
			f.space(2)
		}
		f.para(plain(p, fmtBody), paraOpts{x: x + 4.5, firstW: w - 4.5, lead: bodyLead, noOrphans: true})
	}
	f.pop()
}

func (ws *worksheetWriter) number(fl Field) {
	f := ws.f
	x := f.fr.x0
	if !ws.completed {
		f.add(row{h: 9, ops: []op{ruleOp(x, 8, 45)}})
		return
	}
	if ans := ws.answerText(fl); ans != "" {
		ws.answerParas(ans)
	} else {
		ws.noAnswer()
	}
}

func (ws *worksheetWriter) date(fl Field) {
	f := ws.f
	x := f.fr.x0
	if !ws.completed {
		hint := fmtOf(styleRegular, 7, colFaint)
		slash := fmtOf(styleRegular, 13, colFaint)
		d, m := f.l.T("handout.worksheet.day"), f.l.T("handout.worksheet.month")
		if ws.letter {
			d, m = m, d
		}
		// __ / __ / ____
		parts := []struct {
			w    float64
			hint string
		}{{13, d}, {13, m}, {22, f.l.T("handout.worksheet.year")}}
		var ops []op
		cx := x
		for i, p := range parts {
			ops = append(ops, ruleOp(cx, 8, p.w))
			hw := f.b.width(p.hint, hint.style, hint.size)
			ops = append(ops, op{kind: opText, x: cx + (p.w-hw)/2, y: 11.2, text: p.hint, f: hint})
			cx += p.w
			if i < len(parts)-1 {
				ops = append(ops, op{kind: opText, x: cx + 1.6, y: 7.6, text: "/", f: slash})
				cx += 6
			}
		}
		f.add(row{h: 12, ops: ops})
		return
	}
	ans := ws.answerText(fl)
	if ans == "" {
		ws.noAnswer()
		return
	}
	if t, err := time.Parse("2006-01-02", ans); err == nil {
		ans = f.date(t)
	}
	ws.answerParas(ans)
}

// maxScalePoints is the most circles a scale draws; wider ranges get a line.
const maxScalePoints = 21

func (ws *worksheetWriter) scale(fl Field) {
	f := ws.f
	b := f.b
	x, w := f.fr.x0, f.fr.w
	lo, hi := fl.Min, fl.Max
	count := 0 // circles to draw; 0 when the range is empty or too wide
	if hi >= lo && int64(hi)-int64(lo) < maxScalePoints {
		count = hi - lo + 1
	}
	ans := ws.answerText(fl)
	chosen, hasChosen := 0, false
	if ws.completed && ans != "" {
		if v, err := strconv.Atoi(strings.TrimSpace(ans)); err == nil && v >= lo && v <= hi {
			chosen, hasChosen = v, true
		}
	}
	if count == 0 {
		// No sensible row of circles: say the range, give a line or the answer.
		rng := fmtOf(styleRegular, smallSize, colMuted)
		f.para(plain(f.l.T("handout.worksheet.range", "Min", lo, "Max", hi), rng), paraOpts{x: x, firstW: w, lead: smallLead})
		if ws.completed {
			if ans == "" {
				ws.noAnswer()
			} else {
				ws.answerParas(ans)
			}
		} else {
			f.add(row{h: 9, ops: []op{ruleOp(x, 8, 30)}})
		}
		return
	}
	// Circles 13.5 mm apart; short scales spread out so that their two end
	// labels have room side by side.
	spacing := min(13.5, w/float64(count))
	if count >= 2 {
		spacing = min(w/float64(count), max(13.5, 70/float64(count-1)))
	}
	d := min(7.4, spacing*0.8)
	numSize := min(9.0, d/ptToMM*0.42)
	var ops []op
	for i := 0; i < count; i++ {
		v := lo + i
		cx := x + d/2 + float64(i)*spacing
		cy := d/2 + 0.5
		label := strconv.Itoa(v)
		tf := fmtOf(styleRegular, numSize, colText)
		c := op{kind: opCircle, x: cx, y: cy, r: d / 2, f: textFmt{color: colFaint}, stroked: true, lineW: 0.3}
		if hasChosen && v == chosen {
			c.fill, c.filled = colAccent, true
			c.f.color = colAccent
			tf = fmtOf(styleBold, numSize, colWhite)
		}
		ops = append(ops, c)
		lw := b.width(label, tf.style, tf.size)
		ops = append(ops, op{kind: opText, x: cx - lw/2, y: cy + 0.35*numSize*ptToMM, text: label, f: tf})
	}
	f.add(row{h: d + 1, ops: ops})

	// End labels under the end circles, one row per line so a long label
	// can run on to the next page instead of off this one.
	minL, maxL := strings.TrimSpace(b.sanitize(fl.MinLabel)), strings.TrimSpace(b.sanitize(fl.MaxLabel))
	if minL != "" || maxL != "" {
		right := x + float64(count-1)*spacing + d
		if count == 1 {
			right = x + w
		}
		colW := (right-x)/2 - 3
		lab := fmtOf(styleRegular, tinySize, colMuted)
		const lead = 4.2
		var left, rightLines []line
		if minL != "" {
			left = b.wrap(plain(minL, lab), colW, colW)
		}
		if maxL != "" {
			rightLines = b.wrap(plain(maxL, lab), colW, colW)
		}
		f.space(0.8)
		for i := 0; i < max(len(left), len(rightLines)); i++ {
			var ops []op
			if i < len(left) {
				ops = append(ops, lineOps(left[i], x, lead)...)
			}
			if i < len(rightLines) {
				l := rightLines[i]
				lx := right - l.w // right-aligned under the last circle
				ops = append(ops, lineOps(l, lx, lead)...)
			}
			f.add(row{h: lead, ops: ops})
		}
	}
	if ws.completed {
		f.space(1.5)
		if hasChosen {
			f.para([]span{
				{text: f.l.T("handout.worksheet.answer") + " ", f: fmtOf(styleRegular, smallSize, colMuted)},
				{text: strconv.Itoa(chosen), f: fmtOf(styleBold, smallSize, colText)},
				{text: " (" + strconv.Itoa(lo) + "–" + strconv.Itoa(hi) + ")", f: fmtOf(styleRegular, smallSize, colMuted)},
			}, paraOpts{x: x, firstW: w, lead: smallLead})
		} else if ans != "" {
			f.para(plain(f.l.T("handout.worksheet.answer")+" "+ans, fmtOf(styleRegular, smallSize, colText)), paraOpts{x: x, firstW: w, lead: smallLead})
		} else {
			ws.noAnswer()
		}
	}
}

func (ws *worksheetWriter) choices(fl Field, options []string, radio bool) {
	f := ws.f
	b := f.b
	x, w := f.fr.x0, f.fr.w
	chosen := map[string]bool{}
	for _, a := range fl.Answer {
		chosen[strings.TrimSpace(b.sanitize(a))] = true
	}
	seen := map[string]bool{}
	type opt struct {
		label string
		on    bool
	}
	var opts []opt
	for _, o := range options {
		o = strings.TrimSpace(b.sanitize(o))
		seen[o] = true
		opts = append(opts, opt{o, chosen[o]})
	}
	// Answers that match no option (a renamed option, "Other: …") still show.
	for _, a := range fl.Answer {
		a = strings.TrimSpace(b.sanitize(a))
		if a != "" && !seen[a] {
			seen[a] = true
			opts = append(opts, opt{a, true})
		}
	}
	const markW = 7.0
	for i, o := range opts {
		if i > 0 {
			f.space(1.2)
		}
		tf := fmtBody
		if ws.completed {
			if o.on {
				tf = fmtOf(styleBold, bodySize, colText)
			} else {
				tf = fmtOf(styleRegular, bodySize, colMuted)
			}
		}
		first, _ := f.para(plain(o.label, tf), paraOpts{x: x + markW, firstW: w - markW, lead: bodyLead})
		r := &f.rows[first]
		r.ops = append(r.ops, markOps(x, r.h/2, radio, o.on)...)
	}
	if ws.completed && len(fl.Answer) == 0 {
		f.space(1.2)
		ws.noAnswer()
	}
}

// markOps draws a tick box or radio circle centred vertically on cy, with
// its left edge at x, filled when on.
func markOps(x, cy float64, radio, on bool) []op {
	const s = 3.8
	stroke := textFmt{color: colMuted}
	if radio {
		ops := []op{{kind: opCircle, x: x + s/2, y: cy, r: s / 2, f: stroke, stroked: true, lineW: 0.3}}
		if on {
			ops[0].f.color = colAccent
			ops = append(ops, op{kind: opCircle, x: x + s/2, y: cy, r: s / 4.2, fill: colAccent, filled: true})
		}
		return ops
	}
	ops := []op{{kind: opRect, x: x, y: cy - s/2, w: s, h: s, r: 0.5, f: stroke, stroked: true, lineW: 0.3}}
	if on {
		ops[0].fill, ops[0].filled, ops[0].f.color = colAccent, true, colAccent
		tick := textFmt{color: colWhite}
		ops = append(ops,
			op{kind: opLine, x: x + 0.8, y: cy + 0.05, w: 0.95, h: 0.95, f: tick, stroked: true, lineW: 0.45},
			op{kind: opLine, x: x + 1.75, y: cy + 1.0, w: 1.35, h: -2.0, f: tick, stroked: true, lineW: 0.45},
		)
	}
	return ops
}

func (ws *worksheetWriter) yesNo(fl Field) {
	f := ws.f
	b := f.b
	x := f.fr.x0
	ans := strings.ToLower(ws.answerText(fl))
	var ops []op
	cx := x
	const lead = bodyLead
	// The answer is "Yes" or "No" (in English, whatever the language); the
	// boxes are labelled in the printout's.
	for _, o := range []struct{ value, label string }{{"yes", f.l.T("worksheet.yes")}, {"no", f.l.T("worksheet.no")}} {
		on := ws.completed && ans == o.value
		tf := fmtBody
		if ws.completed {
			tf = fmtOf(styleRegular, bodySize, colMuted)
			if on {
				tf = fmtOf(styleBold, bodySize, colText)
			}
		}
		ops = append(ops, markOps(cx, lead/2, false, on)...)
		ops = append(ops, op{kind: opText, x: cx + 6, y: baseline(lead, bodySize), text: o.label, f: tf})
		cx += 6 + b.width(o.label, tf.style, tf.size) + 12
	}
	f.add(row{h: lead, ops: ops})
	if ws.completed && ans != "yes" && ans != "no" {
		f.space(1.2)
		if ans == "" {
			ws.noAnswer()
		} else {
			ws.answerParas(ws.answerText(fl))
		}
	}
}

// letterhead prints the practice's name, address and phone under the title.
func (ws *worksheetWriter) letterhead(lines []string) {
	f := ws.f
	letterhead(f, lines)
}

// letterhead prints the practice's details, one short line each, in the
// muted small face.
func letterhead(f *flow, lines []string) {
	x, w := f.fr.x0, f.fr.w
	first := true
	for _, l := range lines {
		l = strings.TrimSpace(f.b.sanitize(l))
		if l == "" {
			continue
		}
		if first {
			f.space(1.5)
			first = false
		}
		f.para(plain(l, fmtOf(styleRegular, smallSize, colMuted)), paraOpts{x: x, firstW: w, lead: smallLead})
	}
}

// answerComments prints the comments on one answer right under it, each
// marked with who wrote it; the client's replies say they are theirs.
func (ws *worksheetWriter) answerComments(cs []Comment) {
	f := ws.f
	b := f.b
	x, w := f.fr.x0, f.fr.w
	const indent = 6.0
	for _, c := range cs {
		f.space(2.4)
		who := strings.TrimSpace(b.sanitize(c.Author))
		switch {
		case c.FromClient && who != "":
			who = f.l.T("handout.worksheet.reply_from", "Name", who)
		case c.FromClient:
			who = f.l.T("handout.worksheet.client_reply")
		case who == "":
			who = f.l.T("handout.worksheet.clinician_comment")
		default:
			who = f.l.T("handout.worksheet.comment_from", "Name", who)
		}
		spans := []span{{text: who, f: fmtOf(styleBold, smallSize, colAccent)}}
		if !c.At.IsZero() {
			spans = append(spans, span{text: "  ·  " + f.date(c.At), f: fmtOf(styleRegular, smallSize, colMuted)})
		}
		first, end := f.para(spans, paraOpts{x: x + indent, firstW: w - indent, lead: smallLead + 0.4, kind: rowHeading})
		f.keepWithNext(first, end, 2)
		for _, p := range paragraphs(b.sanitize(c.Body)) {
			f.space(0.8)
			f.para(plain(p, fmtOf(styleRegular, smallSize+0.5, colText)), paraOpts{x: x + indent, firstW: w - indent, lead: smallLead + 0.3, noOrphans: true})
		}
	}
}

func (ws *worksheetWriter) comments(cs []Comment) {
	f := ws.f
	b := f.b
	x, w := f.fr.x0, f.fr.w
	hs := headingStyleFor(2)
	f.space(10)
	first, end := f.para(plain(f.l.T("handout.worksheet.comments"), fmtOf(styleBold, hs.size, hs.color)), paraOpts{x: x, firstW: w, lead: hs.lead, kind: rowHeading, outline: 2})
	f.keepWithNext(first, end, 3)
	for i, c := range cs {
		f.space(3)
		if i > 0 {
			f.add(row{h: 3, ops: []op{{kind: opLine, x: x, y: 0.5, w: w, f: textFmt{color: colRule}, stroked: true, lineW: 0.2}}})
		}
		who := strings.TrimSpace(b.sanitize(c.Author))
		if who == "" {
			who = f.l.T("handout.worksheet.clinician")
		}
		spans := []span{{text: who, f: fmtOf(styleBold, smallSize, colText)}}
		if !c.At.IsZero() {
			spans = append(spans, span{text: "  ·  " + f.date(c.At), f: fmtOf(styleRegular, smallSize, colMuted)})
		}
		first, end := f.para(spans, paraOpts{x: x, firstW: w, lead: smallLead + 0.4, kind: rowHeading})
		f.keepWithNext(first, end, 2)
		for _, p := range paragraphs(b.sanitize(c.Body)) {
			f.space(1.4)
			f.para(plain(p, fmtBody), paraOpts{x: x, firstW: w, lead: bodyLead, noOrphans: true})
		}
	}
}
