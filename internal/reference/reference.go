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
	"net/url"
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

// Author is one person in an author or editor list. Given holds initials
// as printed in the reference list, e.g. "A." or "E. A.".
type Author struct {
	Family string `yaml:"family"`
	Given  string `yaml:"given"`
}

// Type is the kind of work a reference points to. Each takes the fields
// APA 7 prints for it; the empty Type is a journal article.
type Type string

// The kinds of work Tend can cite.
const (
	Article Type = "article"
	Book    Type = "book"
	Chapter Type = "chapter" // a chapter in an edited book
	Report  Type = "report"  // e.g. a government or agency report
	Webpage Type = "webpage"
)

// Types lists every Type in the order an authoring form offers them.
var Types = []Type{Article, Book, Chapter, Report, Webpage}

// Label is the type's name for people.
func (t Type) Label() string {
	switch t {
	case Book:
		return "Book"
	case Chapter:
		return "Chapter in an edited book"
	case Report:
		return "Report"
	case Webpage:
		return "Web page"
	}
	return "Journal article"
}

// Reference is a work that a module may cite. Volume, Issue and Pages are
// strings because journals print things like "Suppl. 2" or "e123". Note
// carries an extra element such as "Advance online publication".
//
// Which fields a reference uses depends on its Type (see Fields):
// GroupAuthor (an organisation, such as a government agency) stands in for
// Authors; ReportNumber is printed as given, in parentheses after the title,
// e.g. "HHS Publication No. (SMA) 14-4884"; Date (YYYY-MM-DD) is the full
// publication date that web pages show, and Accessed (YYYY-MM-DD) the day a
// page that changes over time was read.
type Reference struct {
	Key          string   `yaml:"key"`
	Type         Type     `yaml:"type"`
	Authors      []Author `yaml:"authors"`
	GroupAuthor  string   `yaml:"group_author"`
	Editors      []Author `yaml:"editors"`
	Year         int      `yaml:"year"`
	Date         string   `yaml:"date"`
	Title        string   `yaml:"title"`
	Journal      string   `yaml:"journal"`
	Volume       string   `yaml:"volume"`
	Issue        string   `yaml:"issue"`
	Pages        string   `yaml:"pages"`
	BookTitle    string   `yaml:"book_title"`
	Edition      string   `yaml:"edition"`
	Publisher    string   `yaml:"publisher"`
	ReportNumber string   `yaml:"report_number"`
	SiteName     string   `yaml:"site_name"`
	URL          string   `yaml:"url"`
	Accessed     string   `yaml:"accessed"`
	DOI          string   `yaml:"doi"`
	Note         string   `yaml:"note"`
}

// Kind is the reference's Type, with the empty Type read as Article.
func (r Reference) Kind() Type {
	if r.Type == "" {
		return Article
	}
	return r.Type
}

// Field names, as in YAML and in forms, of the parts that only some types use.
const (
	FieldJournal      = "journal"
	FieldVolume       = "volume"
	FieldIssue        = "issue"
	FieldPages        = "pages"
	FieldEditors      = "editors"
	FieldBookTitle    = "book_title"
	FieldEdition      = "edition"
	FieldPublisher    = "publisher"
	FieldReportNumber = "report_number"
	FieldSiteName     = "site_name"
	FieldDate         = "date"
	FieldAccessed     = "accessed"
)

// allFields is every type-specific field, in the order problems are reported.
var allFields = []string{FieldJournal, FieldVolume, FieldIssue, FieldPages, FieldEditors, FieldBookTitle,
	FieldEdition, FieldPublisher, FieldReportNumber, FieldSiteName, FieldDate, FieldAccessed}

// typeFields are the type-specific fields each type prints. Authors or a
// group author, year, title, URL, DOI and note belong to every type.
var typeFields = map[Type][]string{
	Article: {FieldJournal, FieldVolume, FieldIssue, FieldPages},
	Book:    {FieldEditors, FieldEdition, FieldPublisher},
	Chapter: {FieldEditors, FieldBookTitle, FieldEdition, FieldPages, FieldPublisher},
	Report:  {FieldReportNumber, FieldPublisher},
	Webpage: {FieldSiteName, FieldDate, FieldAccessed},
}

// Fields lists the type-specific fields that references of type t use, so
// a form can show only those.
func Fields(t Type) []string {
	if t == "" {
		t = Article
	}
	return typeFields[t]
}

