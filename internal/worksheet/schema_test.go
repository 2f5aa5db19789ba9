package worksheet

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func intp(n int) *int { return &n }

func twoOptions() []Option {
	return []Option{{Value: "a", Label: "A"}, {Value: "b", Label: "B"}}
}

// validSchema uses every field type and every flag operator, so each table
// case below breaks exactly one rule of an otherwise valid schema.
func validSchema() Schema {
	return Schema{
		Slug:    "test-sheet",
		Title:   "Test sheet",
		Summary: "A sheet for tests.",
		Sections: []Section{
			{Heading: "", Fields: []Field{
				{ID: "name", Type: ShortText, Label: "Name", Required: true},
				{ID: "story", Type: LongText, Label: "Story", MaxLength: 2000},
				{ID: "distress", Type: Scale, Label: "Distress", Min: intp(0), Max: intp(10), MinLabel: "None", MaxLabel: "Lots"},
				{ID: "minutes", Type: Number, Label: "Minutes", Min: intp(0), Max: intp(240)},
			}},
			{Heading: "Choices", Fields: []Field{
				{ID: "pick", Type: SingleChoice, Label: "Pick", Options: twoOptions()},
				{ID: "many", Type: MultipleChoice, Label: "Many", Options: twoOptions()},
				{ID: "ticks", Type: Checklist, Label: "Ticks", Options: twoOptions()},
				{ID: "talk", Type: YesNo, Label: "Talk?"},
				{ID: "when", Type: Date, Label: "When"},
			}},
		},
		FlagRules: []FlagRule{
			{Field: "distress", Op: OpGTE, Value: json.RawMessage("7"), Message: "High distress."},
			{Field: "minutes", Op: OpLTE, Value: json.RawMessage("0"), Message: "No time."},
			{Field: "pick", Op: OpEq, Value: json.RawMessage(`"b"`), Message: "Picked b."},
			{Field: "many", Op: OpIncludes, Value: json.RawMessage(`"a"`), Message: "Includes a."},
			{Field: "talk", Op: OpIsYes, Message: "Wants to talk."},
		},
	}
}

func TestValidate_ValidSchema(t *testing.T) {
	if err := validSchema().Validate(); err != nil {
		t.Fatalf("Validate() = %v, want nil", err)
	}
}

