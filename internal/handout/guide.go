package handout

import (
	"io"
	"strings"
	"time"

	"github.com/yuin/goldmark/ast"

	"github.com/tend-practice/tend/internal/i18n"
)

// GuideInput is everything a clinician guide shows: the staff-only
// companion to a module, printed as its own PDF and never handed to a client.
type GuideInput struct {
	PracticeName string

	ModuleTitle   string
	ModuleSummary string
	Body          string // the guide's Markdown
	References    []Reference

	PrintedOn time.Time
	Paper     Paper
	// Localizer is the guide's language (the module version's); nil is
	// English.
	Localizer *i18n.Localizer
}

// Guide writes a clinician guide as a PDF to w.
func (r *Renderer) Guide(w io.Writer, in GuideInput) (err error) {
	defer recoverAsError(&err)
	doc := r.layoutGuide(in)
	return r.paint(w, doc)
}

func (r *Renderer) layoutGuide(in GuideInput) *document {
	b := r.book
	fr := newFrame(in.Paper)
	l := r.lang(in.Localizer)
	f := newFlow(b, fr, l)
	x, w := fr.x0, fr.w
	printed := printedOn(in.PrintedOn)
	// guideMark says on every page whom the guide is for.
	guideMark := l.T("handout.guide.mark")

	title := strings.TrimSpace(b.sanitize(in.ModuleTitle))
	if title == "" {
		title = l.T("handout.untitled_module")
	}
	f.space(2)
	f.para(plain(l.T("handout.guide.for_clinicians"), fmtOf(styleBold, smallSize, colAccent)), paraOpts{x: x, firstW: w, lead: smallLead})
	f.space(1.5)
	first, end := f.para(plain(title, fmtOf(styleBold, 21, colText)), paraOpts{x: x, firstW: w, lead: 9.2, kind: rowHeading, balance: true, outline: 1})
	f.keepWithNext(first, end, 2)
	if s := strings.TrimSpace(b.sanitize(in.ModuleSummary)); s != "" {
		f.space(2.5)
		f.para(plain(l.T("handout.guide.the_module", "Title", s), fmtOf(styleRegular, 11, colMuted)), paraOpts{x: x, firstW: w, lead: 5.8})
	}
	f.space(7)

	if body := strings.TrimSpace(in.Body); body != "" {
		src := []byte(body)
		doc := parseMarkdown(r.md, src)
		r.guideBody(f, doc, src)
	}
	if len(in.References) > 0 {
		r.references(f, in.References)
	}

	d := f.finish(headerFooter{
		left:     b.sanitize(in.PracticeName),
		right:    guideMark,
		footLeft: f.printedLine(printed),
	})
	d.title = l.T("handout.guide.doc_title", "Title", title)
	d.author, d.subject = b.sanitize(in.PracticeName), guideMark
	d.created = printed
	return d
}

// guideBody writes the guide's Markdown; the discussion prompts sit in a
// shaded box, as a module's questions do.
func (r *Renderer) guideBody(f *flow, doc ast.Node, src []byte) {
	m := &mdWriter{f: f, src: src}
	c := mdCtx{x: f.fr.x0, w: f.fr.w, base: fmtBody}
	boxed, boxStart := false, 0
	// The discussion prompts' heading, in English or the guide's language.
	discussion := headingKey(i18n.Unmark(f.l.T("handout.guide.discussion")))
	closeBox := func() {
		f.keepMax(boxStart, len(f.rows), f.capacity()/2)
		f.pop()
		f.space(6)
		boxed = false
	}
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		h, isHeading := n.(*ast.Heading)
		if isHeading && boxed {
			closeBox()
		}
		if isHeading && (headingKey(plainText(m, h)) == "discussion prompts" || headingKey(plainText(m, h)) == discussion) {
			r.openSpecial(f, specialQuestions)
			boxed, boxStart = true, len(f.rows)
			m.heading(h, c, headingStyle{size: 12.5, lead: 6.4, before: 0, after: 1.6, color: colText}, h.Level)
			continue
		}
		m.block(n, c)
	}
	if boxed {
		closeBox()
	}
}
