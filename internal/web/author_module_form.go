package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/module"
	"github.com/tend-practice/tend/internal/reference"
)

// moduleForm is everything the module form holds, exactly as typed, so a
// preview or a failed save gives it all back.
type moduleForm struct {
	Slug        string
	Title       string
	Summary     string
	Topics      []string
	ContentNote string
	Body        string
	Guide       string   // the optional clinician guide, staff only
	Refs        []refRow // always module.MaxReferences rows, filled ones first
}

// refRow is one structured reference in the form. N numbers it from 1, as
// in its input names (ref2_doi). Type is the kind of work ("" until chosen
// reads as a journal article); the other values are as typed, by part.
type refRow struct {
	N      int
	Type   string
	Values map[string]string // by refParts name
	Errors map[string]string
}

// refParts are the inputs of a reference row (ref1_authors, ...), in form order.
var refParts = []string{"authors", "group_author", "editors", "year", "date", "title", "journal", "volume", "issue",
	"pages", "book_title", "edition", "publisher", "report_number", "site_name", "url", "accessed", "doi", "note"}

func (r refRow) blank() bool {
	for _, part := range refParts {
		if strings.TrimSpace(r.Values[part]) != "" {
			return false
		}
	}
	return true
}

func (r refRow) kind() reference.Type {
	return reference.Reference{Type: reference.Type(r.Type)}.Kind()
}

// refTypeKeys are the catalogue keys of reference.Type's labels.
var refTypeKeys = map[reference.Type]string{
	reference.Article: "author.ref.type_article", reference.Book: "author.ref.type_book",
	reference.Chapter: "author.ref.type_chapter", reference.Report: "author.ref.type_report",
	reference.Webpage: "author.ref.type_webpage",
}

// refTypeOption is one choice of the row's type select (Label is a
// catalogue key).
type refTypeOption struct {
	Value, Label string
	Selected     bool
}

// TypeOptions are the kinds of work the row may be.
func (r refRow) TypeOptions() []refTypeOption {
	out := make([]refTypeOption, 0, len(reference.Types))
	for _, t := range reference.Types {
		label, ok := refTypeKeys[t]
		if !ok {
			label = t.Label() // a kind the catalogue lacks: its English
		}
		out = append(out, refTypeOption{Value: string(t), Label: label, Selected: t == r.kind()})
	}
	return out
}

// refInput is one input of a reference row as the template draws it
// (Label and Help are catalogue keys).
type refInput struct {
	ID, Name, Label, Help, Value, Error string
	Textarea, Wide, Numeric             bool
	MaxLen                              int
	// Types lists the kinds of work that use this input ("" for all), so
	// a little script can hide the others; without it every input shows.
	Types  string
	Hidden bool // not used by the row's current type (shown without JavaScript)
}

type refInputSpec struct {
	label, help             string
	textarea, wide, numeric bool
	maxLen                  int
}

// refInputSpecs give each input's label and help as catalogue keys.
var refInputSpecs = map[string]refInputSpec{
	"authors":       {label: "author.ref.authors", help: "author.ref.authors_help", textarea: true, wide: true},
	"group_author":  {label: "author.ref.group_author", help: "author.ref.group_author_help", wide: true, maxLen: 300},
	"editors":       {label: "author.ref.editors", help: "author.ref.editors_help", textarea: true, wide: true},
	"year":          {label: "author.ref.year", numeric: true, maxLen: 4},
	"date":          {label: "author.ref.date", help: "author.ref.date_help", maxLen: 10},
	"title":         {label: "author.ref.title", help: "author.ref.title_help", wide: true, maxLen: 500},
	"journal":       {label: "author.ref.journal", wide: true, maxLen: 300},
	"volume":        {label: "author.ref.volume", maxLen: 60},
	"issue":         {label: "author.ref.issue", maxLen: 60},
	"pages":         {label: "author.ref.pages", maxLen: 60},
	"book_title":    {label: "author.ref.book_title", help: "author.ref.book_title_help", wide: true, maxLen: 300},
	"edition":       {label: "author.ref.edition", help: "author.ref.edition_help", maxLen: 60},
	"publisher":     {label: "author.ref.publisher", help: "author.ref.publisher_help", wide: true, maxLen: 300},
	"report_number": {label: "author.ref.report_number", help: "author.ref.report_number_help", wide: true, maxLen: 60},
	"site_name":     {label: "author.ref.site_name", help: "author.ref.site_name_help", wide: true, maxLen: 300},
	"url":           {label: "author.ref.url", help: "author.ref.url_help", wide: true, maxLen: 500},
	"accessed":      {label: "author.ref.accessed", help: "author.ref.accessed_help", maxLen: 10},
	"doi":           {label: "author.ref.doi", help: "author.ref.doi_help", wide: true, maxLen: 200},
	"note":          {label: "author.ref.note", help: "author.ref.note_help", wide: true, maxLen: 200},
}

