package handout

import (
	"strings"
	"unicode/utf8"
)

// rgb is a colour.
type rgb struct{ r, g, b uint8 }

// textFmt is how a run of text is drawn.
type textFmt struct {
	style style
	size  float64 // pt
	color rgb
	url   string // a clickable link target, or ""
}

// span is sanitized text in one format: the input of line breaking.
type span struct {
	text string
	f    textFmt
}

// seg is a run of text placed on a line, x relative to the line's start.
type seg struct {
	x, w float64
	text string
	f    textFmt
}

// line is one broken line of text.
type line struct {
	segs []seg
	w    float64
}

// piece is part of a word in one format; words can change format mid-word
// ("**strong**,") and must not break there.
type piece struct {
	text string
	f    textFmt
	w    float64
}

type word struct {
	pieces []piece
	w      float64
	space  *piece // the space after the word, in the format it was typed in
	brk    bool   // a hard line break follows
}

// wrap breaks spans into lines no wider than firstW (the first line) and
// restW (the others), in mm, greedily and ragged right, at spaces only: no hyphenation, so names and URLs stay whole. A word
// wider than a whole line (a URL, or 3,000 characters typed without a space)
// is broken between characters. Every line has at least one character, so
// wrapping always makes progress however narrow the column.
func (b *fontBook) wrap(spans []span, firstW, restW float64) []line {
	words := b.words(spans)
	var (
		lines []line
		cur   []piece
		curW  float64
		prev  *word
	)
	width := firstW
	flush := func() {
		lines = append(lines, b.assemble(cur))
		cur, curW, prev = nil, 0, nil
		width = restW
	}
	for i := range words {
		w := &words[i]
		if len(w.pieces) > 0 {
			sw := 0.0
			if prev != nil && prev.space != nil {
				sw = prev.space.w
			}
			if len(cur) > 0 && curW+sw+w.w > width {
				flush()
				sw = 0
			}
			if len(cur) == 0 && w.w > width {
				chunks := b.splitWord(w.pieces, width, restW)
				for _, c := range chunks[:len(chunks)-1] {
					lines = append(lines, b.assemble(c))
				}
				width = restW
				cur = chunks[len(chunks)-1]
				curW = 0
				for _, p := range cur {
					curW += p.w
				}
			} else {
				if len(cur) > 0 && prev != nil && prev.space != nil {
					cur = append(cur, *prev.space)
					curW += sw
				}
				cur = append(cur, w.pieces...)
				curW += w.w
			}
			prev = w
		}
		if w.brk {
			flush()
		}
	}
	if len(cur) > 0 || len(lines) == 0 {
		flush()
	}
	return lines
}

// words splits spans at spaces and newlines. Runs of spaces collapse into one.
func (b *fontBook) words(spans []span) []word {
	var words []word
	var cur word
	end := func(space *piece, brk bool) {
		if len(cur.pieces) == 0 && !brk {
			// Leading or repeated spaces: remember only the first.
			if len(words) > 0 && words[len(words)-1].space == nil && !words[len(words)-1].brk {
				words[len(words)-1].space = space
			}
			return
		}
		cur.space = space
		cur.brk = brk
		words = append(words, cur)
		cur = word{}
	}
	for _, sp := range spans {
		start := 0
		for i := 0; i < len(sp.text); {
			c := sp.text[i]
			if c == ' ' || c == '\t' || c == '\n' {
				if i > start {
					b.addPiece(&cur, sp.text[start:i], sp.f)
				}
				if c == '\n' {
					end(nil, true)
				} else {
					end(&piece{text: " ", f: sp.f, w: b.width(" ", sp.f.style, sp.f.size)}, false)
				}
				i++
				start = i
				continue
			}
			i++
		}
		if start < len(sp.text) {
			b.addPiece(&cur, sp.text[start:], sp.f)
		}
	}
	if len(cur.pieces) > 0 {
		words = append(words, cur)
	}
	return words
}

func (b *fontBook) addPiece(w *word, text string, f textFmt) {
	pw := b.width(text, f.style, f.size)
	w.pieces = append(w.pieces, piece{text: text, f: f, w: pw})
	w.w += pw
}

// splitWord breaks an over-long word between characters into chunks that each
// fit width; the last chunk may have room left for what follows.
func (b *fontBook) splitWord(pieces []piece, width, restW float64) [][]piece {
	var chunks [][]piece
	var cur []piece
	curW := 0.0
	for _, p := range pieces {
		adv := b.faces[p.f.style].adv
		scale := p.f.size / 1000 * ptToMM
		start := 0
		segW := 0.0
		for i := 0; i < len(p.text); {
			r, size := utf8.DecodeRuneInString(p.text[i:])
			rw := 0.0
			if r < 0x10000 {
				rw = float64(adv[r]) * scale
			}
			if curW+segW+rw > width && (curW+segW > 0) {
				if i > start {
					cur = append(cur, piece{text: p.text[start:i], f: p.f, w: segW})
				}
				chunks = append(chunks, cur)
				cur, curW, segW, start = nil, 0, 0, i
				width = restW
			}
			segW += rw
			i += size
		}
		if start < len(p.text) {
			cur = append(cur, piece{text: p.text[start:], f: p.f, w: segW})
			curW += segW
		}
	}
	chunks = append(chunks, cur)
	return chunks
}

// assemble merges neighbouring pieces in the same format into segments, so
// a line is drawn with as few text operations as possible, and drops a
// trailing space.
func (b *fontBook) assemble(pieces []piece) line {
	for len(pieces) > 0 && pieces[len(pieces)-1].text == " " {
		pieces = pieces[:len(pieces)-1]
	}
	var l line
	x := 0.0
	for _, p := range pieces {
		if n := len(l.segs); n > 0 && l.segs[n-1].f == p.f {
			l.segs[n-1].text += p.text
			l.segs[n-1].w += p.w
		} else {
			l.segs = append(l.segs, seg{x: x, w: p.w, text: p.text, f: p.f})
		}
		x += p.w
	}
	l.w = x
	return l
}

// plain is a single span of sanitized text.
func plain(text string, f textFmt) []span { return []span{{text: text, f: f}} }

// paragraphs splits plain typed text (answers, notes, comments) into
// paragraphs at blank lines; single newlines stay as line breaks.
func paragraphs(s string) []string {
	var out, cur []string
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.Join(cur, "\n"))
			cur = nil
		}
	}
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) == "" {
			flush()
			continue
		}
		cur = append(cur, strings.TrimRight(l, " \t"))
	}
	flush()
	return out
}
