// Package module holds the psychoeducation library: modules with immutable
// versions, the references they cite, sync of the built-in modules, and
// rendering of module Markdown to safe HTML.
package module

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/tend-practice/tend/internal/reference"
)

// Topics a module may be filed under.
var Topics = []string{"basics", "body", "emotions", "communication", "relationships", "kink", "trauma", "everyday"}

// Definition is a module's content as written: front matter plus Markdown.
type Definition struct {
	Slug        string   `yaml:"slug"`
	Title       string   `yaml:"title"`
	Summary     string   `yaml:"summary"`
	Topics      []string `yaml:"topics"`
	ContentNote string   `yaml:"content_note"`
	References  []string `yaml:"references"`
	Body        string   `yaml:"-"`
	// Guide is the clinician guide stored with the version, if any. For
	// built-in modules it comes from guides/<slug>.md.
	Guide Guide `yaml:"-"`
	// FileSHA256 and GuideSHA256 are the sha256 of a built-in module's
	// file and guide file, which translations name in sources.yaml.
	FileSHA256  string `yaml:"-"`
	GuideSHA256 string `yaml:"-"`
}

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Parse reads a module file: a YAML front matter block between --- lines,
// then the Markdown body.
func Parse(raw []byte) (Definition, error) {
	s := strings.ReplaceAll(string(raw), "\r\n", "\n")
	rest, ok := strings.CutPrefix(s, "---\n")
	if !ok {
		return Definition{}, fmt.Errorf("module file must start with a --- front matter line")
	}
	head, body, ok := strings.Cut(rest, "\n---\n")
	if !ok {
		return Definition{}, fmt.Errorf("module front matter has no closing --- line")
	}
	var d Definition
	dec := yaml.NewDecoder(strings.NewReader(head))
	dec.KnownFields(true)
	if err := dec.Decode(&d); err != nil {
		return Definition{}, fmt.Errorf("module front matter: %w", err)
	}
	d.Body = strings.TrimSpace(body) + "\n"
	return d, d.Validate()
}

// Validate checks the parts every module needs.
func (d Definition) Validate() error {
	var problems []string
	if !slugPattern.MatchString(d.Slug) || len(d.Slug) > 80 {
		problems = append(problems, "slug must be lower-case words joined by hyphens")
	}
	if strings.TrimSpace(d.Title) == "" || len([]rune(d.Title)) > 160 {
		problems = append(problems, "title is required (at most 160 characters)")
	}
	if strings.TrimSpace(d.Summary) == "" || len([]rune(d.Summary)) > 400 {
		problems = append(problems, "summary is required (at most 400 characters)")
	}
	if strings.TrimSpace(d.Body) == "" {
		problems = append(problems, "body is required")
	}
	if len(d.Body) > 100_000 {
		problems = append(problems, "body is too long (at most 100,000 characters)")
	}
	for _, t := range d.Topics {
		if !contains(Topics, t) {
			problems = append(problems, fmt.Sprintf("unknown topic %q", t))
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("module %q: %s", d.Slug, strings.Join(problems, "; "))
	}
	return nil
}

// ReadingMinutes estimates reading time at 200 words a minute.
func (d Definition) ReadingMinutes() int {
	n := len(strings.Fields(d.Body))
	m := (n + 199) / 200
	if m < 1 {
		m = 1
	}
	return m
}

// checksum identifies the content of a version, including its references,
// so that sync makes a new version exactly when something changed.
func (d Definition) checksum(refs []reference.Reference) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00%s\x00", d.Title, d.Summary, strings.Join(d.Topics, ","), d.ContentNote, d.Body)
	for _, r := range refs {
		fmt.Fprintf(h, "%s\x00", reference.Format(r).String())
	}
	// Only a module with a guide hashes one, so a module without stays at
	// the version it has.
	if !d.Guide.Empty() {
		fmt.Fprintf(h, "guide\x00%s\x00", d.Guide.Body)
		for _, r := range d.Guide.References {
			fmt.Fprintf(h, "%s\x00", reference.Format(r).String())
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Builtins reads every built-in module, its clinician guide where there is
// one (guides/<slug>.md), and the references they cite from fsys (the
// embedded builtin folder).
func Builtins(fsys fs.FS) ([]Definition, []reference.Reference, error) {
	refs, err := reference.Load(fsys, "references.yaml")
	if err != nil {
		return nil, nil, fmt.Errorf("built-in references: %w", err)
	}
	known := map[string]bool{}
	for _, r := range refs {
		known[r.Key] = true
	}
	files, err := fs.Glob(fsys, "*.md")
	if err != nil {
		return nil, nil, err
	}
	sort.Strings(files)
	var defs []Definition
	for _, f := range files {
		raw, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, nil, err
		}
		d, err := Parse(raw)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", f, err)
		}
		if d.Slug != strings.TrimSuffix(path.Base(f), ".md") {
			return nil, nil, fmt.Errorf("%s: slug %q does not match the file name", f, d.Slug)
		}
		d.FileSHA256 = fileHash(raw)
		for _, k := range d.References {
			if !known[k] {
				return nil, nil, fmt.Errorf("%s: unknown reference %q", f, k)
			}
		}
		defs = append(defs, d)
	}
	byKey := make(map[string]reference.Reference, len(refs))
	for _, r := range refs {
		byKey[r.Key] = r
	}
	if err := loadGuides(fsys, defs, byKey); err != nil {
		return nil, nil, err
	}
	return defs, refs, nil
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
