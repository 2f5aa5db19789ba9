package worksheet

import "slices"

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
		if isEmpty(v) || f.check(v) != "" {
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
