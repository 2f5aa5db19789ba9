// Flag severities in the built-in worksheets follow one documented rule, so
// a clinician learns one meaning for every worksheet (README, "Worksheets"):
//
//   - Distress-type 0–10 scales (higher is worse: how upset, how strong the
//     low feelings, how low afterwards) carry two rules on the same field:
//     gte 7 is "discuss" and gte 9 is "urgent". A 9 fires both.
//   - Mood-type 0–10 scales (0 is the worst: mood afterwards, how I feel
//     about a scene) flag lte 2 as "discuss", never "urgent" on their own.
//   - Anything about not feeling safe, unwanted sex, a limit crossed, an
//     ignored safeword, threats, injury, breathing or a knock to the head is
//     "urgent".
//   - "I'd like to talk about this" and other reasons to talk in the next
//     session are "discuss"; softer signals (numbness, a plan not agreed
//     yet, marks that worry someone) are "note".
//
// Messages are written for the clinician ("Rated how upset they feel at 9
// or more out of 10.").
package worksheet

import (
	"encoding/json"
	"fmt"
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
		"after-a-scene",
		"after-intimacy-reflection",
		"aftercare-check-in",
		"aftercare-conversation-planner",
		"aftercare-giving-inventory",
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
	want := []string{"date", "context", "mood_before", "mood_after", "closeness", "what_helped",
		"what_was_missing", "difficult_feelings", "unwanted", "hurt", "distress", "want_to_discuss"}
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
		"unwanted":           "no",
		"hurt":               "no",
		"distress":           2,
		"want_to_discuss":    "no",
	}
}

// fired is one flag as the clinician's dashboard shows it.
type fired struct{ Severity, Message string }

// firedFlags returns the flags the answers raise with their severities.
// Messages are unique within a worksheet (TestBuiltins_FlagRulesFollowTheRule),
// so the message finds its rule.
func firedFlags(s Schema, a Answers) []fired {
	var out []fired
	for _, m := range s.Flags(a) {
		for _, r := range s.FlagRules {
			if r.Message == m {
				out = append(out, fired{r.Severity, m})
				break
			}
		}
	}
	return out
}

