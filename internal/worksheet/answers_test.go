package worksheet

import (
	"encoding/json"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

// answerSchema has one field of every type, with bounds on both sides, one
// side and neither, so every message can be reached.
func answerSchema() Schema {
	opts := func(values ...string) []Option {
		var o []Option
		for _, v := range values {
			o = append(o, Option{Value: v, Label: strings.ToUpper(v)})
		}
		return o
	}
	return Schema{
		Slug: "answers", Title: "Answers", Summary: "Every type.",
		Sections: []Section{{Fields: []Field{
			{ID: "name", Type: ShortText, Label: "Name", Required: true},
			{ID: "note", Type: LongText, Label: "Note", MaxLength: 20},
			{ID: "mood", Type: Scale, Label: "Mood", Required: true, Min: intp(0), Max: intp(10)},
			{ID: "count", Type: Number, Label: "Count", Min: intp(0), Max: intp(100)},
			{ID: "at_least", Type: Number, Label: "At least", Min: intp(0)},
			{ID: "at_most", Type: Number, Label: "At most", Max: intp(10)},
			{ID: "any_number", Type: Number, Label: "Any number"},
			{ID: "when", Type: Date, Label: "When"},
			{ID: "pick", Type: SingleChoice, Label: "Pick", Options: opts("a", "b")},
			{ID: "many", Type: MultipleChoice, Label: "Many", Options: opts("x", "y", "z")},
			{ID: "items", Type: Checklist, Label: "Items", Required: true, Options: opts("p", "q")},
			{ID: "ok", Type: YesNo, Label: "OK?", Required: true},
		}}},
	}
}

// complete is a valid submission of answerSchema.
func complete() Answers {
	return Answers{
		"name": "Sam", "note": "fine", "mood": 7, "count": "12.5", "at_least": "3",
		"at_most": "-4", "any_number": "-1000.25", "when": "2026-11-22", "pick": "a",
		"many": []string{"x", "z"}, "items": []string{"q"}, "ok": "no",
	}
}

func with(changes Answers) Answers {
	a := complete()
	for k, v := range changes {
		if v == nil {
			delete(a, k)
			continue
		}
		a[k] = v
	}
	return a
}

func TestCheck(t *testing.T) {
	const (
		choose0to10  = "Please choose a number from 0 to 10."
		number0to100 = "Please enter a number from 0 to 100."
	)
	tests := []struct {
		name   string
		a      Answers
		submit bool
		want   map[string]string
	}{
		{"complete submission", complete(), true, nil},
		{"empty draft", Answers{}, false, nil},
		{"nil answers draft", nil, false, nil},
		{"empty submission needs required fields", Answers{}, true, map[string]string{
			"name": msgRequired, "mood": msgRequired, "items": msgRequired, "ok": msgRequired,
		}},
		{"missing required on save is fine", with(Answers{"name": nil, "ok": nil}), false, nil},
		{"missing required on submit", with(Answers{"name": nil, "ok": nil}), true, map[string]string{"name": msgRequired, "ok": msgRequired}},
		{"whitespace-only text is no answer on submit", with(Answers{"name": " \t\n "}), true, map[string]string{"name": msgRequired}},
		{"whitespace-only text is fine on save", with(Answers{"name": " \t\n "}), false, nil},
		{"text with leading and trailing space is kept and fine", with(Answers{"name": "  Sam  "}), true, nil},
		{"empty checklist on submit", with(Answers{"items": []string{}}), true, map[string]string{"items": msgRequired}},
		{"unknown keys are ignored", with(Answers{"is_admin": "yes", "mood ": 99}), true, nil},

		{"long text at its limit", with(Answers{"note": strings.Repeat("é", 20)}), true, nil},
		{"long text over its limit", with(Answers{"note": strings.Repeat("a", 21)}), false, map[string]string{"note": "Please keep this to 20 characters or fewer."}},
		{"short text over the default", with(Answers{"name": strings.Repeat("a", 501)}), false, map[string]string{"name": "Please keep this to 500 characters or fewer."}},
		{"text with invalid UTF-8", with(Answers{"name": "Sam\xff"}), false, map[string]string{"name": msgBadText}},
		{"text with a NUL byte", with(Answers{"note": "a\x00b"}), false, map[string]string{"note": msgBadText}},
		{"text that is a list", with(Answers{"name": []string{"Sam"}}), false, map[string]string{"name": msgUnreadable}},
		{"text that is a number", with(Answers{"name": 12}), false, map[string]string{"name": msgUnreadable}},

		{"scale from a form", with(Answers{"mood": "10"}), true, nil},
		{"scale lowest", with(Answers{"mood": 0}), true, nil},
		{"scale from JSON float", with(Answers{"mood": float64(3)}), true, nil},
		{"scale from json.Number", with(Answers{"mood": json.Number("3")}), true, nil},
		{"scale above max", with(Answers{"mood": "11"}), false, map[string]string{"mood": choose0to10}},
		{"scale below min", with(Answers{"mood": -1}), false, map[string]string{"mood": choose0to10}},
		{"scale not a number", with(Answers{"mood": "lots"}), false, map[string]string{"mood": choose0to10}},
		{"scale with leading zero", with(Answers{"mood": "07"}), false, map[string]string{"mood": choose0to10}},
		{"scale with plus sign", with(Answers{"mood": "+7"}), false, map[string]string{"mood": choose0to10}},
		{"scale fraction", with(Answers{"mood": 7.5}), false, map[string]string{"mood": choose0to10}},
		{"scale fraction text", with(Answers{"mood": "7.5"}), false, map[string]string{"mood": choose0to10}},
		{"scale bool", with(Answers{"mood": true}), false, map[string]string{"mood": choose0to10}},
		{"scale huge", with(Answers{"mood": "99999999999999999999999"}), false, map[string]string{"mood": choose0to10}},

		{"number whole", with(Answers{"count": "100"}), true, nil},
		{"number leading point", with(Answers{"count": ".5"}), true, nil},
		{"number from JSON", with(Answers{"count": 2.5}), true, nil},
		{"number not a number", with(Answers{"count": "twelve"}), false, map[string]string{"count": msgNumber}},
		{"number with comma", with(Answers{"count": "2,5"}), false, map[string]string{"count": msgNumber}},
		{"number with exponent", with(Answers{"count": "1e2"}), false, map[string]string{"count": msgNumber}},
		{"number infinity", with(Answers{"any_number": "Inf"}), false, map[string]string{"any_number": msgNumber}},
		{"number trailing point", with(Answers{"count": "2."}), false, map[string]string{"count": msgNumber}},
		{"number just a minus", with(Answers{"any_number": "-"}), false, map[string]string{"any_number": msgNumber}},
		{"number with spaces", with(Answers{"count": " 3"}), false, map[string]string{"count": msgNumber}},
		{"number list", with(Answers{"count": []string{"3"}}), false, map[string]string{"count": msgNumber}},
		{"number above max", with(Answers{"count": "100.01"}), false, map[string]string{"count": number0to100}},
		{"number below min", with(Answers{"count": "-1"}), false, map[string]string{"count": number0to100}},
		{"number below min only", with(Answers{"at_least": "-0.5"}), false, map[string]string{"at_least": "Please enter a number of 0 or more."}},
		{"number above max only", with(Answers{"at_most": "11"}), false, map[string]string{"at_most": "Please enter a number of 10 or less."}},

		{"date not ISO", with(Answers{"when": "22/11/2026"}), false, map[string]string{"when": msgDate}},
		{"date that does not exist", with(Answers{"when": "2026-02-30"}), false, map[string]string{"when": msgDate}},
		{"date with time", with(Answers{"when": "2026-11-22T10:00:00Z"}), false, map[string]string{"when": msgDate}},
		{"date number", with(Answers{"when": 20261122}), false, map[string]string{"when": msgDate}},

		{"single choice not an option", with(Answers{"pick": "c"}), false, map[string]string{"pick": msgChoice}},
		{"single choice by label", with(Answers{"pick": "A"}), false, map[string]string{"pick": msgChoice}},
		{"single choice as list", with(Answers{"pick": []string{"a"}}), false, map[string]string{"pick": msgChoice}},

		{"multiple choice from JSON", with(Answers{"many": []any{"y"}}), true, nil},
		{"multiple choice unknown option", with(Answers{"many": []string{"x", "w"}}), false, map[string]string{"many": msgChoices}},
		{"multiple choice repeated option", with(Answers{"many": []string{"x", "x"}}), false, map[string]string{"many": msgChoices}},
		{"multiple choice as one string", with(Answers{"many": "x"}), false, map[string]string{"many": msgChoices}},
		{"multiple choice with a number", with(Answers{"many": []any{"x", 1.0}}), false, map[string]string{"many": msgChoices}},
		{"checklist unknown option", with(Answers{"items": []string{"r"}}), false, map[string]string{"items": msgChoices}},

		{"yes_no yes", with(Answers{"ok": "yes"}), true, nil},
		{"yes_no capitalised", with(Answers{"ok": "Yes"}), false, map[string]string{"ok": msgYesNo}},
		{"yes_no maybe", with(Answers{"ok": "maybe"}), false, map[string]string{"ok": msgYesNo}},
		{"yes_no bool", with(Answers{"ok": true}), false, map[string]string{"ok": msgYesNo}},

		{"several problems at once", with(Answers{"mood": "11", "when": "soon", "name": nil}), true, map[string]string{
			"mood": choose0to10, "when": msgDate, "name": msgRequired,
		}},
	}
	s := answerSchema()
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := s.Check(tt.a, tt.submit)
			if tt.want == nil {
				if got != nil {
					t.Fatalf("Check() = %v, want nil", got.Fields)
				}
				return
			}
			if got == nil {
				t.Fatalf("Check() = nil, want %v", tt.want)
			}
			if !reflect.DeepEqual(got.Fields, tt.want) {
				t.Errorf("Check():\n got  %q\n want %q", got.Fields, tt.want)
			}
		})
	}
}

