package worksheet

import (
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/readability"
)

// What a client reads on a built-in worksheet (intro, headings, questions,
// help and choices) is plain language: grade 8 or below, as the modules are.
func TestBuiltins_ClientTextReadsAtGradeEightOrBelow(t *testing.T) {
	for slug, s := range builtins(t) {
		parts := []string{s.Intro}
		for _, sec := range s.Sections {
			parts = append(parts, sec.Intro)
			for _, f := range sec.Fields {
				parts = append(parts, f.Label+".", f.Help)
			}
		}
		text := strings.Join(parts, " ")
		if g := readability.Grade(text); g > 8 {
			t.Errorf("%s reads at grade %.1f, want 8 or below", slug, g)
		} else {
			t.Logf("%s: grade %.1f", slug, g)
		}
	}
}