func TestValidate_EachRule_ReportsExactProblem(t *testing.T) {
	// field returns a pointer into the schema's sections for mutation.
	field := func(s *Schema, sec, i int) *Field { return &s.Sections[sec].Fields[i] }
	manyFields := func(n int) []Field {
		fs := make([]Field, n)
		for i := range fs {
			fs[i] = Field{ID: fmt.Sprintf("f%d", i), Type: ShortText, Label: "L"}
		}
		return fs
	}

	tests := []struct {
		name   string
		mutate func(s *Schema)
		want   []string
	}{
		{"slug missing", func(s *Schema) { s.Slug = "" }, []string{"slug is required"}},
		{"slug with spaces", func(s *Schema) { s.Slug = "Aftercare Plan" }, []string{`slug must be lowercase words joined by hyphens, like "aftercare-plan" (at most 80 characters)`}},
		{"slug double hyphen", func(s *Schema) { s.Slug = "a--b" }, []string{`slug must be lowercase words joined by hyphens, like "aftercare-plan" (at most 80 characters)`}},
		{"slug trailing hyphen", func(s *Schema) { s.Slug = "plan-" }, []string{`slug must be lowercase words joined by hyphens, like "aftercare-plan" (at most 80 characters)`}},
		{"slug too long", func(s *Schema) { s.Slug = strings.Repeat("a", 81) }, []string{`slug must be lowercase words joined by hyphens, like "aftercare-plan" (at most 80 characters)`}},
		{"title missing", func(s *Schema) { s.Title = "" }, []string{"title is required"}},
		{"title too long", func(s *Schema) { s.Title = strings.Repeat("é", 201) }, []string{"title is too long (max 200 characters)"}},
		{"summary missing", func(s *Schema) { s.Summary = "" }, []string{"summary is required"}},
		{"intro too long", func(s *Schema) { s.Intro = strings.Repeat("x", 5001) }, []string{"intro is too long (max 5000 characters)"}},
		{"no sections", func(s *Schema) { s.Sections = nil; s.FlagRules = nil }, []string{"needs at least one field"}},
		{"only empty sections", func(s *Schema) { s.Sections = []Section{{Heading: "Empty"}}; s.FlagRules = nil }, []string{"needs at least one field"}},
		{"empty section", func(s *Schema) { s.Sections = append(s.Sections, Section{Heading: "Later"}) }, []string{"section 3: has no fields"}},
		{"section heading too long", func(s *Schema) { s.Sections[1].Heading = strings.Repeat("h", 201) }, []string{"section 2: heading is too long (max 200 characters)"}},
		{"too many sections", func(s *Schema) {
			s.FlagRules = nil
			s.Sections = nil
			for i := range 21 {
				s.Sections = append(s.Sections, Section{Fields: []Field{{ID: fmt.Sprintf("f%d", i), Type: YesNo, Label: "L"}}})
			}
		}, []string{"too many sections (21, max 20)"}},
		{"too many fields", func(s *Schema) {
			s.FlagRules = nil
			s.Sections = []Section{{Fields: manyFields(101)}}
		}, []string{"too many fields (101, max 100)"}},
		{"id with capitals", func(s *Schema) { field(s, 0, 0).ID = "Name"; s.FlagRules = nil }, []string{"section 1, field 1: id must start with a lowercase letter and use only a-z, 0-9 and _ (at most 40 characters)"}},
		{"id starts with digit", func(s *Schema) { field(s, 1, 4).ID = "1when" }, []string{"section 2, field 5: id must start with a lowercase letter and use only a-z, 0-9 and _ (at most 40 characters)"}},
		{"id with hyphen", func(s *Schema) { field(s, 1, 4).ID = "when-done" }, []string{"section 2, field 5: id must start with a lowercase letter and use only a-z, 0-9 and _ (at most 40 characters)"}},
		{"id too long", func(s *Schema) { field(s, 1, 4).ID = "a" + strings.Repeat("b", 40) }, []string{"section 2, field 5: id must start with a lowercase letter and use only a-z, 0-9 and _ (at most 40 characters)"}},
		{"id missing", func(s *Schema) { field(s, 1, 4).ID = "" }, []string{"section 2, field 5: id must start with a lowercase letter and use only a-z, 0-9 and _ (at most 40 characters)"}},
		{"id 40 characters is fine", func(s *Schema) { field(s, 1, 4).ID = "a" + strings.Repeat("b", 39) }, nil},
		{"duplicate id", func(s *Schema) { field(s, 1, 4).ID = "name" }, []string{`section 2, field "name": id is already used by an earlier field`}},
		{"label missing", func(s *Schema) { field(s, 0, 0).Label = "" }, []string{`section 1, field "name": label is required`}},
		{"label too long", func(s *Schema) { field(s, 0, 0).Label = strings.Repeat("l", 501) }, []string{`section 1, field "name": label is too long (max 500 characters)`}},
		{"help too long", func(s *Schema) { field(s, 0, 0).Help = strings.Repeat("h", 2001) }, []string{`section 1, field "name": help is too long (max 2000 characters)`}},
		{"type missing", func(s *Schema) { field(s, 1, 4).Type = "" }, []string{`section 2, field "when": type is required`}},
		{"unknown type", func(s *Schema) { field(s, 1, 4).Type = "slider" }, []string{`section 2, field "when": unknown type "slider"`}},
		{"choice with one option", func(s *Schema) { field(s, 1, 0).Options = twoOptions()[1:] }, []string{`section 2, field "pick": single_choice needs at least 2 options`}},
		{"checklist without options", func(s *Schema) { field(s, 1, 2).Options = nil }, []string{`section 2, field "ticks": checklist needs at least 2 options`}},
		{"too many options", func(s *Schema) {
			var opts []Option
			for i := range 51 {
				opts = append(opts, Option{Value: fmt.Sprintf("o%d", i), Label: "O"})
			}
			field(s, 1, 2).Options = opts
		}, []string{`section 2, field "ticks": too many options (51, max 50)`}},
		{"option value missing", func(s *Schema) { field(s, 1, 1).Options[1].Value = "" }, []string{`section 2, field "many", option 2: value is required`}},
		{"option value with spaces", func(s *Schema) { field(s, 1, 1).Options[1].Value = "very much" }, []string{`section 2, field "many", option 2: value "very much" must use only a-z, 0-9 and _ (at most 60 characters)`}},
		{"option value repeated", func(s *Schema) { field(s, 1, 1).Options[1].Value = "a" }, []string{`section 2, field "many", option 2: value "a" is already used by an earlier option`}},
		{"option label missing", func(s *Schema) { field(s, 1, 1).Options[0].Label = "" }, []string{`section 2, field "many", option 1: label is required`}},
		{"options on yes_no", func(s *Schema) { field(s, 1, 3).Options = twoOptions() }, []string{`section 2, field "talk": options are only allowed on single_choice, multiple_choice and checklist fields`}},
		{"options on text", func(s *Schema) { field(s, 0, 0).Options = twoOptions() }, []string{`section 1, field "name": options are only allowed on single_choice, multiple_choice and checklist fields`}},
		{"scale without max", func(s *Schema) { field(s, 0, 2).Max = nil; s.FlagRules = s.FlagRules[1:] }, []string{`section 1, field "distress": scale needs min and max`}},
		{"scale min equals max", func(s *Schema) { field(s, 0, 2).Min = intp(10); s.FlagRules = s.FlagRules[1:] }, []string{`section 1, field "distress": scale needs min < max`}},
		{"scale min above max", func(s *Schema) { field(s, 0, 2).Min = intp(11); s.FlagRules = s.FlagRules[1:] }, []string{`section 1, field "distress": scale needs min < max`}},
		{"scale too wide", func(s *Schema) { field(s, 0, 2).Max = intp(21) }, []string{`section 1, field "distress": scale needs max - min of 20 or less`}},
		{"scale 20 steps is fine", func(s *Schema) { field(s, 0, 2).Min = intp(-10) }, nil},
		{"scale bounds huge", func(s *Schema) { field(s, 0, 2).Min = intp(-2_000_000_000) }, []string{`section 1, field "distress": min and max must be between -1000000000 and 1000000000`}},
		{"number min above max", func(s *Schema) { field(s, 0, 3).Min = intp(300) }, []string{`section 1, field "minutes": number needs min <= max`}},
		{"number bound huge", func(s *Schema) { field(s, 0, 3).Max = intp(2_000_000_000) }, []string{`section 1, field "minutes": min and max must be between -1000000000 and 1000000000`}},
		{"number without bounds is fine", func(s *Schema) { field(s, 0, 3).Min, field(s, 0, 3).Max = nil, nil }, nil},
		{"min on text", func(s *Schema) { field(s, 0, 0).Min = intp(1) }, []string{`section 1, field "name": min and max are only allowed on scale and number fields`}},
		{"max on date", func(s *Schema) { field(s, 1, 4).Max = intp(1) }, []string{`section 2, field "when": min and max are only allowed on scale and number fields`}},
		{"end label on number", func(s *Schema) { field(s, 0, 3).MaxLabel = "Lots" }, []string{`section 1, field "minutes": min_label and max_label are only allowed on scale fields`}},
		{"end label too long", func(s *Schema) { field(s, 0, 2).MinLabel = strings.Repeat("m", 101) }, []string{`section 1, field "distress": min_label is too long (max 100 characters)`}},
		{"max_length on scale", func(s *Schema) { field(s, 0, 2).MaxLength = 10 }, []string{`section 1, field "distress": max_length is only allowed on short_text and long_text fields`}},
		{"max_length negative", func(s *Schema) { field(s, 0, 0).MaxLength = -1 }, []string{`section 1, field "name": max_length must be between 1 and 10000`}},
		{"max_length too big", func(s *Schema) { field(s, 0, 1).MaxLength = 10001 }, []string{`section 1, field "story": max_length must be between 1 and 10000`}},
		{"flag on missing field", func(s *Schema) { s.FlagRules[0].Field = "mood" }, []string{`flag 1: field "mood" does not exist`}},
		{"flag without field", func(s *Schema) { s.FlagRules[0].Field = "" }, []string{"flag 1: field is required"}},
		{"flag without message", func(s *Schema) { s.FlagRules[4].Message = "" }, []string{"flag 5: message is required"}},
		{"flag message too long", func(s *Schema) { s.FlagRules[4].Message = strings.Repeat("m", 301) }, []string{"flag 5: message is too long (max 300 characters)"}},
		{"flag unknown op", func(s *Schema) { s.FlagRules[0].Op = "gt" }, []string{`flag 1: unknown op "gt"`}},
		{"flag gte on yes_no", func(s *Schema) { s.FlagRules[4].Op = OpGTE }, []string{`flag 5: op "gte" does not fit yes_no field "talk"`}},
		{"flag is_yes on scale", func(s *Schema) { s.FlagRules[0] = FlagRule{Field: "distress", Op: OpIsYes, Message: "m"} }, []string{`flag 1: op "is_yes" does not fit scale field "distress"`}},
		{"flag eq on multiple_choice", func(s *Schema) { s.FlagRules[3].Op = OpEq }, []string{`flag 4: op "eq" does not fit multiple_choice field "many"`}},
		{"flag includes on single_choice", func(s *Schema) { s.FlagRules[2].Op = OpIncludes }, []string{`flag 3: op "includes" does not fit single_choice field "pick"`}},
		{"flag gte on text", func(s *Schema) { s.FlagRules[0].Field = "name" }, []string{`flag 1: op "gte" does not fit short_text field "name"`}},
		{"flag gte without value", func(s *Schema) { s.FlagRules[0].Value = nil }, []string{"flag 1: value must be a whole number"}},
		{"flag gte null value", func(s *Schema) { s.FlagRules[0].Value = json.RawMessage("null") }, []string{"flag 1: value must be a whole number"}},
		{"flag gte fraction", func(s *Schema) { s.FlagRules[0].Value = json.RawMessage("7.5") }, []string{"flag 1: value must be a whole number"}},
		{"flag gte string", func(s *Schema) { s.FlagRules[0].Value = json.RawMessage(`"7"`) }, []string{"flag 1: value must be a whole number"}},
		{"flag gte outside scale", func(s *Schema) { s.FlagRules[0].Value = json.RawMessage("11") }, []string{"flag 1: value 11 is outside the scale 0 to 10"}},
		{"flag eq not an option", func(s *Schema) { s.FlagRules[2].Value = json.RawMessage(`"c"`) }, []string{`flag 3: value "c" is not an option of field "pick"`}},
		{"flag includes number", func(s *Schema) { s.FlagRules[3].Value = json.RawMessage("1") }, []string{"flag 4: value must be a string"}},
		{"flag is_yes with value", func(s *Schema) { s.FlagRules[4].Value = json.RawMessage("true") }, []string{"flag 5: is_yes takes no value"}},
		{"too many flags", func(s *Schema) {
			for range 46 {
				s.FlagRules = append(s.FlagRules, s.FlagRules[0])
			}
		}, []string{"too many flag rules (51, max 50)"}},
		{"several problems at once", func(s *Schema) {
			s.Title = ""
			field(s, 0, 2).Min = intp(10)
			s.FlagRules[0].Value = json.RawMessage("11")
		}, []string{
			"title is required",
			`section 1, field "distress": scale needs min < max`,
			"flag 1: value 11 is outside the scale 10 to 10",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := validSchema()
			tt.mutate(&s)
			err := s.Validate()
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			var se *SchemaError
			if !errors.As(err, &se) {
				t.Fatalf("Validate() = %v, want *SchemaError", err)
			}
			if !reflect.DeepEqual(se.Problems, tt.want) {
				t.Errorf("problems:\n got  %q\n want %q", se.Problems, tt.want)
			}
		})
	}
}

