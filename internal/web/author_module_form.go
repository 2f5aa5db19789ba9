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
	Refs        []refRow // always module.MaxReferences rows, filled ones first
}

// refRow is one structured reference in the form. N numbers it from 1, as
// in its input names (ref2_doi).
type refRow struct {
	N                                                        int
	Authors, Year, Title, Journal, Volume, Issue, Pages, DOI string
	Note                                                     string
	Errors                                                   map[string]string
}

func (r refRow) blank() bool {
	return strings.TrimSpace(r.Authors+r.Year+r.Title+r.Journal+r.Volume+r.Issue+r.Pages+r.DOI+r.Note) == ""
}

var refParts = []string{"authors", "year", "title", "journal", "volume", "issue", "pages", "doi", "note"}

// moduleFormFrom reads the posted form. Blank reference rows are dropped and
// the rest move up, so that "ref2" always means the second reference cited.
func moduleFormFrom(pf url.Values) moduleForm {
	// Browsers send textarea lines with CRLF; the form shows them back with LF.
	get := func(name string) string { return strings.ReplaceAll(pf.Get(name), "\r\n", "\n") }
	f := moduleForm{Slug: strings.TrimSpace(pf.Get("slug")), Title: get("title"), Summary: get("summary"),
		Topics: pf["topics"], ContentNote: get("content_note"), Body: get("body")}
	for n := 1; n <= module.MaxReferences; n++ {
		v := func(part string) string { return get(fmt.Sprintf("ref%d_%s", n, part)) }
		r := refRow{Authors: v("authors"), Year: v("year"), Title: v("title"), Journal: v("journal"), Volume: v("volume"),
			Issue: v("issue"), Pages: v("pages"), DOI: v("doi"), Note: v("note")}
		if !r.blank() {
			f.Refs = append(f.Refs, r)
		}
	}
	f.pad()
	return f
}

// moduleFormOf fills the form from a stored version.
func moduleFormOf(v module.Version) moduleForm {
	f := moduleForm{Slug: v.Slug, Title: v.Title, Summary: v.Summary, Topics: v.Topics(), ContentNote: v.ContentNote, Body: v.Body}
	for _, r := range v.References {
		if len(f.Refs) == module.MaxReferences {
			break
		}
		lines := make([]string, 0, len(r.Authors))
		for _, a := range r.Authors {
			if a.Given == "" {
				lines = append(lines, a.Family)
			} else {
				lines = append(lines, a.Family+", "+a.Given)
			}
		}
		row := refRow{Authors: strings.Join(lines, "\n"), Title: r.Title, Journal: r.Journal, Volume: r.Volume,
			Issue: r.Issue, Pages: r.Pages, DOI: r.DOI, Note: r.Note}
		if r.Year != 0 {
			row.Year = strconv.Itoa(r.Year)
		}
		f.Refs = append(f.Refs, row)
	}
	f.pad()
	return f
}

func (f *moduleForm) pad() {
	for len(f.Refs) < module.MaxReferences {
		f.Refs = append(f.Refs, refRow{})
	}
	for i := range f.Refs {
		f.Refs[i].N = i + 1
	}
}

// draft turns the form into what the library stores. Problems only the form
// can see (a year that is not a number) come back keyed like the library's.
func (f moduleForm) draft() (module.Definition, []reference.Reference, map[string]string) {
	d := module.Definition{Slug: f.Slug, Title: f.Title, Summary: f.Summary, Topics: f.Topics, ContentNote: f.ContentNote, Body: f.Body}
	errs := map[string]string{}
	var refs []reference.Reference
	for _, row := range f.Refs {
		if row.blank() {
			continue
		}
		r := reference.Reference{Title: row.Title, Journal: row.Journal, Volume: row.Volume, Issue: row.Issue,
			Pages: row.Pages, DOI: row.DOI, Note: row.Note}
		for _, line := range strings.Split(strings.ReplaceAll(row.Authors, "\r\n", "\n"), "\n") {
			family, given, _ := strings.Cut(line, ",")
			if strings.TrimSpace(line) != "" {
				r.Authors = append(r.Authors, reference.Author{Family: strings.TrimSpace(family), Given: strings.TrimSpace(given)})
			}
		}
		if y := strings.TrimSpace(row.Year); y != "" {
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

// moduleFieldOrder is the order of the form's inputs, for the error summary.
var moduleFieldOrder = []string{"slug", "title", "summary", "topics", "content_note", "body", "references"}

func (s *Server) renderModuleForm(c *gin.Context, status int, p moduleFormPage) {
	title := "New module"
	if !p.New {
		title = "Edit: " + p.Form.Title
	}
	p.Page = s.page(c, title)
	p.AllTopics = module.Topics
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
			p.ErrorList = append(p.ErrorList, errorItem{Href: "#m-" + prefix + "_authors", Text: fmt.Sprintf("Reference %d: %s", r.N, msg)})
		}
		for _, part := range refParts {
			if msg := p.Errors[prefix+"_"+part]; msg != "" {
				r.Errors[part] = msg
				p.ErrorList = append(p.ErrorList, errorItem{Href: "#m-" + prefix + "_" + part, Text: fmt.Sprintf("Reference %d: %s", r.N, msg)})
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
		p.References = append(p.References, reference.Format(r))
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
