package handout

import (
	"strings"
	"time"

	"github.com/tend-practice/tend/internal/i18n"
)

// Page geometry, mm. The text column is narrower than the page allows so
// lines stay near 80 characters; shaded boxes reach a little into the margin
// so their text lines up with the body text.
const (
	columnWidth  = 150.0
	boxOutdent   = 5.0
	bodyTop      = 26.0
	bodyBotSpace = 22.0
	headerBase   = 13.5
	headerRule   = 16.5
	footerBase   = 12.0 // from the bottom edge
	bandTop      = 17.8 // the clinician-copy band sits between header and body
	bandHeight   = 6.4
)

// Typography: sizes in pt, leading and spacing in mm.
const (
	bodySize  = 10.5
	bodyLead  = 5.35
	smallSize = 9.5
	smallLead = 4.8
	tinySize  = 8.5
	paraGap   = 2.6
)

var (
	colText       = rgb{0x2b, 0x2b, 0x2b}
	colMuted      = rgb{0x6b, 0x6b, 0x6b}
	colFaint      = rgb{0x9a, 0x9a, 0x96}
	colRule       = rgb{0xd6, 0xd6, 0xd1}
	colAccent     = rgb{0x35, 0x6b, 0x6e} // a muted teal
	colAccentTint = rgb{0xe9, 0xf2, 0xf0}
	colAccentLine = rgb{0xa9, 0xc9, 0xc5}
	colSand       = rgb{0xf5, 0xf1, 0xe8}
	colBand       = rgb{0x7a, 0x1f, 0x1f} // a deep red, white text on it
	colSandBar    = rgb{0xc9, 0xbb, 0x9f}
	colSoft       = rgb{0xf4, 0xf4, 0xf1}
	colFlagTint   = rgb{0xfc, 0xef, 0xdc}
	colFlagBar    = rgb{0xc7, 0x84, 0x3a}
	colFlagText   = rgb{0x8a, 0x52, 0x16}
	colWhite      = rgb{0xff, 0xff, 0xff}
)

func fmtOf(st style, size float64, c rgb) textFmt { return textFmt{style: st, size: size, color: c} }

var (
	fmtBody  = fmtOf(styleRegular, bodySize, colText)
	fmtSmall = fmtOf(styleRegular, smallSize, colMuted)
)

func newFrame(p Paper) frame {
	w, h := 210.0, 297.0
	if strings.EqualFold(string(p), string(PaperLetter)) {
		w, h = 215.9, 279.4
	}
	return frame{
		pageW: w, pageH: h,
		x0: (w - columnWidth) / 2, w: columnWidth,
		top: bodyTop, bottom: h - bodyBotSpace,
	}
}

// flow collects rows.
type flow struct {
	b       *fontBook
	l       *i18n.Localizer // the handout's language
	fr      frame
	rows    []row
	stack   []*box
	gap     float64
	pending []pendingKeep
}

type pendingKeep struct{ first, end, next int }

func newFlow(b *fontBook, fr frame, l *i18n.Localizer) *flow { return &flow{b: b, fr: fr, l: l} }

// space asks for at least g mm before the next row.
func (f *flow) space(g float64) { f.gap = max(f.gap, g) }

// push opens a box around the rows that follow. Rows keep the slice they were
// given, so the stack is copied, never changed in place.
func (f *flow) push(bx *box) {
	s := make([]*box, len(f.stack), len(f.stack)+1)
	copy(s, f.stack)
	f.stack = append(s, bx)
}

func (f *flow) pop() { f.stack = f.stack[: len(f.stack)-1 : len(f.stack)-1] }

func (f *flow) add(r row) int {
	r.gap = f.gap
	r.boxes = f.stack
	f.rows = append(f.rows, r)
	f.gap = 0
	return len(f.rows) - 1
}

// keep asks for rows [first, end) to share a page when they fit on one.
func (f *flow) keep(first, end int) { f.keepMax(first, end, 0) }