// Inputs are the row's inputs in form order, each marked with the types
// that use it.
func (r refRow) Inputs() []refInput {
	typesOf := map[string][]string{}
	for _, t := range reference.Types {
		for _, f := range reference.Fields(t) {
			typesOf[f] = append(typesOf[f], string(t))
		}
	}
	out := make([]refInput, 0, len(refParts))
	for _, part := range refParts {
		spec := refInputSpecs[part]
		in := refInput{ID: fmt.Sprintf("m-ref%d_%s", r.N, part), Name: fmt.Sprintf("ref%d_%s", r.N, part),
			Label: spec.label, Help: spec.help, Value: r.Values[part], Error: r.Errors[part], Textarea: spec.textarea,
			Wide: spec.wide, Numeric: spec.numeric, MaxLen: spec.maxLen}
		if types, ok := typesOf[part]; ok {
			in.Types = strings.Join(types, " ")
			in.Hidden = !strings.Contains(" "+in.Types+" ", " "+string(r.kind())+" ")
		}
		out = append(out, in)
	}
	return out
}

// moduleFormFrom reads the posted form. Blank reference rows are dropped and
// the rest move up, so that "ref2" always means the second reference cited.
func moduleFormFrom(pf url.Values) moduleForm {
	// Browsers send textarea lines with CRLF; the form shows them back with LF.
	get := func(name string) string { return strings.ReplaceAll(pf.Get(name), "\r\n", "\n") }
	f := moduleForm{Slug: strings.TrimSpace(pf.Get("slug")), Title: get("title"), Summary: get("summary"),
		Topics: pf["topics"], ContentNote: get("content_note"), Body: get("body"), Guide: get("guide")}
	for n := 1; n <= module.MaxReferences; n++ {
		r := refRow{Type: strings.TrimSpace(pf.Get(fmt.Sprintf("ref%d_type", n))), Values: map[string]string{}}
		for _, part := range refParts {
			r.Values[part] = get(fmt.Sprintf("ref%d_%s", n, part))
		}
		if !r.blank() {
			f.Refs = append(f.Refs, r)
		}
	}
	f.pad()
	return f
}

// moduleFormOf fills the form from a stored version and its clinician guide.
func moduleFormOf(v module.Version, g module.Guide) moduleForm {
	f := moduleForm{Slug: v.Slug, Title: v.Title, Summary: v.Summary, Topics: v.Topics(), ContentNote: v.ContentNote, Body: v.Body,
		Guide: g.Body}
	for _, r := range v.References {
		if len(f.Refs) == module.MaxReferences {
			break
		}
		row := refRow{Type: string(r.Type), Values: map[string]string{
			"authors": nameLines(r.Authors), "group_author": r.GroupAuthor, "editors": nameLines(r.Editors),
			"date": r.Date, "title": r.Title, "journal": r.Journal, "volume": r.Volume, "issue": r.Issue, "pages": r.Pages,
			"book_title": r.BookTitle, "edition": r.Edition, "publisher": r.Publisher, "report_number": r.ReportNumber,
			"site_name": r.SiteName, "url": r.URL, "accessed": r.Accessed, "doi": r.DOI, "note": r.Note}}
		if r.Year != 0 {
			row.Values["year"] = strconv.Itoa(r.Year)
		}
		f.Refs = append(f.Refs, row)
	}
	f.pad()
	return f
}

