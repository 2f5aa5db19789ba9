package program

// Builtin is a program that ships with Tend, made from the built-in
// modules (internal/module/builtin) and worksheets (internal/worksheet/builtin).
type Builtin struct {
	Slug string
	Draft
}

// Builtins are Tend's three built-in programs.
func Builtins() []Builtin {
	return []Builtin{
		{Slug: "aftercare-basics", Draft: Draft{
			Title:       "Aftercare basics (4 weeks)",
			Description: "What aftercare is, what you need, how to ask for it, and a plan, with a short weekly check-in.",
			Steps: []Step{
				{Kind: "module", Slug: "what-is-aftercare", Rule: RuleStart},
				{Kind: "worksheet", Slug: "aftercare-needs-inventory", Rule: RuleAfterPrevious, Days: 0},
				{Kind: "module", Slug: "asking-for-aftercare", Rule: RuleAfterDays, Days: 7},
				{Kind: "worksheet", Slug: "aftercare-plan", Rule: RuleAfterDays, Days: 14},
				{Kind: "worksheet", Slug: "feelings-after-intimacy", Rule: RuleWeekly, Weekday: 0, Weeks: 4},
			},
		}},
		{Slug: "planning-aftercare-together", Draft: Draft{
			Title:       "Planning aftercare together (couples, 3 weeks)",
			Description: "For a couple: each partner reads, takes stock of their own needs privately, then plans a conversation and an aftercare plan.",
			ForCouples:  true,
			Steps: []Step{
				{Kind: "module", Slug: "aftercare-in-every-relationship", Rule: RuleStart},
				{Kind: "worksheet", Slug: "aftercare-needs-inventory", Rule: RuleAfterPrevious, Days: 0},
				{Kind: "worksheet", Slug: "aftercare-conversation-planner", Rule: RuleAfterDays, Days: 7},
				{Kind: "worksheet", Slug: "aftercare-plan", Rule: RuleAfterDays, Days: 14},
			},
		}},
		{Slug: "after-feeling-low", Draft: Draft{
			Title:       "After feeling low: weekly check-ins (6 weeks)",
			Description: "Reading on feeling low after sex, then a weekly check-in for six weeks, with closeness after sex in week three.",
			Steps: []Step{
				{Kind: "module", Slug: "feeling-low-after-sex", Rule: RuleStart},
				{Kind: "worksheet", Slug: "after-intimacy-reflection", Rule: RuleWeekly, Weekday: 0, Weeks: 6},
				{Kind: "module", Slug: "closeness-after-sex", Rule: RuleAfterDays, Days: 14},
			},
		}},
	}
}