func TestBuiltinFlags(t *testing.T) {
	var (
		distress7    = fired{"discuss", "Rated how upset they feel at 7 or more out of 10."}
		distress9    = fired{"urgent", "Rated how upset they feel at 9 or more out of 10."}
		talk         = fired{"discuss", "Would like to talk about this in session."}
		intensity7   = fired{"discuss", "Rated how strong the low feelings were at 7 or more out of 10."}
		intensity9   = fired{"urgent", "Rated how strong the low feelings were at 9 or more out of 10."}
		planUnsafe   = fired{"urgent", "Does not feel safe raising this plan with their partner."}
		planUnsure   = fired{"discuss", "Is not sure it is safe to raise this plan with their partner."}
		talkUnsafe   = fired{"urgent", "Does not feel safe raising their aftercare needs with their partner."}
		talkUnsure   = fired{"discuss", "Is not sure it is safe to raise their aftercare needs with their partner."}
		lowAfter7    = fired{"discuss", "Rated how low or upset they felt after intimacy at 7 or more out of 10."}
		lowAfter9    = fired{"urgent", "Rated how low or upset they felt after intimacy at 9 or more out of 10."}
		safewordFlag = fired{"urgent", "Said a safeword or stop signal was ignored."}
	)
	all := builtins(t)
	tests := []struct {
		name  string
		slug  string
		a     Answers
		flags []fired
	}{
		{"calm reflection", "after-intimacy-reflection", reflection(), nil},
		{"distress 6 does not", "after-intimacy-reflection", Answers{"distress": 6}, nil},
		{"distress 7 is discuss", "after-intimacy-reflection", Answers{"distress": 7}, []fired{distress7}},
		{"distress 8 is discuss", "after-intimacy-reflection", Answers{"distress": 8}, []fired{distress7}},
		{"distress 9 is urgent too", "after-intimacy-reflection", Answers{"distress": 9}, []fired{distress7, distress9}},
		{"distress 10 from a form", "after-intimacy-reflection", Answers{"distress": "10"}, []fired{distress7, distress9}},
		{"want_to_discuss yes", "after-intimacy-reflection", Answers{"want_to_discuss": "yes"}, []fired{talk}},
		{"want_to_discuss no", "after-intimacy-reflection", Answers{"want_to_discuss": "no"}, nil},
		{"unwanted is urgent", "after-intimacy-reflection", Answers{"unwanted": "yes"},
			[]fired{{"urgent", "Said something happened that they didn't want, or that went past what they agreed to."}}},
		{"hurt is urgent", "after-intimacy-reflection", Answers{"hurt": "yes"},
			[]fired{{"urgent", "Has pain, bleeding or an injury that worries them."}}},
		{"very low mood afterwards", "after-intimacy-reflection", Answers{"mood_after": 2},
			[]fired{{"discuss", "Rated their mood afterwards at 2 or less out of 10."}}},
		{"mood 3 afterwards does not", "after-intimacy-reflection", Answers{"mood_after": 3}, nil},

		{"intensity 6 does not", "feelings-after-intimacy", Answers{"intensity": 6}, nil},
		{"intensity 7 is discuss", "feelings-after-intimacy", Answers{"intensity": 7}, []fired{intensity7}},
		{"intensity 9 is urgent too", "feelings-after-intimacy", Answers{"intensity": 9}, []fired{intensity7, intensity9}},
		{"feeling unsafe", "feelings-after-intimacy", Answers{"feelings": []string{"sad", "unsafe"}},
			[]fired{{"urgent", "Felt unsafe after intimacy."}}},
		{"memories", "feelings-after-intimacy", Answers{"feelings": []string{"memories"}},
			[]fired{{"discuss", "Had memories or flashbacks after intimacy."}}},
		{"numb is a note", "feelings-after-intimacy", Answers{"feelings": []string{"numb"}},
			[]fired{{"note", "Felt numb after intimacy."}}},
		{"sad alone does not", "feelings-after-intimacy", Answers{"feelings": []string{"sad", "tearful"}}, nil},
		{"not wanted", "feelings-after-intimacy", Answers{"wanted": "no"},
			[]fired{{"urgent", "Said the sex was not something they wanted."}}},
		{"partly wanted", "feelings-after-intimacy", Answers{"wanted": "partly"},
			[]fired{{"discuss", "Said the sex was only partly something they wanted."}}},
		{"wanted does not", "feelings-after-intimacy", Answers{"wanted": "yes"}, nil},
		{"rather not say does not", "feelings-after-intimacy", Answers{"wanted": "prefer_not_to_say"}, nil},
		{"more than a day", "feelings-after-intimacy", Answers{"how_long": "longer"},
			[]fired{{"discuss", "Low feelings lasted more than a day."}}},
		{"about a day does not", "feelings-after-intimacy", Answers{"how_long": "about_a_day"}, nil},
		{"most times", "feelings-after-intimacy", Answers{"how_often": "most_times"},
			[]fired{{"discuss", "Low feelings come after most or all intimacy."}}},
		{"now and then does not", "feelings-after-intimacy", Answers{"how_often": "now_and_then"}, nil},

		{"plan: not safe", "aftercare-plan", Answers{"safe_to_raise": "no"}, []fired{planUnsafe}},
		{"plan: not sure", "aftercare-plan", Answers{"safe_to_raise": "not_sure"}, []fired{planUnsure}},
		{"plan: safe", "aftercare-plan", Answers{"safe_to_raise": "yes", "pressured": "no", "not_agreed_yet": "no"}, nil},
		{"plan: pressured", "aftercare-plan", Answers{"pressured": "yes"}, []fired{{"urgent", "Feels pressured to agree to the plan."}}},
		{"plan: not agreed yet", "aftercare-plan", Answers{"not_agreed_yet": "yes"}, []fired{{"note", "Parts of the plan are not agreed yet."}}},

		{"planner: not safe", "aftercare-conversation-planner", Answers{"safe_to_raise": "no"}, []fired{talkUnsafe}},
		{"planner: not sure", "aftercare-conversation-planner", Answers{"safe_to_raise": "not_sure"}, []fired{talkUnsure}},
		{"planner: safe", "aftercare-conversation-planner", Answers{"safe_to_raise": "yes"}, nil},

		{"module upset me", "module-reflection", Answers{"upset": "yes"}, []fired{{"discuss", "Something in the module upset them."}}},
		{"module did not upset me", "module-reflection", Answers{"upset": "no", "useful": 0}, nil},

		{"check-in: calm week", "aftercare-check-in", Answers{"week_of": "2026-11-23", "cared_for": 8, "ease_of_asking": 6, "low_after": 3}, nil},
		{"check-in: low 7", "aftercare-check-in", Answers{"low_after": 7}, []fired{lowAfter7}},
		{"check-in: low 9", "aftercare-check-in", Answers{"low_after": 9, "want_to_discuss": "yes"}, []fired{lowAfter7, lowAfter9, talk}},

		{"scene: fine", "after-a-scene", scene(), nil},
		{"scene: safeword ignored", "after-a-scene", Answers{"safeword_ignored": "yes"}, []fired{safewordFlag}},
		{"scene: past a limit", "after-a-scene", Answers{"limits": "went_past"},
			[]fired{{"urgent", "Said something in the scene went past a limit."}}},
		{"scene: limits unsure", "after-a-scene", Answers{"limits": "not_sure"},
			[]fired{{"discuss", "Is not sure their limits were respected in the scene."}}},
		{"scene: body", "after-a-scene", Answers{"body": []string{"breathing", "head_knock", "marks"}},
			[]fired{{"urgent", "Had trouble breathing or swallowing after a scene."}, {"urgent", "Had a knock to the head in a scene."},
				{"note", "Has marks or bruises from a scene that worry them."}}},
		{"scene: low next day", "after-a-scene", Answers{"scene_rating": 8, "next_day_rating": 1, "drop": []string{"low_mood", "tired"}},
			[]fired{{"discuss", "Rated how they feel a day after the scene at 2 or less out of 10."}}},
		{"scene: rated 2", "after-a-scene", Answers{"scene_rating": 2},
			[]fired{{"discuss", "Rated how they feel about the scene at 2 or less out of 10."}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, ok := all[tt.slug]
			if !ok {
				t.Fatalf("no builtin %s", tt.slug)
			}
			if got := firedFlags(s, tt.a); !reflect.DeepEqual(got, tt.flags) {
				t.Errorf("flags = %q, want %q", got, tt.flags)
			}
		})
	}
}