func TestParse(t *testing.T) {
	valid, err := json.Marshal(validSchema())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data string
		want []string // nil: parses
	}{
		{"valid", string(valid), nil},
		{"valid with trailing newline", string(valid) + "\n", nil},
		{"unknown top-level field", `{"slug":"a","title":"T","summary":"S","sections":[],"author":"x"}`, []string{`invalid JSON: json: unknown field "author"`}},
		{"unknown field in field", `{"slug":"a","title":"T","summary":"S","sections":[{"heading":"","fields":[{"id":"x","type":"yes_no","label":"X","requird":true}]}]}`, []string{`invalid JSON: json: unknown field "requird"`}},
		{"trailing data", string(valid) + `{}`, []string{"invalid JSON: unexpected data after the schema"}},
		{"syntax error", `{"slug":`, []string{"invalid JSON: unexpected EOF"}},
		{"wrong type", `{"slug":1}`, []string{"invalid JSON: json: cannot unmarshal number into Go struct field Schema.slug of type string"}},
		{"valid JSON, invalid schema", `{"slug":"a","title":"T","summary":"S","sections":[]}`, []string{"needs at least one field"}},
		{"too large", `"` + strings.Repeat(" ", 1<<20) + `"`, []string{"schema is larger than 1048576 bytes"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse([]byte(tt.data))
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Parse() = %v", err)
				}
				if !reflect.DeepEqual(s, validSchema()) {
					t.Errorf("Parse() = %+v, want the schema that was marshalled", s)
				}
				return
			}
			var se *SchemaError
			if !errors.As(err, &se) {
				t.Fatalf("Parse() error = %v, want *SchemaError", err)
			}
			if !reflect.DeepEqual(se.Problems, tt.want) {
				t.Errorf("problems:\n got  %q\n want %q", se.Problems, tt.want)
			}
		})
	}
}

