package web_test

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestOpenAPI_ListsExactlyTheAPIRoutes: docs/openapi.yaml documents every
// /api/v1 route the router registers (method and path) and nothing else.
func TestOpenAPI_ListsExactlyTheAPIRoutes(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../../docs/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths map[string]map[string]yaml.Node `yaml:"paths"`
	}
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("docs/openapi.yaml: %v", err)
	}
	methods := []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}
	var documented []string
	for p, ops := range doc.Paths {
		if !strings.HasPrefix(p, "/api/v1/") {
			continue
		}
		for m := range ops {
			if slices.Contains(methods, m) {
				documented = append(documented, strings.ToUpper(m)+" "+p)
			}
		}
	}
	param := regexp.MustCompile(`[:*]([A-Za-z_]+)`)
	h := newHarness(t)
	var registered []string
	for _, r := range h.app.Server.Engine().Routes() {
		if strings.HasPrefix(r.Path, "/api/v1/") {
			registered = append(registered, r.Method+" "+param.ReplaceAllString(r.Path, "{$1}"))
		}
	}
	if len(registered) == 0 {
		t.Fatal("the router registers no /api/v1 routes")
	}
	for _, k := range registered {
		if !slices.Contains(documented, k) {
			t.Errorf("%s is a route but not in docs/openapi.yaml", k)
		}
	}
	for _, k := range documented {
		if !slices.Contains(registered, k) {
			t.Errorf("docs/openapi.yaml lists %s, which the router does not register", k)
		}
	}
}
