package handout

import (
	"strings"

	"github.com/yuin/goldmark/ast"

	"github.com/tend-practice/tend/internal/i18n"
)

// Special sections of a module body, drawn as shaded boxes.
type specialKind int

const (
	specialNone specialKind = iota
	specialTryThis
	specialQuestions
)

// specialOf matches a heading in English or in the handout's language
// (the catalogue's "handout.module.try_this" and "handout.module.questions":
// "Prueba esto", "Ερωτήσεις για την επόμενη συνεδρία σου").
func specialOf(l *i18n.Localizer, heading string) specialKind {
	h := headingKey(heading)
	tryThis := headingKey(i18n.Unmark(l.T("handout.module.try_this")))
	questions := headingKey(i18n.Unmark(l.T("handout.module.questions")))
	switch {
	case h == "try this" || strings.HasPrefix(h, "try this "),
		h == tryThis || strings.HasPrefix(h, tryThis+" "):
		return specialTryThis
	case strings.HasPrefix(h, "questions for your next session"),
		strings.HasPrefix(h, "questions for next session"),
		strings.HasPrefix(h, questions):
		return specialQuestions
	}
	return specialNone
}

// headingKey is a heading for matching: lower case, without the closing
// punctuation (the Greek question mark ";" included).
func headingKey(s string) string {
	return strings.TrimRight(strings.ToLower(strings.TrimSpace(s)), ":.!?;… ")
}

func (r *Renderer) layoutModule(in ModuleInput) *document {
	b := r.book
	fr := newFrame(in.Paper)
	l := r.lang(in.Localizer)
	f := newFlow(b, fr, l)
	x, w := fr.x0, fr.w
	printed := printedOn(in.PrintedOn)

	title := strings.TrimSpace(b.sanitize(in.Title))
	if title == "" {
		title = l.T("handout.untitled_module")
	}
	f.space(2)
	first, end := f.para(plain(title, fmtOf(styleBold, 21, colText)), paraOpts{x: x, firstW: w, lead: 9.2, kind: rowHeading, balance: true, outline: 1})
	f.keepWithNext(first, end, 2)

	if s := strings.TrimSpace(b.sanitize(in.Summary)); s != "" {
		f.space(2.5)
		for _, p := range paragraphs(s) {
			f.para(plain(p, fmtOf(styleRegular, 12, colMuted)), paraOpts{x: x, firstW: w, lead: 6.2})
			f.space(1.5)
		}
	}
	if in.ReadingMinutes > 0 {
		f.space(2)
		t := l.T("handout.module.reading_minutes", "Count", in.ReadingMinutes)
		f.para(plain(t, fmtOf(styleRegular, smallSize, colAccent)), paraOpts{x: x, firstW: w, lead: smallLead})
	}
	f.space(7)

	if cn := strings.TrimSpace(b.sanitize(in.ContentNote)); cn != "" {
		bx := &box{x: x - boxOutdent, w: w + 2*boxOutdent, padTop: 3.2, padBot: 3.4, margin: 5, fill: colSoft, filled: true, radius: 1.2}
		f.push(bx)
		start := len(f.rows)
		f.para(plain(l.T("handout.module.content_note"), fmtOf(styleBold, smallSize, colMuted)), paraOpts{x: x, firstW: w, lead: smallLead})
		for _, p := range paragraphs(cn) {
			f.space(1)
			f.para(plain(p, fmtOf(styleRegular, 10, colText)), paraOpts{x: x, firstW: w, lead: 5})
		}
		f.keepMax(start, len(f.rows), f.capacity()/2)
		f.pop()
	}

	if note := strings.TrimSpace(b.sanitize(in.Note)); note != "" {
		r.noteBox(f, note, in.ClinicianName)
	}

	if body := strings.TrimSpace(in.Body); body != "" {
		src := []byte(body)
		doc := parseMarkdown(r.md, src)
		r.moduleBody(f, doc, src)
	}

	if len(in.References) > 0 {
		r.references(f, in.References)
	}
	if in.Support != nil {
		r.support(f, *in.Support)
	}

	d := f.finish(headerFooter{
		left:     b.sanitize(in.PracticeName),
		right:    b.sanitize(in.ClinicianName),
		footLeft: f.printedLine(printed),
	})
	d.title, d.author, d.subject = title, b.sanitize(in.PracticeName), b.sanitize(in.Summary)
	d.created = printed
	return d
}