func TestSchemaError_ListsEveryProblem(t *testing.T) {
	err := &SchemaError{Problems: []string{"title is required", "needs at least one field"}}
	want := "worksheet: invalid schema: title is required; needs at least one field"
	if err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}
}

func TestFields_InOrderAcrossSections(t *testing.T) {
	var ids []string
	for _, f := range validSchema().Fields() {
		ids = append(ids, f.ID)
	}
	want := []string{"name", "story", "distress", "minutes", "pick", "many", "ticks", "talk", "when"}
	if !reflect.DeepEqual(ids, want) {
		t.Errorf("Fields() ids = %v, want %v", ids, want)
	}
}

func TestField_FindsByID(t *testing.T) {
	s := validSchema()
	f, ok := s.Field("talk")
	if !ok || f.Type != YesNo {
		t.Errorf("Field(talk) = %+v, %v", f, ok)
	}
	if _, ok := s.Field("nope"); ok {
		t.Error("Field(nope) found a field")
	}
}

func TestField_LimitAndSteps(t *testing.T) {
	tests := []struct {
		f     Field
		limit int
		steps []int
	}{
		{Field{Type: ShortText}, 500, nil},
		{Field{Type: LongText}, 10000, nil},
		{Field{Type: LongText, MaxLength: 20}, 20, nil},
		{Field{Type: Scale, Min: intp(1), Max: intp(4)}, 500, []int{1, 2, 3, 4}},
		{Field{Type: Scale, Min: intp(0)}, 500, nil},
		{Field{Type: Scale, Min: intp(-1 << 62), Max: intp(1 << 62)}, 500, nil},
	}
	for i, tt := range tests {
		if got := tt.f.Limit(); got != tt.limit {
			t.Errorf("%d: Limit() = %d, want %d", i, got, tt.limit)
		}
		if got := tt.f.Steps(); !reflect.DeepEqual(got, tt.steps) {
			t.Errorf("%d: Steps() = %v, want %v", i, got, tt.steps)
		}
	}
}

