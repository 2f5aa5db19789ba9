package worksheet

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tend-practice/tend/internal/fielderr"
)

// Answers holds one response's answers keyed by field id, ready to store as
// JSONB. Values keep what the client typed, so a page can always show it
// back even when it is not valid yet:
//
//	short_text, long_text     string, exactly as typed
//	date                      string, "2006-01-02" when valid
//	single_choice             string, an option value
//	yes_no                    string, "yes" or "no"
//	number                    string, the decimal as typed, e.g. "2.5"
//	scale                     int; the raw string when it is not a whole number
//	multiple_choice,
//	checklist                 []string of option values
//
// Numbers are strings so the decimal is stored exactly as entered, with no
// float rounding. A field with no answer has no key. Check accepts the JSON
// types an API client might send as well (numbers, arrays of strings), and
// Normalize turns them into the forms above.
type Answers map[string]any

// DateLayout is the form a date answer takes; it is what an HTML date input
// sends.
const DateLayout = "2006-01-02"

// Messages shown next to a field. They speak to the client, so they say what
// to do rather than what went wrong.
const (
	msgRequired   = "This question needs an answer before you submit."
	msgUnreadable = "We couldn't read this answer. Please try again."
	msgBadText    = "This answer has characters we can't save. Please retype it."
	msgDate       = "Please use a date like 2026-11-22 (year, month, day)."
	msgChoice     = "Please choose one of the options shown."
	msgChoices    = "Please choose only from the options shown, each once."
	msgYesNo      = "Please answer yes or no."
	msgNumber     = "Please enter a number, like 3 or 2.5."
)

// Message is a field's message for a page in the client's language: a
// catalogue key with its arguments (name/value pairs), and the English.
type Message struct {
	Key  string
	Args []any
	Text string
}

// messageKeys are the catalogue keys of the fixed messages.
var messageKeys = map[string]string{
	msgRequired: "worksheet.error.required", msgUnreadable: "worksheet.error.unreadable", msgBadText: "worksheet.error.bad_text",
	msgDate: "worksheet.error.date", msgChoice: "worksheet.error.choice", msgChoices: "worksheet.error.choices",
	msgYesNo: "worksheet.error.yes_no", msgNumber: "worksheet.error.number",
}

// fixed is one of the fixed messages.
func fixed(text string) Message { return Message{Key: messageKeys[text], Text: text} }

// FromForm reads one form value per field id (all values for
// multiple_choice and checklist). Values are kept as typed, even when
// invalid, so the page can show them back with Check's messages; only a
// canonical whole number on a scale becomes an int. Form keys that are not
// field ids are never read, so they are never stored. An empty value means
// no answer. If a single-answer field arrives more than once, the first wins.
func FromForm(s Schema, form url.Values) Answers {
	a := Answers{}
	for _, f := range s.Fields() {
		values := form[f.ID]
		if f.Type.IsList() {
			var chosen []string
			for _, v := range values {
				// Skip blanks: a hidden empty input is a common way to send
				// "nothing ticked".
				if v != "" {
					chosen = append(chosen, v)
				}
			}
			if len(chosen) > 0 {
				a[f.ID] = chosen
			}
			continue
		}
		if len(values) == 0 || values[0] == "" {
			continue
		}
		a[f.ID] = normalScalar(f, values[0])
	}
	return a
}

// Normalize returns the answers in the stored forms documented on Answers,
// keeping only the schema's fields. Use it on answers from JSON (the API)
// before storing them; FromForm already produces these forms. Empty values
// and values of a kind the field cannot take (objects, booleans, a number
// for a text field) are dropped, so call Check first to report those.
func (s Schema) Normalize(a Answers) Answers {
	out := Answers{}
	for _, f := range s.Fields() {
		v := a[f.ID]
		if f.Type.IsList() {
			if list, ok := listValues(v); ok && len(list) > 0 {
				out[f.ID] = slices.Clone(list)
			}
			continue
		}
		// Only scale and number answers may arrive as JSON numbers; every
		// other single answer is a string, as Check requires.
		text, ok := v.(string)
		if !ok && (f.Type == Scale || f.Type == Number) {
			text, ok = scalarText(v)
		}
		if ok && text != "" {
			out[f.ID] = normalScalar(f, text)
		}
	}
	return out
}

// normalScalar turns a canonical whole number on a scale into an int, so
// scales chart and compare without parsing. Anything else stays as typed.
func normalScalar(f Field, text string) any {
	if f.Type == Scale {
		if n, ok := canonicalInt(text); ok {
			return n
		}
	}
	return text
}

