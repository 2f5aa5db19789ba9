package couple

import (
	"slices"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/worksheet"
)

func builtin(t *testing.T, slug string) worksheet.Schema {
	t.Helper()
	all, err := worksheet.Builtins()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range all {
		if s.Slug == slug {
			return s
		}
	}
	t.Fatalf("no built-in worksheet %s", slug)
	return worksheet.Schema{}
}

func submitted(name string, a worksheet.Answers) Side {
	return Side{Name: name, Submitted: true, Answers: a}
}

func row(t *testing.T, c Comparison, id string) Row {
	t.Helper()
	for _, s := range c.Sections {
		for _, r := range s.Rows {
			if r.FieldID == id {
				return r
			}
		}
	}
	t.Fatalf("no row %s", id)
	return Row{}
}

func TestCoupleDifferenceGap_QuarterOfTheScaleNeverLessThanTwo(t *testing.T) {
	for _, tc := range []struct{ min, max, want int }{{0, 4, 2}, {0, 10, 3}, {1, 5, 2}, {0, 1, 2}, {0, 20, 5}} {
		if got := DifferenceGap(tc.min, tc.max); got != tc.want {
			t.Errorf("DifferenceGap(%d, %d) = %d, want %d", tc.min, tc.max, got, tc.want)
		}
	}
	for _, tc := range []struct {
		v, min, max int
		high, low   bool
	}{{4, 0, 4, true, false}, {3, 0, 4, true, false}, {2, 0, 4, false, false}, {1, 0, 4, false, true}, {0, 0, 4, false, true},
		{8, 0, 10, true, false}, {7, 0, 10, false, false}, {2, 0, 10, false, true}, {3, 0, 10, false, false}} {
		if High(tc.v, tc.min, tc.max) != tc.high || Low(tc.v, tc.min, tc.max) != tc.low {
			t.Errorf("%d on %d–%d: high %v low %v, want %v %v", tc.v, tc.min, tc.max,
				High(tc.v, tc.min, tc.max), Low(tc.v, tc.min, tc.max), tc.high, tc.low)
		}
	}
}

func TestCoupleCompare_VerdictsPerFieldType(t *testing.T) {
	sc := builtin(t, "aftercare-needs-inventory")
	a := worksheet.Answers{"physical_closeness": 3, "reassurance": 4, "rest": 0, "closeness_vs_space": 5,
		"sensory_likes": []string{"dim_light", "silence"}, "hard_to_ask": "Asking to be held."}
	b := worksheet.Answers{"physical_closeness": 2, "reassurance": 2, "rest": 2, "closeness_vs_space": 7,
		"sensory_likes": []string{"silence", "dim_light"}, "hard_to_ask": "Saying I need space."}
	c := Compare(sc, sc.Slug, submitted("Ana", a), submitted("Ben", b))
	for _, tc := range []struct {
		id   string
		want Verdict
		gap  int
	}{
		{"physical_closeness", VerdictAgree, 1},
		{"reassurance", VerdictDiffer, 2},
		{"rest", VerdictDiffer, 2},
		{"closeness_vs_space", VerdictAgree, 2}, // 0–10: a difference starts at 3
		{"sensory_likes", VerdictAgree, 0},      // same options, any order
		{"hard_to_ask", VerdictText, 0},
		{"quiet_space", VerdictNone, 0}, // nobody answered
	} {
		r := row(t, c, tc.id)
		if r.Verdict != tc.want || r.Gap != tc.gap {
			t.Errorf("%s: %q gap %d, want %q gap %d", tc.id, r.Verdict, r.Gap, tc.want, tc.gap)
		}
	}
	if !c.Complete || c.Agree != 3 || c.Differ != 2 {
		t.Errorf("complete %v agree %d differ %d, want true 3 2", c.Complete, c.Agree, c.Differ)
	}
	likes := row(t, c, "sensory_likes")
	for _, o := range likes.Options {
		if (o.Label == "Silence" || o.Label == "Dim or soft light") != o.Both() {
			t.Errorf("option %q both=%v", o.Label, o.Both())
		}
	}
}