// nameLines writes names one per line, as "Family, G. G.".
func nameLines(list []reference.Author) string {
	lines := make([]string, 0, len(list))
	for _, a := range list {
		if a.Given == "" {
			lines = append(lines, a.Family)
		} else {
			lines = append(lines, a.Family+", "+a.Given)
		}
	}
	return strings.Join(lines, "\n")
}

// parseNames reads names one per line, as "Family, G. G.".
func parseNames(text string) []reference.Author {
	var out []reference.Author
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		family, given, _ := strings.Cut(line, ",")
		if strings.TrimSpace(line) != "" {
			out = append(out, reference.Author{Family: strings.TrimSpace(family), Given: strings.TrimSpace(given)})
		}
	}
	return out
}

func (f *moduleForm) pad() {
	for len(f.Refs) < module.MaxReferences {
		f.Refs = append(f.Refs, refRow{Values: map[string]string{}})
	}
	for i := range f.Refs {
		f.Refs[i].N = i + 1
	}
}

// draft turns the form into what the library stores. Problems only the form
// can see (a year that is not a number) come back keyed like the library's.
func (f moduleForm) draft() (module.Definition, []reference.Reference, map[string]string) {
	d := module.Definition{Slug: f.Slug, Title: f.Title, Summary: f.Summary, Topics: f.Topics, ContentNote: f.ContentNote, Body: f.Body,
		Guide: module.Guide{Body: f.Guide}}
	errs := map[string]string{}
	var refs []reference.Reference
	for _, row := range f.Refs {
		if row.blank() {
			continue
		}
		v := row.Values
		r := reference.Reference{Type: reference.Type(row.Type), Authors: parseNames(v["authors"]),
			GroupAuthor: v["group_author"], Editors: parseNames(v["editors"]), Date: v["date"], Title: v["title"],
			Journal: v["journal"], Volume: v["volume"], Issue: v["issue"], Pages: v["pages"], BookTitle: v["book_title"],
			Edition: v["edition"], Publisher: v["publisher"], ReportNumber: v["report_number"], SiteName: v["site_name"],
			URL: v["url"], Accessed: v["accessed"], DOI: v["doi"], Note: v["note"]}
		if y := strings.TrimSpace(v["year"]); y != "" {
			n, err := strconv.Atoi(y)
			if err != nil {
				errs[fmt.Sprintf("ref%d_year", row.N)] = "Please write the year as four digits, like 2019."
			}
			r.Year = n
		}
		refs = append(refs, r)
	}
	return d, refs, errs
}

// modulePreview is the draft as a reader will see it.
type modulePreview struct {
	Title          string
	Summary        string
	ContentNote    string
	ReadingMinutes int
	Body           template.HTML
	References     []reference.Formatted
}

type moduleFormPage struct {
	Page
	Form      moduleForm
	Errors    map[string]string
	ErrorList []errorItem
	New       bool   // creating: the slug can be chosen
	Action    string // where the form posts
	Version   int    // the version being edited
	CopyOf    string // title of the module this copies
	AllTopics []string
	Preview   *modulePreview
	// The reference rows in use plus one empty row are shown; the other
	// empty rows wait behind "More references".
	ShownRefs []refRow
	MoreRefs  []refRow
}

// topicKeys are the catalogue keys of module.Topics.
var topicKeys = map[string]string{
	"basics": "author.topic.basics", "body": "author.topic.body", "emotions": "author.topic.emotions",
	"communication": "author.topic.communication", "relationships": "author.topic.relationships",
	"kink": "author.topic.kink", "trauma": "author.topic.trauma", "everyday": "author.topic.everyday",
}

// TopicKey is a topic's catalogue key ("" for one the catalogue lacks).
func (moduleFormPage) TopicKey(t string) string { return topicKeys[t] }

// moduleFieldOrder is the order of the form's inputs, for the error summary.
var moduleFieldOrder = []string{"slug", "title", "summary", "topics", "content_note", "body", "guide", "references"}

