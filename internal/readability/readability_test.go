package readability

import (
	"math"
	"reflect"
	"testing"
)

func TestSyllables(t *testing.T) {
	// Counts from a pronouncing dictionary. The heuristic is allowed to
	// miss on rare words, but these common ones must be right.
	tests := map[string]int{
		"a": 1, "the": 1, "you": 1, "your": 1, "yourself": 2, "care": 1,
		"aftercare": 3, "time": 1, "sometimes": 2, "someone": 2, "something": 2,
		"partner": 2, "partners": 2, "people": 2, "gentle": 2, "table": 2,
		"tables": 2, "settled": 2, "asked": 1, "used": 1, "cared": 1,
		"wanted": 2, "needed": 2, "takes": 1, "does": 1, "goes": 1, "places": 2,
		"uses": 2, "changes": 2, "wishes": 2, "free": 1, "freely": 2, "lonely": 2,
		"careful": 2, "safely": 2, "movement": 2, "body": 2, "they": 1,
		"water": 2, "feeling": 2, "being": 2, "going": 2, "saying": 2,
		"social": 2, "special": 2, "nation": 2, "serious": 3, "media": 3,
		"usual": 3, "quality": 3, "language": 2, "anxious": 2, "period": 3,
		"experience": 4, "client": 2, "patient": 2, "different": 3,
		"comfortable": 4, "relationship": 4, "oxytocin": 4, "prolactin": 3,
		"australian": 4, "platypus": 3, "seemingly": 3, "hybrid": 2,
		"mammal": 2, "reptilian": 4, "creature": 2, "while": 1, "whole": 1,
		"alone": 2, "before": 2, "sex": 1, "after": 2, "cuddle": 2, "talk": 1,
		"clinician": 3, "doctor": 2, "research": 2, "study": 2, "closeness": 2,
		"safety": 2, "statements": 2, "movements": 2, "anxiety": 4, "variety": 4,
	}
	for word, want := range tests {
		if got := syllables(word); got != want {
			t.Errorf("syllables(%q) = %d, want %d", word, got, want)
		}
	}
}

func TestGrade_KnownSentences(t *testing.T) {
	tests := []struct {
		name string
		text string
		// want is computed by hand from dictionary syllable counts:
		// 0.39*words/sentences + 11.8*syllables/words - 15.59.
		want float64
	}{
		{
			// 6 words, 1 sentence, 6 syllables.
			"one-syllable words",
			"The cat sat on the mat.",
			0.39*6 + 11.8*1 - 15.59,
		},
		{
			// Wikipedia's Flesch-Kincaid example: 13 words, 26 syllables, grade 13.1.
			"platypus",
			"The Australian platypus is seemingly a hybrid of a mammal and reptilian creature.",
			0.39*13 + 11.8*26.0/13 - 15.59,
		},
		{
			// 2 sentences, 13 words, 15 syllables.
			"two short sentences",
			"Drink some water after sex. Rest for a while if you need to.",
			0.39*13/2 + 11.8*15.0/13 - 15.59,
		},
		{
			// A heading with no full stop counts as a sentence of its own:
			// 2 sentences, 7 words, 8 syllables.
			"paragraph end closes a sentence",
			"Try this\n\nAsk your partner what helps.",
			0.39*7/2 + 11.8*8.0/7 - 15.59,
		},
		{
			// "et al., 2014" and "3.5" do not end a sentence: 1 sentence,
			// 8 words, 13 syllables (digits count one each).
			"citation and decimal",
			"It rose 3.5 times (Carter et al., 2014).",
			0.39*8 + 11.8*(1+1+2+1+2+1+1+4)/8.0 - 15.59,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Grade(tt.text)
			if math.Abs(got-tt.want) > 0.001 {
				t.Errorf("Grade(%q) = %.3f, want %.3f", tt.text, got, tt.want)
			}
		})
	}
}

func TestGrade_OrdersTexts(t *testing.T) {
	plain := "You can rest after sex. You can drink water. You can ask for a hug."
	dense := "Physiological recuperation subsequent to sexual activity frequently necessitates " +
		"considerable hydration, nutritional replenishment, and interpersonal reassurance."
	if g := Grade(plain); g > 2 {
		t.Errorf("Grade(plain) = %.2f, want <= 2", g)
	}
	if g := Grade(dense); g < 16 {
		t.Errorf("Grade(dense) = %.2f, want >= 16", g)
	}
}

func TestGrade_Empty(t *testing.T) {
	for _, s := range []string{"", "   \n\n ", "— … —"} {
		if g := Grade(s); g != 0 {
			t.Errorf("Grade(%q) = %v, want 0", s, g)
		}
	}
}

func TestWords(t *testing.T) {
	tests := []struct {
		text string
		want int
	}{
		{"", 0},
		{"one", 1},
		{"Post-sex care — it's yours.", 4},
		{"Data from 1,208 men.", 4},
		{"  spaced\n\nout  words ", 3},
	}
	for _, tt := range tests {
		if got := Words(tt.text); got != tt.want {
			t.Errorf("Words(%q) = %d, want %d", tt.text, got, tt.want)
		}
	}
}

func TestPlainText(t *testing.T) {
	tests := []struct {
		name, md, want string
	}{
		{
			"headings and paragraphs become blocks",
			"## First part\nSome *soft* text\nwrapped here.\n\n### Smaller\nMore.",
			"First part\n\nSome soft text wrapped here.\n\nSmaller\n\nMore.",
		},
		{
			"lists",
			"- one thing\n- **two** things\n\n1. first\n2. second",
			"one thing\n\ntwo things\n\nfirst\n\nsecond",
		},
		{
			"block quote, link and code",
			"> \"I'd love a hug.\"\n\nSee [the guide](https://example.org) and `code`.",
			"\"I'd love a hug.\"\n\nSee the guide and code.",
		},
		{
			"fenced code and HTML are dropped",
			"Before.\n\n```\nx := 1\n```\n\n<div>hidden</div>\n\nAfter.",
			"Before.\n\nAfter.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := PlainText(tt.md); got != tt.want {
				t.Errorf("PlainText()\n got: %q\nwant: %q", got, tt.want)
			}
		})
	}
}

func TestSharedRun(t *testing.T) {
	source := "Aftercare is the care you give yourself and your partner after sex. It’s different for everyone."
	tests := []struct {
		name, text string
		n          int
		want       []string
	}{
		{
			"no shared run",
			"After sex, some people like to rest, drink water and talk a little.",
			8, nil,
		},
		{
			"a copied clause is found despite case and punctuation",
			"Remember: AFTERCARE is the care you give — yourself, and your partner!",
			8, []string{
				"aftercare is the care you give yourself and",
				"is the care you give yourself and your",
				"the care you give yourself and your partner",
			},
		},
		{
			"curly and straight apostrophes match",
			"Honestly, it's different for everyone who tries it.",
			4, []string{"its different for everyone"},
		},
		{
			"seven words are not eight",
			"Yes, the care you give yourself and more.",
			8, nil,
		},
		{
			"each run reported once",
			"after sex it's different. After sex it's different.",
			3, []string{"after sex its", "sex its different"},
		},
		{"n of zero", "anything", 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SharedRun(tt.text, source, tt.n)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("SharedRun() = %q, want %q", got, tt.want)
			}
		})
	}
}
