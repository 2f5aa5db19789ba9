// Package worksheet holds Tend's worksheets: the JSON schema stored with
// every immutable worksheet version, the rules a schema must follow, and the
// validation, flagging and charting of a client's answers against the
// version they were given. The schema, answer and flag code is pure Go with
// no database or HTTP, so it can be tested and fuzzed on its own; storage
// and pages build on it.
package worksheet

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Schema is one worksheet version's content. It is stored as JSON and never
// changes once a version is published, so answers can always be read against
// the exact questions the client saw.
type Schema struct {
	Slug     string    `json:"slug"`
	Title    string    `json:"title"`
	Summary  string    `json:"summary"`
	Intro    string    `json:"intro,omitempty"`
	Sections []Section `json:"sections"`
	// FlagRules is stored under "flags". It is not named Flags because Go
	// does not allow a field and the Flags method to share a name.
	FlagRules []FlagRule `json:"flags,omitempty"`
}

// Section groups fields under an optional heading. A worksheet with a single
// untitled section leaves Heading empty.
type Section struct {
	Heading string  `json:"heading"`
	Intro   string  `json:"intro,omitempty"`
	Fields  []Field `json:"fields"`
}

// Field is one question. Which of the optional parts apply depends on Type;
// Validate rejects parts that do not fit.
type Field struct {
	ID       string    `json:"id"`
	Type     FieldType `json:"type"`
	Label    string    `json:"label"`
	Help     string    `json:"help,omitempty"`
	Required bool      `json:"required,omitempty"`
	// Options are the choices of single_choice, multiple_choice and
	// checklist fields. yes_no has its fixed pair and takes none.
	Options []Option `json:"options,omitempty"`
	// Min and Max are required for scale and optional bounds for number.
	Min *int `json:"min,omitempty"`
	Max *int `json:"max,omitempty"`
	// MinLabel and MaxLabel describe the two ends of a scale.
	MinLabel string `json:"min_label,omitempty"`
	MaxLabel string `json:"max_label,omitempty"`
	// MaxLength caps text answers in characters; 0 means the default for
	// the type (see Limit).
	MaxLength int `json:"max_length,omitempty"`
	// Private pins the answer to the client and their clinician. It is
	// never offered for sharing with a partner and never appears in a
	// couple's side-by-side view or joint handout, whatever the client
	// chose for the rest of the worksheet: a partner who pressures the
	// client to "share everything" still cannot see it. Safety screens
	// ("Is it safe to raise this with my partner?") use it.
	Private bool `json:"private,omitempty"`
}

// Option is one choice. Value is what is stored in answers and must stay
// stable across versions; Label is what the client reads.
type Option struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// FieldType names the kind of input a field takes.
type FieldType string

// The field types a worksheet can use.
const (
	ShortText      FieldType = "short_text"
	LongText       FieldType = "long_text"
	Scale          FieldType = "scale"
	SingleChoice   FieldType = "single_choice"
	MultipleChoice FieldType = "multiple_choice"
	Checklist      FieldType = "checklist"
	YesNo          FieldType = "yes_no"
	Date           FieldType = "date"
	Number         FieldType = "number"
)

// Valid reports whether t is one of the known field types.
func (t FieldType) Valid() bool {
	switch t {
	case ShortText, LongText, Scale, SingleChoice, MultipleChoice, Checklist, YesNo, Date, Number:
		return true
	}
	return false
}

// IsText reports whether answers are free text (short or long).
func (t FieldType) IsText() bool { return t == ShortText || t == LongText }

// HasOptions reports whether the field's choices come from its Options.
func (t FieldType) HasOptions() bool {
	return t == SingleChoice || t == MultipleChoice || t == Checklist
}

// IsList reports whether the answer is a list of chosen option values
// (several form values under one name).
func (t FieldType) IsList() bool { return t == MultipleChoice || t == Checklist }

// Flag rule operators.
const (
	OpGTE      = "gte"      // scale or number answer >= value (an integer)
	OpLTE      = "lte"      // scale or number answer <= value (an integer)
	OpEq       = "eq"       // single_choice answer equals value (an option value)
	OpIsYes    = "is_yes"   // yes_no answer is "yes"; takes no value
	OpIncludes = "includes" // multiple_choice or checklist answer includes value (an option value)
)