func TestCoupleCompare_OneNeedsWhatTheOtherFindsHard(t *testing.T) {
	sc := builtin(t, "aftercare-needs-inventory")
	for _, tc := range []struct {
		name string
		a, b worksheet.Answers
		want string // "" for no tension
	}{
		{"scale high against low", worksheet.Answers{"humour": 4}, worksheet.Answers{"humour": 1},
			"Ana rates “Laughing together or sharing a joke” 4 of 4; Ben rates it 1."},
		{"scale high against middle is no tension", worksheet.Answers{"humour": 4}, worksheet.Answers{"humour": 2}, ""},
		{"the other way round", worksheet.Answers{"rest": 0}, worksheet.Answers{"rest": 3}, "Ben rates “Resting or having a sleep” 3 of 4; Ana rates it 0."},
		{"likes against dislikes, same option", worksheet.Answers{"sensory_likes": []string{"light_touch"}},
			worksheet.Answers{"sensory_dislikes": []string{"light_touch"}}, "Ana ticked “Light, gentle touch” under “Things that feel good to my senses afterwards”; Ben ticked “Light or tickly touch” under “Things that feel like too much afterwards”."},
		{"declared: closeness against touch straight away", worksheet.Answers{"physical_closeness": 3},
			worksheet.Answers{"sensory_dislikes": []string{"touch_straight_away"}}, "Ana rates “Physical closeness, like cuddling, holding hands or lying close” 3 of 4; Ben ticked “Being touched straight away”"},
		{"declared: quiet space against being left alone", worksheet.Answers{"sensory_dislikes": []string{"being_alone"}},
			worksheet.Answers{"quiet_space": 4}, "Ben rates “Quiet time and a bit of space to myself” 4 of 4; Ana ticked “Being left on my own”"},
		{"a low need is no tension", worksheet.Answers{"physical_closeness": 2},
			worksheet.Answers{"sensory_dislikes": []string{"touch_straight_away"}}, ""},
		{"own likes and dislikes are not a couple's tension", worksheet.Answers{"sensory_likes": []string{"light_touch"}, "sensory_dislikes": []string{"light_touch"}},
			worksheet.Answers{}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := Compare(sc, sc.Slug, submitted("Ana", tc.a), submitted("Ben", tc.b))
			if tc.want == "" {
				if len(c.Tensions) != 0 {
					t.Fatalf("unexpected tension: %+v", c.Tensions)
				}
				return
			}
			if len(c.Tensions) != 1 || !strings.HasPrefix(c.Tensions[0].Text, tc.want) {
				t.Fatalf("tensions %+v, want one starting %q", c.Tensions, tc.want)
			}
			for _, id := range c.Tensions[0].Fields {
				if !row(t, c, id).Tension {
					t.Errorf("row %s not marked", id)
				}
			}
		})
	}
}

func TestCoupleCompare_WithheldAndPendingAnswersAreNeitherShownNorCompared(t *testing.T) {
	sc := builtin(t, "aftercare-needs-inventory")
	a := submitted("Ana", worksheet.Answers{"physical_closeness": 4, "hard_to_ask": "private words"})
	a.Withheld = map[string]bool{"physical_closeness": true, "hard_to_ask": true}
	b := Side{Name: "Ben", Answers: worksheet.Answers{"physical_closeness": 0, "sensory_dislikes": []string{"touch_straight_away"}}}
	c := Compare(sc, sc.Slug, a, b)
	if c.Complete {
		t.Error("complete with one side pending")
	}
	r := row(t, c, "physical_closeness")
	if r.A.State != Withheld || r.B.State != Pending || r.Verdict != VerdictNone || r.A.Text != "" {
		t.Errorf("row %+v", r)
	}
	if row(t, c, "hard_to_ask").A.Text != "" || len(c.Tensions) != 0 {
		t.Error("a withheld answer was shown or compared")
	}
	b.Submitted = true
	c = Compare(sc, sc.Slug, a, b)
	if len(c.Tensions) != 0 {
		t.Errorf("a withheld need made a tension: %+v", c.Tensions)
	}
	a.All = true
	if row(t, Compare(sc, sc.Slug, a, b), "other_helps").A.State != Withheld {
		t.Error("All does not withhold every answer")
	}
}

