package builtin

import (
	"bytes"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/tend-practice/tend/internal/module"
	"github.com/tend-practice/tend/internal/readability"
	"github.com/tend-practice/tend/internal/reference"
)

// maxGrade is the highest Flesch–Kincaid grade a module body may have.
const maxGrade = 8.0

// minReferences is the fewest references a built-in module may list: every
// module makes empirical claims, and each one needs a source.
const minReferences = 2

// sharedRunWords is the length of a word run that counts as copied from a
// source article.
const sharedRunWords = 8

var allowedTopics = module.Topics

// splitModule parses a module file with the same parser the app uses, so
// the test checks exactly what production reads.
func splitModule(t *testing.T, raw []byte) (module.Definition, string) {
	t.Helper()
	d, err := module.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return d, d.Body
}

func loadReferences(t *testing.T) map[string]reference.Reference {
	t.Helper()
	refs, err := reference.Load(FS, "references.yaml")
	if err != nil {
		t.Fatalf("references.yaml: %v", err)
	}
	byKey := make(map[string]reference.Reference, len(refs))
	for _, r := range refs {
		byKey[r.Key] = r
	}
	return byKey
}

// seedTexts returns the source articles in <repo>/../shared/seeds, found by
// walking up from the test's working directory, or nil if they are absent.
func seedTexts(t *testing.T) map[string]string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		seeds := filepath.Join(dir, "shared", "seeds")
		if entries, err := os.ReadDir(seeds); err == nil {
			texts := map[string]string{}
			for _, e := range entries {
				if !e.Type().IsRegular() {
					continue
				}
				b, err := os.ReadFile(filepath.Join(seeds, e.Name()))
				if err != nil {
					t.Fatal(err)
				}
				texts[e.Name()] = string(b)
			}
			return texts
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return nil
		}
		dir = parent
	}
}

// inText returns the parenthetical author form APA 7 uses for r:
// "Carter", "Maczkowiack & Schweitzer", "Muise et al.".
func inText(r reference.Reference) string {
	switch len(r.Authors) {
	case 1:
		return r.Authors[0].Family
	case 2:
		return r.Authors[0].Family + " & " + r.Authors[1].Family
	default:
		return r.Authors[0].Family + " et al."
	}
}

var (
	parenthetical = regexp.MustCompile(`\(([^()]*\d{4})\)`)
	citationPart  = regexp.MustCompile(`^\s*(.+?),\s*(\d{4})\s*$`)
	narrative     = regexp.MustCompile(`([A-Z][\p{L}'’-]+(?: et al\.| (?:&|and) [A-Z][\p{L}'’-]+)?) \((\d{4})\)`)
)

type citation struct {
	authors string
	year    string
	at      int
}

// citations finds "(Muise et al., 2014)", "(Carter, 1998; Muise et al.,
// 2014)" and narrative "Muise et al. (2014)" forms in body.
func citations(body string) []citation {
	var out []citation
	for _, m := range parenthetical.FindAllStringSubmatchIndex(body, -1) {
		inner := body[m[2]:m[3]]
		for _, part := range strings.Split(inner, ";") {
			if c := citationPart.FindStringSubmatch(part); c != nil {
				out = append(out, citation{authors: c[1], year: c[2], at: m[0]})
			}
		}
	}
	for _, m := range narrative.FindAllStringSubmatchIndex(body, -1) {
		authors := strings.Replace(body[m[2]:m[3]], " and ", " & ", 1)
		out = append(out, citation{authors: authors, year: body[m[4]:m[5]], at: m[0]})
	}
	slices.SortFunc(out, func(a, b citation) int { return a.at - b.at })
	return out
}

func TestReferences_LoadAndFormat(t *testing.T) {
	refs := loadReferences(t)
	if len(refs) == 0 {
		t.Fatal("references.yaml is empty")
	}
	raw, err := fs.ReadFile(FS, "references.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(bytes.ToLower(raw), []byte("meltzer")) {
		t.Error("references.yaml mentions Meltzer; that paper must not be cited for aftercare")
	}
	for _, key := range slices.Sorted(maps.Keys(refs)) {
		t.Logf("%s: %s", key, reference.Format(refs[key]))
	}
}

