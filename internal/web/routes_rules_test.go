package web

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestRoutes_RegisteredWithRuleConstants: no handler file builds a rule from
// strings, so every rule a route needs is one of the authz constants (a typo
// does not compile) and TestRules_MatchPolicy covers it.
func TestRoutes_RegisteredWithRuleConstants(t *testing.T) {
	t.Parallel()
	var files []string
	for _, pattern := range []string{"*.go", "api/*.go", "httpx/*.go"} { // the API's routes too
		matches, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, matches...)
	}
	if !slices.Contains(files, "api/routes.go") {
		t.Fatalf("the walk did not find api/routes.go in %v", files)
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
