// Package handout renders printable PDF handouts: module handouts with their
// references, blank worksheets for handwriting and completed worksheets.
//
// Callers describe a handout with plain input structs (ModuleInput,
// WorksheetInput) and get a PDF written to an io.Writer. Everything about the
// PDF library stays inside this package: layout is computed here in plain Go
// (layout.go, text.go) and only paint.go and fontcache.go call gofpdf, which is
// archived upstream, so a swap to a fork touches those two files and nothing
// outside the package.
package handout

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/yuin/goldmark"

	"github.com/tend-practice/tend/internal/i18n"
)

// Paper is a page size.
type Paper string

// Supported paper sizes. The zero value means A4.
const (
	PaperA4     Paper = "A4"
	PaperLetter Paper = "Letter"
)

// TextRun is a piece of text that is either upright or italic, as APA 7
// references need (journal and volume in italics).
type TextRun struct {
	Text   string
	Italic bool
}

// Reference is one APA 7 reference, already formatted by the caller. URL is
// printed after the parts and made clickable (usually https://doi.org/...).
type Reference struct {
	Parts []TextRun
	URL   string
}

// ModuleInput is everything a module handout shows.
type ModuleInput struct {
	PracticeName  string
	ClinicianName string // only when printed for an assignment

	Title          string
	Summary        string
	ReadingMinutes int
	ContentNote    string
	Body           string // the module's Markdown
	Note           string // the clinician's personal note to this client, optional
	References     []Reference
	Support        *Support // printed last: where to turn for help now

	PrintedOn time.Time // the footer date; also the PDF's creation date. Zero means now
	Paper     Paper     // A4 unless "Letter"
	// Localizer is the handout's language: its labels, dates and page
	// numbers. Pass the module version's language; nil is English.
	Localizer *i18n.Localizer
}

// Support is the practice's "If you need help now" block: its crisis
// contacts, its own contact details and when reflections are read. It ends
// module handouts and printouts for clients.
type Support struct {
	Contacts []SupportContact
	Practice string // the practice's contact details and hours
	Promise  string // when reflections are read: "Tend is not watched in real time."
	// Letterhead is the practice's name, address and phone from its
	// settings, for callers to put on a printout's first page.
	Letterhead []string
}

// SupportContact is one crisis contact. Phone and Text are printed as
// "Call 000" and "Text 85258" in the handout's language, then Ways as given
// (a web address).
type SupportContact struct {
	Name  string
	When  string
	Phone string
	Text  string
	Ways  []string
}

// FieldKind is the kind of a worksheet field.
type FieldKind string

// Worksheet field kinds.
const (
	FieldShortText      FieldKind = "short_text"
	FieldLongText       FieldKind = "long_text"
	FieldScale          FieldKind = "scale"
	FieldSingleChoice   FieldKind = "single_choice"
	FieldMultipleChoice FieldKind = "multiple_choice"
	FieldChecklist      FieldKind = "checklist"
	FieldYesNo          FieldKind = "yes_no"
	FieldDate           FieldKind = "date"
	FieldNumber         FieldKind = "number"
)

// Field is one worksheet field. Answer is nil on a blank printable; on a
// completed worksheet it holds the text, the chosen option labels, the scale
// value as a string, or "Yes"/"No".
type Field struct {
	Kind     FieldKind
	Label    string
	Help     string
	Required bool

	Options            []string
	Min, Max           int
	MinLabel, MaxLabel string

	Answer  []string
	Flagged bool
	// Comments on this answer, printed under it in the order given.
	Comments []Comment
}

// Section groups worksheet fields under a heading.
type Section struct {
	Heading string
	Intro   string
	Fields  []Field
}

// Comment is a clinician's comment on a completed worksheet, or the
// client's reply to one (FromClient), which the printout marks as theirs.
type Comment struct {
	Author     string
	At         time.Time
	Body       string
	FromClient bool
}

// WorksheetInput is everything a worksheet handout shows. The handout is blank
// when every field's Answer is nil and completed otherwise.
type WorksheetInput struct {
	PracticeName  string
	ClinicianName string
	ClientName    string

	Title    string
	Intro    string
	Sections []Section

	SubmittedAt *time.Time // printed in its own location: pass the practice's time zone
	Status      string
	Flags       []string
	Comments    []Comment // on the whole worksheet; comments on one answer go in its Field
	Support     *Support  // printed last
	// Letterhead is the practice's name, address and phone, printed under
	// the title of the first page when set.
	Letterhead []string

	PrintedOn time.Time
	Paper     Paper
	// Localizer is the printout's language (the worksheet version's); nil
	// is English. Answers are printed as given.
	Localizer *i18n.Localizer
}

// ErrRender wraps every failure of Module and Worksheet, including a recovered
// panic inside the PDF library.
var ErrRender = errors.New("handout: render failed")

// Renderer renders handouts. Build one per process with NewRenderer: it parses
// the embedded fonts once. A Renderer is safe for concurrent use.
type Renderer struct {
	book  *fontBook
	fonts *fontCache
	md    goldmark.Markdown
	en    *i18n.Localizer // for inputs that name no language
}

// NewRenderer parses the embedded fonts and prepares them for reuse.
func NewRenderer() (*Renderer, error) {
	return newRenderer(true)
}

func newRenderer(cacheFonts bool) (*Renderer, error) {
	book, err := loadFontBook()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrRender, err)
	}
	fc, err := newFontCache(book, cacheFonts)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrRender, err)
	}
	texts, err := i18n.New(i18n.Options{})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrRender, err)
	}
	return &Renderer{book: book, fonts: fc, md: newMarkdown(), en: texts.For(i18n.English)}, nil
}

// lang is the Localizer a handout is written with: its own, or English.
func (r *Renderer) lang(l *i18n.Localizer) *i18n.Localizer {
	if l == nil {
		return r.en
	}
	return l
}

// Module writes a module handout as a PDF to w.
func (r *Renderer) Module(w io.Writer, in ModuleInput) (err error) {
	defer recoverAsError(&err)
	doc := r.layoutModule(in)
	return r.paint(w, doc)
}

// Worksheet writes a worksheet as a PDF to w: blank for handwriting when every
// Answer is nil, completed otherwise.
func (r *Renderer) Worksheet(w io.Writer, in WorksheetInput) (err error) {
	defer recoverAsError(&err)
	doc := r.layoutWorksheet(in)
	return r.paint(w, doc)
}

// recoverAsError turns a panic (gofpdf panics on input it cannot encode) into
// an error, so one odd handout never takes the server down.
func recoverAsError(err *error) {
	if p := recover(); p != nil {
		*err = fmt.Errorf("%w: panic: %v", ErrRender, p)
	}
}
