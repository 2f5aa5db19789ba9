// Package reference holds the bibliographic references that modules cite,
// checks them, and formats them in APA 7 style for HTML pages and PDF
// handouts alike.
package reference

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// ErrInvalid is wrapped by every validation failure, so callers can tell a
// bad reference from an I/O problem with errors.Is.
var ErrInvalid = errors.New("invalid reference")

// ErrInvalidDOI is wrapped when a DOI does not look like a DOI.
var ErrInvalidDOI = errors.New("invalid DOI")

// Author is one person in an author list. Given holds initials as printed
// in the reference list, e.g. "A." or "E. A.".
type Author struct {
	Family string `yaml:"family"`
	Given  string `yaml:"given"`
}

// Reference is a journal article that a module may cite. Volume, Issue and
// Pages are strings because journals print things like "Suppl. 2" or "e123".
// Note carries an extra element such as "Advance online publication".
type Reference struct {
	Key     string   `yaml:"key"`
	Authors []Author `yaml:"authors"`
	Year    int      `yaml:"year"`
	Title   string   `yaml:"title"`
	Journal string   `yaml:"journal"`
	Volume  string   `yaml:"volume"`
	Issue   string   `yaml:"issue"`
	Pages   string   `yaml:"pages"`
	DOI     string   `yaml:"doi"`
	Note    string   `yaml:"note"`
}

// earliestYear is well before any source Tend would cite; it only catches
// typos such as 198 or 20014.
const earliestYear = 1800

var doiPattern = regexp.MustCompile(`^10\.\d{4,9}/\S+$`)

// doiPrefixes are the resolver and label forms people paste in front of a
// bare DOI. They are compared case-insensitively.
var doiPrefixes = []string{
	"https://doi.org/",
	"http://doi.org/",
	"https://dx.doi.org/",
	"http://dx.doi.org/",
	"doi:",
}

// NormalizeDOI trims space and strips a resolver prefix such as
// "https://doi.org/" or a "doi:" label, leaving the bare DOI. It does not
// check the result; see ValidateDOI.
func NormalizeDOI(s string) string {
	s = strings.TrimSpace(s)
	lower := strings.ToLower(s)
	for _, p := range doiPrefixes {
		if strings.HasPrefix(lower, p) {
			return strings.TrimSpace(s[len(p):])
		}
	}
	return s
}

// ValidateDOI reports whether s, once normalised, is a DOI of the form
// 10.NNNN/suffix.
func ValidateDOI(s string) error {
	d := NormalizeDOI(s)
	if !doiPattern.MatchString(d) {
		return fmt.Errorf("%w: %q", ErrInvalidDOI, s)
	}
	return nil
}

// Validate checks the fields a citation cannot do without. It reports every
// problem at once so a content author can fix them in one pass.
func (r Reference) Validate() error {
	var problems []string
	if strings.TrimSpace(r.Key) == "" {
		problems = append(problems, "key is empty")
	}
	if len(r.Authors) == 0 {
		problems = append(problems, "no authors")
	}
	for i, a := range r.Authors {
		if strings.TrimSpace(a.Family) == "" {
			problems = append(problems, fmt.Sprintf("author %d has no family name", i+1))
		}
	}
	if latest := time.Now().Year() + 1; r.Year < earliestYear || r.Year > latest {
		problems = append(problems, fmt.Sprintf("year %d is not between %d and %d", r.Year, earliestYear, latest))
	}
	if strings.TrimSpace(r.Title) == "" {
		problems = append(problems, "title is empty")
	}
	if strings.TrimSpace(r.DOI) != "" {
		if err := ValidateDOI(r.DOI); err != nil {
			problems = append(problems, err.Error())
		}
	}
	if len(problems) == 0 {
		return nil
	}
	return fmt.Errorf("%w %q: %s", ErrInvalid, r.Key, strings.Join(problems, "; "))
}

