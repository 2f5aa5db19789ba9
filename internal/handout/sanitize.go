package handout

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// placeholderRune stands in for an emoji or a character the font cannot draw.
const placeholderRune = '□'

// fallbacks maps characters the embedded fonts lack to ones they have. Only used
// when the font really lacks the original.
var fallbacks = map[rune]string{
	'\u2009': " ", '\u200A': " ", '\u2002': " ", '\u2003': " ", '\u2004': " ",
	'\u2005': " ", '\u2006': " ", '\u2007': " ", '\u2008': " ", '\u205F': " ",
	'\u3000': " ", '\u1680': " ",
	'\u202F': "\u00A0", // narrow no-break space
	'\u2010': "-", '\u2011': "-", '\u2012': "–", '\u2015': "—", '\u2212': "-",
	'\u2043': "-", '\uFE58': "—", '\uFE63': "-", '\uFF0D': "-",
	'\u2023': "•", '\u25E6': "•", '\u2219': "·",
	'\u201B': "‘", '\u201F': "“", '\u2032': "'", '\u2033': "\"",
	'\u2026': "...",
}

// sanitize maps s onto what the embedded fonts can draw, before layout:
//   - newlines are normalised to "\n"; tabs are kept (layout treats them as
//     spaces); every other control or format character is dropped;
//   - text is NFC-normalised, so decomposed accents become the precomposed
//     letters the font has;
//   - an emoji (including ZWJ sequences, skin tones, flags and variation
//     selectors) becomes a single placeholder "□";
//   - other missing characters fall back to a similar character, to their
//     compatibility decomposition without the marks the font lacks
//     ("ệ" -> "e", "ﬁ" -> "fi"), or to the placeholder.
//
// gofpdf panics on runes outside the Basic Multilingual Plane, so nothing
// outside it survives this step.
func (b *fontBook) sanitize(s string) string {
	if b.clean(s) {
		return s
	}
	if norm.NFC.QuickSpanString(s) != len(s) {
		s = norm.NFC.String(s)
	}
	var out strings.Builder
	out.Grow(len(s))
	joining := false     // the previous rune was a placeholder for an emoji
	afterJoiner := false // a ZWJ followed that emoji
	regional := false    // the previous rune was an unpaired regional indicator
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				continue
			}
			out.WriteByte('\n')
		case r == '\n' || r == '\t':
			out.WriteRune(r)
		case r == '\u2028' || r == '\u2029' || r == '\u0085':
			out.WriteByte('\n')
		case r == utf8.RuneError && size == 1:
			// Invalid UTF-8: show the standard replacement character if we can.
			b.writePlaceholder(&out, '\uFFFD')
		case isEmojiJoiner(r):
			// Zero-width joiners, variation selectors, skin tones, tags and
			// keycaps belong to the emoji before them.
			if r == '\u200D' && joining {
				afterJoiner = true
			}
			continue
		case unicode.Is(unicode.Cf, r):
			// Format characters (soft hyphen, bidi marks, zero-width space)
			// shape text on screen; drawn by gofpdf they would show or
			// vanish unpredictably, so drop them even when the font has them.
		case b.has(r):
			out.WriteRune(r)
		case isEmoji(r):
			if (joining && afterJoiner) || (regional && isRegionalIndicator(r)) {
				afterJoiner = false
				regional = false
				continue
			}
			b.writePlaceholder(&out, placeholderRune)
			joining, afterJoiner = true, false
			regional = isRegionalIndicator(r)
			continue
		default:
			b.writeFallback(&out, r)
		}
		joining, afterJoiner, regional = false, false, false
	}
	return out.String()
}

// clean reports whether s needs no changes: the common case for text typed in
// a Latin alphabet.
func (b *fontBook) clean(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || !b.has(r) || unicode.Is(unicode.Cf, r) {
			return false
		}
		i += size
	}
	return norm.NFC.QuickSpanString(s) == len(s)
}

func (b *fontBook) writePlaceholder(out *strings.Builder, r rune) {
	if b.has(r) {
		out.WriteRune(r)
		return
	}
	if b.has(placeholderRune) {
		out.WriteRune(placeholderRune)
		return
	}
	out.WriteString("[symbol]")
}

func (b *fontBook) writeFallback(out *strings.Builder, r rune) {
	if r >= 0x10000 || unicode.Is(unicode.Co, r) {
		b.writePlaceholder(out, placeholderRune)
		return
	}
	if unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r) ||
		unicode.Is(unicode.Cs, r) || unicode.Is(unicode.Mn, r) ||
		unicode.Is(unicode.Me, r) || isNoncharacter(r) {
		// Controls, format characters (zero-width space, bidi marks, soft
		// hyphen) and combining marks the font lacks: drop them.
		return
	}
	if fb, ok := fallbacks[r]; ok && b.drawable(fb) {
		out.WriteString(fb)
		return
	}
	if unicode.Is(unicode.Zs, r) {
		out.WriteByte(' ')
		return
	}
	// Compatibility decomposition, keeping what the font can draw:
	// "ệ" -> "e", "ﬁ" -> "fi", "①" -> "1", full-width letters -> ASCII.
	var kept []rune
	for _, d := range norm.NFKD.String(string(r)) {
		if b.has(d) {
			kept = append(kept, d)
		}
	}
	if len(kept) > 0 {
		out.WriteString(norm.NFC.String(string(kept)))
		return
	}
	b.writePlaceholder(out, placeholderRune)
}

func (b *fontBook) drawable(s string) bool {
	for _, r := range s {
		if !b.has(r) {
			return false
		}
	}
	return true
}

func isNoncharacter(r rune) bool {
	return (r >= 0xFDD0 && r <= 0xFDEF) || r&0xFFFE == 0xFFFE
}

func isRegionalIndicator(r rune) bool { return r >= 0x1F1E6 && r <= 0x1F1FF }

// isEmojiJoiner reports runes that only modify or join emoji.
func isEmojiJoiner(r rune) bool {
	switch {
	case r == '\u200D', r == '\u20E3':
		return true
	case r >= 0xFE00 && r <= 0xFE0F: // variation selectors
		return true
	case r >= 0x1F3FB && r <= 0x1F3FF: // skin tones
		return true
	case r >= 0xE0020 && r <= 0xE007F: // tag sequences (subdivision flags)
		return true
	case r >= 0xE0100 && r <= 0xE01EF: // variation selectors supplement
		return true
	}
	return false
}

// isEmoji reports pictographs: everything outside the BMP that is a symbol or
// unassigned, plus the BMP symbol blocks emoji live in.
func isEmoji(r rune) bool {
	switch {
	case r >= 0x10000:
		return unicode.Is(unicode.So, r) || unicode.Is(unicode.Sk, r) ||
			!unicode.IsPrint(r) || (r >= 0x1F000 && r <= 0x1FAFF)
	case r >= 0x2190 && r <= 0x21FF, // arrows
		r >= 0x2300 && r <= 0x23FF, // misc technical (⌚ ⏰)
		r >= 0x2460 && r <= 0x24FF && unicode.Is(unicode.So, r),
		r >= 0x25A0 && r <= 0x27BF, // shapes, misc symbols, dingbats
		r >= 0x2900 && r <= 0x297F,
		r >= 0x2B00 && r <= 0x2BFF,
		r == 0x3030, r == 0x303D, r == 0x3297, r == 0x3299,
		r == 0x00A9, r == 0x00AE, r == 0x2122, r == 0x2139:
		return unicode.Is(unicode.So, r) || unicode.Is(unicode.Sm, r)
	}
	return false
}