func TestModules(t *testing.T) {
	refs := loadReferences(t)
	seeds := seedTexts(t)

	names, err := fs.Glob(FS, "*.md")
	if err != nil {
		t.Fatal(err)
	}
	if len(names) == 0 {
		t.Fatal("no modules embedded")
	}
	slugs := map[string]bool{}

	for _, name := range names {
		t.Run(strings.TrimSuffix(name, ".md"), func(t *testing.T) {
			raw, err := fs.ReadFile(FS, name)
			if err != nil {
				t.Fatal(err)
			}
			fm, body := splitModule(t, raw)

			if want := strings.TrimSuffix(name, ".md"); fm.Slug != want {
				t.Errorf("slug %q does not match file name %q", fm.Slug, want)
			}
			if slugs[fm.Slug] {
				t.Errorf("slug %q used twice", fm.Slug)
			}
			slugs[fm.Slug] = true
			if strings.TrimSpace(fm.Title) == "" {
				t.Error("title is empty")
			}
			if strings.TrimSpace(fm.Summary) == "" {
				t.Error("summary is empty")
			}
			if len(fm.Topics) == 0 {
				t.Error("no topics")
			}
			for _, topic := range fm.Topics {
				if !slices.Contains(allowedTopics, topic) {
					t.Errorf("topic %q is not one of %v", topic, allowedTopics)
				}
			}

			for _, heading := range []string{"## Try this", "## Questions for your next session"} {
				if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(heading) + `\s*$`).MatchString(body) {
					t.Errorf("body has no %q section", heading)
				}
			}
			if regexp.MustCompile(`(?m)^# `).MatchString(body) {
				t.Error("body has an H1; the title is the page's only H1")
			}

			// The practice's "If you need help now" block is appended only
			// to modules with a content note, so a pointer to "the contacts
			// at the end of this page" without one would point at nothing.
			if strings.TrimSpace(fm.ContentNote) == "" {
				if regexp.MustCompile(`(?i)contacts (are )?at the end of (this|the) page`).MatchString(body) {
					t.Error("points to the contacts at the end of the page but has no content_note, so no contacts are shown")
				}
				for _, topic := range fm.Topics {
					if topic == "trauma" || topic == "kink" {
						t.Errorf("topic %q needs a content_note", topic)
					}
				}
			}
			if regexp.MustCompile(`(?i)crisis line`).MatchString(body) {
				t.Error(`says "crisis line"; point to the practice's contacts at the end of the page instead`)
			}
			if len(fm.References) < minReferences {
				t.Errorf("lists %d reference(s); every built-in module needs at least %d", len(fm.References), minReferences)
			}
			checkReferences(t, fm.References, body, refs)

			plain := readability.PlainText(body)
			grade := readability.Grade(plain)
			words := readability.Words(plain)
			t.Logf("%s: grade %.2f, %d words", fm.Slug, grade, words)
			if grade > maxGrade {
				t.Errorf("Flesch–Kincaid grade %.2f is above %.1f; use shorter sentences and plainer words", grade, maxGrade)
			}

			if strings.Contains(strings.ToLower(string(raw)), "meltzer") {
				t.Error("module mentions Meltzer; that paper must not be cited for aftercare")
			}

			if seeds == nil {
				t.Skip(seedsMissing)
			}
			checkNotCopied(t, fm.Title+"\n\n"+fm.Summary+"\n\n"+fm.ContentNote+"\n\n"+plain, seeds)
		})
	}
}

// seedsMissing explains a skipped copy check. CI checks out ../shared beside
// the repository, so there the check always runs.
const seedsMissing = "shared/seeds (the source articles, ../shared/seeds beside the repository) not found above the working directory; the copied-text check is skipped locally"

// checkNotCopied fails if text shares a run of sharedRunWords words (case-
// and punctuation-insensitive) with any seed article.
func checkNotCopied(t *testing.T, text string, seeds map[string]string) {
	t.Helper()
	for _, seed := range slices.Sorted(maps.Keys(seeds)) {
		if runs := readability.SharedRun(text, seeds[seed], sharedRunWords); len(runs) > 0 {
			t.Errorf("shares %d run(s) of %d words with seed %s; rewrite in your own words:\n  %s",
				len(runs), sharedRunWords, seed, strings.Join(runs, "\n  "))
		}
	}
}

// checkReferences makes sure every listed key exists and is cited in the
// body, in the listed order, and that every citation in the body is listed.
func checkReferences(t *testing.T, keys []string, body string, refs map[string]reference.Reference) {
	t.Helper()
	found := citations(body)
	last := -1
	for _, key := range keys {
		r, ok := refs[key]
		if !ok {
			t.Errorf("reference %q is not in references.yaml", key)
			continue
		}
		first := slices.IndexFunc(found, func(c citation) bool {
			return c.authors == inText(r) && c.year == strconv.Itoa(r.Year)
		})
		if first < 0 {
			t.Errorf("reference %q is listed but never cited as (%s, %d)", key, inText(r), r.Year)
			continue
		}
		if first < last {
			t.Errorf("reference %q is listed after one it is cited before; list references in the order cited", key)
		}
		last = first
	}
	for _, c := range found {
		listed := slices.ContainsFunc(keys, func(key string) bool {
			r, ok := refs[key]
			return ok && c.authors == inText(r) && c.year == strconv.Itoa(r.Year)
		})
		if !listed {
			t.Errorf("body cites (%s, %s), which is not in the module's references", c.authors, c.year)
		}
	}
	if dup := duplicate(keys); dup != "" {
		t.Errorf("reference %q listed twice", dup)
	}
}

func duplicate(keys []string) string {
	seen := map[string]bool{}
	for _, k := range keys {
		if seen[k] {
			return k
		}
		seen[k] = true
	}
	return ""
}

