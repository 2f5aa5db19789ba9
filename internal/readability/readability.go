// Package readability measures how easy client-facing text is to read and
// checks that it is written fresh rather than copied from a source.
//
// The Flesch–Kincaid grade uses a syllable heuristic, so it is an estimate,
// good for keeping modules plain, not a precise measure.
package readability

import (
	"strings"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// PlainText strips Markdown syntax and returns the readable words. Each block
// (paragraph, heading, list item, block quote line) ends with a blank line,
// so Grade counts a heading or an unpunctuated list item as one sentence
// rather than running it into the next. Code blocks, raw HTML and image
// addresses are dropped; link text is kept.
func PlainText(markdown string) string {
	source := []byte(markdown)
	doc := goldmark.New().Parser().Parse(text.NewReader(source))

	var b strings.Builder
	endBlock := func() {
		s := strings.TrimRight(b.String(), " \t")
		b.Reset()
		b.WriteString(s)
		if s != "" && !strings.HasSuffix(s, "\n\n") {
			b.WriteString("\n\n")
		}
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n := n.(type) {
		case *ast.FencedCodeBlock, *ast.CodeBlock, *ast.HTMLBlock, *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			if entering {
				b.Write(n.Segment.Value(source))
				if n.SoftLineBreak() || n.HardLineBreak() {
					b.WriteByte(' ')
				}
			}
		case *ast.String:
			if entering {
				b.Write(n.Value)
			}
		case *ast.Paragraph, *ast.TextBlock, *ast.Heading, *ast.ThematicBreak:
			if !entering {
				endBlock()
			}
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// Words counts the words in plain text: runs of non-space characters that
// hold at least one letter or digit. "post-sex" and "don't" are one word each.
func Words(text string) int {
	n := 0
	for _, f := range strings.Fields(text) {
		if hasAlnum(f) {
			n++
		}
	}
	return n
}

// Grade returns the Flesch–Kincaid grade level of plain text:
// 0.39 × words per sentence + 11.8 × syllables per word − 15.59.
// Text without words has grade 0. Pass Markdown through PlainText first.
func Grade(text string) float64 {
	words, sentences, syllables := counts(text)
	if words == 0 {
		return 0
	}
	return 0.39*float64(words)/float64(sentences) + 11.8*float64(syllables)/float64(words) - 15.59
}

// counts returns words, sentences and syllables. A sentence ends at a word
// whose last letter is followed by '.', '!' or '?' (closing quotes and
// brackets aside), and at the end of each paragraph, so "et al., 2014" and
// "3.5" do not end sentences but a heading does.
func counts(text string) (words, sentences, syllables int) {
	for _, para := range paragraphs(text) {
		open := 0
		for _, tok := range strings.Fields(para) {
			if !hasAlnum(tok) {
				continue
			}
			words++
			open++
			syllables += wordSyllables(tok)
			if endsSentence(tok) {
				sentences++
				open = 0
			}
		}
		if open > 0 {
			sentences++
		}
	}
	return words, sentences, syllables
}

// paragraphs splits on blank lines; single line breaks are soft wraps.
func paragraphs(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	var out []string
	var cur []string
	for _, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			if len(cur) > 0 {
				out = append(out, strings.Join(cur, " "))
				cur = nil
			}
			continue
		}
		cur = append(cur, line)
	}
	if len(cur) > 0 {
		out = append(out, strings.Join(cur, " "))
	}
	return out
}

func endsSentence(tok string) bool {
	tok = strings.TrimRightFunc(tok, func(r rune) bool {
		return strings.ContainsRune(`"')]}”’»*_`, r)
	})
	if tok == "" {
		return false
	}
	switch tok[len(tok)-1] {
	case '.', '!', '?':
		return true
	}
	return strings.HasSuffix(tok, "…")
}

func hasAlnum(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// wordSyllables counts syllables in one token. Hyphenated words count each
// part ("post-sex" is two); digits count one syllable each, a rough stand-in
// for how numbers are read aloud.
func wordSyllables(tok string) int {
	n := 0
	for _, part := range strings.FieldsFunc(tok, func(r rune) bool { return r == '-' || r == '–' || r == '—' || r == '/' }) {
		var letters strings.Builder
		digits := 0
		for _, r := range strings.ToLower(part) {
			switch {
			case r >= 'a' && r <= 'z':
				letters.WriteRune(r)
			case unicode.IsLetter(r):
				letters.WriteRune(foldAccent(r))
			case unicode.IsDigit(r):
				digits++
			}
		}
		if letters.Len() > 0 {
			n += syllables(letters.String())
		}
		n += digits
	}
	if n == 0 {
		return 1
	}
	return n
}

func foldAccent(r rune) rune {
	switch r {
	case 'à', 'á', 'â', 'ä', 'ã', 'å':
		return 'a'
	case 'è', 'é', 'ê', 'ë':
		return 'e'
	case 'ì', 'í', 'î', 'ï':
		return 'i'
	case 'ò', 'ó', 'ô', 'ö', 'õ':
		return 'o'
	case 'ù', 'ú', 'û', 'ü':
		return 'u'
	}
	return 'x' // any other letter: a consonant for counting purposes
}

// syllables estimates the syllables in one lower-case English word made of
// the letters a–z. It counts vowel groups, then corrects for a silent final
// "e", "-es" and "-ed" endings that add no syllable, "-le" after a consonant,
// a silent "e" before suffixes such as "-ly" and "-ful", and vowel pairs that
// are usually said as two syllables ("serious", "being").
func syllables(word string) int {
	if word == "" {
		return 0
	}
	if len(word) <= 3 {
		return 1
	}
	// "some" in a compound is one syllable: "someone", "sometimes".
	if strings.HasPrefix(word, "some") && len(word) > 5 {
		return 1 + syllables(word[4:])
	}
	w := word
	switch {
	case strings.HasSuffix(w, "led") && consonantLE(w[:len(w)-1]):
		// "settled", "cuddled": keep the -le syllable, drop the d.
		w = w[:len(w)-1]
	case strings.HasSuffix(w, "ed") && !strings.HasSuffix(w, "ted") && !strings.HasSuffix(w, "ded"):
		// "asked", "cared", "used": the -ed adds no syllable.
		w = w[:len(w)-2]
	case strings.HasSuffix(w, "les") && consonantLE(w[:len(w)-1]):
		// "tables", "people's": keep the -le syllable.
		w = w[:len(w)-1]
	case strings.HasSuffix(w, "es") && !esIsSyllable(w):
		// "takes", "goes", "does": the -es adds none; "places", "wishes" keep it.
		w = w[:len(w)-2]
	case strings.HasSuffix(w, "e") && !strings.HasSuffix(w, "ee") && !consonantLE(w):
		// Silent final e: "care", "time". "free" and "gentle" keep it.
		w = w[:len(w)-1]
	}
	// A leading y is a consonant ("you", "yourself").
	w = strings.TrimPrefix(w, "y")

	n := 0
	prevVowel := false
	for i := 0; i < len(w); i++ {
		v := isVowel(w[i])
		if v && !prevVowel {
			n++
		}
		prevVowel = v
	}
	// A silent e before a suffix: "lonely", "careful", "movements", "safety".
	base := word
	if strings.HasSuffix(base, "s") && !strings.HasSuffix(base, "ss") {
		base = base[:len(base)-1]
	}
	for _, suffix := range []string{"ely", "ety", "eful", "ement", "eness", "eless"} {
		if strings.HasSuffix(base, suffix) && len(base) > len(suffix)+1 && !isVowel(base[len(base)-len(suffix)-1]) {
			n--
			break
		}
	}
	// Vowel pairs said as two syllables ("serious", "media", "usual"), but
	// not in "-tion", "-cial", "-gion", "anxious", "quality" or "language".
	for i := 1; i+1 < len(w); i++ {
		pair, before := w[i:i+2], w[i-1]
		switch pair {
		case "ia", "io", "iu":
			if !strings.ContainsRune("ctsgx", rune(before)) {
				n++
			}
		case "ua", "uo":
			if before != 'q' && before != 'g' {
				n++
			}
		}
	}
	// "-iety" splits the vowels: "anxiety", "variety", "society".
	if strings.Contains(word, "iety") {
		n++
	}
	// "-ience" and "-ient" are two syllables ("experience", "client"), but
	// one after c or t ("efficient", "patient").
	for _, end := range []string{"ience", "ient"} {
		if i := strings.Index(word, end); i > 0 && word[i-1] != 'c' && word[i-1] != 't' {
			n++
			break
		}
	}
	// A vowel before "-ing" is its own syllable: "being", "going", "saying".
	if strings.HasSuffix(word, "ing") && len(word) > 4 && isVowel(word[len(word)-4]) {
		n++
	}
	if n < 1 {
		n = 1
	}
	return n
}

// esIsSyllable reports whether a final "-es" is sounded, as after s, x, z,
// ch, sh, and soft c or g ("uses", "boxes", "wishes", "places", "changes").
func esIsSyllable(w string) bool {
	stem := w[:len(w)-2]
	for _, s := range []string{"s", "x", "z", "ch", "sh", "c", "g"} {
		if strings.HasSuffix(stem, s) {
			return true
		}
	}
	return false
}

// consonantLE reports a final "-le" after a consonant, which is its own
// syllable: "gentle", "people", "able".
func consonantLE(w string) bool {
	return len(w) >= 3 && strings.HasSuffix(w, "le") && !isVowel(w[len(w)-3])
}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

// SharedRun returns every run of n consecutive words that appears in both
// text and source, in the order found in text, each once. Words are compared
// lower-cased with punctuation removed and curly quotes and apostrophes
// straightened, so "Don’t" matches "dont" and "post-sex" matches "post sex".
func SharedRun(text, source string, n int) []string {
	if n <= 0 {
		return nil
	}
	src := normalWords(source)
	if len(src) < n {
		return nil
	}
	seen := make(map[string]bool, len(src))
	for i := 0; i+n <= len(src); i++ {
		seen[strings.Join(src[i:i+n], " ")] = true
	}
	txt := normalWords(text)
	var out []string
	reported := map[string]bool{}
	for i := 0; i+n <= len(txt); i++ {
		run := strings.Join(txt[i:i+n], " ")
		if seen[run] && !reported[run] {
			reported[run] = true
			out = append(out, run)
		}
	}
	return out
}

// normalWords lower-cases text, drops apostrophes inside words and splits on
// anything that is not a letter or digit.
func normalWords(s string) []string {
	s = strings.ToLower(s)
	s = strings.NewReplacer("’", "", "‘", "", "'", "", "ʼ", "", "`", "").Replace(s)
	return strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}