// FlagRule makes a submission stand out on the clinician's dashboard when
// the answer to Field meets Op and Value. Value is kept as raw JSON because
// its type depends on Op: an integer for gte/lte, an option value string for
// eq/includes, absent for is_yes.
type FlagRule struct {
	Field   string          `json:"field"`
	Op      string          `json:"op"`
	Value   json.RawMessage `json:"value,omitempty"`
	Message string          `json:"message"`
	// Severity says how soon the clinician should look: SeverityUrgent,
	// SeverityDiscuss or SeverityNote. Empty (older schemas) means discuss;
	// read it through Level.
	Severity string `json:"severity,omitempty"`
}

// Flag severities, most pressing first.
const (
	SeverityUrgent  = "urgent"  // look soon; the client sees the practice's crisis contacts
	SeverityDiscuss = "discuss" // bring it up in the next session
	SeverityNote    = "note"    // worth knowing; no action needed
)

// Severities lists the severities in order, most pressing first.
var Severities = []string{SeverityUrgent, SeverityDiscuss, SeverityNote}

// ValidSeverity reports whether s is a severity a rule may carry ("" is
// allowed and means discuss).
func ValidSeverity(s string) bool {
	return s == "" || s == SeverityUrgent || s == SeverityDiscuss || s == SeverityNote
}

// Level is the rule's severity, with a missing one read as discuss.
func (r FlagRule) Level() string {
	if r.Severity == "" {
		return SeverityDiscuss
	}
	return r.Severity
}

// Default and largest text lengths, in characters.
const (
	DefaultShortTextLength = 500
	DefaultLongTextLength  = 10000
	MaxTextLength          = 10000
)

// Limit returns the most characters a text answer may have.
func (f Field) Limit() int {
	switch {
	case f.MaxLength > 0:
		return f.MaxLength
	case f.Type == LongText:
		return DefaultLongTextLength
	default:
		return DefaultShortTextLength
	}
}

// Steps returns the points of a scale from Min to Max, for drawing one radio
// button (or printed box) per point. It is empty for other fields.
func (f Field) Steps() []int {
	// Guarded on its own so that a field which never passed Validate cannot
	// make it allocate without bound.
	if f.Type != Scale || f.Min == nil || f.Max == nil || outOfBounds(*f.Min) || outOfBounds(*f.Max) ||
		*f.Max < *f.Min || *f.Max-*f.Min > maxScaleSteps {
		return nil
	}
	steps := make([]int, 0, *f.Max-*f.Min+1)
	for n := *f.Min; n <= *f.Max; n++ {
		steps = append(steps, n)
	}
	return steps
}

// Fields returns every field of every section, in the order the client
// sees them.
func (s Schema) Fields() []Field {
	var all []Field
	for _, sec := range s.Sections {
		all = append(all, sec.Fields...)
	}
	return all
}

// Field finds a field by id.
func (s Schema) Field(id string) (Field, bool) {
	for _, sec := range s.Sections {
		for _, f := range sec.Fields {
			if f.ID == id {
				return f, true
			}
		}
	}
	return Field{}, false
}

// SchemaError lists everything wrong with a schema at once, so an author can
// fix them all in one pass.
type SchemaError struct {
	Problems []string
}

func (e *SchemaError) Error() string {
	return "worksheet: invalid schema: " + strings.Join(e.Problems, "; ")
}

// maxSchemaBytes bounds what Parse will read; the largest real worksheet is a
// few kilobytes.
const maxSchemaBytes = 1 << 20

// Parse decodes a schema strictly (unknown fields and trailing data are
// rejected, so a typo such as "requird" cannot silently drop a rule) and
// validates it. Any failure is a *SchemaError.
func Parse(data []byte) (Schema, error) {
	if len(data) > maxSchemaBytes {
		return Schema{}, &SchemaError{Problems: []string{fmt.Sprintf("schema is larger than %d bytes", maxSchemaBytes)}}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var s Schema
	if err := dec.Decode(&s); err != nil {
		return Schema{}, &SchemaError{Problems: []string{"invalid JSON: " + err.Error()}}
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return Schema{}, &SchemaError{Problems: []string{"invalid JSON: unexpected data after the schema"}}
	}
	if err := s.Validate(); err != nil {
		return Schema{}, err
	}
	return s, nil
}

// SchemaProblems returns the problems of a *SchemaError in err's chain, or
// nil when err is not one.
func SchemaProblems(err error) []string {
	var serr *SchemaError
	if errors.As(err, &serr) {
		return serr.Problems
	}
	return nil
}
