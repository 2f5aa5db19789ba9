package handout

import (
	"fmt"
	"io"

	"github.com/jung-kurt/gofpdf"
)

// paint turns a laid-out document into PDF. It is the only place, with
// fontcache.go, that knows gofpdf.
func (r *Renderer) paint(w io.Writer, d *document) error {
	pdf := gofpdf.NewCustom(&gofpdf.InitType{
		OrientationStr: "P",
		UnitStr:        "mm",
		Size:           gofpdf.SizeType{Wd: d.fr.pageW, Ht: d.fr.pageH},
	})
	pdf.SetMargins(0, 0, 0)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetCompression(true)
	// Sorted catalog and fixed dates: the same input makes the same bytes.
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(d.created)
	pdf.SetModificationDate(d.created)
	pdf.SetTitle(d.title, true)
	pdf.SetAuthor(d.author, true)
	pdf.SetSubject(d.subject, true)
	pdf.SetCreator("Tend", true)
	pdf.SetProducer("Tend", true)

	if err := r.fonts.install(pdf, usedStyles(d)); err != nil {
		return fmt.Errorf("%w: fonts: %w", ErrRender, err)
	}

	p := painter{pdf: pdf, book: r.book, outlineLevel: -1}
	for i := range d.pages {
		pdf.AddPage()
		p.reset()
		for _, o := range d.pages[i].under {
			p.op(o)
		}
		for _, o := range d.pages[i].over {
			p.op(o)
		}
	}
	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("%w: %w", ErrRender, err)
	}
	return nil
}

func usedStyles(d *document) (used [numStyles]bool) {
	used[styleRegular] = true // the footer
	for i := range d.pages {
		for _, o := range d.pages[i].over {
			if o.kind == opText {
				used[o.f.style] = true
			}
		}
	}
	return used
}

// painter skips gofpdf state changes that would not change anything.
type painter struct {
	pdf      *gofpdf.Fpdf
	book     *fontBook
	fontSet  bool
	st       style
	size     float64
	text     rgb
	textSet  bool
	draw     rgb
	drawSet  bool
	fill     rgb
	fillSet  bool
	lineW    float64
	lineWSet bool

	outlineLevel int // outline levels may only go one deeper at a time
}

func (p *painter) reset() {
	// gofpdf re-emits font and colours at the start of each page.
	*p = painter{pdf: p.pdf, book: p.book, outlineLevel: p.outlineLevel}
}

func (p *painter) setFont(st style, size float64) {
	if p.fontSet && p.st == st && p.size == size {
		return
	}
	p.pdf.SetFont(fontFamily, st.gofpdfStyle(), size)
	p.fontSet, p.st, p.size = true, st, size
}

func (p *painter) setText(c rgb) {
	if p.textSet && p.text == c {
		return
	}
	p.pdf.SetTextColor(int(c.r), int(c.g), int(c.b))
	p.textSet, p.text = true, c
}

func (p *painter) setDraw(c rgb) {
	if p.drawSet && p.draw == c {
		return
	}
	p.pdf.SetDrawColor(int(c.r), int(c.g), int(c.b))
	p.drawSet, p.draw = true, c
}

func (p *painter) setFill(c rgb) {
	if p.fillSet && p.fill == c {
		return
	}
	p.pdf.SetFillColor(int(c.r), int(c.g), int(c.b))
	p.fillSet, p.fill = true, c
}

func (p *painter) setLineW(w float64) {
	if w <= 0 {
		w = 0.2
	}
	if p.lineWSet && p.lineW == w {
		return
	}
	p.pdf.SetLineWidth(w)
	p.lineWSet, p.lineW = true, w
}

func (p *painter) shapeStyle(o op) string {
	s := ""
	if o.filled {
		p.setFill(o.fill)
		s += "F"
	}
	if o.stroked {
		p.setDraw(o.f.color)
		p.setLineW(o.lineW)
		s += "D"
	}
	return s
}

func (p *painter) op(o op) {
	switch o.kind {
	case opText:
		if o.text == "" {
			return
		}
		text := o.text
		if !p.book.clean(text) {
			// Builders sanitize what they are given; this is the backstop,
			// since gofpdf panics on invalid UTF-8 and on runes past U+FFFF.
			text = p.book.sanitize(text)
		}
		p.setFont(o.f.style, o.f.size)
		p.setText(o.f.color)
		p.pdf.Text(o.x, o.y, text)
	case opRect:
		s := p.shapeStyle(o)
		if s == "" {
			return
		}
		if o.r > 0 {
			p.pdf.RoundedRect(o.x, o.y, o.w, o.h, o.r, "1234", s)
		} else {
			p.pdf.Rect(o.x, o.y, o.w, o.h, s)
		}
	case opCircle:
		if s := p.shapeStyle(o); s != "" {
			p.pdf.Circle(o.x, o.y, o.r, s)
		}
	case opLine:
		p.setDraw(o.f.color)
		p.setLineW(o.lineW)
		p.pdf.Line(o.x, o.y, o.x+o.w, o.y+o.h)
	case opLink:
		p.pdf.LinkString(o.x, o.y, o.w, o.h, o.url)
	case opOutline:
		text := o.text
		if !p.book.clean(text) {
			text = p.book.sanitize(text)
		}
		// gofpdf encodes the entry in the current font's encoding: ours.
		if !p.fontSet {
			p.setFont(styleRegular, bodySize)
		}
		level := int(o.r)
		level = min(level, p.outlineLevel+1)
		p.outlineLevel = level
		p.pdf.Bookmark(text, level, o.y)
	}
}
