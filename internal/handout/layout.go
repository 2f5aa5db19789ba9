package handout

import "sort"

// Layout works in two steps, both plain Go: builders turn a handout into a
// flat list of rows (a line of text, a ruled writing line, a row of choice
// boxes), then paginate places the rows on pages, keeping headings with what
// follows and sections together where they fit, and drawing shaded boxes one
// fragment per page. paint.go turns the result into PDF.

type opKind uint8

const (
	opText    opKind = iota // text with its baseline at (x, y)
	opRect                  // rectangle at (x, y), size (w, h); r = corner radius
	opLine                  // line from (x, y) to (x+w, y+h)
	opCircle                // circle centred on (x, y), radius r
	opLink                  // clickable area (x, y, w, h) to url
	opOutline               // a PDF outline (bookmark) entry at y, level r
)

// op is one drawing operation. In a row, y is relative to the row's top.
type op struct {
	kind       opKind
	x, y, w, h float64
	r          float64 // corner or circle radius
	z          int     // drawing order of box backgrounds: outer boxes first
	text       string
	f          textFmt // text format; for shapes f.color is the stroke colour
	fill       rgb
	filled     bool
	stroked    bool
	lineW      float64
	url        string
}

// box is a decoration around consecutive rows: a shaded panel, a bordered
// note, a quote bar. It is drawn once per page it spans.
type box struct {
	x, w           float64
	padTop, padBot float64
	margin         float64 // space above and below, collapsed with neighbours
	fill           rgb
	filled         bool
	border         rgb
	bordered       bool
	bar            rgb // a left bar, when barW > 0
	barW           float64
	radius         float64
}

// row is an atomic vertical unit of a page.
type row struct {
	h     float64
	gap   float64 // space above, dropped at the top of a page
	ops   []op
	boxes []*box // enclosing boxes, outermost first
	keeps []keepSpan
	kind  rowKind
}

// keepSpan asks for rows [i, end) to share a page when they fit on one and,
// if maxH > 0, are no taller than maxH: a long block is better split than
// pushed whole to the next page, leaving a gap.
type keepSpan struct {
	end  int
	maxH float64
}

type rowKind uint8

const (
	rowBody rowKind = iota
	rowHeading
)

// frame is the page geometry in mm.
type frame struct {
	pageW, pageH float64
	x0, w        float64 // the text column
	top, bottom  float64 // body area
}

type page struct {
	under []op // box backgrounds, drawn first
	over  []op
	rows  []placedRow
}

type placedRow struct {
	index int
	y     float64
}

// transition is the space between the bottom of row a and the top of row b on
// the same page: bottom padding of boxes that close, the collapsed gap, top
// padding of boxes that open.
func transition(a, b *row) (closeH, gap, openH float64, common int) {
	common = commonBoxes(a.boxes, b.boxes)
	gap = b.gap
	for _, bx := range a.boxes[common:] {
		closeH += bx.padBot
		gap = max(gap, bx.margin)
	}
	for _, bx := range b.boxes[common:] {
		openH += bx.padTop
		gap = max(gap, bx.margin)
	}
	return closeH, gap, openH, common
}

func commonBoxes(a, b []*box) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

func padTops(bs []*box) (h float64) {
	for _, b := range bs {
		h += b.padTop
	}
	return h
}

func padBots(bs []*box) (h float64) {
	for _, b := range bs {
		h += b.padBot
	}
	return h
}

// spanHeight is the height rows [i, end) take when row i starts a page. It
// stops counting once past limit: the span cannot be kept whole anyway.
func spanHeight(rows []row, i, end int, limit float64) float64 {
	h := padTops(rows[i].boxes) + rows[i].h
	for k := i + 1; k < end && h <= limit; k++ {
		c, g, o, _ := transition(&rows[k-1], &rows[k])
		h += c + g + o + rows[k].h
	}
	return h + padBots(rows[end-1].boxes)
}