// UnmarshalJSON reads stored answers back into the forms documented on
// Answers: JSON whole numbers become int and arrays of strings []string,
// instead of encoding/json's float64 and []any.
func (a *Answers) UnmarshalJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var raw map[string]any
	if err := dec.Decode(&raw); err != nil {
		return fmt.Errorf("worksheet: decode answers: %w", err)
	}
	if raw == nil {
		*a = nil
		return nil
	}
	out := make(Answers, len(raw))
	for k, v := range raw {
		switch v := v.(type) {
		case json.Number:
			if n, ok := canonicalInt(string(v)); ok {
				out[k] = n
			} else {
				out[k] = string(v)
			}
		case []any:
			if list, ok := listValues(v); ok {
				out[k] = list
			} else {
				out[k] = v
			}
		default:
			out[k] = v
		}
	}
	*a = out
	return nil
}

// Text returns a single answer as text, for putting back into an input.
func (a Answers) Text(id string) string {
	text, _ := scalarText(a[id])
	return text
}

// List returns the chosen values of a multiple_choice or checklist answer.
func (a Answers) List(id string) []string {
	list, _ := listValues(a[id])
	return list
}

// Selected reports whether value is chosen for id: whether a radio button
// (scale, single_choice, yes_no) or a checkbox should be shown checked.
func (a Answers) Selected(id, value string) bool {
	if list, ok := listValues(a[id]); ok {
		return slices.Contains(list, value)
	}
	text, ok := scalarText(a[id])
	return ok && text == value
}

// ValidationError maps field ids to a message for the client, to show next
// to each field. Fields without a problem have no entry.
type ValidationError struct {
	Fields map[string]string
	// Messages are the same messages as catalogue keys and arguments.
	Messages map[string]Message
}

func (e *ValidationError) Error() string {
	ids := make([]string, 0, len(e.Fields))
	for id := range e.Fields {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return fmt.Sprintf("worksheet: %d answers need attention: %s", len(ids), strings.Join(ids, ", "))
}

// Check validates answers against the schema. A draft save (forSubmit
// false) only reports answers that are malformed or out of range, so a
// client can save a half-finished worksheet; a submit also requires every
// required field. Keys that are not field ids are ignored.
//
// It returns nil when all is well. The result is a concrete pointer: assign
// it to an error variable only after the nil check, or a nil result becomes
// a non-nil error.
func (s Schema) Check(a Answers, forSubmit bool) *ValidationError {
	var msgs map[string]string
	var keyed map[string]Message
	for _, f := range s.Fields() {
		var msg Message
		v := a[f.ID]
		switch {
		case isEmpty(v):
			if forSubmit && f.Required {
				msg = fixed(msgRequired)
			}
		default:
			msg = f.check(v)
		}
		if msg.Text != "" {
			if msgs == nil {
				msgs, keyed = map[string]string{}, map[string]Message{}
			}
			msgs[f.ID], keyed[f.ID] = msg.Text, msg
		}
	}
	if msgs == nil {
		return nil
	}
	return &ValidationError{Fields: msgs, Messages: keyed}
}

// isEmpty says whether a value counts as no answer. Trailing whitespace is
// ignored here only, so "   " does not satisfy a required field; the value
// itself is never trimmed.
func isEmpty(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case string:
		return strings.TrimRight(v, " \t\r\n\f\v") == ""
	case []string:
		return len(v) == 0
	case []any:
		return len(v) == 0
	}
	return false
}

