package worksheet

import (
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"testing"
)

func builtins(t testing.TB) map[string]Schema {
	t.Helper()
	list, err := Builtins()
	if err != nil {
		t.Fatalf("Builtins() = %v", err)
	}
	bySlug := map[string]Schema{}
	for _, s := range list {
		bySlug[s.Slug] = s
	}
	return bySlug
}

func TestBuiltins_AllParseAndValidate(t *testing.T) {
	list, err := Builtins()
	if err != nil {
		t.Fatalf("Builtins() = %v", err)
	}
	var slugs []string
	for _, s := range list {
		slugs = append(slugs, s.Slug)
		if err := s.Validate(); err != nil {
			t.Errorf("%s: Validate() = %v", s.Slug, err)
		}
		seen := map[string]bool{}
		for _, f := range s.Fields() {
			if seen[f.ID] {
				t.Errorf("%s: field id %q is used twice", s.Slug, f.ID)
			}
			seen[f.ID] = true
		}
	}
	want := []string{
		"after-intimacy-reflection",
		"aftercare-conversation-planner",
		"aftercare-needs-inventory",
		"aftercare-plan",
		"feelings-after-intimacy",
		"module-reflection",
	}
	if !reflect.DeepEqual(slugs, want) {
		t.Errorf("slugs = %v, want %v", slugs, want)
	}
}

func TestBuiltins_UseEveryFieldType(t *testing.T) {
	used := map[FieldType]bool{}
	for _, s := range builtins(t) {
		for _, f := range s.Fields() {
			used[f.Type] = true
		}
	}
	for _, ft := range []FieldType{ShortText, LongText, Scale, SingleChoice, MultipleChoice, Checklist, YesNo, Date, Number} {
		if !used[ft] {
			t.Errorf("no built-in worksheet uses %s", ft)
		}
	}
}

func TestBuiltins_SurviveAJSONRoundTrip(t *testing.T) {
	for slug, s := range builtins(t) {
		data, err := json.Marshal(s)
		if err != nil {
			t.Fatalf("%s: %v", slug, err)
		}
		back, err := Parse(data)
		if err != nil {
			t.Fatalf("%s: Parse(Marshal) = %v", slug, err)
		}
		if !reflect.DeepEqual(back, s) {
			t.Errorf("%s: round trip changed the schema", slug)
		}
	}
}

// validAnswer returns an answer that passes Check for any valid field.
func validAnswer(f Field) any {
	switch f.Type {
	case Scale:
		return *f.Max
	case Number:
		if f.Max != nil {
			return strconv.Itoa(*f.Max)
		}
		return "1"
	case Date:
		return "2026-11-22"
	case YesNo:
		return "no"
	case SingleChoice:
		return f.Options[0].Value
	case MultipleChoice, Checklist:
		return []string{f.Options[0].Value}
	}
	return "Something I wrote."
}

func TestBuiltins_CompleteSubmissionPasses_EmptyOneNeedsRequired(t *testing.T) {
	for slug, s := range builtins(t) {
		full := Answers{}
		var required []string
		for _, f := range s.Fields() {
			full[f.ID] = validAnswer(f)
			if f.Required {
				required = append(required, f.ID)
			}
		}
		if ve := s.Check(full, true); ve != nil {
			t.Errorf("%s: complete submission: %v", slug, ve.Fields)
		}
		if ve := s.Check(Answers{}, false); ve != nil {
			t.Errorf("%s: empty draft: %v", slug, ve.Fields)
		}
		ve := s.Check(Answers{}, true)
		if len(required) == 0 {
			t.Errorf("%s: has no required field, so an empty submission would be accepted", slug)
			continue
		}
		var got []string
		if ve != nil {
			for id := range ve.Fields {
				got = append(got, id)
			}
		}
		slices.Sort(got)
		slices.Sort(required)
		if !reflect.DeepEqual(got, required) {
			t.Errorf("%s: empty submission flagged %v, want %v", slug, got, required)
		}
	}
}

