package web

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestRoutes_RegisteredWithRuleConstants: no handler file builds a rule from
// strings, so every rule a route needs is one of the authz constants (a typo
// does not compile) and TestRules_MatchPolicy covers it.
func TestRoutes_RegisteredWithRuleConstants(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fromStrings := regexp.MustCompile(`authz\.(Require\(|Rule\()`)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			if fromStrings.MatchString(line) {
				t.Errorf("%s:%d builds a rule from strings; use an authz constant: %s", f, i+1, strings.TrimSpace(line))
			}
		}
	}
}