func TestCheck_NeverChangesAnswers(t *testing.T) {
	s := answerSchema()
	a := with(Answers{"name": "  Sam \n", "mood": "11"})
	before := with(Answers{"name": "  Sam \n", "mood": "11"})
	s.Check(a, true)
	if !reflect.DeepEqual(a, before) {
		t.Errorf("Check changed the answers: %v", a)
	}
}

func TestValidationError_Error(t *testing.T) {
	err := &ValidationError{Fields: map[string]string{"mood": "m", "date": "d"}}
	want := "worksheet: 2 answers need attention: date, mood"
	if err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}
}

func TestFromForm_KeepsWhatWasTyped(t *testing.T) {
	form := url.Values{
		"name":       {"  Sam \n"},
		"note":       {"too long? maybe, maybe not"},
		"mood":       {"7"},
		"count":      {"twelve"},
		"at_least":   {"07"},
		"when":       {"tomorrow"},
		"pick":       {"a", "b"},
		"many":       {"x", "", "w"},
		"items":      {""},
		"ok":         {""},
		"is_admin":   {"true"},
		"any_number": {},
	}
	got := FromForm(answerSchema(), form)
	want := Answers{
		"name":     "  Sam \n",
		"note":     "too long? maybe, maybe not",
		"mood":     7,
		"count":    "twelve",
		"at_least": "07",
		"when":     "tomorrow",
		"pick":     "a",
		"many":     []string{"x", "w"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("FromForm():\n got  %#v\n want %#v", got, want)
	}
}

func TestFromForm_ScaleBecomesIntOnlyWhenWrittenPlainly(t *testing.T) {
	tests := []struct {
		raw  string
		want any
	}{
		{"7", 7},
		{"11", 11}, // out of range but plain: an int, and Check still rejects it
		{"07", "07"},
		{"seven", "seven"},
		{"7.0", "7.0"},
	}
	for _, tt := range tests {
		got := FromForm(answerSchema(), url.Values{"mood": {tt.raw}})
		if got["mood"] != tt.want {
			t.Errorf("FromForm(mood=%q) = %#v, want %#v", tt.raw, got["mood"], tt.want)
		}
	}
}

func TestNormalize(t *testing.T) {
	in := Answers{
		"name":       "Sam",
		"note":       42, // not text: dropped
		"mood":       float64(7),
		"count":      2.5,
		"at_least":   json.Number("3"),
		"any_number": "1e9", // invalid but typed: kept
		"when":       "",
		"pick":       true, // not a choice: dropped
		"many":       []any{"x", "y"},
		"items":      []any{"p", 2.0}, // not a list of strings: dropped
		"ok":         "yes",
		"is_admin":   "yes", // not a field: dropped
	}
	want := Answers{
		"name":       "Sam",
		"mood":       7,
		"count":      "2.5",
		"at_least":   "3",
		"any_number": "1e9",
		"many":       []string{"x", "y"},
		"ok":         "yes",
	}
	got := answerSchema().Normalize(in)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Normalize():\n got  %#v\n want %#v", got, want)
	}
}

