package web

import (
	"github.com/tend-practice/tend/internal/worksheet"
)

// formView is a worksheet ready for the "worksheet-form" partial: every
// field with what the client typed (kept exactly, even when invalid) and its
// error message.
type formView struct {
	Intro    string
	Sections []sectionView
	ReadOnly bool
	Errors   map[string]string
}

type sectionView struct {
	Heading string
	Intro   string
	Fields  []fieldView
}

type fieldView struct {
	worksheet.Field
	InputID  string
	Value    string
	Values   []string
	Error    string
	ReadOnly bool
	Steps    []int
	Comments []fieldComment
	Flagged  bool
	// SupportHint is the practice's crisis contacts, for a question whose
	// answer can raise an urgent flag (clients only).
	SupportHint string
}

type fieldComment struct {
	Author, Body string
	New          bool // not yet seen by this viewer (comment_reads)
}

func newFormView(sc worksheet.Schema, answers worksheet.Answers, errs map[string]string, readOnly bool) formView {
	fv := formView{Intro: sc.Intro, ReadOnly: readOnly, Errors: errs}
	for _, sec := range sc.Sections {
		sv := sectionView{Heading: sec.Heading, Intro: sec.Intro}
		for _, f := range sec.Fields {
			v := fieldView{Field: f, InputID: "f-" + f.ID, Error: errs[f.ID], ReadOnly: readOnly, Steps: f.Steps()}
			if f.Type.IsList() {
				v.Values = answers.List(f.ID)
			} else {
				v.Value = answers.Text(f.ID)
			}
			sv.Fields = append(sv.Fields, v)
		}
		fv.Sections = append(fv.Sections, sv)
	}
	return fv
}

// Answered reports whether a field has any answer (for read-only views).
func (f fieldView) Answered() bool { return f.Value != "" || len(f.Values) > 0 }

// OptionLabel returns the label of a chosen option value.
func (f fieldView) OptionLabel(value string) string {
	for _, o := range f.Options {
		if o.Value == value {
			return o.Label
		}
	}
	return value
}