// extendKeep grows the span [i, end), which fits a page, to take in the keeps
// of the rows inside it while it still fits: a heading kept with the first
// two lines of a list item must also bring the rest of that item when the
// item itself is to stay whole.
func extendKeep(rows []row, i, end int, capacity float64) int {
	for k := i + 1; k < end; k++ {
		for _, inner := range rows[k].keeps {
			e := min(inner.end, len(rows))
			if e <= end {
				continue
			}
			limit := capacity
			if inner.maxH > 0 {
				limit = min(limit, inner.maxH)
			}
			if spanHeight(rows, k, e, limit) <= limit && spanHeight(rows, i, e, capacity) <= capacity {
				end = e
			}
		}
	}
	return end
}

type openFrag struct {
	b     *box
	depth int
	y0    float64
}

// paginate places rows on pages.
func paginate(rows []row, fr frame) []page {
	var (
		pages []page
		cur   *page
		y     float64
		open  []openFrag
		prev  *row
	)
	capacity := fr.bottom - fr.top
	closeFrags := func(keep int, y float64) float64 {
		// Close boxes from the innermost out, down to depth keep.
		for len(open) > keep {
			of := open[len(open)-1]
			open = open[:len(open)-1]
			y += of.b.padBot
			cur.under = append(cur.under, boxOps(of.b, of.depth, of.y0, y)...)
		}
		return y
	}
	openFrags := func(bs []*box, from int, y float64) float64 {
		for d := from; d < len(bs); d++ {
			open = append(open, openFrag{b: bs[d], depth: d, y0: y})
			y += bs[d].padTop
		}
		return y
	}
	newPage := func(r *row) {
		if cur != nil {
			closeFrags(0, y)
		}
		pages = append(pages, page{})
		cur = &pages[len(pages)-1]
		y = openFrags(r.boxes, 0, fr.top)
	}
	for i := range rows {
		r := &rows[i]
		if cur == nil {
			newPage(r)
		} else {
			c, g, o, _ := transition(prev, r)
			// The next rows this one must travel with, when they fit a page.
			brk := false
			spans := append([]keepSpan(nil), r.keeps...)
			sort.Slice(spans, func(a, b int) bool { return spans[a].end > spans[b].end })
			for _, ks := range spans {
				end := min(ks.end, len(rows))
				if end <= i+1 || spanHeight(rows, i, end, capacity) > capacity {
					continue
				}
				end = extendKeep(rows, i, end, capacity)
				h := spanHeight(rows, i, end, capacity)
				if h > capacity || (ks.maxH > 0 && h > ks.maxH) {
					continue // too tall to keep whole: try a smaller group
				}
				brk = y+c+g+o+h-padTops(r.boxes) > fr.bottom
				break
			}
			if !brk && y+c+g+o+r.h+padBots(r.boxes) > fr.bottom {
				brk = true
			}
			if brk {
				newPage(r)
			} else {
				common := commonBoxes(prev.boxes, r.boxes)
				y = closeFrags(common, y)
				y += g
				y = openFrags(r.boxes, common, y)
			}
		}
		cur.rows = append(cur.rows, placedRow{index: i, y: y})
		for _, o := range r.ops {
			o.y += y
			cur.over = append(cur.over, o)
		}
		y += r.h
		prev = r
	}
	if cur != nil {
		closeFrags(0, y)
	}
	for i := range pages {
		// Outer boxes first, so inner panels are drawn on top of them.
		sort.SliceStable(pages[i].under, func(a, b int) bool {
			return pages[i].under[a].z < pages[i].under[b].z
		})
	}
	return pages
}

// boxOps draws one page's fragment of a box.
func boxOps(b *box, depth int, y0, y1 float64) []op {
	var ops []op
	if b.filled || b.bordered {
		ops = append(ops, op{
			kind: opRect, x: b.x, y: y0, w: b.w, h: y1 - y0, r: b.radius, z: 2 * depth,
			fill: b.fill, filled: b.filled,
			f: textFmt{color: b.border}, stroked: b.bordered, lineW: 0.3,
		})
	}
	if b.barW > 0 {
		ops = append(ops, op{
			kind: opRect, x: b.x, y: y0, w: b.barW, h: y1 - y0, z: 2*depth + 1,
			fill: b.bar, filled: true,
		})
	}
	return ops
}