func TestAnswers_JSONRoundTrip(t *testing.T) {
	a := complete()
	a["mood"] = 0
	data, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	var back Answers
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, a) {
		t.Errorf("round trip:\n got  %#v\n want %#v", back, a)
	}
}

func TestAnswers_UnmarshalJSON_KeepsOddValuesForCheck(t *testing.T) {
	var a Answers
	if err := json.Unmarshal([]byte(`{"mood":7.5,"many":["x",1],"ok":true,"note":null}`), &a); err != nil {
		t.Fatal(err)
	}
	want := Answers{"mood": "7.5", "many": []any{"x", json.Number("1")}, "ok": true, "note": nil}
	if !reflect.DeepEqual(a, want) {
		t.Errorf("Unmarshal:\n got  %#v\n want %#v", a, want)
	}
	if err := json.Unmarshal([]byte(`null`), &a); err != nil || a != nil {
		t.Errorf("Unmarshal(null) = %v, %v; want nil answers", a, err)
	}
	if err := json.Unmarshal([]byte(`[1]`), &a); err == nil {
		t.Error("Unmarshal([1]) succeeded, want an error")
	}
}

func TestAnswers_Accessors(t *testing.T) {
	a := Answers{"name": "Sam", "mood": 7, "many": []string{"x", "z"}, "ok": "yes"}
	if got := a.Text("mood"); got != "7" {
		t.Errorf("Text(mood) = %q", got)
	}
	if got := a.Text("name"); got != "Sam" {
		t.Errorf("Text(name) = %q", got)
	}
	if got := a.Text("many"); got != "" {
		t.Errorf("Text(many) = %q, want empty", got)
	}
	if got := a.List("many"); !reflect.DeepEqual(got, []string{"x", "z"}) {
		t.Errorf("List(many) = %v", got)
	}
	if got := a.List("missing"); got != nil {
		t.Errorf("List(missing) = %v", got)
	}
	checks := []struct {
		id, value string
		want      bool
	}{
		{"mood", "7", true}, {"mood", "6", false}, {"ok", "yes", true}, {"ok", "no", false},
		{"many", "z", true}, {"many", "y", false}, {"missing", "", false},
	}
	for _, c := range checks {
		if got := a.Selected(c.id, c.value); got != c.want {
			t.Errorf("Selected(%s, %s) = %v, want %v", c.id, c.value, got, c.want)
		}
	}
}