func (r Reference) uses(field string) bool {
	for _, f := range Fields(r.Kind()) {
		if f == field {
			return true
		}
	}
	return false
}

// fieldValues are r's type-specific fields, by name, for checking which are set.
func (r Reference) fieldValues() map[string]string {
	editors := ""
	if len(r.Editors) > 0 {
		editors = "set"
	}
	return map[string]string{
		FieldJournal: r.Journal, FieldVolume: r.Volume, FieldIssue: r.Issue, FieldPages: r.Pages,
		FieldEditors: editors, FieldBookTitle: r.BookTitle, FieldEdition: r.Edition, FieldPublisher: r.Publisher,
		FieldReportNumber: r.ReportNumber, FieldSiteName: r.SiteName, FieldDate: r.Date, FieldAccessed: r.Accessed,
	}
}

// OnlyUsedFields returns r with every field its type does not print
// cleared. A form that keeps hidden inputs for other types submits them; the
// stored reference should hold only what is printed.
func (r Reference) OnlyUsedFields() Reference {
	clear := map[string]func(){
		FieldJournal: func() { r.Journal = "" }, FieldVolume: func() { r.Volume = "" },
		FieldIssue: func() { r.Issue = "" }, FieldPages: func() { r.Pages = "" },
		FieldEditors: func() { r.Editors = nil }, FieldBookTitle: func() { r.BookTitle = "" },
		FieldEdition: func() { r.Edition = "" }, FieldPublisher: func() { r.Publisher = "" },
		FieldReportNumber: func() { r.ReportNumber = "" }, FieldSiteName: func() { r.SiteName = "" },
		FieldDate: func() { r.Date = "" }, FieldAccessed: func() { r.Accessed = "" },
	}
	for _, name := range allFields {
		if !r.uses(name) {
			clear[name]()
		}
	}
	return r
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

// Validate checks the fields a citation of its type cannot do without, and
// that it carries no field its type does not print. It reports every
// problem at once so a content author can fix them in one pass.
func (r Reference) Validate() error {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	kind := r.Kind()
	if typeFields[kind] == nil {
		add("unknown type %q (want one of %s)", r.Type, typeList())
	}
	if strings.TrimSpace(r.Key) == "" {
		add("key is empty")
	}
	group := strings.TrimSpace(r.GroupAuthor)
	switch {
	case group != "" && len(r.Authors) > 0:
		add("both authors and a group author: a group author stands in for the authors")
	case group == "" && len(r.Authors) == 0 && !(kind == Book && len(r.Editors) > 0):
		add("no authors and no group author")
	}
	for i, a := range r.Authors {
		if strings.TrimSpace(a.Family) == "" {
			add("author %d has no family name", i+1)
		}
	}
	for i, a := range r.Editors {
		if strings.TrimSpace(a.Family) == "" {
			add("editor %d has no family name", i+1)
		}
	}
	latest := time.Now().Year() + 1
	switch {
	case r.Year == 0 && kind == Webpage:
		// "n.d.": an undated page, to be read with its retrieval date.
		if strings.TrimSpace(r.Accessed) == "" {
			add("an undated web page needs the date it was accessed")
		}
	case r.Year < earliestYear || r.Year > latest:
		add("year %d is not between %d and %d", r.Year, earliestYear, latest)
	}
	if strings.TrimSpace(r.Title) == "" {
		add("title is empty")
	}
	values := r.fieldValues()
	for _, name := range allFields {
		if strings.TrimSpace(values[name]) != "" && !r.uses(name) && typeFields[kind] != nil {
			add("%s is not part of a %s reference", name, kind)
		}
	}
	switch kind {
	case Article:
		if strings.TrimSpace(r.Journal) == "" && (r.Volume != "" || r.Issue != "") {
			add("volume or issue without a journal")
		}
	case Book:
		if strings.TrimSpace(r.Publisher) == "" && group == "" {
			add("a book needs a publisher (or a group author who published it)")
		}
	case Chapter:
		if strings.TrimSpace(r.BookTitle) == "" {
			add("a chapter needs the title of the book it is in")
		}
		if strings.TrimSpace(r.Publisher) == "" {
			add("a chapter needs the book's publisher")
		}
	case Report:
		if strings.TrimSpace(r.Publisher) == "" && group == "" {
			add("a report needs a publisher or a group author")
		}
	case Webpage:
		if strings.TrimSpace(r.URL) == "" {
			add("a web page needs its URL")
		}
	}
	if u := strings.TrimSpace(r.URL); u != "" {
		if err := validateURL(u); err != nil {
			add("%v", err)
		}
	}
	if d := strings.TrimSpace(r.Date); d != "" {
		if t, err := time.Parse(time.DateOnly, d); err != nil {
			add("date %q is not a date written YYYY-MM-DD", d)
		} else if t.Year() != r.Year {
			add("date %s is not in year %d", d, r.Year)
		}
	}
	if d := strings.TrimSpace(r.Accessed); d != "" {
		if _, err := time.Parse(time.DateOnly, d); err != nil {
			add("accessed %q is not a date written YYYY-MM-DD", d)
		}
	}
	if strings.TrimSpace(r.DOI) != "" {
		if err := ValidateDOI(r.DOI); err != nil {
			add("%v", err)
		}
	}
	if len(problems) == 0 {
		return nil
	}
	return fmt.Errorf("%w %q: %s", ErrInvalid, r.Key, strings.Join(problems, "; "))
}

func typeList() string {
	names := make([]string, 0, len(Types))
	for _, t := range Types {
		names = append(names, string(t))
	}
	return strings.Join(names, ", ")
}

// validateURL accepts an absolute http or https address: a reference list
// is read on paper as often as on screen, and nothing else opens from both.
func validateURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || strings.ContainsAny(s, " \t\n") {
		return fmt.Errorf("url %q is not a web address starting with https://", s)
	}
	return nil
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

// Part is a run of reference text; Italic marks what APA 7 sets in
// italics: a journal name and volume, or the title of a stand-alone work.
type Part struct {
	Text   string
	Italic bool
}

// Formatted is an APA 7 reference split into styled runs, so an HTML page
// and a PDF can both render the italics. Parts hold everything up to the
// link; URL, when set, follows them (after a space) and is meant to be a
// link: the DOI as https://doi.org/..., or else the work's web address.
type Formatted struct {
	Parts []Part
	URL   string
}

// String returns the reference as plain text, link included.
func (f Formatted) String() string {
	var b strings.Builder
	for _, p := range f.Parts {
		b.WriteString(p.Text)
	}
	if f.URL != "" {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(f.URL)
	}
	return b.String()
}

// parts collects styled runs, merging neighbours of the same style.
type parts struct{ list []Part }

func (p *parts) add(text string, italic bool) {
	if text == "" {
		return
	}
	if n := len(p.list); n > 0 && p.list[n-1].Italic == italic {
		p.list[n-1].Text += text
		return
	}
	p.list = append(p.list, Part{Text: text, Italic: italic})
}

func (p *parts) plain(text string)  { p.add(text, false) }
func (p *parts) italic(text string) { p.add(text, true) }

// Format renders r as an APA 7 reference-list entry of its type, one code
// path for pages, PDFs and the API:
//
//	article: Author, A. A., & Author, B. (2019). Title. Journal, 8(3), 207–217. https://doi.org/...
//	book:    Author, A. A. (2019). Title (2nd ed.). Publisher. https://doi.org/...
//	chapter: Author, A. (2019). Title. In E. Editor & F. Editor (Eds.), Book title (pp. 345–359). Publisher.
//	report:  Group Author. (2014). Title (Report No. 14-4884). Publisher. https://...
//	webpage: Group Author. (2019, May 24). Title. Site Name. https://...
//
// with italics where APA 7 puts them. Missing optional parts are left out
// without stray punctuation; a publisher or site name that repeats the
// group author is left out, as APA 7 asks; Note (e.g. "Advance online
// publication") follows the source as its own sentence.
func Format(r Reference) Formatted { return FormatIn("en", r) }

// FormatIn is Format by the APA conventions of lang ("en", "es", "el"; any
// other is English): in Spanish "y" for "&" and "En" for "In", in Greek
// "και", "κ.ά.", "Επιμ." and so on, dates in the language. Titles, names
// and journals stay as published.
func FormatIn(lang string, r Reference) Formatted {
	st := styleFor(lang)
	var p parts
	p.plain(st.authorPart(r))
	p.plain("(" + st.dateText(r) + "). ")

	title := strings.TrimSpace(r.Title)
	group := strings.TrimSpace(r.GroupAuthor)
	switch r.Kind() {
	case Book:
		italicTitle(&p, title, join(", ", st.editionText(r.Edition)))
		publisherPart(&p, r.Publisher, group)
	case Chapter:
		p.plain(sentence(title) + " " + st.in + " ")
		if eds := st.editorList(r.Editors); eds != "" {
			p.plain(eds + ", ")
		}
		italicTitle(&p, strings.TrimSpace(r.BookTitle), join(", ", st.editionText(r.Edition), st.pagesText(r.Pages)))
		publisherPart(&p, r.Publisher, "")
	case Report:
		italicTitle(&p, title, strings.TrimSpace(r.ReportNumber))
		publisherPart(&p, r.Publisher, group)
	case Webpage:
		italicTitle(&p, title, "")
		publisherPart(&p, r.SiteName, group)
	default:
		articlePart(&p, r, title)
	}

	if note := strings.TrimSpace(r.Note); note != "" {
		p.plain(" " + sentence(note))
	}

	var f Formatted
	if doi := NormalizeDOI(r.DOI); doi != "" {
		f.URL = "https://doi.org/" + doi
	} else if u := strings.TrimSpace(r.URL); u != "" {
		f.URL = u
		if acc, ok := st.longDate(r.Accessed); ok && r.Kind() == Webpage {
			p.plain(" " + fmt.Sprintf(st.retrieved, acc))
		}
	}
	f.Parts = p.list
	return f
}

// articlePart is "Title. Journal, Volume(Issue), pages." with the journal
// name and volume in italics.
func articlePart(p *parts, r Reference, title string) {
	p.plain(sentence(title))
	journal := strings.TrimSpace(r.Journal)
	volume := strings.TrimSpace(r.Volume)
	issue := strings.TrimSpace(r.Issue)
	pages := pageRange(r.Pages)
	switch {
	case journal != "":
		p.plain(" ")
		italic := journal
		if volume != "" {
			italic += ", " + volume
		}
		p.italic(italic)
		if issue != "" {
			p.plain("(" + issue + ")")
		}
		if pages != "" {
			p.plain(", " + pages)
		}
		p.plain(".")
	case pages != "":
		// Without a journal there is nothing to hang volume or issue on;
		// pages alone still help a reader find the text.
		p.plain(" " + pages + ".")
	}
}

// italicTitle writes an italic title, then an optional plain description
// in parentheses such as "(2nd ed.)" or "(NIH Publication No. 18-2059)",
// then the full stop.
func italicTitle(p *parts, title, paren string) {
	if paren == "" {
		p.italic(sentence(title))
		return
	}
	p.italic(title)
	p.plain(" (" + paren + ").")
}

// publisherPart adds " Publisher." unless it is empty or repeats the group
// author.
func publisherPart(p *parts, publisher, group string) {
	publisher = strings.TrimSpace(publisher)
	if publisher == "" || strings.EqualFold(strings.TrimSuffix(publisher, "."), strings.TrimSuffix(group, ".")) {
		return
	}
	p.plain(" " + sentence(publisher))
}

// authorPart is the author element with its trailing space: a list of
// people, a group author, or for an edited book the editors marked (Ed.)
// or (Eds.).
func (st style) authorPart(r Reference) string {
	switch {
	case strings.TrimSpace(r.GroupAuthor) != "":
		return sentence(strings.TrimSpace(r.GroupAuthor)) + " "
	case len(r.Authors) > 0:
		return st.authorList(r.Authors) + " "
	case r.Kind() == Book && len(r.Editors) > 0:
		label := st.ed + "."
		if len(r.Editors) > 1 {
			label = st.eds + "."
		}
		return st.authorList(r.Editors) + " " + label + " "
	}
	return ""
}

// editorList writes editors as APA 7 does inside a chapter reference:
// initials first, "A. A. Editor & B. Editor (Eds.)", no comma before the
// ampersand for two.
func (st style) editorList(eds []Author) string {
	names := make([]string, 0, len(eds))
	for _, e := range eds {
		names = append(names, join(" ", strings.TrimSpace(e.Given), strings.TrimSpace(e.Family)))
	}
	var list string
	switch n := len(names); n {
	case 0:
		return ""
	case 1:
		return names[0] + " " + st.ed
	case 2:
		list = names[0] + " " + st.and + " " + names[1]
	default:
		list = strings.Join(names[:n-1], ", ") + st.lastSep + names[n-1]
	}
	return list + " " + st.eds
}

// editionText turns "2", "2nd" or "Rev." into "2nd ed." or "Rev. ed.".
func (st style) editionText(e string) string {
	e = strings.TrimSpace(e)
	if e == "" || e == "1" || strings.EqualFold(e, "1st") {
		return "" // APA prints no edition for a first edition
	}
	if n, err := strconv.Atoi(e); err == nil {
		e = st.ordinal(n)
	}
	lower := strings.ToLower(e)
	if strings.HasSuffix(lower, " ed.") || strings.HasSuffix(lower, " ed") || strings.HasSuffix(lower, " έκδ.") {
		return strings.TrimSuffix(e, ".") + "."
	}
	return e + " " + st.edition
}

func ordinal(n int) string {
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return strconv.Itoa(n) + suffix
}

// pagesText is "pp. 345–359" for a range and "p. 12" for one page.
func (st style) pagesText(p string) string {
	p = pageRange(p)
	switch {
	case p == "":
		return ""
	case strings.Contains(p, "–"):
		return st.pp + " " + p
	}
	return st.page + " " + p
}

// dateText is "2019", "2019, October 31" when a full date is known, or
// "n.d." for an undated page.
func (st style) dateText(r Reference) string {
	if r.Year == 0 {
		return st.nd
	}
	if t, err := time.Parse(time.DateOnly, strings.TrimSpace(r.Date)); err == nil && t.Year() == r.Year {
		return st.yearDate(t)
	}
	return strconv.Itoa(r.Year)
}

// longDate writes YYYY-MM-DD as "July 3, 2019".
func (st style) longDate(s string) (string, bool) {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	if err != nil {
		return "", false
	}
	return st.fullDate(t), true
}

// join joins the non-empty parts with sep.
func join(sep string, parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, sep)
}