// check returns the message for a non-empty answer that does not fit the
// field, or none (empty Text).
func (f Field) check(v any) Message {
	switch f.Type {
	case ShortText, LongText:
		text, ok := v.(string)
		switch {
		case !ok:
			return fixed(msgUnreadable)
		case !utf8.ValidString(text) || strings.ContainsRune(text, 0):
			return fixed(msgBadText)
		case utf8.RuneCountInString(text) > f.Limit():
			return Message{Key: "worksheet.error.too_long", Args: []any{"Limit", f.Limit()},
				Text: fmt.Sprintf("Please keep this to %d characters or fewer.", f.Limit())}
		}
	case Scale:
		if n, ok := scaleInt(v); !ok || !f.inScale(n) {
			return Message{Key: "worksheet.error.scale", Args: []any{"Min", deref(f.Min), "Max", deref(f.Max)},
				Text: fmt.Sprintf("Please choose a number from %d to %d.", deref(f.Min), deref(f.Max))}
		}
	case Number:
		x, ok := numberValue(v)
		switch {
		case !ok:
			return fixed(msgNumber)
		case f.Min != nil && f.Max != nil && (x < float64(*f.Min) || x > float64(*f.Max)):
			return Message{Key: "worksheet.error.number_between", Args: []any{"Min", *f.Min, "Max", *f.Max},
				Text: fmt.Sprintf("Please enter a number from %d to %d.", *f.Min, *f.Max)}
		case f.Min != nil && x < float64(*f.Min):
			return Message{Key: "worksheet.error.number_min", Args: []any{"Min", *f.Min},
				Text: fmt.Sprintf("Please enter a number of %d or more.", *f.Min)}
		case f.Max != nil && x > float64(*f.Max):
			return Message{Key: "worksheet.error.number_max", Args: []any{"Max", *f.Max},
				Text: fmt.Sprintf("Please enter a number of %d or less.", *f.Max)}
		}
	case Date:
		text, ok := v.(string)
		if !ok {
			return fixed(msgDate)
		}
		if _, err := time.Parse(DateLayout, text); err != nil {
			return fixed(msgDate)
		}
	case SingleChoice:
		if text, ok := v.(string); !ok || !hasOption(f, text) {
			return fixed(msgChoice)
		}
	case YesNo:
		if v != "yes" && v != "no" {
			return fixed(msgYesNo)
		}
	case MultipleChoice, Checklist:
		list, ok := listValues(v)
		if !ok {
			return fixed(msgChoices)
		}
		for i, value := range list {
			if !hasOption(f, value) || slices.Contains(list[:i], value) {
				return fixed(msgChoices)
			}
		}
	default:
		return fixed(msgUnreadable)
	}
	return Message{}
}

func (f Field) inScale(n int) bool {
	return f.Min != nil && f.Max != nil && n >= *f.Min && n <= *f.Max
}

func deref(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

// scalarText reads a single answer of any JSON scalar type as text; lists,
// objects and booleans are not single answers.
func scalarText(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case int:
		return strconv.Itoa(v), true
	case int64:
		return strconv.FormatInt(v, 10), true
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), true
	case json.Number:
		return string(v), true
	}
	return "", false
}

// listValues reads a list answer; every element must be a string.
func listValues(v any) ([]string, bool) {
	switch v := v.(type) {
	case []string:
		return v, true
	case []any:
		list := make([]string, 0, len(v))
		for _, e := range v {
			s, ok := e.(string)
			if !ok {
				return nil, false
			}
			list = append(list, s)
		}
		return list, true
	}
	return nil, false
}

// scaleInt reads a scale answer. Strings must be written the way a radio
// button sends them ("7", not "07" or "+7") so that what is stored is what
// was shown.
func scaleInt(v any) (int, bool) {
	switch v := v.(type) {
	case int:
		return v, true
	case int64:
		if v < -maxBound || v > maxBound {
			return 0, false
		}
		return int(v), true
	case float64:
		if v != math.Trunc(v) || v < -maxBound || v > maxBound {
			return 0, false
		}
		return int(v), true
	case string:
		return canonicalInt(v)
	case json.Number:
		return canonicalInt(string(v))
	}
	return 0, false
}

func canonicalInt(s string) (int, bool) {
	n, err := strconv.Atoi(s)
	if err != nil || strconv.Itoa(n) != s {
		return 0, false
	}
	return n, true
}

// numberValue reads a number answer: an optional minus sign and decimal
// digits with an optional fraction ("3", "-2.5", ".5"), as an HTML number
// input sends, without exponents or the words ParseFloat allows ("Inf").
func numberValue(v any) (float64, bool) {
	text, ok := scalarText(v)
	if !ok || !isDecimal(text) {
		return 0, false
	}
	x, err := strconv.ParseFloat(text, 64)
	return x, err == nil
}

func isDecimal(s string) bool {
	if len(s) > 32 {
		return false
	}
	whole, frac, dot := strings.Cut(strings.TrimPrefix(s, "-"), ".")
	if (dot && frac == "") || (!dot && whole == "") {
		return false
	}
	return allDigits(whole) && allDigits(frac)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// FieldErrors returns the message per field: ValidationError is a
// fielderr.Error, which the web layer answers with 422.
func (e *ValidationError) FieldErrors() map[string]string { return e.Fields }

var _ fielderr.Error = (*ValidationError)(nil)