func (s *Server) renderModuleForm(c *gin.Context, status int, p moduleFormPage) {
	tr := s.tr(c)
	title := tr.T("author.module.new")
	if !p.New {
		title = tr.T("author.edit_title", "Title", p.Form.Title)
	}
	p.Page = s.page(c, title)
	p.AllTopics = module.Topics
	p.Errors = s.trAuthorFields(c, p.Errors)
	if p.Errors == nil {
		p.Errors = map[string]string{}
	}
	p.ErrorList = nil
	for _, k := range moduleFieldOrder {
		if msg := p.Errors[k]; msg != "" {
			p.ErrorList = append(p.ErrorList, errorItem{Href: "#m-" + k, Text: msg})
		}
	}
	for i := range p.Form.Refs {
		r := &p.Form.Refs[i]
		r.Errors = map[string]string{}
		prefix := fmt.Sprintf("ref%d", r.N)
		if msg := p.Errors[prefix]; msg != "" {
			r.Errors["row"] = msg
			p.ErrorList = append(p.ErrorList, errorItem{Href: "#m-" + prefix + "_authors", Text: tr.T("author.ref.error", "N", r.N, "Name", msg)})
		}
		for _, part := range append([]string{"type"}, refParts...) {
			if msg := p.Errors[prefix+"_"+part]; msg != "" {
				r.Errors[part] = msg
				p.ErrorList = append(p.ErrorList, errorItem{Href: "#m-" + prefix + "_" + part, Text: tr.T("author.ref.error", "N", r.N, "Name", msg)})
			}
		}
	}
	if msg := p.Errors["form"]; msg != "" {
		p.ErrorList = append(p.ErrorList, errorItem{Href: "#m-title", Text: msg})
	}
	p.ShownRefs, p.MoreRefs = nil, nil
	for _, r := range p.Form.Refs {
		if !r.blank() || len(p.ShownRefs) == 0 || !p.ShownRefs[len(p.ShownRefs)-1].blank() {
			p.ShownRefs = append(p.ShownRefs, r)
		} else {
			p.MoreRefs = append(p.MoreRefs, r)
		}
	}
	s.render(c, status, "author/module", p)
}

// previewModule renders the draft's body and references the way the
// module page will.
func (s *Server) previewModule(f moduleForm) *modulePreview {
	d, refs, _ := f.draft()
	p := &modulePreview{Title: strings.TrimSpace(d.Title), Summary: strings.TrimSpace(d.Summary),
		ContentNote: strings.TrimSpace(d.ContentNote), ReadingMinutes: d.ReadingMinutes(), Body: s.Markdown.HTML(d.Body)}
	for _, r := range refs {
		p.References = append(p.References, reference.Format(r.OnlyUsedFields()))
	}
	return p
}

// moduleFormAction handles the form's two actions for create and save: preview
// (the default, also what Enter in a text box does) and save. It returns
// true when it has answered.
func (s *Server) moduleFormAction(c *gin.Context, p moduleFormPage) (module.Definition, []reference.Reference, bool) {
	if c.PostForm("action") != "save" {
		if c.PostForm("fragment") == "1" {
			// preview.js asks for the preview alone while the author types.
			s.renderFragment(c, "author/module", "module-preview", s.previewModule(p.Form))
			return module.Definition{}, nil, true
		}
		p.Preview = s.previewModule(p.Form)
		s.renderModuleForm(c, http.StatusOK, p)
		return module.Definition{}, nil, true
	}
	d, refs, errs := p.Form.draft()
	if p.New && reservedSlugs[d.Slug] {
		errs["slug"] = reservedSlugMsg
	}
	for k, v := range module.Problems(d, refs) {
		if _, ok := errs[k]; !ok {
			errs[k] = v
		}
	}
	if len(errs) > 0 {
		p.Errors = errs
		s.renderModuleForm(c, http.StatusUnprocessableEntity, p)
		return module.Definition{}, nil, true
	}
	return d, refs, false
}