func TestFlags(t *testing.T) {
	s := validSchema() // rules: distress gte 7, minutes lte 0, pick eq b, many includes a, talk is_yes
	tests := []struct {
		name string
		a    Answers
		want []string
	}{
		{"nothing answered", Answers{}, nil},
		{"scale at threshold", Answers{"distress": 7}, []string{"High distress."}},
		{"scale below threshold", Answers{"distress": 6}, nil},
		{"scale from form text", Answers{"distress": "10"}, []string{"High distress."}},
		{"scale out of range never fires", Answers{"distress": 11}, nil},
		{"number at lte threshold", Answers{"minutes": "0"}, []string{"No time."}},
		{"number above lte threshold", Answers{"minutes": "0.5"}, nil},
		{"invalid number never fires", Answers{"minutes": "-5"}, nil},
		{"eq matches", Answers{"pick": "b"}, []string{"Picked b."}},
		{"eq other option", Answers{"pick": "a"}, nil},
		{"includes matches", Answers{"many": []string{"b", "a"}}, []string{"Includes a."}},
		{"includes missing", Answers{"many": []string{"b"}}, nil},
		{"includes with invalid list never fires", Answers{"many": []string{"a", "nope"}}, nil},
		{"is_yes yes", Answers{"talk": "yes"}, []string{"Wants to talk."}},
		{"is_yes no", Answers{"talk": "no"}, nil},
		{"several, in rule order", Answers{"talk": "yes", "distress": 9, "pick": "b"}, []string{"High distress.", "Picked b.", "Wants to talk."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := s.Flags(tt.a); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Flags() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestScales_OnlyValidAnswers(t *testing.T) {
	s := Schema{Sections: []Section{{Fields: []Field{
		{ID: "a", Type: Scale, Min: intp(0), Max: intp(10)},
		{ID: "b", Type: Scale, Min: intp(0), Max: intp(10)},
		{ID: "c", Type: Scale, Min: intp(0), Max: intp(10)},
		{ID: "d", Type: Scale, Min: intp(0), Max: intp(10)},
		{ID: "n", Type: Number},
	}}}}
	got := Scales(s, Answers{"a": 3, "b": "0", "c": 11, "n": "5"})
	want := map[string]int{"a": 3, "b": 0}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Scales() = %v, want %v", got, want)
	}
}
