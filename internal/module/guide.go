package module

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/reference"
)

// Guide is the clinicians' companion to a module, like the professional
// version Psychology Tools ships beside each client handout: what the module
// is for, who it suits and who it may not suit yet, how to introduce it,
// discussion prompts and the evidence, with its own references. It is
// stored with each module version and shown to staff only: Version never
// carries it, so nothing that serves a client can leak it; staff read it
// through Service.Guide.
type Guide struct {
	Body       string // Markdown, in the sections of GuideSections
	References []reference.Reference
}

// Empty reports whether there is no guide.
func (g Guide) Empty() bool { return strings.TrimSpace(g.Body) == "" }

// GuideSections are the headings a built-in guide has, in this order.
var GuideSections = []string{
	"What this module is for",
	"Who it suits",
	"Who it may not suit yet",
	"Introducing it in session",
	"Discussion prompts",
	"The evidence",
}

// guidePrompts is how many discussion prompts a built-in guide offers.
const guidePrompts = 3

// maxGuide bounds a guide's Markdown, as maxBody does a module's.
const maxGuide = 50_000

// guideHead is a guide file's front matter.
type guideHead struct {
	Module     string   `yaml:"module"`
	References []string `yaml:"references"`
}

var (
	h2Line     = regexp.MustCompile(`(?m)^## +(.+?)\s*$`)
	promptLine = regexp.MustCompile(`(?m)^\d+\. +\S`)
)

// ParseGuide reads a guide file: front matter naming the module and the
// reference keys the guide cites, then the Markdown body, which must have
// exactly the GuideSections in order, each with text, and three numbered
// discussion prompts.
func ParseGuide(raw []byte) (slug string, body string, refKeys []string, err error) {
	return parseGuide(raw, true)
}

// parseGuide is ParseGuide; a translated guide (english false) has the
// same sections in its own words: as many, each with text, and the same
// number of discussion prompts in the same place.
func parseGuide(raw []byte, english bool) (slug string, body string, refKeys []string, err error) {
	s := strings.ReplaceAll(string(raw), "\r\n", "\n")
	rest, ok := strings.CutPrefix(s, "---\n")
	if !ok {
		return "", "", nil, errors.New("guide file must start with a --- front matter line")
	}
	head, text, ok := strings.Cut(rest, "\n---\n")
	if !ok {
		return "", "", nil, errors.New("guide front matter has no closing --- line")
	}
	var h guideHead
	dec := yaml.NewDecoder(strings.NewReader(head))
	dec.KnownFields(true)
	if err := dec.Decode(&h); err != nil {
		return "", "", nil, fmt.Errorf("guide front matter: %w", err)
	}
	body = strings.TrimSpace(text) + "\n"
	if err := checkGuideShape(body, english); err != nil {
		return "", "", nil, fmt.Errorf("guide for %q: %w", h.Module, err)
	}
	return h.Module, body, h.References, nil
}

// checkGuideShape holds a built-in guide to the shape clinicians rely on.
func checkGuideShape(body string, english bool) error {
	if len(body) > maxGuide {
		return fmt.Errorf("guide is too long (at most %d characters)", maxGuide)
	}
	heads := h2Line.FindAllStringSubmatchIndex(body, -1)
	var got []string
	for _, m := range heads {
		got = append(got, body[m[2]:m[3]])
	}
	if english && strings.Join(got, "|") != strings.Join(GuideSections, "|") {
		return fmt.Errorf("sections are %q, want exactly %q in that order", got, GuideSections)
	}
	if len(got) != len(GuideSections) {
		return fmt.Errorf("%d sections, want %d, one for each of %q", len(got), len(GuideSections), GuideSections)
	}
	if strings.TrimSpace(body[:heads[0][0]]) != "" {
		return errors.New("text before the first section")
	}
	for i, m := range heads {
		end := len(body)
		if i+1 < len(heads) {
			end = heads[i+1][0]
		}
		section := strings.TrimSpace(body[m[1]:end])
		if section == "" {
			return fmt.Errorf("section %q is empty", GuideSections[i])
		}
		if GuideSections[i] == "Discussion prompts" {
			if n := len(promptLine.FindAllString(section, -1)); n != guidePrompts {
				return fmt.Errorf("%d discussion prompts, want %d as a numbered list", n, guidePrompts)
			}
		}
	}
	return nil
}

// loadGuides attaches guides/<slug>.md, where there is one, to each
// built-in module. A module without a guide is fine here (the builtin
// package's own test asks for one per module); a guide without a module,
// or citing an unknown reference, is an error.
func loadGuides(fsys fs.FS, defs []Definition, byKey map[string]reference.Reference) error {
	files, err := fs.Glob(fsys, "guides/*.md")
	if err != nil {
		return err
	}
	index := map[string]int{}
	for i, d := range defs {
		index[d.Slug] = i
	}
	for _, f := range files {
		raw, err := fs.ReadFile(fsys, f)
		if err != nil {
			return err
		}
		slug, body, keys, err := ParseGuide(raw)
		if err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		if slug != strings.TrimSuffix(path.Base(f), ".md") {
			return fmt.Errorf("%s: module %q does not match the file name", f, slug)
		}
		i, ok := index[slug]
		if !ok {
			return fmt.Errorf("%s: no built-in module %q", f, slug)
		}
		g := Guide{Body: body}
		for _, k := range keys {
			r, ok := byKey[k]
			if !ok {
				return fmt.Errorf("%s: unknown reference %q", f, k)
			}
			g.References = append(g.References, r)
		}
		defs[i].Guide = g
		defs[i].GuideSHA256 = fileHash(raw)
	}
	return nil
}

// Guide returns the clinician guide of the current version of slug, for
// staff: an empty Guide when the module has none. A client gets
// ErrNotFound whether or not the module is assigned to them, as does
// anyone for a module they may not see.
func (s *Service) Guide(ctx context.Context, a auth.Actor, slug string) (Guide, error) {
	if a.Role != auth.RoleClinician && a.Role != auth.RoleAdmin {
		return Guide{}, ErrNotFound
	}
	var row struct {
		VersionID int64
		Guide     string
	}
	q := s.db.WithContext(ctx).Table("modules m").Where("m.slug = ?", slug)
	err := visible(q, a).Joins("JOIN module_versions v ON v.id = m.current_version_id").
		Select("v.id AS version_id, v.guide").Limit(1).Scan(&row).Error
	if err != nil {
		return Guide{}, fmt.Errorf("module guide: %w", err)
	}
	if row.VersionID == 0 {
		return Guide{}, ErrNotFound
	}
	g := Guide{Body: row.Guide}
	if g.Empty() {
		return Guide{}, nil
	}
	g.References, err = loadReferences(s.db.WithContext(ctx), "module_version_guide_references", row.VersionID)
	if err != nil {
		return Guide{}, err
	}
	return g, nil
}
