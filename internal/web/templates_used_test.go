package web

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/tend-practice/tend/templates"
)

// renderedPages parses the handlers and returns every page name passed to
// s.render, with where it is used. A name that is not a string literal fails
// the test, so the list stays complete.
func renderedPages(t *testing.T) map[string]string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	used := map[string]string{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatalf("parse %s: %v", f, err)
		}
		ast.Inspect(af, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "render" || len(call.Args) != 4 {
				return true
			}
			lit, ok := call.Args[2].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				t.Errorf("%s: render's page name is not a string literal; the page test cannot see it", fset.Position(call.Pos()))
				return true
			}
			name, _ := strconv.Unquote(lit.Value)
			used[name] = fset.Position(call.Pos()).String()
			return true
		})
	}
	return used
}

// TestTemplates_EveryRenderedPageExists: every page a handler renders is a
// file under templates/pages, and every page file is rendered by some
// handler (no dead templates).
func TestTemplates_EveryRenderedPageExists(t *testing.T) {
	t.Parallel()
	used := renderedPages(t)
	if len(used) < 20 {
		t.Fatalf("found only %d rendered pages; is the walk reading internal/web?", len(used))
	}
	var onDisk []string
	err := fs.WalkDir(templates.FS, "pages", func(file string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && path.Ext(file) == ".html" {
			onDisk = append(onDisk, strings.TrimSuffix(strings.TrimPrefix(file, "pages/"), ".html"))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, where := range used {
		if !slices.Contains(onDisk, name) {
			t.Errorf("%s renders %q, which is not templates/pages/%s.html", where, name, name)
		}
	}
	for _, name := range onDisk {
		if _, ok := used[name]; !ok {
			t.Errorf("templates/pages/%s.html is rendered by no handler", name)
		}
	}
}
