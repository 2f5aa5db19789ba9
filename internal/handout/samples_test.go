package handout

import (
	"os"
	"path/filepath"
	"testing"
)

// TestWriteSamples writes the fixture handouts for a human to look at:
//
//	TEND_HANDOUT_SAMPLES=/tmp/handout go test -run TestWriteSamples ./internal/handout
//	pdftoppm -png -r 60 /tmp/handout/module-a4.pdf /tmp/handout-png/module-a4
func TestWriteSamples(t *testing.T) {
	dir := os.Getenv("TEND_HANDOUT_SAMPLES")
	if dir == "" {
		t.Skip("set TEND_HANDOUT_SAMPLES to a directory to write sample PDFs")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, paper := range []Paper{PaperA4, PaperLetter} {
		m := fixtureModule(t)
		m.Paper = paper
		blank, done := blankWorksheet(), completedWorksheet()
		blank.Paper, done.Paper = paper, paper
		files := map[string][]byte{
			"module":              renderModule(t, m),
			"worksheet-blank":     renderWorksheet(t, blank),
			"worksheet-completed": renderWorksheet(t, done),
		}
		for name, pdf := range files {
			path := filepath.Join(dir, name+"-"+string(paper)+".pdf")
			if err := os.WriteFile(path, pdf, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