// keepMax is keep for blocks no taller than maxH mm.
func (f *flow) keepMax(first, end int, maxH float64) {
	if first >= 0 && end-first > 1 && first < len(f.rows) {
		f.rows[first].keeps = append(f.rows[first].keeps, keepSpan{end: end, maxH: maxH})
	}
}

// capacity is the height of a page's body.
func (f *flow) capacity() float64 { return f.fr.bottom - f.fr.top }

// keepWithNext keeps rows [first, end) with the next n rows, whatever they
// turn out to be: a heading never sits alone at the bottom of a page.
func (f *flow) keepWithNext(first, end, n int) {
	f.pending = append(f.pending, pendingKeep{first, end, n})
}

func (f *flow) resolveKeeps() {
	for _, p := range f.pending {
		f.keep(p.first, min(p.end+p.next, len(f.rows)))
	}
	f.pending = nil
}

// baseline is where text of size pt sits in a line of height lead: the cap
// height centred on the line.
func baseline(lead, size float64) float64 {
	return (lead + 0.7*size*ptToMM) / 2
}

// paraOpts places a paragraph: at x, first line width firstW and the rest
// restW (a hanging indent when they differ, starting restIndent further
// right).
type paraOpts struct {
	x, firstW, restW, restIndent float64
	lead                         float64
	kind                         rowKind
	align                        int // 0 left, 1 right, 2 centre
	noOrphans                    bool
	balance                      bool // even out the lines of a title
	outline                      int  // 1 + level in the PDF outline; 0 for none
}

// para lays out spans as lines and returns the rows [first, end) it added.
func (f *flow) para(spans []span, o paraOpts) (first, end int) {
	if o.restW == 0 {
		o.restW = o.firstW
	}
	lines := f.b.wrap(spans, o.firstW, o.restW)
	if o.balance && len(lines) > 1 {
		lines = f.balanced(spans, o.firstW, len(lines))
	}
	first = len(f.rows)
	for i, l := range lines {
		x, w := o.x, o.firstW
		if i > 0 {
			x, w = o.x+o.restIndent, o.restW
		}
		switch o.align {
		case 1:
			x += w - l.w
		case 2:
			x += (w - l.w) / 2
		}
		ops := lineOps(l, x, o.lead)
		if i == 0 && o.outline > 0 {
			ops = append(ops, op{kind: opOutline, text: spansText(spans), r: float64(o.outline - 1)})
		}
		f.add(row{h: o.lead, ops: ops, kind: o.kind})
		if i == 0 {
			// Paragraph-internal spacing belongs to the first line only.
			f.gap = 0
		}
	}
	end = len(f.rows)
	if o.noOrphans {
		// No line alone at the bottom or top of a page: short paragraphs
		// move whole, longer ones keep two lines at each end together.
		if n := end - first; n <= 3 {
			f.keep(first, end)
		} else {
			f.keep(first, first+2)
			f.keep(end-2, end)
		}
	}
	return first, end
}