func TestCoupleCompare_ReviewDateAgreedOnlyWhenBothGaveTheSame(t *testing.T) {
	sc := builtin(t, "aftercare-plan")
	same := Compare(sc, sc.Slug, submitted("Ana", worksheet.Answers{"review_on": "2027-03-12"}), submitted("Ben", worksheet.Answers{"review_on": "2027-03-12"}))
	if same.Review == nil || !same.Review.Agreed || same.Review.A.Text != "12 March 2027" || same.Review.FieldID != "review_on" {
		t.Fatalf("review %+v", same.Review)
	}
	diff := Compare(sc, sc.Slug, submitted("Ana", worksheet.Answers{"review_on": "2027-03-12"}), submitted("Ben", worksheet.Answers{"review_on": "2027-04-01"}))
	if diff.Review.Agreed || row(t, diff, "review_on").Verdict != VerdictDiffer {
		t.Fatal("different dates count as agreed")
	}
	hidden := submitted("Ben", worksheet.Answers{"review_on": "2027-03-12"})
	hidden.All = true
	if Compare(sc, sc.Slug, submitted("Ana", worksheet.Answers{"review_on": "2027-03-12"}), hidden).Review.Agreed {
		t.Fatal("agreement claimed from a withheld date")
	}
}

func TestCoupleSharingLevels_DefaultIsClinicianAndAnswersOverride(t *testing.T) {
	var none sharing
	if none.levelOf("x") != LevelClinician || none.confirmed(1) {
		t.Fatal("the default shares with the partner")
	}
	sh := sharing{Level: LevelPartner, Fields: map[string]Level{"a": LevelPrivate, "b": "bogus"}, ConfirmedVersion: 2}
	if sh.levelOf("a") != LevelPrivate || sh.levelOf("b") != LevelPartner || sh.levelOf("c") != LevelPartner {
		t.Fatal("answer levels do not override the worksheet's")
	}
	if sh.confirmed(3) || !sh.confirmed(2) {
		t.Fatal("a confirmation holds for another version of the answers")
	}
	sc := builtin(t, "aftercare-plan")
	c, err := cleanChoice(sc, Choice{Level: LevelPartner, Fields: map[string]Level{"right_after": LevelPartner, "low_plan": LevelPrivate, "nope": LevelPrivate}})
	if err != nil || len(c.Fields) != 1 || c.Fields["low_plan"] != LevelPrivate {
		t.Fatalf("cleanChoice: %+v %v", c, err)
	}
	if _, err := cleanChoice(sc, Choice{Level: "everyone"}); err == nil {
		t.Fatal("an unknown level was accepted")
	}
}

func TestCoupleCompare_PrivateFieldIsNeverCompared(t *testing.T) {
	sc := builtin(t, "aftercare-plan")
	a := submitted("Ana", worksheet.Answers{"right_after": "Hold me.", "safe_to_raise": "no", "pressured": "yes"})
	b := submitted("Ben", worksheet.Answers{"right_after": "Water.", "safe_to_raise": "no", "pressured": "yes"})
	// Nothing withheld: the view is as open as the sharing choice can make it.
	c := Compare(sc, "aftercare-plan", a, b)
	for _, s := range c.Sections {
		if s.Heading == "Just for me and my clinician" {
			t.Errorf("section %q is laid side by side", s.Heading)
		}
		for _, r := range s.Rows {
			if r.FieldID == "safe_to_raise" || r.FieldID == "pressured" {
				t.Errorf("private field %s has a row", r.FieldID)
			}
		}
	}
	if c.Agree != 0 {
		t.Errorf("private answers counted as agreeing: %d", c.Agree)
	}
	if row(t, c, "right_after").A.Text != "Hold me." {
		t.Error("a shared answer is missing")
	}
}