// scene is a full after-a-scene submission with nothing that flags.
func scene() Answers {
	return Answers{"scene_date": "2026-11-21", "role": "bottom", "scene_rating": 8, "limits": "all_respected",
		"safeword_ignored": "no", "body": []string{}, "aftercare": "Blanket, water, and lying close.",
		"next_day_rating": 7, "drop": []string{"tired"}, "drop_helped": "An early night.", "want_to_discuss": "no"}
}

// TestBuiltins_FlagRulesFollowTheRule checks the documented severity rule
// (top of this file) on every built-in: every rule has a severity; a 0–10
// scale flagged upwards has exactly gte 7 "discuss" and gte 9 "urgent"; a
// 0–10 scale flagged downwards has exactly lte 2 "discuss"; yes/no "talk in
// session" is "discuss"; messages are unique within a worksheet.
func TestBuiltins_FlagRulesFollowTheRule(t *testing.T) {
	for slug, s := range builtins(t) {
		seen := map[string]bool{}
		ups, downs := map[string][]string{}, map[string][]string{}
		for _, r := range s.FlagRules {
			switch r.Severity {
			case "urgent", "discuss", "note":
			default:
				t.Errorf("%s: rule on %s has severity %q", slug, r.Field, r.Severity)
			}
			if seen[r.Message] {
				t.Errorf("%s: message %q is used twice", slug, r.Message)
			}
			seen[r.Message] = true
			f, _ := s.Field(r.Field)
			if f.ID == "want_to_discuss" && r.Severity != "discuss" {
				t.Errorf("%s: want_to_discuss is %q, want discuss", slug, r.Severity)
			}
			if f.Type != Scale {
				continue
			}
			if *f.Min != 0 || *f.Max != 10 {
				t.Errorf("%s: flag on %s, a %d-%d scale: the documented rule covers 0-10 scales only", slug, f.ID, *f.Min, *f.Max)
			}
			n, _ := ruleInt(r.Value)
			rule := fmt.Sprintf("%s %d %s", r.Op, n, r.Severity)
			if r.Op == OpGTE {
				ups[f.ID] = append(ups[f.ID], rule)
			} else {
				downs[f.ID] = append(downs[f.ID], rule)
			}
		}
		for id, rules := range ups {
			if want := []string{"gte 7 discuss", "gte 9 urgent"}; !reflect.DeepEqual(rules, want) {
				t.Errorf("%s: %s flags %v, want %v", slug, id, rules, want)
			}
		}
		for id, rules := range downs {
			if want := []string{"lte 2 discuss"}; !reflect.DeepEqual(rules, want) {
				t.Errorf("%s: %s flags %v, want %v", slug, id, rules, want)
			}
		}
	}
}

