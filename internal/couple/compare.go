package couple

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tend-practice/tend/internal/worksheet"
)

// This file is the side-by-side comparison: pure Go over a schema and two
// partners' answers, with no database, so the rules below can be tested on
// their own.
//
// The rules, as the clinician's page explains them:
//
//   - Scale: the partners agree when their ratings are less than a
//     difference apart; they differ when the gap is at least a quarter of
//     the scale and never less than 2 points (2 on a 0–4 scale, 3 on 0–10).
//   - Single choice, yes/no, date and number: agree when the same, differ
//     otherwise. Checklist and multiple choice: agree when both ticked the
//     same options; otherwise differ, with each option marked by who ticked it.
//   - Free text is shown side by side with no verdict.
//   - "One needs what the other finds hard" (a tension) is any of:
//     1. a scale rated in the top quarter by one partner (3 or 4 on 0–4) and
//        in the bottom quarter by the other (0 or 1 on 0–4);
//     2. an option ticked by one partner in a "…_likes" list and by the
//        other in the matching "…_dislikes" list (same option value);
//     3. a pairing declared for a built-in worksheet below, such as one
//        partner rating physical closeness highly while the other ticked
//        "being touched straight away" as too much, or ticked physical
//        closeness among the kinds of care that make things worse for them.
//     Free text is never matched: "what I find hard to ask for" is shown
//     side by side for the clinician to read.
//   - A private field (worksheet.Field.Private, the safety screens) is never
//     compared: it has no row, no tension and no review date here, whatever
//     either partner chose to share. The clinician reads it on that client's
//     own worksheet.

// AnswerState says what one side of a row holds.
type AnswerState string

const (
	Answered   AnswerState = "answered"
	Unanswered AnswerState = "unanswered" // submitted without an answer here
	Withheld   AnswerState = "withheld"   // kept out of this view by the partner's choice
	Pending    AnswerState = "pending"    // not submitted yet
)

// Answer is one partner's answer ready to show: Text for a single value,
// Items for a list, Value for a scale. Detail says what a scale's number
// means, for readers who do not have the worksheet in front of them.
//
// Text and Detail are in English where Tend wrote them; Key and DetailKey
// (with their arguments, name/value pairs) are the same words as catalogue
// messages, and Date is a date answer, so that a page can say them in its
// reader's language.
type Answer struct {
	State      AnswerState
	Text       string
	Items      []string
	Value      int
	Detail     string
	Key        string
	Args       []any
	DetailKey  string
	DetailArgs []any
	Date       time.Time
}

// Shown reports whether there is an answer to show.
func (a Answer) Shown() bool { return a.State == Answered }

// Verdict is how two answers to one question compare.
type Verdict string

const (
	VerdictNone   Verdict = ""       // one side has nothing to compare
	VerdictAgree  Verdict = "agree"  // the same, or close on a scale
	VerdictDiffer Verdict = "differ" // apart
	VerdictText   Verdict = "text"   // free text: side by side, no verdict
)

// OptionMark is one option of a list question and who ticked it.
type OptionMark struct {
	Label string
	A, B  bool
}

// Both reports whether both partners ticked the option.
func (o OptionMark) Both() bool { return o.A && o.B }

// Row is one question with both answers.
type Row struct {
	FieldID string
	Label   string
	Type    worksheet.FieldType
	Range   string // "0–4" for scales
	MinLab  string
	MaxLab  string
	A, B    Answer
	Options []OptionMark // lists only, when both sides can be shown
	Verdict Verdict
	Gap     int  // scales: the distance between the ratings
	Tension bool // part of a "one needs what the other finds hard"
	// LabelKey and LabelArgs are Label as a catalogue message, when Tend
	// wrote it (the rows pairing needs with offers).
	LabelKey  string
	LabelArgs []any
}

// IsText reports whether the row is free text.
func (r Row) IsText() bool { return r.Verdict == VerdictText }

// Section groups rows under the worksheet's heading.
type Section struct {
	Heading    string
	HeadingKey string // Heading as a catalogue message, when Tend wrote it
	Rows       []Row
}

// Tension is one place where one partner needs what the other finds hard.
type Tension struct {
	Needer string // the partner's name
	Other  string
	Text   string // a sentence for the clinician
	Fields []string
	// Key and Args are Text as a catalogue message with its arguments.
	Key  string
	Args []any
}

// DateAgreement is the answer to a worksheet's first date question (the
// aftercare plan's review date) from both partners.
type DateAgreement struct {
	FieldID string
	Label   string
	A, B    Answer
	Agreed  bool
}

