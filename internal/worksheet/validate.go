package worksheet

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Limits keep a worksheet usable on a phone and bound the work of checking
// answers. They are generous for hand-written worksheets.
const (
	maxSections    = 20
	maxFields      = 100
	maxOptions     = 50
	maxFlagRules   = 50
	maxScaleSteps  = 20
	maxBound       = 1_000_000_000 // keeps max-min from overflowing
	maxSlugLen     = 80
	maxTitleLen    = 200
	maxSummaryLen  = 500
	maxIntroLen    = 5000
	maxLabelLen    = 500
	maxHelpLen     = 2000
	maxEndLabelLen = 100
	maxMessageLen  = 300
	maxIDLen       = 40
	maxOptionLen   = 60
)

// Validate checks every rule a schema must follow and reports all problems
// together as a *SchemaError, or returns nil.
func (s Schema) Validate() error {
	var p problems
	p.checkSlug(s.Slug)
	p.checkText("title", s.Title, maxTitleLen, true)
	p.checkText("summary", s.Summary, maxSummaryLen, true)
	p.checkText("intro", s.Intro, maxIntroLen, false)

	if len(s.Sections) > maxSections {
		p.addf("too many sections (%d, max %d)", len(s.Sections), maxSections)
	}
	total := 0
	for _, sec := range s.Sections {
		total += len(sec.Fields)
	}
	switch {
	case total == 0:
		p.addf("needs at least one field")
	case total > maxFields:
		p.addf("too many fields (%d, max %d)", total, maxFields)
	}

	// byID keeps the first field with each id, for the flag rules below.
	byID := map[string]Field{}
	for i, sec := range s.Sections {
		where := fmt.Sprintf("section %d", i+1)
		p.checkText(where+": heading", sec.Heading, maxTitleLen, false)
		p.checkText(where+": intro", sec.Intro, maxIntroLen, false)
		if len(sec.Fields) == 0 && total > 0 {
			p.addf("%s: has no fields", where)
		}
		for j, f := range sec.Fields {
			name := fmt.Sprintf("%s, field %d", where, j+1)
			if validID(f.ID) {
				name = fmt.Sprintf("%s, field %q", where, f.ID)
				if ReservedID(f.ID) {
					p.addf("%s: id is reserved for the form's own controls; choose another (for example %q)", name, f.ID+"_answer")
				}
			} else {
				p.addf("%s: id must start with a lowercase letter and use only a-z, 0-9 and _ (at most %d characters)", name, maxIDLen)
			}
			if _, dup := byID[f.ID]; dup && f.ID != "" {
				p.addf("%s: id is already used by an earlier field", name)
			} else {
				byID[f.ID] = f
			}
			p.checkField(name, f)
		}
	}

	if len(s.FlagRules) > maxFlagRules {
		p.addf("too many flag rules (%d, max %d)", len(s.FlagRules), maxFlagRules)
	}
	for i, r := range s.FlagRules {
		p.checkRule(fmt.Sprintf("flag %d", i+1), r, byID)
	}

	if len(p) == 0 {
		return nil
	}
	return &SchemaError{Problems: p}
}

// problems collects messages; each names where the problem is, in the
// 1-based numbering an author sees when reading the JSON.
type problems []string

func (p *problems) addf(format string, args ...any) {
	*p = append(*p, fmt.Sprintf(format, args...))
}

func (p *problems) checkSlug(slug string) {
	switch {
	case slug == "":
		p.addf("slug is required")
	case !validSlug(slug):
		p.addf("slug must be lowercase words joined by hyphens, like \"aftercare-plan\" (at most %d characters)", maxSlugLen)
	}
}

// checkText checks a piece of prose an author wrote.
func (p *problems) checkText(name, text string, limit int, required bool) {
	switch {
	case required && text == "":
		p.addf("%s is required", name)
	case utf8.RuneCountInString(text) > limit:
		p.addf("%s is too long (max %d characters)", name, limit)
	}
}

