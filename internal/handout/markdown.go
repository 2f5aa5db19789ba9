package handout

import (
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// newMarkdown is the module body parser: CommonMark plus typographic quotes
// and dashes, written as the characters themselves rather than HTML entities.
func newMarkdown() goldmark.Markdown {
	return goldmark.New(goldmark.WithExtensions(
		extension.NewTypographer(extension.WithTypographicSubstitutions(map[extension.TypographicPunctuation]string{
			extension.LeftSingleQuote:  "‘",
			extension.RightSingleQuote: "’",
			extension.LeftDoubleQuote:  "“",
			extension.RightDoubleQuote: "”",
			extension.EnDash:           "–",
			extension.EmDash:           "—",
			extension.Ellipsis:         "…",
			extension.LeftAngleQuote:   "«",
			extension.RightAngleQuote:  "»",
			extension.Apostrophe:       "’",
		})),
	))
}

// Heading styles by level (h1 is rare in a body: the title is separate).
type headingStyle struct {
	size, lead, before, after float64
	color                     rgb
}

var headingStyles = [...]headingStyle{
	1: {size: 15, lead: 7.4, before: 8, after: 2.2, color: colAccent},
	2: {size: 13.5, lead: 6.8, before: 7, after: 2, color: colAccent},
	3: {size: 11.5, lead: 5.8, before: 5, after: 1.4, color: colText},
	4: {size: 11, lead: 5.6, before: 4, after: 1, color: colText},
}

func headingStyleFor(level int) headingStyle {
	return headingStyles[min(max(level, 1), 4)]
}

// mdCtx is where a Markdown block goes.
type mdCtx struct {
	x, w  float64
	base  textFmt
	depth int // list and quote nesting, to stop runaway indentation
}

type mdWriter struct {
	f   *flow
	src []byte
}

// minColumn stops deeply nested lists and quotes from squeezing text into
// a sliver: past it, nesting no longer indents.
const minColumn = 60.0

func (m *mdWriter) blocks(parent ast.Node, c mdCtx) {
	for n := parent.FirstChild(); n != nil; n = n.NextSibling() {
		m.block(n, c)
	}
}

func (m *mdWriter) block(n ast.Node, c mdCtx) {
	f := m.f
	switch n := n.(type) {
	case *ast.Heading:
		m.heading(n, c, headingStyleFor(n.Level), n.Level)
	case *ast.Paragraph, *ast.TextBlock:
		spans := m.inlines(n, c.base)
		if len(spans) == 0 {
			return
		}
		f.space(paraGap)
		first, end := f.para(spans, paraOpts{x: c.x, firstW: c.w, lead: bodyLead, noOrphans: true})
		if _, list := n.NextSibling().(*ast.List); list {
			// A lead-in ("Common elements include:") stays with its list.
			// Short paragraphs move whole (see para), so keep from the start.
			start := first
			if end-first > 3 {
				start = end - 2
			}
			f.keepWithNext(start, end, 2)
		}
		f.space(paraGap)
	case *ast.List:
		m.list(n, c)
	case *ast.Blockquote:
		f.space(paraGap + 1)
		bx := &box{x: c.x, w: c.w, padTop: 0.6, padBot: 0.6, barW: 0.9, bar: colAccentLine, margin: paraGap + 1}
		f.push(bx)
		inner := m.indent(c, 6)
		inner.base.style ^= styleItalic
		inner.base.color = rgb{0x45, 0x45, 0x45}
		m.blocks(n, inner)
		f.pop()
		f.space(paraGap + 1)
	case *ast.ThematicBreak:
		f.space(4)
		w := min(40.0, c.w)
		f.add(row{h: 2, ops: []op{{kind: opLine, x: c.x + (c.w-w)/2, y: 1, w: w, f: textFmt{color: colRule}, stroked: true, lineW: 0.3}}})
		f.space(4)
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		f.space(paraGap)
		var b strings.Builder
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			b.Write(seg.Value(m.src))
		}
		code := fmtOf(styleRegular, smallSize, colText)
		for _, p := range strings.Split(strings.TrimRight(f.b.sanitize(b.String()), "\n"), "\n") {
			f.para(plain(p, code), paraOpts{x: c.x + 4, firstW: c.w - 4, lead: smallLead})
		}
		f.space(paraGap)
	case *ast.HTMLBlock:
		// Raw HTML has no place on paper.
	default:
		if n.HasChildren() {
			m.blocks(n, c)
		}
	}
}