// TestBuiltins_DistressScalesAreFlagged makes sure no distress-type scale
// was left without the shared threshold.
func TestBuiltins_DistressScalesAreFlagged(t *testing.T) {
	distress := map[string][]string{
		"after-intimacy-reflection": {"distress"},
		"feelings-after-intimacy":   {"intensity"},
		"aftercare-check-in":        {"low_after"},
	}
	all := builtins(t)
	for slug, ids := range distress {
		for _, id := range ids {
			var got []string
			for _, r := range all[slug].FlagRules {
				if r.Field == id {
					got = append(got, string(r.Value)+" "+r.Severity)
				}
			}
			if want := []string{"7 discuss", "9 urgent"}; !reflect.DeepEqual(got, want) {
				t.Errorf("%s/%s: flags %v, want %v", slug, id, got, want)
			}
		}
	}
}

// TestBuiltins_SafetyScreensArePrivate pins which built-in answers are
// clinician-only: the safety screens, and nothing else.
func TestBuiltins_SafetyScreensArePrivate(t *testing.T) {
	want := map[string][]string{
		"aftercare-plan":                 {"safe_to_raise", "pressured"},
		"aftercare-conversation-planner": {"safe_to_raise", "if_it_goes_badly"},
	}
	for slug, s := range builtins(t) {
		var got []string
		for _, f := range s.Fields() {
			if f.Private {
				got = append(got, f.ID)
			}
		}
		if !reflect.DeepEqual(got, want[slug]) {
			t.Errorf("%s: private fields %v, want %v", slug, got, want[slug])
		}
	}
}

// TestGivingInventory_PairsWithNeedsInventory: the "what I can give"
// inventory offers exactly what the needs inventory asks about, by field id
// (the nine care types) and option value (senses, access), so the couples
// comparison can lay one partner's needs beside the other's offer.
func TestGivingInventory_PairsWithNeedsInventory(t *testing.T) {
	all := builtins(t)
	needs, give := all["aftercare-needs-inventory"], all["aftercare-giving-inventory"]
	var care []string
	for _, f := range needs.Sections[0].Fields {
		if f.Type == Scale {
			care = append(care, f.ID)
		}
	}
	values := func(s Schema, id string) []string {
		f, ok := s.Field(id)
		if !ok {
			t.Fatalf("%s has no field %s", s.Slug, id)
		}
		var out []string
		for _, o := range f.Options {
			out = append(out, o.Value)
		}
		return out
	}
	for _, tc := range []struct {
		give []string
		need []string
	}{
		{values(give, "can_give"), care},
		{values(give, "hard_to_give"), care},
		{values(needs, "makes_worse"), care},
		{values(give, "sensory_can_offer"), values(needs, "sensory_likes")},
		{values(give, "access_can_help"), values(needs, "access_needs")},
	} {
		if !reflect.DeepEqual(tc.give, tc.need) {
			t.Errorf("options %v, want %v", tc.give, tc.need)
		}
	}
}

func TestScales_NewWorksheetsChart(t *testing.T) {
	all := builtins(t)
	tests := []struct {
		slug string
		a    Answers
		want map[string]int
	}{
		{"aftercare-check-in", Answers{"week_of": "2026-11-23", "cared_for": "8", "ease_of_asking": 5, "low_after": 2},
			map[string]int{"cared_for": 8, "ease_of_asking": 5, "low_after": 2}},
		{"after-a-scene", scene(), map[string]int{"scene_rating": 8, "next_day_rating": 7}},
		{"aftercare-giving-inventory", Answers{"energy": 3, "can_give": []string{"rest"}}, map[string]int{"energy": 3}},
		{"module-reflection", Answers{"useful": 4, "stood_out": "x"}, map[string]int{"useful": 4}},
	}
	for _, tt := range tests {
		if got := Scales(all[tt.slug], tt.a); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: Scales() = %v, want %v", tt.slug, got, tt.want)
		}
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