func (p *problems) checkField(name string, f Field) {
	p.checkText(name+": label", f.Label, maxLabelLen, true)
	p.checkText(name+": help", f.Help, maxHelpLen, false)

	switch {
	case f.Type == "":
		p.addf("%s: type is required", name)
	case !f.Type.Valid():
		p.addf("%s: unknown type %q", name, f.Type)
	}

	if f.Type.HasOptions() {
		p.checkOptions(name, f)
	} else if len(f.Options) > 0 {
		p.addf("%s: options are only allowed on single_choice, multiple_choice and checklist fields", name)
	}

	switch f.Type {
	case Scale:
		switch {
		case f.Min == nil || f.Max == nil:
			p.addf("%s: scale needs min and max", name)
		case outOfBounds(*f.Min) || outOfBounds(*f.Max):
			p.addf("%s: min and max must be between %d and %d", name, -maxBound, maxBound)
		case *f.Min >= *f.Max:
			p.addf("%s: scale needs min < max", name)
		case *f.Max-*f.Min > maxScaleSteps:
			p.addf("%s: scale needs max - min of %d or less", name, maxScaleSteps)
		}
	case Number:
		switch {
		case (f.Min != nil && outOfBounds(*f.Min)) || (f.Max != nil && outOfBounds(*f.Max)):
			p.addf("%s: min and max must be between %d and %d", name, -maxBound, maxBound)
		case f.Min != nil && f.Max != nil && *f.Min > *f.Max:
			p.addf("%s: number needs min <= max", name)
		}
	default:
		if f.Min != nil || f.Max != nil {
			p.addf("%s: min and max are only allowed on scale and number fields", name)
		}
	}

	if f.Type == Scale {
		p.checkText(name+": min_label", f.MinLabel, maxEndLabelLen, false)
		p.checkText(name+": max_label", f.MaxLabel, maxEndLabelLen, false)
	} else if f.MinLabel != "" || f.MaxLabel != "" {
		p.addf("%s: min_label and max_label are only allowed on scale fields", name)
	}

	switch {
	case f.MaxLength != 0 && !f.Type.IsText():
		p.addf("%s: max_length is only allowed on short_text and long_text fields", name)
	case f.MaxLength < 0 || f.MaxLength > MaxTextLength:
		p.addf("%s: max_length must be between 1 and %d", name, MaxTextLength)
	}
}

func (p *problems) checkOptions(name string, f Field) {
	switch {
	case len(f.Options) < 2:
		p.addf("%s: %s needs at least 2 options", name, f.Type)
	case len(f.Options) > maxOptions:
		p.addf("%s: too many options (%d, max %d)", name, len(f.Options), maxOptions)
	}
	seen := map[string]bool{}
	for k, o := range f.Options {
		where := fmt.Sprintf("%s, option %d", name, k+1)
		switch {
		case o.Value == "":
			p.addf("%s: value is required", where)
		case !validOptionValue(o.Value):
			p.addf("%s: value %q must use only a-z, 0-9 and _ (at most %d characters)", where, o.Value, maxOptionLen)
		case seen[o.Value]:
			p.addf("%s: value %q is already used by an earlier option", where, o.Value)
		}
		seen[o.Value] = true
		p.checkText(where+": label", o.Label, maxLabelLen, true)
	}
}

func (p *problems) checkRule(where string, r FlagRule, byID map[string]Field) {
	p.checkText(where+": message", r.Message, maxMessageLen, true)
	if !ValidSeverity(r.Severity) {
		p.addf("%s: severity must be urgent, discuss or note, not %q", where, r.Severity)
	}
	f, ok := byID[r.Field]
	if !ok || r.Field == "" {
		if r.Field == "" {
			p.addf("%s: field is required", where)
		} else {
			p.addf("%s: field %q does not exist", where, r.Field)
		}
		return
	}
	if !opFits(r.Op, f.Type) {
		if !knownOp(r.Op) {
			p.addf("%s: unknown op %q", where, r.Op)
		} else {
			p.addf("%s: op %q does not fit %s field %q", where, r.Op, f.Type, f.ID)
		}
		return
	}
	switch r.Op {
	case OpGTE, OpLTE:
		n, ok := ruleInt(r.Value)
		switch {
		case !ok:
			p.addf("%s: value must be a whole number", where)
		case f.Type == Scale && f.Min != nil && f.Max != nil && (n < *f.Min || n > *f.Max):
			p.addf("%s: value %d is outside the scale %d to %d", where, n, *f.Min, *f.Max)
		}
	case OpEq, OpIncludes:
		v, ok := ruleString(r.Value)
		switch {
		case !ok:
			p.addf("%s: value must be a string", where)
		case !hasOption(f, v):
			p.addf("%s: value %q is not an option of field %q", where, v, f.ID)
		}
	case OpIsYes:
		if hasValue(r.Value) {
			p.addf("%s: is_yes takes no value", where)
		}
	}
}

