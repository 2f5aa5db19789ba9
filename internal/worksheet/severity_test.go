package worksheet

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// severitySchema has one rule per severity, plus one written before
// severities existed (no severity: read as discuss).
func severitySchema() Schema {
	return Schema{Slug: "sev", Title: "Sev", Summary: "S", Sections: []Section{{Fields: []Field{
		{ID: "upset", Type: Scale, Label: "How upset", Min: intp(0), Max: intp(10)},
		{ID: "unsafe", Type: YesNo, Label: "I don't feel safe"},
		{ID: "talk", Type: YesNo, Label: "Talk in session"},
		{ID: "mood", Type: SingleChoice, Label: "Mood", Options: []Option{{Value: "low", Label: "Low"}, {Value: "ok", Label: "OK"}}},
		{ID: "signs", Type: Checklist, Label: "Signs", Options: []Option{{Value: "sleep", Label: "Poor sleep"}, {Value: "food", Label: "Appetite"}}},
	}}}, FlagRules: []FlagRule{
		{Field: "upset", Op: OpGTE, Value: json.RawMessage("9"), Message: "Very upset.", Severity: SeverityUrgent},
		{Field: "unsafe", Op: OpIsYes, Message: "Does not feel safe.", Severity: SeverityUrgent},
		{Field: "talk", Op: OpIsYes, Message: "Wants to talk.", Severity: SeverityDiscuss},
		{Field: "mood", Op: OpEq, Value: json.RawMessage(`"low"`), Message: "Low mood.", Severity: SeverityNote},
		{Field: "signs", Op: OpIncludes, Value: json.RawMessage(`"sleep"`), Message: "Sleeping badly."},
	}}
}

func TestRaised_EachSeverityFiresOnItsAnswersOnly(t *testing.T) {
	s := severitySchema()
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	urgentUpset := func(v string) Flag {
		return Flag{FieldID: "upset", FieldLabel: "How upset", Severity: SeverityUrgent, Reason: "Very upset.", Value: v}
	}
	tests := []struct {
		name string
		a    Answers
		want []Flag
	}{
		{"nothing answered", Answers{}, nil},
		{"urgent: scale one below the line", Answers{"upset": 8}, nil},
		{"urgent: scale on the line", Answers{"upset": 9}, []Flag{urgentUpset("9/10")}},
		{"urgent: scale at the top", Answers{"upset": "10"}, []Flag{urgentUpset("10/10")}},
		{"urgent: out of range never fires", Answers{"upset": 11}, nil},
		{"urgent: scale at the bottom", Answers{"upset": 0}, nil},
		{"urgent: not safe", Answers{"unsafe": "yes"}, []Flag{{FieldID: "unsafe", FieldLabel: "I don't feel safe", Severity: SeverityUrgent, Reason: "Does not feel safe.", Value: "Yes"}}},
		{"urgent: safe", Answers{"unsafe": "no"}, nil},
		{"discuss: wants to talk", Answers{"talk": "yes"}, []Flag{{FieldID: "talk", FieldLabel: "Talk in session", Severity: SeverityDiscuss, Reason: "Wants to talk.", Value: "Yes"}}},
		{"discuss: does not", Answers{"talk": "no"}, nil},
		{"note: low mood", Answers{"mood": "low"}, []Flag{{FieldID: "mood", FieldLabel: "Mood", Severity: SeverityNote, Reason: "Low mood.", Value: "Low"}}},
		{"note: other option", Answers{"mood": "ok"}, nil},
		{"missing severity is discuss", Answers{"signs": []string{"food", "sleep"}}, []Flag{{FieldID: "signs", FieldLabel: "Signs", Severity: SeverityDiscuss, Reason: "Sleeping badly.", Value: "Poor sleep"}}},
		{"missing severity, not included", Answers{"signs": []string{"food"}}, nil},
		{"several in rule order", Answers{"talk": "yes", "upset": 9}, []Flag{urgentUpset("9/10"), {FieldID: "talk", FieldLabel: "Talk in session", Severity: SeverityDiscuss, Reason: "Wants to talk.", Value: "Yes"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := s.Raised(tt.a)
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("Raised() = %+v, want %+v", got, tt.want)
			}
			// The messages-only evaluation agrees with the structured one.
			var msgs []string
			for _, f := range got {
				msgs = append(msgs, f.Reason)
			}
			if old := s.Flags(tt.a); !reflect.DeepEqual(old, msgs) {
				t.Errorf("Flags() = %q, Raised reasons = %q", old, msgs)
			}
			if wantUrgent := strings.HasPrefix(tt.name, "urgent:") && tt.want != nil; AnyUrgent(got) != wantUrgent && tt.name != "several in rule order" {
				t.Errorf("AnyUrgent = %v, want %v", AnyUrgent(got), wantUrgent)
			}
		})
	}
}

func TestValidate_UnknownSeverity(t *testing.T) {
	s := severitySchema()
	s.FlagRules[0].Severity = "high"
	err := s.Validate()
	if err == nil || !strings.Contains(err.Error(), `severity must be urgent, discuss or note, not "high"`) {
		t.Fatalf("Validate() = %v", err)
	}
}

func TestParse_SeverityRoundTrips(t *testing.T) {
	s := severitySchema()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	if got.FlagRules[0].Severity != SeverityUrgent || got.FlagRules[4].Severity != "" || got.FlagRules[4].Level() != SeverityDiscuss {
		t.Errorf("rules after round trip: %+v", got.FlagRules)
	}
}