func TestAfterIntimacyReflection_HasAgreedFields(t *testing.T) {
	s := builtins(t)["after-intimacy-reflection"]
	var ids []string
	for _, f := range s.Fields() {
		ids = append(ids, f.ID)
	}
	want := []string{"date", "mood_before", "mood_after", "closeness", "what_helped",
		"what_was_missing", "difficult_feelings", "distress", "want_to_discuss"}
	if !reflect.DeepEqual(ids, want) {
		t.Errorf("ids = %v, want %v", ids, want)
	}
	for _, id := range []string{"date", "mood_before", "mood_after", "distress"} {
		if f, _ := s.Field(id); !f.Required {
			t.Errorf("%s should be required", id)
		}
	}
	for _, id := range []string{"mood_before", "mood_after", "closeness", "distress"} {
		if f, _ := s.Field(id); f.Type != Scale || *f.Min != 0 || *f.Max != 10 {
			t.Errorf("%s should be a 0-10 scale, is %+v", id, f)
		}
	}
}

// reflection is a full, valid after-intimacy-reflection submission with
// nothing that flags.
func reflection() Answers {
	return Answers{
		"date":               "2026-11-20",
		"mood_before":        6,
		"mood_after":         8,
		"closeness":          7,
		"what_helped":        "Lying close for a while, and a glass of water.",
		"what_was_missing":   "I'd have liked a bit more time before getting up.",
		"difficult_feelings": "A little flat the next morning, but it passed.",
		"distress":           2,
		"want_to_discuss":    "no",
	}
}

func TestBuiltinFlags(t *testing.T) {
	const (
		distressFlag = "Rated how upset they feel at 7 or more out of 10."
		discussFlag  = "Would like to talk about this in session."
	)
	all := builtins(t)
	tests := []struct {
		name  string
		slug  string
		a     Answers
		flags []string
	}{
		{"calm reflection", "after-intimacy-reflection", reflection(), nil},
		{"distress 7 flags", "after-intimacy-reflection", Answers{"distress": 7}, []string{distressFlag}},
		{"distress 6 does not", "after-intimacy-reflection", Answers{"distress": 6}, nil},
		{"distress 10 from a form flags", "after-intimacy-reflection", Answers{"distress": "10"}, []string{distressFlag}},
		{"want_to_discuss yes flags", "after-intimacy-reflection", Answers{"want_to_discuss": "yes"}, []string{discussFlag}},
		{"want_to_discuss no does not", "after-intimacy-reflection", Answers{"want_to_discuss": "no"}, nil},
		{"both", "after-intimacy-reflection", Answers{"distress": 9, "want_to_discuss": "yes"}, []string{distressFlag, discussFlag}},
		{"strong feelings flag", "feelings-after-intimacy", Answers{"intensity": 8}, []string{"Strong low feelings after intimacy (8 or more out of 10)."}},
		{"milder feelings do not", "feelings-after-intimacy", Answers{"intensity": 7}, nil},
		{"most times flags", "feelings-after-intimacy", Answers{"how_often": "most_times"}, []string{"Low feelings come after most or all intimacy."}},
		{"now and then does not", "feelings-after-intimacy", Answers{"how_often": "now_and_then"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, ok := all[tt.slug]
			if !ok {
				t.Fatalf("no builtin %s", tt.slug)
			}
			if got := s.Flags(tt.a); !reflect.DeepEqual(got, tt.flags) {
				t.Errorf("Flags() = %q, want %q", got, tt.flags)
			}
		})
	}
}

func TestScales_AfterIntimacyReflection(t *testing.T) {
	s := builtins(t)["after-intimacy-reflection"]
	got := Scales(s, reflection())
	want := map[string]int{"mood_before": 6, "mood_after": 8, "closeness": 7, "distress": 2}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Scales() = %v, want %v", got, want)
	}
}

func BenchmarkCheck(b *testing.B) {
	s := builtins(b)["after-intimacy-reflection"]
	a := reflection()
	if ve := s.Check(a, true); ve != nil {
		b.Fatalf("fixture does not pass: %v", ve.Fields)
	}
	b.ReportAllocs()
	for b.Loop() {
		if s.Check(a, true) != nil {
			b.Fatal("Check failed")
		}
	}
}
