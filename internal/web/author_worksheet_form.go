package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/worksheet"
)

// choice is one option of a select; Label is a catalogue key.
type choice struct {
	Value string
	Label string
}

var fieldTypeChoices = []choice{
	{string(worksheet.ShortText), "author.type.short_text"},
	{string(worksheet.LongText), "author.type.long_text"},
	{string(worksheet.Scale), "author.type.scale"},
	{string(worksheet.SingleChoice), "author.type.single_choice"},
	{string(worksheet.MultipleChoice), "author.type.multiple_choice"},
	{string(worksheet.Checklist), "author.type.checklist"},
	{string(worksheet.YesNo), "author.type.yes_no"},
	{string(worksheet.Date), "author.type.date"},
	{string(worksheet.Number), "author.type.number"},
}

var flagOpChoices = []choice{
	{worksheet.OpGTE, "author.op.gte"},
	{worksheet.OpLTE, "author.op.lte"},
	{worksheet.OpEq, "author.op.eq"},
	{worksheet.OpIncludes, "author.op.includes"},
	{worksheet.OpIsYes, "author.op.is_yes"},
}

// worksheetPreview is the draft exactly as a client will see it.
type worksheetPreview struct {
	Title   string
	Summary string
	Form    formView
}

type worksheetFormPage struct {
	Page
	B         wsBuilder
	ErrorList []errorItem
	New       bool   // creating: the slug can be chosen
	Action    string // where the form posts
	Version   int    // the version being edited
	CopyOf    string // title of the worksheet this copies
	Types     []choice
	Ops       []choice
	Preview   *worksheetPreview
}

// HasField reports whether some field has this id, so that a flag rule
// naming a field that is gone keeps its value in the menu.
func (p worksheetFormPage) HasField(id string) bool {
	for _, f := range p.B.Fields {
		if f.ID == id {
			return true
		}
	}
	return false
}

func (s *Server) renderWorksheetForm(c *gin.Context, status int, p worksheetFormPage) {
	tr := s.tr(c)
	title := tr.T("author.worksheet.new")
	if !p.New {
		title = tr.T("author.edit_title", "Title", p.B.Title)
	}
	p.Page = s.page(c, title)
	p.Types, p.Ops = fieldTypeChoices, flagOpChoices
	s.localizeBuilder(c, &p.B)
	p.ErrorList = nil
	for _, k := range []string{"slug", "title", "summary", "intro"} {
		if msg := p.B.Errors[k]; msg != "" {
			p.ErrorList = append(p.ErrorList, errorItem{Href: "#wb-" + k, Text: msg})
		}
	}
	for _, msg := range p.B.General {
		p.ErrorList = append(p.ErrorList, errorItem{Href: "#wb-fields", Text: msg})
	}
	fieldParts := []string{"field", "id", "type", "label", "help", "options", "bounds", "min", "max", "min_label", "max_label", "section", "section_intro", "max_length"}
	for _, f := range p.B.Fields {
		for _, part := range fieldParts {
			if msg := f.Errors[part]; msg != "" {
				target := part
				switch part {
				case "field":
					target = "label"
				case "bounds":
					target = "min"
				}
				name := f.ID
				if f.Label != "" {
					name = tr.T("author.worksheet.quoted", "Name", f.Label)
				}
				p.ErrorList = append(p.ErrorList, errorItem{Href: fmt.Sprintf("#wb-f%d-%s", f.N, target),
					Text: tr.T("author.worksheet.field_error", "N", f.N+1, "Name", name, "Title", msg)})
			}
		}
	}
	for _, fl := range p.B.Flags {
		for _, part := range []string{"rule", "field", "op", "value", "message"} {
			if msg := fl.Errors[part]; msg != "" {
				target := part
				if part == "rule" {
					target = "field"
				}
				p.ErrorList = append(p.ErrorList, errorItem{Href: fmt.Sprintf("#wb-flag%d-%s", fl.N, target),
					Text: tr.T("author.worksheet.rule_error", "N", fl.N, "Name", msg)})
			}
		}
	}
	s.render(c, status, "author/worksheet", p)
}

// localizeBuilder puts the builder's messages and rule sentences into the
// request's language, just before the page is drawn.
func (s *Server) localizeBuilder(c *gin.Context, b *wsBuilder) {
	tr := s.tr(c)
	b.Errors = s.trAuthorFields(c, b.Errors)
	for i, msg := range b.General {
		b.General[i] = s.trAuthor(c, msg)
	}
	labels := map[string]string{}
	for i := range b.Fields {
		f := &b.Fields[i]
		f.Errors = s.trAuthorFields(c, f.Errors)
		if f.ID != "" {
			labels[f.ID] = strings.TrimSpace(f.Label)
		}
	}
	for i := range b.Flags {
		fl := &b.Flags[i]
		fl.Errors = s.trAuthorFields(c, fl.Errors)
		fl.Sentence = fl.sentence(tr, labels)
	}
}

// authorSayFunc is the builder's say in the request's language.
func (s *Server) authorSayFunc(c *gin.Context) func(string) string {
	return func(msg string) string { return s.trAuthor(c, msg) }
}

// worksheetFormAction handles everything the builder can post except the
// final store: a change to the fields, a preview, and the checks before a
// save. It returns the schema to save, or answers itself and returns false.
func (s *Server) worksheetFormAction(c *gin.Context, p worksheetFormPage) (worksheet.Schema, bool) {
	action := c.PostForm("action")
	switch action {
	case "save":
	case "preview":
		sc := p.B.schema()
		p.Preview = &worksheetPreview{Title: sc.Title, Summary: sc.Summary, Form: newFormView(sc, nil, nil, false)}
		s.renderWorksheetForm(c, http.StatusOK, p)
		return worksheet.Schema{}, false
	default:
		p.B.apply(action)
		s.renderWorksheetForm(c, http.StatusOK, p)
		return worksheet.Schema{}, false
	}
	sc := p.B.schema()
	if p.New && reservedSlugs[sc.Slug] {
		p.B.Errors["slug"] = reservedSlugMsg
	}
	if problems := worksheet.SchemaProblems(sc.Validate()); problems != nil {
		p.B.attach(problems)
	}
	if p.B.hasErrors() {
		s.renderWorksheetForm(c, http.StatusUnprocessableEntity, p)
		return worksheet.Schema{}, false
	}
	return sc, true
}