func (m *mdWriter) indent(c mdCtx, by float64) mdCtx {
	c.depth++
	if c.w-by >= minColumn {
		c.x += by
		c.w -= by
	}
	return c
}

func (m *mdWriter) heading(n ast.Node, c mdCtx, hs headingStyle, level int) {
	f := m.f
	base := fmtOf(styleBold, hs.size, hs.color)
	spans := m.inlines(n, base)
	if len(spans) == 0 {
		return
	}
	f.space(hs.before)
	outline := 0
	if c.depth == 0 {
		outline = 1 + min(max(level-1, 1), 3) // h1 and h2 just below the title
	}
	first, end := f.para(spans, paraOpts{x: c.x, firstW: c.w, lead: hs.lead, kind: rowHeading, outline: outline})
	f.keepWithNext(first, end, 2)
	f.space(hs.after)
}

func (m *mdWriter) list(n *ast.List, c mdCtx) {
	f := m.f
	const indent = 6.5
	gap := 1.2
	if !n.IsTight {
		gap = paraGap
	}
	f.space(paraGap)
	num := n.Start
	marker := fmtOf(styleRegular, c.base.size, colAccent)
	inner := m.indent(c, indent)
	for item := n.FirstChild(); item != nil; item = item.NextSibling() {
		f.space(gap)
		first := len(f.rows)
		for b := item.FirstChild(); b != nil; b = b.NextSibling() {
			m.block(b, inner)
			if b.NextSibling() != nil {
				f.space(gap)
			}
		}
		if first < len(f.rows) {
			label := "•"
			if n.IsOrdered() {
				label = strconv.Itoa(num) + "."
			}
			mw := f.b.width(label, marker.style, marker.size)
			r := &f.rows[first]
			base := baseline(r.h, c.base.size)
			r.ops = append(r.ops, op{kind: opText, x: inner.x - 2 - mw, y: base, text: label, f: marker})
		}
		num++
	}
	f.space(paraGap)
}

// inlines flattens a block's inline content into spans.
func (m *mdWriter) inlines(n ast.Node, base textFmt) []span {
	var spans []span
	var walk func(n ast.Node, tf textFmt)
	walk = func(n ast.Node, tf textFmt) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Text:
				v := c.Value(m.src)
				if !c.IsRaw() {
					v = util.UnescapePunctuations(util.ResolveNumericReferences(util.ResolveEntityNames(v)))
				}
				spans = append(spans, span{text: m.f.b.sanitize(string(v)), f: tf})
				switch {
				case c.HardLineBreak():
					spans = append(spans, span{text: "\n", f: tf})
				case c.SoftLineBreak():
					spans = append(spans, span{text: " ", f: tf})
				}
			case *ast.String:
				spans = append(spans, span{text: m.f.b.sanitize(string(c.Value)), f: tf})
			case *ast.Emphasis:
				t := tf
				if c.Level >= 2 {
					t.style |= styleBold
				} else {
					t.style ^= styleItalic
				}
				walk(c, t)
			case *ast.CodeSpan:
				walk(c, tf)
			case *ast.Link:
				walk(c, linkFmt(tf, string(c.Destination)))
			case *ast.AutoLink:
				u := string(c.URL(m.src))
				spans = append(spans, span{text: m.f.b.sanitize(string(c.Label(m.src))), f: linkFmt(tf, u)})
			case *ast.Image:
				walk(c, tf)
			case *ast.RawHTML:
				// Skipped: inline HTML is not part of a printed handout.
			default:
				walk(c, tf)
			}
		}
	}
	walk(n, base)
	// Drop a paragraph that is nothing but spaces.
	for _, s := range spans {
		if strings.TrimSpace(s.text) != "" {
			return spans
		}
	}
	return nil
}

// linkFmt keeps web and mail links clickable; anything else prints as text.
func linkFmt(tf textFmt, dest string) textFmt {
	d := strings.ToLower(strings.TrimSpace(dest))
	if strings.HasPrefix(d, "https://") || strings.HasPrefix(d, "http://") || strings.HasPrefix(d, "mailto:") {
		tf.url = strings.TrimSpace(dest)
		tf.color = colAccent
	}
	return tf
}

// parseMarkdown parses a module body.
func parseMarkdown(md goldmark.Markdown, src []byte) ast.Node {
	return md.Parser().Parse(text.NewReader(src))
}