// noteBox is the clinician's personal note, near the top.
func (r *Renderer) noteBox(f *flow, note, clinician string) {
	x, w := f.fr.x0, f.fr.w
	label := f.l.T("handout.module.note_from_clinician")
	if c := strings.TrimSpace(f.b.sanitize(clinician)); c != "" {
		label = f.l.T("handout.module.note_from", "Name", c)
	}
	bx := &box{x: x - boxOutdent, w: w + 2*boxOutdent, padTop: 4, padBot: 4.2, margin: 6,
		fill: colWhite, filled: true, border: colAccentLine, bordered: true, radius: 1.5}
	f.push(bx)
	start := len(f.rows)
	f.para(plain(label, fmtOf(styleBold, 10, colAccent)), paraOpts{x: x, firstW: w, lead: 5.2})
	for _, p := range paragraphs(note) {
		f.space(1.6)
		f.para(plain(p, fmtBody), paraOpts{x: x, firstW: w, lead: bodyLead, noOrphans: true})
	}
	f.keepMax(start, len(f.rows), f.capacity()/2)
	f.pop()
}

// moduleBody writes the Markdown body; "Try this" and "Questions for your
// next session" sections become shaded boxes.
func (r *Renderer) moduleBody(f *flow, doc ast.Node, src []byte) {
	m := &mdWriter{f: f, src: src}
	c := mdCtx{x: f.fr.x0, w: f.fr.w, base: fmtBody}
	var (
		open      specialKind
		openLevel int
		openStart int
	)
	closeBox := func() {
		if open == specialQuestions {
			writingLines(f, f.fr.x0, f.fr.w, 3, f.l.T("handout.module.your_notes"))
		}
		f.keepMax(openStart, len(f.rows), f.capacity()/2)
		f.pop()
		f.space(6)
		open = specialNone
	}
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		h, isHeading := n.(*ast.Heading)
		if isHeading && open != specialNone && h.Level <= openLevel {
			closeBox()
		}
		if isHeading && open == specialNone {
			if kind := specialOf(f.l, plainText(m, h)); kind != specialNone {
				r.openSpecial(f, kind)
				open, openLevel, openStart = kind, h.Level, len(f.rows)
				hs := headingStyle{size: 12.5, lead: 6.4, before: 0, after: 1.6, color: colAccent}
				if kind == specialQuestions {
					hs.color = colText
				}
				m.heading(h, c, hs, h.Level)
				continue
			}
		}
		m.block(n, c)
	}
	if open != specialNone {
		closeBox()
	}
}

func (r *Renderer) openSpecial(f *flow, kind specialKind) {
	bx := &box{x: f.fr.x0 - boxOutdent, w: f.fr.w + 2*boxOutdent, padTop: 4.5, padBot: 4.5, margin: 7, radius: 1.5, filled: true}
	switch kind {
	case specialTryThis:
		bx.fill = colAccentTint
	case specialQuestions:
		bx.fill = colSand
		bx.radius = 0
		bx.bar, bx.barW = colSandBar, 1.2
	}
	f.push(bx)
}

// plainText is the text of a node's inlines, for matching headings.
func plainText(m *mdWriter, n ast.Node) string {
	var b strings.Builder
	for _, s := range m.inlines(n, fmtBody) {
		b.WriteString(s.text)
	}
	return b.String()
}

// writingLines draws n ruled lines to write on, with an optional label.
func writingLines(f *flow, x, w float64, n int, label string) {
	if label != "" {
		f.space(3)
		f.para(plain(label, fmtOf(styleRegular, tinySize, colMuted)), paraOpts{x: x, firstW: w, lead: 4})
	}
	start := len(f.rows)
	for i := 0; i < n; i++ {
		f.add(row{h: 8.5, ops: []op{{kind: opLine, x: x, y: 8, w: w, f: textFmt{color: colFaint}, stroked: true, lineW: 0.2}}})
	}
	f.keep(start, len(f.rows))
}