func TestMatchOffers_NeedsBesideWhatTheOtherCanGive(t *testing.T) {
	needs, offers := builtin(t, NeedsSlug), builtin(t, OffersSlug)
	ana := submitted("Ana", worksheet.Answers{"physical_closeness": 4, "reassurance": 3, "quiet_space": 2, "rest": 0,
		"sensory_likes": []string{"being_held", "dim_light"}, "access_needs": []string{"pain_relief"}})
	ben := submitted("Ben", worksheet.Answers{"can_give": []string{"reassurance", "rest"}, "hard_to_give": []string{"physical_closeness"},
		"sensory_can_offer": []string{"dim_light"}, "access_can_help": []string{"pain_relief", "bathroom"}, "energy": 2})
	got := MatchOffers(needs, ana, offers, ben)
	type m struct {
		field, option string
		status        OfferStatus
	}
	var short []m
	for _, o := range got {
		short = append(short, m{o.FieldID, o.Option, o.Status})
		if o.Needer != "Ana" || o.Giver != "Ben" {
			t.Errorf("offer %+v: wrong partners", o)
		}
	}
	want := []m{
		{"physical_closeness", "", OfferHard}, // rated 4; Ben finds it hard
		{"reassurance", "", OfferCan},         // rated 3; Ben can give it
		// quiet_space (2) and rest (0) are not needs: not in the top quarter.
		// In the worksheet's option order.
		{"sensory_likes", "dim_light", OfferCan},
		{"sensory_likes", "being_held", OfferUnsaid},
		{"access_needs", "pain_relief", OfferCan},
	}
	if !slices.Equal(short, want) {
		t.Errorf("MatchOffers() = %v, want %v", short, want)
	}

	// Withheld answers are not matched, on either side; nothing before both submit.
	hidden := ben
	hidden.Withheld = map[string]bool{"hard_to_give": true, "sensory_can_offer": true}
	for _, o := range MatchOffers(needs, ana, offers, hidden) {
		if o.Status == OfferHard || o.FieldID == "sensory_likes" {
			t.Errorf("withheld offer used: %+v", o)
		}
	}
	if n := len(MatchOffers(needs, ana, offers, Side{Name: "Ben"})); n != 0 {
		t.Errorf("%d offers before Ben submitted", n)
	}
	all := ana
	all.All = true
	if n := len(MatchOffers(needs, all, offers, ben)); n != 0 {
		t.Errorf("%d offers from needs Ana withheld", n)
	}

	sec, ts := OfferSection("Ana", "Ben", got, nil)
	if len(sec.Rows) != len(got) || len(ts) != 1 || !strings.Contains(ts[0].Text, "Ana needs “Physical closeness") ||
		!strings.Contains(ts[0].Text, "Ben finds it hard to give") {
		t.Fatalf("OfferSection: %d rows, tensions %+v", len(sec.Rows), ts)
	}
	r := sec.Rows[0]
	if !r.Tension || r.Verdict != VerdictDiffer || !strings.HasPrefix(r.A.Text, "Needs it (rated 4 of 4)") || r.B.Text != "Finds it hard to give" {
		t.Errorf("first row = %+v", r)
	}
	// Ben's needs put the offer in column A (Ana's) and the need in column B.
	sec, _ = OfferSection("Ana", "Ben", nil, []Offer{{Needer: "Ben", Giver: "Ana", FieldID: "rest", Need: "Rest", NeedDetail: "rated 4 of 4", Status: OfferCan}})
	if r := sec.Rows[0]; r.A.Text != "Can usually give it" || !strings.HasPrefix(r.B.Text, "Needs it") || r.Verdict != VerdictAgree {
		t.Errorf("Ben's need row = %+v", r)
	}
}

func TestCoupleCompare_CareOneNeedsMakesThingsWorseForTheOther(t *testing.T) {
	sc := builtin(t, NeedsSlug)
	a := submitted("Ana", worksheet.Answers{"physical_closeness": 4, "talking_it_through": 2})
	b := submitted("Ben", worksheet.Answers{"physical_closeness": 3, "makes_worse": []string{"physical_closeness", "talking_it_through"}})
	c := Compare(sc, NeedsSlug, a, b)
	var texts []string
	for _, ts := range c.Tensions {
		texts = append(texts, ts.Text)
	}
	// Ana's 4 meets Ben's tick; Ana's 2 on talking is not a need, so no tension there.
	if len(texts) != 1 || !strings.Contains(texts[0], "Ana rates “Physical closeness") ||
		!strings.Contains(texts[0], "Ben ticked “Physical closeness” under “Kinds of care that make things harder for me”") {
		t.Fatalf("tensions %q", texts)
	}
	if !row(t, c, "makes_worse").Tension || !row(t, c, "physical_closeness").Tension {
		t.Error("rows not marked")
	}
}