// Finding 10: a field id that is also the name of one of the client form's
// own controls shadows it. With a field called "action" the form's first
// "action" value is the field's, so "Submit" only ever saved a draft.
func TestValidate_FieldIDCollidingWithFormControls_Refused(t *testing.T) {
	for _, id := range []string{"action", "version", "submission_key", "csrf", "csrf_token", "share", "share_story",
		"step", "fragment"} {
		t.Run(id, func(t *testing.T) {
			s := validSchema()
			s.Sections[0].Fields[0].ID = id
			err := s.Validate()
			var se *SchemaError
			if !errors.As(err, &se) || !strings.Contains(err.Error(), "reserved") {
				t.Fatalf("Validate() with field id %q = %v, want a SchemaError saying it is reserved", id, err)
			}
		})
	}
	for _, id := range []string{"actions_taken", "sharing_is_hard", "steps", "version_2_notes", "body", "next"} {
		s := validSchema()
		s.Sections[0].Fields[0].ID = id
		// A flag rule may point at the first field; keep it valid.
		if err := s.Validate(); err != nil && strings.Contains(err.Error(), "reserved") {
			t.Errorf("id %q is not a form control but was refused: %v", id, err)
		}
	}
}

func TestParse_PrivateField(t *testing.T) {
	ok := `{"slug":"s","title":"T","summary":"S","sections":[{"heading":"","fields":[
		{"id":"safe","type":"yes_no","label":"Safe?","private":true},{"id":"open","type":"yes_no","label":"Open?"}]}]}`
	s, err := Parse([]byte(ok))
	if err != nil {
		t.Fatalf("Parse() = %v", err)
	}
	if f, _ := s.Field("safe"); !f.Private {
		t.Error("safe should be private")
	}
	if f, _ := s.Field("open"); f.Private {
		t.Error("open should not be private")
	}
	data, err := json.Marshal(s)
	if err != nil || !strings.Contains(string(data), `"private":true`) || strings.Count(string(data), "private") != 1 {
		t.Errorf("Marshal() = %s, %v: want private on the one private field only", data, err)
	}
	// Strict decoding: a mistyped attribute is an error, never a field that
	// is silently shared.
	for _, bad := range []string{`"private":"yes"`, `"privat":true`} {
		in := strings.Replace(ok, `"private":true`, bad, 1)
		if _, err := Parse([]byte(in)); err == nil {
			t.Errorf("Parse(%s) accepted", bad)
		}
	}
}