// Citation is the parenthetical in-text citation APA 7 gives r:
// "(Carter, 1998)", "(Maczkowiack & Schweitzer, 2019)", "(Muise et al.,
// 2014)" or, for a group author, "(Substance Abuse and Mental Health
// Services Administration, 2014)".
func Citation(r Reference) string { return CitationIn("en", r) }

// CitationIn is Citation by lang's conventions: "(Maczkowiack y
// Schweitzer, 2019)", "(Mallory κ.ά., 2019)".
func CitationIn(lang string, r Reference) string {
	st := styleFor(lang)
	return "(" + st.citeNames(r, st.and) + ", " + st.citeYear(r) + ")"
}

// NarrativeCitation is the in-text form used in a sentence: "Muise et al.
// (2014)", "Maczkowiack and Schweitzer (2019)".
func NarrativeCitation(r Reference) string {
	return styleFor("en").citeNames(r, "and") + " (" + citeYear(r) + ")"
}

func citeYear(r Reference) string { return styleFor("en").citeYear(r) }

func (st style) citeYear(r Reference) string {
	if r.Year == 0 {
		return st.nd
	}
	return strconv.Itoa(r.Year)
}

func (st style) citeNames(r Reference, and string) string {
	if g := strings.TrimSpace(r.GroupAuthor); g != "" {
		return strings.TrimSuffix(g, ".")
	}
	people := r.Authors
	if len(people) == 0 {
		people = r.Editors
	}
	switch len(people) {
	case 0:
		return strings.TrimSpace(r.Title)
	case 1:
		return strings.TrimSpace(people[0].Family)
	case 2:
		return strings.TrimSpace(people[0].Family) + " " + and + " " + strings.TrimSpace(people[1].Family)
	}
	return strings.TrimSpace(people[0].Family) + " " + st.etAl
}

// maxListedAuthors is APA 7's limit: up to 20 authors are listed in full;
// beyond that, the first 19, an ellipsis, and the last.
const maxListedAuthors = 20

// authorList joins authors APA-style: "A, B, & C"; two authors still take a
// comma before the ampersand. With more than 20, it lists the first 19, an
// ellipsis and the last author, with no ampersand.
func (st style) authorList(authors []Author) string {
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
		return strings.Join(names[:n-1], ", ") + st.lastSep + names[n-1]
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
