package i18n_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/i18n"
)

// keyLiteral is a quoted string shaped like a message id: "auth.login.title".
var keyLiteral = regexp.MustCompile(`"([a-z]+(?:\.[a-z0-9_]+)+)"`)

// usedKeys scans the templates and the Go source (tests aside) for string
// literals shaped like message ids.
func usedKeys(t *testing.T) map[string][]string {
	t.Helper()
	used := map[string][]string{}
	for _, root := range []string{"../../templates", ".."} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			if !strings.HasSuffix(path, ".html") && (!strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go")) {
				return nil
			}
			buf, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, m := range keyLiteral.FindAllStringSubmatch(string(buf), -1) {
				used[m[1]] = append(used[m[1]], path)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return used
}

// TestCatalogues_Complete fails on a key missing from a language, a key no
// template or Go file uses, and a message id used but in no catalogue.
func TestCatalogues_Complete(t *testing.T) {
	en, err := i18n.Catalogue(i18n.English)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(en)
	for _, lang := range i18n.Languages[1:] {
		ids, err := i18n.Catalogue(lang)
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(ids)
		for _, id := range en {
			if _, ok := slices.BinarySearch(ids, id); !ok {
				t.Errorf("%s.toml lacks %q", lang, id)
			}
		}
		for _, id := range ids {
			if _, ok := slices.BinarySearch(en, id); !ok {
				t.Errorf("%s.toml has %q, which en.toml does not", lang, id)
			}
		}
	}
	used := usedKeys(t)
	namespaces := map[string]bool{}
	for _, id := range en {
		namespaces[strings.SplitN(id, ".", 2)[0]] = true
		if len(used[id]) == 0 {
			t.Errorf("%q is in the catalogues but nothing uses it", id)
		}
	}
	for id, files := range used {
		if !namespaces[strings.SplitN(id, ".", 2)[0]] {
			continue
		}
		if _, ok := slices.BinarySearch(en, id); !ok {
			t.Errorf("%q is used (%s) but in no catalogue", id, files[0])
		}
	}
}

// TestCatalogues_EveryMessageRenders executes every message in every
// language with sample arguments: a broken template in a translation fails.
func TestCatalogues_EveryMessageRenders(t *testing.T) {
	b := bundle(t, false)
	en, err := i18n.Catalogue(i18n.English)
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range i18n.Languages {
		l := b.For(lang)
		for _, id := range en {
			for _, n := range []int{1, 2, 5} {
				got := l.T(id, "Count", n, "Name", "Sam", "Date", "3 Dec 2026", "Time", "10:30", "Clinician", "Alex",
					"Practice", "P", "Title", "T", "N", 2, "Total", 6, "Ordinal", "2nd", "Number", "112", "Admin", "A",
					"Min", 0, "Max", 10, "MinLabel", "low", "MaxLabel", "high", "Language", "English", "Contacts", "C", "Limit", 500,
					"Partner", "Kit", "Label", "L", "Option", "O", "List", "Li", "Need", "Ne", "Value", 3,
					"Reason", "R", "First", "1 Dec 2026", "Last", "3 Dec 2026", "Latest", 4)
				if got == id || got == "" || strings.Contains(got, "<no value>") {
					t.Errorf("%s %s (%d): %q", lang, id, n, got)
				}
			}
		}
	}
}

// TestCatalogues_AreaFilesInEveryLanguage: an area's catalogue
// (locales/<area>.<lang>.toml) exists in every shipped language, with the
// same keys, so a page's text is looked for in one place per language.
func TestCatalogues_AreaFilesInEveryLanguage(t *testing.T) {
	files, err := filepath.Glob("locales/*.toml")
	if err != nil {
		t.Fatal(err)
	}
	areas := map[string]map[string]bool{}
	for _, f := range files {
		parts := strings.Split(strings.TrimSuffix(filepath.Base(f), ".toml"), ".")
		area, lang := "", parts[len(parts)-1]
		if len(parts) == 2 {
			area = parts[0]
		}
		if areas[area] == nil {
			areas[area] = map[string]bool{}
		}
		areas[area][lang] = true
	}
	for area, langs := range areas {
		for _, lang := range i18n.Languages {
			if !langs[lang] {
				t.Errorf("area %q has no %s catalogue", area, lang)
			}
		}
	}
	if _, err := i18n.New(i18n.Options{}); err != nil {
		t.Fatal(err)
	}
}