func TestFrontMatter_RejectsUnknownKey(t *testing.T) {
	if _, err := module.Parse([]byte("---\nslug: x\nrefrences: [a]\n---\nbody\n")); err == nil {
		t.Fatal("unknown front-matter key accepted")
	}
}

func TestCitations_FindsParentheticalAndNarrative(t *testing.T) {
	got := citations("Linked (Muise et al., 2014; Carter, 1998). Maczkowiack and Schweitzer (2019) found it (from 0 to 10).")
	want := []string{"Muise et al. 2014", "Carter 1998", "Maczkowiack & Schweitzer 2019"}
	var have []string
	for _, c := range got {
		have = append(have, c.authors+" "+c.year)
	}
	if !slices.Equal(have, want) {
		t.Fatalf("citations() = %q, want %q", have, want)
	}
}

// guideFrontMatter is the front matter of a clinician's guide
// (guides/<slug>.md). Unknown keys are rejected, as for modules.
type guideFrontMatter struct {
	Module     string   `yaml:"module"`
	References []string `yaml:"references"`
}

// guideHeadings are the sections every clinician's guide has, in order.
var guideHeadings = []string{
	"What this module is for",
	"Who it suits",
	"Who it may not suit yet",
	"Introducing it in session",
	"Discussion prompts",
	"The evidence",
}

func parseGuide(t *testing.T, raw []byte) (guideFrontMatter, string) {
	t.Helper()
	s := strings.ReplaceAll(string(raw), "\r\n", "\n")
	rest, ok := strings.CutPrefix(s, "---\n")
	if !ok {
		t.Fatal("guide must start with a --- front matter line")
	}
	head, body, ok := strings.Cut(rest, "\n---\n")
	if !ok {
		t.Fatal("guide front matter has no closing --- line")
	}
	var fm guideFrontMatter
	dec := yaml.NewDecoder(strings.NewReader(head))
	dec.KnownFields(true)
	if err := dec.Decode(&fm); err != nil {
		t.Fatalf("guide front matter: %v", err)
	}
	return fm, strings.TrimSpace(body) + "\n"
}

// guideSections splits a guide body at its "## " headings.
func guideSections(body string) (headings []string, sections map[string]string) {
	sections = map[string]string{}
	var current string
	for _, line := range strings.Split(body, "\n") {
		if h, ok := strings.CutPrefix(line, "## "); ok {
			current = strings.TrimSpace(h)
			headings = append(headings, current)
			continue
		}
		if current != "" {
			sections[current] += line + "\n"
		}
	}
	return headings, sections
}

func TestGuides(t *testing.T) {
	refs := loadReferences(t)
	seeds := seedTexts(t)

	modules, err := fs.Glob(FS, "*.md")
	if err != nil {
		t.Fatal(err)
	}
	guides, err := fs.Glob(FS, "guides/*.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range guides {
		if !slices.Contains(modules, strings.TrimPrefix(g, "guides/")) {
			t.Errorf("%s has no built-in module of the same slug", g)
		}
	}

	for _, name := range modules {
		slug := strings.TrimSuffix(name, ".md")
		t.Run(slug, func(t *testing.T) {
			raw, err := fs.ReadFile(FS, "guides/"+name)
			if err != nil {
				t.Fatalf("no clinician's guide: %v", err)
			}
			fm, body := parseGuide(t, raw)
			if fm.Module != slug {
				t.Errorf("guide says module %q, want %q", fm.Module, slug)
			}

			headings, sections := guideSections(body)
			if !slices.Equal(headings, guideHeadings) {
				t.Errorf("headings are %q, want exactly %q", headings, guideHeadings)
			}
			for _, h := range guideHeadings {
				if strings.TrimSpace(sections[h]) == "" {
					t.Errorf("section %q is empty", h)
				}
			}
			prompts := regexp.MustCompile(`(?m)^(\d+)\. \S`).FindAllStringSubmatch(sections["Discussion prompts"], -1)
			var numbers []string
			for _, p := range prompts {
				numbers = append(numbers, p[1])
			}
			if !slices.Equal(numbers, []string{"1", "2", "3"}) {
				t.Errorf("discussion prompts are numbered %q, want exactly 1, 2 and 3", numbers)
			}
			var paragraphs int
			for _, p := range strings.Split(strings.TrimSpace(sections["The evidence"]), "\n\n") {
				if strings.TrimSpace(p) != "" {
					paragraphs++
				}
			}
			if paragraphs != 2 {
				t.Errorf("the evidence has %d paragraphs, want 2 (what it shows, then its limits)", paragraphs)
			}
			if len(fm.References) == 0 {
				t.Error("guide cites no references")
			}
			checkReferences(t, fm.References, body, refs)
			if strings.Contains(strings.ToLower(string(raw)), "meltzer") {
				t.Error("guide mentions Meltzer; that paper must not be cited for aftercare")
			}

			if seeds == nil {
				t.Skip(seedsMissing)
			}
			checkNotCopied(t, readability.PlainText(body), seeds)
		})
	}
}
