package handout

import (
	_ "embed"
	"fmt"
	"math"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// style is one face of the embedded family.
type style uint8

const (
	styleRegular style = iota
	styleBold
	styleItalic
	styleBoldItalic
	numStyles
)

func styleOf(bold, italic bool) style {
	s := styleRegular
	if bold {
		s |= styleBold
	}
	if italic {
		s |= styleItalic
	}
	return s
}

// gofpdfStyle is the style string gofpdf's SetFont expects.
func (s style) gofpdfStyle() string {
	return [...]string{"", "B", "I", "BI"}[s]
}

const (
	fontFamily = "dejavu"
	ptToMM     = 25.4 / 72
)

// face holds one TrueType face and its advance widths for the Basic
// Multilingual Plane, in thousandths of an em, rounded exactly as gofpdf rounds
// them, so our line breaking agrees with the widths written into the PDF.
type face struct {
	ttf []byte
	adv []uint16
}

// fontBook is the parsed DejaVu Sans family: widths for layout and the set of
// runes every face can draw (the sanitize step maps everything else).
type fontBook struct {
	faces   [numStyles]face
	covered [0x10000 / 64]uint64
}

// The text face is DejaVu Sans (fonts/README.md): plain lining digits, no
// slashed zero, and the Greek and accented letters people write.
var (
	//go:embed fonts/DejaVuSans.ttf
	ttfRegular []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	ttfBold []byte
	//go:embed fonts/DejaVuSans-Oblique.ttf
	ttfItalic []byte
	//go:embed fonts/DejaVuSans-BoldOblique.ttf
	ttfBoldItalic []byte
)

func loadFontBook() (*fontBook, error) {
	b := &fontBook{}
	ttfs := [numStyles][]byte{ttfRegular, ttfBold, ttfItalic, ttfBoldItalic}
	for i := range b.covered {
		b.covered[i] = math.MaxUint64
	}
	var buf sfnt.Buffer
	for s, ttf := range ttfs {
		f, err := sfnt.Parse(ttf)
		if err != nil {
			return nil, fmt.Errorf("parse font %d: %w", s, err)
		}
		upem := float64(f.UnitsPerEm())
		ppem := fixed.I(int(f.UnitsPerEm()))
		adv := make([]uint16, 0x10000)
		for r := rune(0); r < 0x10000; r++ {
			gi, err := f.GlyphIndex(&buf, r)
			if err != nil || gi == 0 {
				b.covered[r/64] &^= 1 << (r % 64)
				continue
			}
			a, err := f.GlyphAdvance(&buf, gi, ppem, font.HintingNone)
			if err != nil {
				return nil, fmt.Errorf("advance of %U in font %d: %w", r, s, err)
			}
			adv[r] = uint16(math.Round(1000 * float64(a) / 64 / upem))
		}
		b.faces[s] = face{ttf: ttf, adv: adv}
	}
	// Emoji become one placeholder whatever the font has (sanitize): DejaVu
	// draws some pictographs and joiners in black and white, which would
	// split a sequence such as a family into pieces.
	for r := rune(0); r < 0x10000; r++ {
		if (isEmoji(r) || isEmojiJoiner(r)) && r != placeholderRune {
			b.covered[r/64] &^= 1 << (r % 64)
		}
	}
	// Control characters have glyphs in some fonts but never belong on paper.
	for r := rune(0); r < 0x20; r++ {
		b.covered[0] &^= 1 << r
	}
	b.covered[0x7f/64] &^= 1 << (0x7f % 64)
	return b, nil
}

// has reports whether every face has a glyph for r.
func (b *fontBook) has(r rune) bool {
	if r < 0 || r >= 0x10000 {
		return false
	}
	return b.covered[r/64]&(1<<(r%64)) != 0
}

// width is the advance of s in mm at size pt.
func (b *fontBook) width(s string, st style, size float64) float64 {
	adv := b.faces[st].adv
	var units int
	for _, r := range s {
		if r < 0x10000 {
			units += int(adv[r])
		}
	}
	return float64(units) * size / 1000 * ptToMM
}