// Comparison is a worksheet answered by two partners, side by side.
type Comparison struct {
	NameA, NameB string
	Sections     []Section
	Agree        int
	Differ       int
	Tensions     []Tension
	Complete     bool // both submitted
	Review       *DateAgreement
}

// Side is one partner's input to Compare.
type Side struct {
	Name      string
	Submitted bool
	Answers   worksheet.Answers
	// Withheld lists fields kept out of this view; All withholds every one.
	Withheld map[string]bool
	All      bool
}

func (s Side) hidden(id string) bool { return s.All || s.Withheld[id] }

// cue is something one partner said: a scale rated high (option "") or a
// ticked option of a list.
type cue struct {
	field, option string
}

// hardPair is a need of one partner that the other finds hard: need as
// answered by the first, hard as answered by the second.
type hardPair struct {
	need, hard cue
}

// declaredPairs are the tensions of built-in worksheets that field names
// alone cannot reveal. Keyed by worksheet slug.
var declaredPairs = map[string][]hardPair{
	"aftercare-needs-inventory": {
		{cue{"physical_closeness", ""}, cue{"sensory_dislikes", "touch_straight_away"}},
		{cue{"sensory_likes", "being_held"}, cue{"sensory_dislikes", "touch_straight_away"}},
		{cue{"sensory_likes", "firm_touch"}, cue{"sensory_dislikes", "touch_straight_away"}},
		{cue{"talking_it_through", ""}, cue{"sensory_dislikes", "lots_of_talking"}},
		{cue{"quiet_space", ""}, cue{"sensory_dislikes", "being_alone"}},
		{cue{"sensory_likes", "fresh_air"}, cue{"sensory_dislikes", "too_cold"}},
		// A care type one rates highly that the other says makes things
		// worse for them ("makes_worse" ticks the care types by field id).
		{cue{"physical_closeness", ""}, cue{"makes_worse", "physical_closeness"}},
		{cue{"reassurance", ""}, cue{"makes_worse", "reassurance"}},
		{cue{"quiet_space", ""}, cue{"makes_worse", "quiet_space"}},
		{cue{"water_food", ""}, cue{"makes_worse", "water_food"}},
		{cue{"cleaning_up", ""}, cue{"makes_worse", "cleaning_up"}},
		{cue{"rest", ""}, cue{"makes_worse", "rest"}},
		{cue{"talking_it_through", ""}, cue{"makes_worse", "talking_it_through"}},
		{cue{"humour", ""}, cue{"makes_worse", "humour"}},
		{cue{"ritual", ""}, cue{"makes_worse", "ritual"}},
	},
}

// DifferenceGap is the smallest gap between two ratings on a scale from min
// to max that counts as a difference.
func DifferenceGap(min, max int) int {
	return int(math.Max(2, math.Ceil(float64(max-min)/4)))
}

// High and Low report whether a rating is in the top or bottom quarter of its
// scale.
func High(v, min, max int) bool { return float64(v) >= float64(max)-float64(max-min)/4 }
func Low(v, min, max int) bool  { return float64(v) <= float64(min)+float64(max-min)/4 }

// Compare lays two partners' answers to one worksheet side by side.
func Compare(sc worksheet.Schema, slug string, a, b Side) Comparison {
	c := Comparison{NameA: a.Name, NameB: b.Name, Complete: a.Submitted && b.Submitted}
	rows := map[string]*Row{}
	for _, sec := range sc.Sections {
		out := Section{Heading: sec.Heading}
		for _, f := range sec.Fields {
			if f.Private {
				continue
			}
			out.Rows = append(out.Rows, compareField(f, a, b))
		}
		if len(out.Rows) > 0 {
			c.Sections = append(c.Sections, out)
		}
	}
	for si := range c.Sections {
		for ri := range c.Sections[si].Rows {
			r := &c.Sections[si].Rows[ri]
			rows[r.FieldID] = r
			switch r.Verdict {
			case VerdictAgree:
				c.Agree++
			case VerdictDiffer:
				c.Differ++
			}
		}
	}
	c.Tensions = tensions(sc, slug, a, b, rows)
	for _, t := range c.Tensions {
		for _, id := range t.Fields {
			if r := rows[id]; r != nil {
				r.Tension = true
			}
		}
	}
	for _, f := range sc.Fields() {
		if f.Type == worksheet.Date && !f.Private {
			r := rows[f.ID]
			c.Review = &DateAgreement{FieldID: f.ID, Label: f.Label, A: r.A, B: r.B,
				Agreed: r.A.Shown() && r.B.Shown() && a.Answers.Text(f.ID) == b.Answers.Text(f.ID)}
			break
		}
	}
	return c
}