func knownOp(op string) bool {
	switch op {
	case OpGTE, OpLTE, OpEq, OpIsYes, OpIncludes:
		return true
	}
	return false
}

// opFits says which operators make sense for which answers, so a rule can
// never silently fail to fire because it compares the wrong kind of value.
func opFits(op string, t FieldType) bool {
	switch op {
	case OpGTE, OpLTE:
		return t == Scale || t == Number
	case OpIsYes:
		return t == YesNo
	case OpEq:
		return t == SingleChoice
	case OpIncludes:
		return t.IsList()
	}
	return false
}

func hasOption(f Field, value string) bool {
	for _, o := range f.Options {
		if o.Value == value {
			return true
		}
	}
	return false
}

// hasValue treats an explicit JSON null like an absent value.
func hasValue(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) > 0 && !bytes.Equal(raw, []byte("null"))
}

// ruleInt reads an integer rule value; 7.5, "7" and null are not integers.
func ruleInt(raw json.RawMessage) (int, bool) {
	var n int
	if !hasValue(raw) || json.Unmarshal(raw, &n) != nil {
		return 0, false
	}
	return n, true
}

func ruleString(raw json.RawMessage) (string, bool) {
	var s string
	if !hasValue(raw) || json.Unmarshal(raw, &s) != nil {
		return "", false
	}
	return s, true
}

func outOfBounds(n int) bool { return n < -maxBound || n > maxBound }

// validID matches ^[a-z][a-z0-9_]{0,39}$. Ids become form field names and
// JSON keys, so they stay plain.
func validID(id string) bool {
	if id == "" || len(id) > maxIDLen || id[0] < 'a' || id[0] > 'z' {
		return false
	}
	for i := 0; i < len(id); i++ {
		if !isLowerDigitUnderscore(id[i]) {
			return false
		}
	}
	return true
}

// reservedIDs are the names the client's worksheet form, the autosave
// script and the sharing form post beside the fields themselves, or that a
// handler of those routes reads (templates/pages/client/assignment.html,
// templates/static/app.js, internal/web/client_assignment.go,
// couple_sharing.go, author_module_form.go), and the usual names of a CSRF
// token. A field with one of these ids would shadow the control: with a
// field called "action", c.PostForm("action") reads the field's empty value
// first and "Submit" only saves a draft. (The comment forms post "body" and
// "field_id" to routes of their own, so those stay free.)
var reservedIDs = map[string]bool{
	"action": true, "version": true, "submission_key": true, "step": true, "fragment": true,
	"csrf": true, "csrf_token": true,
}

// ReservedID reports whether id is the name of one of the forms' own
// controls: one of reservedIDs, anything starting with "share" (the sharing
// form posts share and share_<field id>) or with "_".
func ReservedID(id string) bool {
	return reservedIDs[id] || strings.HasPrefix(id, "share") || strings.HasPrefix(id, "_")
}

// validOptionValue matches ^[a-z0-9_]{1,60}$: option values are stored in
// answers and compared by flag rules, so they stay plain too.
func validOptionValue(v string) bool {
	if v == "" || len(v) > maxOptionLen {
		return false
	}
	for i := 0; i < len(v); i++ {
		if !isLowerDigitUnderscore(v[i]) {
			return false
		}
	}
	return true
}

// validSlug matches ^[a-z0-9]+(-[a-z0-9]+)*$ up to maxSlugLen; slugs appear
// in URLs such as /library/worksheets/:slug.
func validSlug(s string) bool {
	if s == "" || len(s) > maxSlugLen || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '-':
			if s[i-1] == '-' {
				return false
			}
		case (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'):
		default:
			return false
		}
	}
	return true
}

func isLowerDigitUnderscore(c byte) bool {
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'
}
