package web

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/worksheet"
)

type choice struct {
	Value string
	Label string
}

var fieldTypeChoices = []choice{
	{string(worksheet.ShortText), "Short text"},
	{string(worksheet.LongText), "Long text"},
	{string(worksheet.Scale), "Scale (e.g. 0 to 10)"},
	{string(worksheet.SingleChoice), "Single choice"},
	{string(worksheet.MultipleChoice), "Multiple choice"},
	{string(worksheet.Checklist), "Checklist"},
	{string(worksheet.YesNo), "Yes or no"},
	{string(worksheet.Date), "Date"},
	{string(worksheet.Number), "Number"},
}

var flagOpChoices = []choice{
	{worksheet.OpGTE, "at least (a scale or number)"},
	{worksheet.OpLTE, "at most (a scale or number)"},
	{worksheet.OpEq, "the choice (single choice)"},
	{worksheet.OpIncludes, "ticked with the choice (multiple choice, checklist)"},
	{worksheet.OpIsYes, "yes (yes or no)"},
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
	title := "New worksheet"
	if !p.New {
		title = "Edit: " + p.B.Title
	}
	p.Page = s.page(c, title)
	p.Types, p.Ops = fieldTypeChoices, flagOpChoices
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
					name = "“" + f.Label + "”"
				}
				p.ErrorList = append(p.ErrorList, errorItem{Href: fmt.Sprintf("#wb-f%d-%s", f.N, target),
					Text: fmt.Sprintf("Field %d %s: %s", f.N+1, name, msg)})
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
					Text: fmt.Sprintf("Flag rule %d: %s", fl.N, msg)})
			}
		}
	}
	s.render(c, status, "author/worksheet", p)
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
