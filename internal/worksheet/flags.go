package worksheet

import (
	"slices"
	"strconv"
)

// Flags returns the messages of the flag rules that the answers meet, in
// the order the rules are written, for the clinician's dashboard. Only
// answers that pass Check are considered, so a malformed value can neither
// raise nor hide a flag by accident: submissions are checked before they
// are stored.
func (s Schema) Flags(a Answers) []string {
	var fired []string
	for _, r := range s.FlagRules {
		f, ok := s.Field(r.Field)
		if !ok {
			continue
		}
		v := a[f.ID]
		if isEmpty(v) || f.check(v).Text != "" {
			continue
		}
		if r.meets(f, v) {
			fired = append(fired, r.Message)
		}
	}
	return fired
}

// meets reports whether a valid, non-empty answer to f fires the rule.
func (r FlagRule) meets(f Field, v any) bool {
	switch r.Op {
	case OpGTE, OpLTE:
		limit, ok := ruleInt(r.Value)
		if !ok {
			return false
		}
		var x float64
		if f.Type == Scale {
			n, _ := scaleInt(v)
			x = float64(n)
		} else {
			x, _ = numberValue(v)
		}
		if r.Op == OpGTE {
			return x >= float64(limit)
		}
		return x <= float64(limit)
	case OpIsYes:
		return v == "yes"
	case OpEq:
		want, ok := ruleString(r.Value)
		return ok && v == want
	case OpIncludes:
		want, ok := ruleString(r.Value)
		list, _ := listValues(v)
		return ok && slices.Contains(list, want)
	}
	return false
}

// Scales returns the valid scale answers by field id, for charting a
// client's answers over time. Missing and malformed answers are left out
// rather than charted as zero.
func Scales(s Schema, a Answers) map[string]int {
	out := map[string]int{}
	for _, f := range s.Fields() {
		if f.Type != Scale {
			continue
		}
		if n, ok := scaleInt(a[f.ID]); ok && f.inScale(n) {
			out[f.ID] = n
		}
	}
	return out
}

// Flag is one rule a submission met, with what the clinician needs to
// judge it without opening the reflection: which question, how pressing,
// the rule's reason, and the answer that met it.
type Flag struct {
	FieldID    string `json:"field_id"`
	FieldLabel string `json:"field_label"`
	Severity   string `json:"severity"`
	Reason     string `json:"reason"`
	// Value is the triggering answer as a person reads it: "9/10" for a
	// scale, "Yes", an option's label, or a number.
	Value string `json:"value"`
}

// Urgent reports whether the flag is urgent.
func (f Flag) Urgent() bool { return f.Severity == SeverityUrgent }

// Raised evaluates the flag rules like Flags, and returns what each rule
// that fired found, in the order the rules are written.
func (s Schema) Raised(a Answers) []Flag {
	var out []Flag
	for _, r := range s.FlagRules {
		f, ok := s.Field(r.Field)
		if !ok {
			continue
		}
		v := a[f.ID]
		if isEmpty(v) || f.check(v).Text != "" || !r.meets(f, v) {
			continue
		}
		out = append(out, Flag{FieldID: f.ID, FieldLabel: f.Label, Severity: r.Level(), Reason: r.Message, Value: shownValue(r, f, v)})
	}
	return out
}

// AnyUrgent reports whether any of flags is urgent.
func AnyUrgent(flags []Flag) bool {
	return slices.ContainsFunc(flags, Flag.Urgent)
}

// shownValue words the answer that met r for the clinician's dashboard.
func shownValue(r FlagRule, f Field, v any) string {
	label := func(val string) string {
		for _, o := range f.Options {
			if o.Value == val {
				return o.Label
			}
		}
		return val
	}
	switch f.Type {
	case Scale:
		n, _ := scaleInt(v)
		if f.Max != nil {
			return strconv.Itoa(n) + "/" + strconv.Itoa(*f.Max)
		}
		return strconv.Itoa(n)
	case YesNo:
		if v == "yes" {
			return "Yes"
		}
		return "No"
	case SingleChoice:
		s, _ := v.(string)
		return label(s)
	case MultipleChoice, Checklist:
		want, _ := ruleString(r.Value)
		return label(want)
	}
	text, _ := scalarText(v)
	return text
}