func spansText(spans []span) string {
	var b strings.Builder
	for _, s := range spans {
		b.WriteString(s.text)
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// balanced wraps spans to the narrowest width that still needs only n
// lines, so a title does not end with one lonely word.
func (f *flow) balanced(spans []span, w float64, n int) []line {
	lo, hi := w/2, w
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if len(f.b.wrap(spans, mid, mid)) > n {
			lo = mid
		} else {
			hi = mid
		}
	}
	return f.b.wrap(spans, hi, hi)
}

// lineOps draws a line of text whose row is lead tall.
func lineOps(l line, x, lead float64) []op {
	size := 0.0
	for _, s := range l.segs {
		size = max(size, s.f.size)
	}
	base := baseline(lead, size)
	ops := make([]op, 0, len(l.segs))
	for _, s := range l.segs {
		if strings.TrimSpace(s.text) == "" {
			continue
		}
		ops = append(ops, op{kind: opText, x: x + s.x, y: base, w: s.w, text: s.text, f: s.f})
		if s.f.url != "" {
			ops = append(ops, op{kind: opLink, x: x + s.x, y: 0, w: s.w, h: lead, url: s.f.url})
		}
	}
	return ops
}

// fit shortens s with an ellipsis until it is at most w wide.
func (f *flow) fit(s string, tf textFmt, w float64) string {
	if f.b.width(s, tf.style, tf.size) <= w {
		return s
	}
	room := w - f.b.width("…", tf.style, tf.size)
	used := 0.0
	for i, r := range s {
		used += f.b.width(string(r), tf.style, tf.size)
		if used > room {
			return strings.TrimRight(s[:i], " ") + "…"
		}
	}
	return s
}

// document is a laid-out handout, ready to paint.
type document struct {
	fr      frame
	pages   []page
	title   string
	author  string
	subject string
	created time.Time
	rows    []row // kept for tests
}

// headerFooter is the quiet text at the top and bottom of every page.
type headerFooter struct {
	left, right string // header
	footLeft    string
	// band is a heavy dark strip under the header on every page, for a copy
	// that must not be handed to the wrong person.
	band string
}

// finish paginates the flow and adds header and footer to every page.
func (f *flow) finish(hf headerFooter) *document {
	f.resolveKeeps()
	pages := paginate(f.rows, f.fr)
	if len(pages) == 0 {
		pages = []page{{}}
	}
	fr := f.fr
	tf := fmtOf(styleRegular, tinySize, colMuted)
	right := fr.x0 + fr.w
	half := fr.w/2 - 4
	for i := range pages {
		p := &pages[i]
		var ops []op
		if hf.left != "" {
			t := f.fit(hf.left, tf, half)
			ops = append(ops, op{kind: opText, x: fr.x0, y: headerBase, text: t, f: tf})
		}
		if hf.right != "" {
			t := f.fit(hf.right, tf, half)
			ops = append(ops, op{kind: opText, x: right - f.b.width(t, tf.style, tf.size), y: headerBase, text: t, f: tf})
		}
		if hf.left != "" || hf.right != "" {
			ops = append(ops, op{kind: opLine, x: fr.x0, y: headerRule, w: fr.w, f: textFmt{color: colRule}, stroked: true, lineW: 0.25})
		}
		if hf.band != "" {
			bf := fmtOf(styleBold, 10, rgb{0xff, 0xff, 0xff})
			t := f.fit(hf.band, bf, fr.w-8)
			ops = append(ops,
				op{kind: opRect, x: fr.x0, y: bandTop, w: fr.w, h: bandHeight, fill: colBand, filled: true},
				op{kind: opText, x: fr.x0 + (fr.w-f.b.width(t, bf.style, bf.size))/2, y: bandTop + 4.4, text: t, f: bf})
		}
		fy := fr.pageH - footerBase
		num := f.l.T("handout.footer.page", "N", i+1, "Total", len(pages))
		if hf.footLeft != "" {
			// The page number is short: the printed date and the name
			// beside it ("Impreso el 22 de noviembre de 2026 · …") may
			// take the rest of the line.
			t := f.fit(hf.footLeft, tf, max(half, fr.w-f.b.width(num, tf.style, tf.size)-8))
			ops = append(ops, op{kind: opText, x: fr.x0, y: fy, text: t, f: tf})
		}
		ops = append(ops, op{kind: opText, x: right - f.b.width(num, tf.style, tf.size), y: fy, text: num, f: tf})
		p.over = append(p.over, ops...)
	}
	return &document{fr: fr, pages: pages, rows: f.rows}
}

// date is a day with its month in full, in the handout's language:
// unambiguous on either side of the Atlantic.
func (f *flow) date(t time.Time) string { return f.l.LongDate(t) }

// printedLine is the footer's "Printed 22 November 2026".
func (f *flow) printedLine(t time.Time) string {
	return f.l.T("handout.footer.printed", "Date", f.date(t))
}

func printedOn(t time.Time) time.Time {
	if t.IsZero() {
		return time.Now()
	}
	return t
}