func compareField(f worksheet.Field, a, b Side) Row {
	r := Row{FieldID: f.ID, Label: f.Label, Type: f.Type, MinLab: f.MinLabel, MaxLab: f.MaxLabel}
	if f.Type == worksheet.Scale && f.Min != nil && f.Max != nil {
		r.Range = fmt.Sprintf("%d–%d", *f.Min, *f.Max)
	}
	r.A, r.B = sideAnswer(f, a), sideAnswer(f, b)
	if f.Type.IsText() {
		r.Verdict = VerdictText
		return r
	}
	if !r.A.Shown() || !r.B.Shown() {
		return r
	}
	switch {
	case f.Type == worksheet.Scale:
		va, oka := scaleValue(f, a.Answers)
		vb, okb := scaleValue(f, b.Answers)
		if !oka || !okb || f.Min == nil || f.Max == nil {
			return r
		}
		r.Gap = abs(va - vb)
		r.Verdict = VerdictAgree
		if r.Gap >= DifferenceGap(*f.Min, *f.Max) {
			r.Verdict = VerdictDiffer
		}
	case f.Type.IsList():
		la, lb := a.Answers.List(f.ID), b.Answers.List(f.ID)
		for _, o := range f.Options {
			r.Options = append(r.Options, OptionMark{Label: o.Label, A: slices.Contains(la, o.Value), B: slices.Contains(lb, o.Value)})
		}
		r.Verdict = VerdictAgree
		if !sameSet(la, lb) {
			r.Verdict = VerdictDiffer
		}
	default:
		r.Verdict = VerdictAgree
		if strings.TrimSpace(a.Answers.Text(f.ID)) != strings.TrimSpace(b.Answers.Text(f.ID)) {
			r.Verdict = VerdictDiffer
		}
	}
	return r
}

// sideAnswer is one partner's answer as shown.
func sideAnswer(f worksheet.Field, s Side) Answer {
	switch {
	case !s.Submitted:
		return Answer{State: Pending}
	case s.hidden(f.ID):
		return Answer{State: Withheld}
	}
	return Display(f, s.Answers)
}

// Display turns a stored answer into what a person reads: option labels,
// "Yes"/"No", a readable date.
func Display(f worksheet.Field, ans worksheet.Answers) Answer {
	if f.Type.IsList() {
		list := ans.List(f.ID)
		if len(list) == 0 {
			return Answer{State: Unanswered}
		}
		out := Answer{State: Answered}
		for _, v := range list {
			out.Items = append(out.Items, optionLabel(f, v))
		}
		return out
	}
	text := ans.Text(f.ID)
	if strings.TrimSpace(text) == "" {
		return Answer{State: Unanswered}
	}
	out := Answer{State: Answered, Text: text}
	switch f.Type {
	case worksheet.Scale:
		if v, ok := scaleValue(f, ans); ok {
			out.Value = v
			out.Detail = fmt.Sprintf("on a scale from %d (%s) to %d (%s)", *f.Min, f.MinLabel, *f.Max, f.MaxLabel)
			out.DetailKey, out.DetailArgs = "worksheet.on_scale", []any{"Min", *f.Min, "MinLabel", f.MinLabel, "Max", *f.Max, "MaxLabel", f.MaxLabel}
		}
	case worksheet.YesNo:
		out.Text = map[string]string{"yes": "Yes", "no": "No"}[text]
		out.Key = map[string]string{"yes": "worksheet.yes", "no": "worksheet.no"}[text]
		if out.Text == "" {
			out.Text = text
		}
	case worksheet.SingleChoice:
		out.Text = optionLabel(f, text)
	case worksheet.Date:
		if t, err := time.Parse(worksheet.DateLayout, text); err == nil {
			out.Text, out.Date = t.Format("2 January 2006"), t
		}
	}
	return out
}

func optionLabel(f worksheet.Field, v string) string {
	for _, o := range f.Options {
		if o.Value == v {
			return o.Label
		}
	}
	return v
}