// references writes the APA reference list with hanging indents.
func (r *Renderer) references(f *flow, refs []Reference) {
	x, w := f.fr.x0, f.fr.w
	const hang = 12.7 // APA: half an inch
	hs := headingStyleFor(2)
	f.space(hs.before)
	first, end := f.para(plain(f.l.T("handout.references"), fmtOf(styleBold, hs.size, hs.color)), paraOpts{x: x, firstW: w, lead: hs.lead, kind: rowHeading, outline: 2})
	f.keepWithNext(first, end, 2)
	f.space(hs.after + 1)
	ref := fmtOf(styleRegular, 10, colText)
	for _, rf := range refs {
		var spans []span
		for _, p := range rf.Parts {
			tf := ref
			if p.Italic {
				tf.style = styleItalic
			}
			spans = append(spans, span{text: f.b.sanitize(p.Text), f: tf})
		}
		if u := strings.TrimSpace(rf.URL); u != "" {
			if len(spans) > 0 && !strings.HasSuffix(spans[len(spans)-1].text, " ") {
				spans = append(spans, span{text: " ", f: ref})
			}
			spans = append(spans, span{text: f.b.sanitize(u), f: linkFmt(ref, u)})
		}
		if len(spans) == 0 {
			continue
		}
		f.space(2.2)
		first, end := f.para(spans, paraOpts{x: x, firstW: w, restW: w - hang, restIndent: hang, lead: 5.1})
		f.keep(first, end)
	}
}

// support is the "If you need help now" block: a bordered box kept in one
// piece where it fits, so the numbers are never split from their names.
func (r *Renderer) support(f *flow, s Support) {
	x, w := f.fr.x0, f.fr.w
	f.space(6)
	bx := &box{x: x - boxOutdent, w: w + 2*boxOutdent, padTop: 4, padBot: 4.2, margin: 6,
		fill: colWhite, filled: true, border: colAccentLine, bordered: true, radius: 1.5}
	f.push(bx)
	start := len(f.rows)
	f.para(plain(f.l.T("handout.support.heading"), fmtOf(styleBold, 12, colAccent)), paraOpts{x: x, firstW: w, lead: 6})
	for _, c := range s.Contacts {
		f.space(2)
		f.para(plain(f.b.sanitize(c.Name), fmtOf(styleBold, 10, colText)), paraOpts{x: x, firstW: w, lead: 5})
		if when := strings.TrimSpace(f.b.sanitize(c.When)); when != "" {
			f.para(plain(when, fmtOf(styleRegular, 10, colMuted)), paraOpts{x: x, firstW: w, lead: 5})
		}
		var ways []string
		if p := strings.TrimSpace(c.Phone); p != "" {
			ways = append(ways, f.l.T("handout.support.call", "Number", p))
		}
		if t := strings.TrimSpace(c.Text); t != "" {
			ways = append(ways, f.l.T("handout.support.text", "Number", t))
		}
		ways = append(ways, c.Ways...)
		if len(ways) > 0 {
			f.para(plain(f.b.sanitize(strings.Join(ways, "  ·  ")), fmtOf(styleRegular, 10, colText)), paraOpts{x: x, firstW: w, lead: 5})
		}
	}
	if p := strings.TrimSpace(f.b.sanitize(s.Practice)); p != "" {
		f.space(2.5)
		f.para(plain(f.l.T("handout.support.practice", "Practice", p), fmtOf(styleRegular, 10, colText)), paraOpts{x: x, firstW: w, lead: 5})
	}
	if p := strings.TrimSpace(f.b.sanitize(s.Promise)); p != "" {
		f.space(1.5)
		f.para(plain(p, fmtOf(styleRegular, 10, colMuted)), paraOpts{x: x, firstW: w, lead: 5})
	}
	f.keepMax(start, len(f.rows), f.capacity()*3/4)
	f.pop()
}
