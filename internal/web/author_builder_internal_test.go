package web

import (
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/worksheet"
)

func TestAuthor_SlugFrom(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"After the scene":          "after-the-scene",
		"  Ça va? Øre & Straße!  ": "ca-va-ore-strasse",
		"日本 aftercare":             "aftercare",
		"--":                       "",
		strings.Repeat("ab ", 50):  strings.TrimRight(strings.Repeat("ab-", 27)[:80], "-"),
	} {
		got := slugFrom(in)
		if got != want {
			t.Errorf("slugFrom(%q) = %q, want %q", in, got, want)
		}
		if got != "" && (len(got) > 80 || strings.HasSuffix(got, "-") || strings.Contains(got, "--")) {
			t.Errorf("slugFrom(%q) = %q is not a slug", in, got)
		}
	}
}

func TestAuthor_ParseOptions_ValueLabelLinesAndBareLabels(t *testing.T) {
	t.Parallel()
	got := parseOptions("tea: A cup of tea\r\n\r\n  Feeling safe  \nodd: label: with colon")
	want := []worksheet.Option{{Value: "tea", Label: "A cup of tea"}, {Value: "feeling_safe", Label: "Feeling safe"},
		{Value: "odd", Label: "label: with colon"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v", got)
	}
}

func TestAuthorBuilder_SchemaRoundTripsEveryBuiltin(t *testing.T) {
	t.Parallel()
	schemas, err := worksheet.Builtins()
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range schemas {
		b := builderOf(sc)
		got := b.schema()
		if !reflect.DeepEqual(got, sc) {
			t.Errorf("%s: the builder changed the schema\n got %+v\nwant %+v", sc.Slug, got, sc)
		}
	}
}

func TestAuthorBuilder_AttachPutsProblemsOnTheirInputs(t *testing.T) {
	t.Parallel()
	b := builderFrom(url.Values{"slug": {"Bad"}, "title": {"T"}, "summary": {"S"}, "field_count": {"4"}, "flag_count": {"3"},
		"f0_id": {"a"}, "f0_type": {"scale"}, "f0_label": {"A"}, "f0_min": {"3"}, "f0_max": {"3"},
		"f1_id": {"a"}, "f1_type": {"short_text"}, "f1_label": {"B"},
		"f2_id": {"Bad Id"}, "f2_type": {"checklist"}, "f2_label": {"C"}, "f2_options": {"x: X\nx: Again"},
		"f3_id": {"d"}, "f3_type": {"yes_no"}, "f3_label": {""}, "f3_section": {strings.Repeat("h", 201)},
		"flag1_field": {"d"}, "flag1_op": {"gte"}, "flag1_value": {"1"}, "flag1_message": {"m"},
		"flag3_field": {"zz"}, "flag3_op": {"is_yes"}, "flag3_message": {"m"},
	})
	sc := b.schema()
	err := sc.Validate()
	serr, ok := err.(*worksheet.SchemaError)
	if !ok {
		t.Fatalf("got %v", err)
	}
	b.attach(serr.Problems)
	checks := []struct {
		where, got, want string
	}{
		{"slug", b.Errors["slug"], "Slug must be lowercase"},
		{"field 1 bounds", b.Fields[0].Errors["bounds"], "Scale needs min < max"},
		{"field 2 id", b.Fields[1].Errors["id"], "already uses this id"},
		{"field 1 id", b.Fields[0].Errors["id"], ""},
		{"field 3 id", b.Fields[2].Errors["id"], "Id must start with a lowercase letter"},
		{"field 3 options", b.Fields[2].Errors["options"], `Option 2: value "x" is already used`},
		{"field 4 label", b.Fields[3].Errors["label"], "Label is required"},
		{"field 4 section", b.Fields[3].Errors["section"], "Heading is too long"},
		{"flag 1 op", b.Flags[0].Errors["op"], `Op "gte" does not fit yes_no field "d"`},
		{"flag 3 field", b.Flags[2].Errors["field"], `Field "zz" does not exist`},
	}
	for _, c := range checks {
		if c.want == "" && c.got != "" || !strings.Contains(c.got, c.want) {
			t.Errorf("%s: %q, want it to contain %q", c.where, c.got, c.want)
		}
	}
	if len(b.General) != 0 {
		t.Errorf("problems left over: %q", b.General)
	}
}

func TestAuthorBuilder_Apply(t *testing.T) {
	t.Parallel()
	b := builderFrom(url.Values{"field_count": {"3"}, "f0_id": {"a"}, "f1_id": {"b"}, "f2_id": {"c"}})
	ids := func() string {
		var s []string
		for _, f := range b.Fields {
			s = append(s, f.ID)
		}
		return strings.Join(s, ",")
	}
	for _, step := range []struct{ action, want string }{
		{"up-0", "a,b,c"}, {"down-2", "a,b,c"}, {"up-2", "a,c,b"}, {"down-0", "c,a,b"},
		{"remove-1", "c,b"}, {"add", "c,b,"}, {"remove-x", "c,b,"}, {"up-9", "c,b,"},
	} {
		b.apply(step.action)
		if got := ids(); got != step.want {
			t.Fatalf("after %s: %s, want %s", step.action, got, step.want)
		}
	}
}

// A posted builder keeps a private question private and a rule's severity:
// losing either on a save would share a safety screen or hide an urgent flag.
func TestAuthorBuilder_PostedFormKeepsPrivateAndSeverity(t *testing.T) {
	t.Parallel()
	b := builderFrom(url.Values{"slug": {"s"}, "title": {"T"}, "summary": {"S"}, "field_count": {"2"}, "flag_count": {"1"},
		"f0_id": {"safe"}, "f0_type": {"yes_no"}, "f0_label": {"Safe?"}, "f0_private": {"1"},
		"f1_id": {"open"}, "f1_type": {"yes_no"}, "f1_label": {"Open?"},
		"flag1_field": {"safe"}, "flag1_op": {"is_yes"}, "flag1_message": {"m"}, "flag1_severity": {"urgent"}})
	sc := b.schema()
	if f, _ := sc.Field("safe"); !f.Private {
		t.Error("the private question lost its privacy")
	}
	if f, _ := sc.Field("open"); f.Private {
		t.Error("an open question became private")
	}
	if len(sc.FlagRules) != 1 || sc.FlagRules[0].Severity != "urgent" {
		t.Errorf("rules %+v", sc.FlagRules)
	}
}

// A question gets its id from its label on the next round trip, and keeps
// it when the label is reworded: the author never has to type one.
func TestAuthorBuilder_IDsFromLabels_StableWhenReworded(t *testing.T) {
	t.Parallel()
	b := builderFrom(url.Values{"field_count": {"3"},
		"f0_label": {"How upset do you feel now?"}, "f1_label": {"How upset do you feel now?"}, "f2_label": {"2 things that helped"}})
	got := []string{b.Fields[0].ID, b.Fields[1].ID, b.Fields[2].ID}
	want := []string{"how_upset_do_you_feel_now", "how_upset_do_you_feel_now_2", "things_that_helped"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("field %d: id %q, want %q", i, got[i], want[i])
		}
	}
	again := builderFrom(url.Values{"field_count": {"1"}, "f0_id": {"how_upset_do_you_feel_now"}, "f0_label": {"How distressed are you?"}})
	if again.Fields[0].ID != "how_upset_do_you_feel_now" {
		t.Errorf("a reworded question changed its id to %q", again.Fields[0].ID)
	}
}

func TestAuthorBuilder_RulesAddedOneAtATime_InWords(t *testing.T) {
	t.Parallel()
	b := builderFrom(url.Values{"field_count": {"1"}, "f0_id": {"upset"}, "f0_type": {"scale"}, "f0_label": {"How upset do you feel now?"}})
	if len(b.Flags) != 0 {
		t.Fatalf("a new builder shows %d empty rule blocks", len(b.Flags))
	}
	b.apply("add-rule")
	if len(b.Flags) != 1 {
		t.Fatalf("add-rule: %d rules", len(b.Flags))
	}
	b.Flags[0].Field, b.Flags[0].Op, b.Flags[0].Value, b.Flags[0].Severity = "upset", "gte", "8", "urgent"
	b.renumber()
	if want := "Flag as urgent when “How upset do you feel now?” is at least 8"; b.Flags[0].Sentence != want {
		t.Errorf("sentence %q, want %q", b.Flags[0].Sentence, want)
	}
	b.apply("remove-rule-1")
	if len(b.Flags) != 0 {
		t.Errorf("remove-rule-1 left %d rules", len(b.Flags))
	}
}