func scaleValue(f worksheet.Field, ans worksheet.Answers) (int, bool) {
	v, err := strconv.Atoi(ans.Text(f.ID))
	if err != nil || f.Min == nil || f.Max == nil || v < *f.Min || v > *f.Max {
		return 0, false
	}
	return v, true
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, v := range a {
		if !slices.Contains(b, v) {
			return false
		}
	}
	return true
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// tensions finds every "one needs what the other finds hard", in both
// directions, each reported once.
func tensions(sc worksheet.Schema, slug string, a, b Side, rows map[string]*Row) []Tension {
	var out []Tension
	seen := map[string]bool{}
	sides := [2]Side{a, b}
	add := func(needer int, need, hard cue, text, msg string, args ...any) {
		key := fmt.Sprint(needer, need, hard)
		if seen[key] {
			return
		}
		seen[key] = true
		fields := []string{need.field}
		if hard.field != need.field {
			fields = append(fields, hard.field)
		}
		args = append([]any{"Name", sides[needer].Name, "Partner", sides[1-needer].Name}, args...)
		out = append(out, Tension{Needer: sides[needer].Name, Other: sides[1-needer].Name, Text: text, Fields: fields, Key: msg, Args: args})
	}
	// 1. A scale one rates high and the other low.
	for _, f := range sc.Fields() {
		r := rows[f.ID]
		if f.Type != worksheet.Scale || f.Min == nil || f.Max == nil || r == nil || !r.A.Shown() || !r.B.Shown() {
			continue
		}
		v := [2]int{r.A.Value, r.B.Value}
		for n := range 2 {
			if High(v[n], *f.Min, *f.Max) && Low(v[1-n], *f.Min, *f.Max) {
				add(n, cue{f.ID, ""}, cue{f.ID, ""}, fmt.Sprintf("%s rates “%s” %d of %d; %s rates it %d.",
					sides[n].Name, f.Label, v[n], *f.Max, sides[1-n].Name, v[1-n]),
					"couple.tension.scales", "Label", f.Label, "N", v[n], "Max", *f.Max, "Value", v[1-n])
			}
		}
	}
	// 2 and 3. A need of one that the other ticked as hard.
	pairs := append([]hardPair{}, declaredPairs[slug]...)
	pairs = append(pairs, likesDislikes(sc)...)
	for _, hp := range pairs {
		nf, ok1 := sc.Field(hp.need.field)
		hf, ok2 := sc.Field(hp.hard.field)
		if !ok1 || !ok2 || !hf.Type.IsList() || nf.Private || hf.Private {
			continue
		}
		for n := range 2 {
			needer, other := sides[n], sides[1-n]
			need, ok := says(nf, needer, hp.need)
			if !ok || !other.Submitted || other.hidden(hf.ID) || !slices.Contains(other.Answers.List(hf.ID), hp.hard.option) {
				continue
			}
			key, args := "couple.tension.ticked_ticked", []any{"Need", optionLabel(nf, hp.need.option), "Label", nf.Label}
			if hp.need.option == "" {
				v, _ := scaleValue(nf, needer.Answers)
				key, args = "couple.tension.rates_ticked", []any{"Label", nf.Label, "N", v, "Max", *nf.Max}
			}
			args = append(args, "Option", optionLabel(hf, hp.hard.option), "List", hf.Label)
			add(n, hp.need, hp.hard, fmt.Sprintf("%s %s; %s ticked “%s” under “%s”.",
				needer.Name, need, other.Name, optionLabel(hf, hp.hard.option), hf.Label), key, args...)
		}
	}
	return out
}

// says reports whether a partner gave the cue, and describes it.
func says(f worksheet.Field, s Side, c cue) (string, bool) {
	if !s.Submitted || s.hidden(f.ID) {
		return "", false
	}
	if c.option == "" {
		v, ok := scaleValue(f, s.Answers)
		if f.Type != worksheet.Scale || !ok || !High(v, *f.Min, *f.Max) {
			return "", false
		}
		return fmt.Sprintf("rates “%s” %d of %d", f.Label, v, *f.Max), true
	}
	if !f.Type.IsList() || !slices.Contains(s.Answers.List(f.ID), c.option) {
		return "", false
	}
	return fmt.Sprintf("ticked “%s” under “%s”", optionLabel(f, c.option), f.Label), true
}

// likesDislikes pairs the options two lists share when one is named
// "<x>_likes" and the other "<x>_dislikes".
func likesDislikes(sc worksheet.Schema) []hardPair {
	var out []hardPair
	for _, likes := range sc.Fields() {
		prefix, ok := strings.CutSuffix(likes.ID, "_likes")
		if !ok || !likes.Type.IsList() {
			continue
		}
		dislikes, ok := sc.Field(prefix + "_dislikes")
		if !ok || !dislikes.Type.IsList() {
			continue
		}
		for _, o := range likes.Options {
			for _, d := range dislikes.Options {
				if o.Value == d.Value {
					out = append(out, hardPair{cue{likes.ID, o.Value}, cue{dislikes.ID, d.Value}})
				}
			}
		}
	}
	return out
}