// Load reads a YAML list of references from fsys, normalises each DOI,
// validates every entry and rejects duplicate keys and unknown fields.
func Load(fsys fs.FS, path string) ([]Reference, error) {
	data, err := fs.ReadFile(fsys, path)
	if err != nil {
		return nil, fmt.Errorf("read references: %w", err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var refs []Reference
	if err := dec.Decode(&refs); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("parse %s: %w", path, err)
	}
	seen := make(map[string]bool, len(refs))
	for i := range refs {
		refs[i].DOI = NormalizeDOI(refs[i].DOI)
		if err := refs[i].Validate(); err != nil {
			return nil, fmt.Errorf("%s entry %d: %w", path, i+1, err)
		}
		if seen[refs[i].Key] {
			return nil, fmt.Errorf("%s entry %d: %w: duplicate key %q", path, i+1, ErrInvalid, refs[i].Key)
		}
		seen[refs[i].Key] = true
	}
	return refs, nil
}

// maxListedAuthors is APA 7's limit: up to 20 authors are listed in full;
// beyond that, the first 19, an ellipsis, and the last.
const maxListedAuthors = 20

// Part is a run of reference text; Italic marks the journal name and volume.
type Part struct {
	Text   string
	Italic bool
}

// Formatted is an APA 7 reference split into styled runs, so an HTML page
// and a PDF can both render the italics. Parts hold everything up to the DOI;
// DOIURL, when set, follows them (after a space) and is meant to be a link.
type Formatted struct {
	Parts  []Part
	DOIURL string
}

// String returns the reference as plain text, DOI included.
func (f Formatted) String() string {
	var b strings.Builder
	for _, p := range f.Parts {
		b.WriteString(p.Text)
	}
	if f.DOIURL != "" {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(f.DOIURL)
	}
	return b.String()
}

// Format renders r as an APA 7 journal-article reference:
//
//	Family, G. G., & Family, G. (Year). Title. Journal, Volume(Issue), pages. https://doi.org/...
//
// with the journal name and volume in italics. Missing volume, issue or pages
// are left out without stray punctuation; Note (e.g. "Advance online
// publication") follows the source as its own sentence.
func Format(r Reference) Formatted {
	var f Formatted
	var plain strings.Builder

	plain.WriteString(authorList(r.Authors))
	if plain.Len() > 0 {
		plain.WriteByte(' ')
	}
	plain.WriteString("(" + yearText(r.Year) + "). ")
	plain.WriteString(sentence(strings.TrimSpace(r.Title)))

	journal := strings.TrimSpace(r.Journal)
	volume := strings.TrimSpace(r.Volume)
	issue := strings.TrimSpace(r.Issue)
	pages := pageRange(r.Pages)

	if journal != "" {
		plain.WriteByte(' ')
		f.Parts = append(f.Parts, Part{Text: plain.String()})
		plain.Reset()

		italic := journal
		if volume != "" {
			italic += ", " + volume
		}
		f.Parts = append(f.Parts, Part{Text: italic, Italic: true})
		if issue != "" {
			plain.WriteString("(" + issue + ")")
		}
		if pages != "" {
			plain.WriteString(", " + pages)
		}
		plain.WriteByte('.')
	} else if pages != "" {
		// Without a journal there is nothing to hang volume or issue on;
		// pages alone still help a reader find the text.
		plain.WriteString(" " + pages + ".")
	}

	if note := strings.TrimSpace(r.Note); note != "" {
		plain.WriteString(" " + sentence(note))
	}
	f.Parts = append(f.Parts, Part{Text: plain.String()})

	if doi := NormalizeDOI(r.DOI); doi != "" {
		f.DOIURL = "https://doi.org/" + doi
	}
	return f
}

// authorList joins authors APA-style: "A, B, & C"; two authors still take a
// comma before the ampersand. With more than 20, it lists the first 19, an
// ellipsis and the last author, with no ampersand.
func authorList(authors []Author) string {
	names := make([]string, 0, len(authors))
	for _, a := range authors {
		names = append(names, authorName(a))
	}
	switch n := len(names); {
	case n == 0:
		return ""
	case n == 1:
		return names[0]
	case n <= maxListedAuthors:
		return strings.Join(names[:n-1], ", ") + ", & " + names[n-1]
	default:
		return strings.Join(names[:maxListedAuthors-1], ", ") + ", … " + names[n-1]
	}
}

func authorName(a Author) string {
	family := strings.TrimSpace(a.Family)
	given := strings.TrimSpace(a.Given)
	if given == "" {
		return family
	}
	return family + ", " + given
}

func yearText(year int) string {
	if year == 0 {
		return "n.d."
	}
	return strconv.Itoa(year)
}

// sentence ends s with a full stop unless it already ends with terminal
// punctuation, so a title such as "Feedback control of sexual drive?" keeps
// its question mark and gains nothing.
func sentence(s string) string {
	if s == "" {
		return ""
	}
	switch s[len(s)-1] {
	case '.', '?', '!':
		return s
	}
	return s + "."
}

// pageRange writes a page range with an en dash, whatever dash or hyphen the
// source used.
func pageRange(p string) string {
	p = strings.TrimSpace(p)
	if p == "" {
		return ""
	}
	for _, dash := range []string{"--", "—", "‒", "‐", "-"} {
		p = strings.ReplaceAll(p, dash, "–")
	}
	parts := strings.Split(p, "–")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return strings.Join(parts, "–")
}
