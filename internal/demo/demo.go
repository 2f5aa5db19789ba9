// Package demo seeds the demo practice described in DESIGN.md. It runs only
// when asked (TEND_DEMO=true or 'tend seed demo'), never in production.
package demo

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tend-practice/tend/internal/account"
	"github.com/tend-practice/tend/internal/app"
	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/client"
	"github.com/tend-practice/tend/internal/couple"
	"github.com/tend-practice/tend/internal/program"
	"github.com/tend-practice/tend/internal/safety"
	"github.com/tend-practice/tend/internal/worksheet"
)

// Password is every demo account's password.
const Password = "demo-password"

// Account is one demo sign-in.
type Account struct {
	Email string
	Role  auth.Role
	Name  string
}

// Accounts lists the demo sign-ins, printed at start-up.
var Accounts = []Account{
	{"admin@demo.test", auth.RoleAdmin, "Ada Admin"},
	{"clinician@demo.test", auth.RoleClinician, "Dr. Sam Rivera"},
	{"clinician2@demo.test", auth.RoleClinician, "Dr. Noor Haddad"},
	{"client@demo.test", auth.RoleClient, "Alex"},
	{"client2@demo.test", auth.RoleClient, "Jordan"},
	{"client3@demo.test", auth.RoleClient, "Riley"},
}

// Safety is the demo practice's safety settings: realistic in shape, with
// numbers and addresses that are obviously examples (".example" is
// reserved for examples; no country's real numbers).
var Safety = safety.Settings{
	Contacts: []safety.Contact{
		{Name: "Crisis line (demo example)", Phone: "0000 000 001", Text: "00001", Web: "https://crisis-line.example",
			When: "If you are thinking about suicide or feel unable to keep yourself safe. Open day and night."},
		{Name: "Emergency number (demo example)", Phone: "0000 000 000", When: "If you or someone else is in danger right now."},
		{Name: "Sexual assault support (demo example)", Phone: "0000 000 002", Web: "https://sexual-assault-support.example",
			When: "After a sexual assault, whether it was recent or long ago."},
		{Name: "Domestic abuse line (demo example)", Phone: "0000 000 003", Text: "00003",
			When: "If someone you live with or are close to hurts, threatens or controls you."},
	},
	PracticeContact:   "Harbour Therapy (demo): call 0000 000 100 or write to hello@practice.example",
	PracticeHours:     "Monday to Friday, 9:00 to 17:00",
	ReadingPromise:    safety.DefaultReadingPromise,
	LetterheadName:    "Harbour Therapy (demo)",
	LetterheadAddress: "1 Harbour Street, Seaton (demo address)",
	LetterheadPhone:   "0000 000 100",
}

// Seed creates the demo practice unless it exists. It reports whether it
// created anything.
func Seed(ctx context.Context, a *app.App) (bool, error) {
	// The demo assigns built-in modules and worksheets: on a fresh database
	// they exist only once the library is synced.
	if err := a.SyncLibrary(ctx); err != nil {
		return false, fmt.Errorf("sync library before seeding: %w", err)
	}
	staff := map[string]auth.Actor{}
	for _, acc := range Accounts[:3] {
		u, err := a.Accounts.Create(ctx, auth.Actor{}, account.NewUser{Email: acc.Email, DisplayName: acc.Name, Role: acc.Role, Password: Password})
		if errors.Is(err, account.ErrEmailTaken) {
			return false, nil // already seeded
		}
		if err != nil {
			return false, fmt.Errorf("demo account %s: %w", acc.Email, err)
		}
		staff[acc.Email] = auth.Actor{UserID: u.ID, Role: u.Role}
	}
	sam, noor := staff["clinician@demo.test"], staff["clinician2@demo.test"]
	if err := a.Safety.Save(ctx, staff["admin@demo.test"], Safety); err != nil {
		return false, fmt.Errorf("demo safety settings: %w", err)
	}
	alex, err := withAccount(ctx, a, sam, "Alex", "client@demo.test")
	if err != nil {
		return false, err
	}
	jordan, err := withAccount(ctx, a, sam, "Jordan", "client2@demo.test")
	if err != nil {
		return false, err
	}
	riley, err := withAccount(ctx, a, noor, "Riley", "client3@demo.test")
	if err != nil {
		return false, err
	}
	for _, p := range []struct {
		clin  auth.Actor
		name  string
		email string
	}{{sam, "Casey", ""}, {sam, "M.", "m.pending@demo.test"}, {noor, "Quinn", ""}} {
		if _, _, err := a.Clients.Create(ctx, p.clin, client.NewClient{DisplayName: p.name, Email: p.email}); err != nil {
			return false, err
		}
	}

	// Alex: a module read, a flagged reflection, a reviewed one with a comment,
	// a draft in progress and an overdue inventory. Due dates are relative to
	// today, so a demo started any day reads as a live practice.
	now := a.Now()
	soon, late := now.AddDate(0, 0, 5).Format(time.DateOnly), now.AddDate(0, 0, -3).Format(time.DateOnly)
	daysAgo := func(n int) string { return now.AddDate(0, 0, -n).Format(time.DateOnly) }
	steps := []struct {
		clin   auth.Actor
		who    auth.Actor
		item   assignment.New
		answer worksheet.Answers
		then   string // "", "read", "draft", "submit", "review"
	}{
		{sam, alex, assignment.New{Kind: "module", Slug: "what-is-aftercare", Note: "A gentle start. Notice what feels familiar."}, nil, "read"},
		{sam, alex, assignment.New{Kind: "worksheet", Slug: "after-intimacy-reflection", Recurrence: "after_submit"}, reflection(daysAgo(19), 6, 7, 6, 3, "no"), "review"},
		{sam, alex, assignment.New{Kind: "worksheet", Slug: "after-intimacy-reflection"}, reflection(daysAgo(12), 5, 3, 2, 9, "yes"), "submit"}, // urgent: distress 9
		{sam, alex, assignment.New{Kind: "module", Slug: "feeling-low-after-sex", DueOn: soon, Note: "Take this one slowly."}, nil, ""},
		{sam, alex, assignment.New{Kind: "worksheet", Slug: "aftercare-conversation-planner"}, worksheet.Answers{"ask_for": "More quiet time together afterwards."}, "draft"},
		{sam, alex, assignment.New{Kind: "worksheet", Slug: "aftercare-needs-inventory", DueOn: late}, nil, ""},
		{sam, jordan, assignment.New{Kind: "module", Slug: "asking-for-aftercare"}, nil, ""},
		{sam, jordan, assignment.New{Kind: "worksheet", Slug: "after-intimacy-reflection"}, reflection(daysAgo(12), 7, 8, 8, 1, "no"), "submit"},
		{noor, riley, assignment.New{Kind: "module", Slug: "aftercare-menu"}, nil, "read"},
		{noor, riley, assignment.New{Kind: "worksheet", Slug: "module-reflection"}, nil, ""},
	}
	for _, st := range steps {
		ids, err := a.Assignments.Assign(ctx, st.clin, st.who.ClientID, []assignment.New{st.item})
		if err != nil {
			return false, fmt.Errorf("demo assignment %s: %w", st.item.Slug, err)
		}
		id := ids[0]
		switch st.then {
		case "read":
			err = a.Assignments.MarkRead(ctx, st.who, id)
		case "draft":
			_, err = a.Assignments.Save(ctx, st.who, id, st.answer, 0)
		case "submit", "review":
			_, err = a.Assignments.Submit(ctx, st.who, id, st.answer, 0, fmt.Sprintf("demo-%d", id))
			if err == nil && st.then == "review" {
				if err = a.Assignments.AddComment(ctx, st.clin, id, "", "Thank you for writing this. I noticed how much the quiet time helped. Let's talk about it on Thursday.", false); err == nil {
					err = a.Assignments.Review(ctx, st.clin, id)
				}
			}
		}
		if err != nil {
			return false, fmt.Errorf("demo step %s/%s: %w", st.item.Slug, st.then, err)
		}
	}
	if err := seedCouple(ctx, a, sam, alex, jordan); err != nil {
		return false, fmt.Errorf("demo couple: %w", err)
	}
	if err := seedSchedule(ctx, a, sam, alex, jordan); err != nil {
		return false, fmt.Errorf("demo programs and reminders: %w", err)
	}
	if err := seedRoster(ctx, a, sam); err != nil {
		return false, fmt.Errorf("demo roster: %w", err)
	}
	return true, nil
}

// rosterNames fill Dr. Rivera's list to 32 clients (issue 19): a practice
// whose review queue needs filters and paging.
var rosterNames = []string{"Avery", "Blake", "Cameron", "Dakota", "Eden", "Finley", "Gray", "Harper", "Indigo",
	"Jules", "Kai", "Lane", "Morgan", "Nico", "Oakley", "Parker", "Reese", "Rowan", "Sage", "Tatum", "Uri",
	"Vale", "Wren", "Yael", "Zion", "Ari", "Bo", "Cruz"}

// seedRoster gives the extra clients a realistic spread: two urgent
// reflections, several to review (two flagged to discuss), work overdue,
// work due this week and later, and a few with nothing open. Dates are
// relative to today.
func seedRoster(ctx context.Context, a *app.App, sam auth.Actor) error {
	today := time.Now().UTC()
	day := func(n int) string { return today.AddDate(0, 0, n).Format("2006-01-02") }
	for i, name := range rosterNames {
		var who auth.Actor
		var err error
		submits := i < 10 // the first ten have accounts and send reflections
		if submits {
			who, err = withAccount(ctx, a, sam, name, fmt.Sprintf("%s@clients.demo.test", strings.ToLower(name)))
		} else {
			var c client.Client
			c, _, err = a.Clients.Create(ctx, sam, client.NewClient{DisplayName: name})
			who = auth.Actor{Role: auth.RoleClient, ClientID: c.ID}
		}
		if err != nil {
			return err
		}
		var items []assignment.New
		switch {
		case submits:
			items = []assignment.New{{Kind: "worksheet", Slug: "after-intimacy-reflection", Note: "Whenever it feels right this week."}}
		case i < 15:
			items = []assignment.New{{Kind: "module", Slug: "what-is-aftercare", DueOn: day(-1 - i%4)}}
		case i < 21:
			items = []assignment.New{{Kind: "worksheet", Slug: "aftercare-needs-inventory", DueOn: day(1 + i%6)}}
		case i < 25:
			items = []assignment.New{{Kind: "module", Slug: "asking-for-aftercare", DueOn: day(14 + i)}}
		}
		if len(items) == 0 {
			continue
		}
		ids, err := a.Assignments.Assign(ctx, sam, who.ClientID, items)
		if err != nil {
			return err
		}
		if !submits {
			continue
		}
		distress := 2 + i%3
		switch i {
		case 0, 5:
			distress = 9 // urgent
		case 2, 7:
			distress = 7 // discuss
		}
		if _, err := a.Assignments.Submit(ctx, who, ids[0], reflection(a.Now().AddDate(0, 0, -2).Format(time.DateOnly), 5, 6, 5, distress, "no"), 0, fmt.Sprintf("demo-roster-%d", ids[0])); err != nil {
			return err
		}
	}
	return nil
}

// seedSchedule gives Alex a running program (started eight days ago, so
// steps are out and more are coming), turns reminders on for Alex and
// Jordan, gives Alex work due today and work three days overdue, and
// runs the schedule once: the reminder emails are queued at once (in the
// outbox on a demo run; outside quiet hours) and Sam gets a digest.
func seedSchedule(ctx context.Context, a *app.App, sam, alex, jordan auth.Actor) error {
	for _, c := range []auth.Actor{alex, jordan} {
		if err := a.Reminders.SetClientReminders(ctx, sam, c.ClientID, true); err != nil {
			return err
		}
	}
	// Reminders wait out the night (21:00 to 08:00 in the client's zone).
	// So that a demo started at any hour shows them in the outbox at once,
	// Alex lives wherever it is daytime when the demo is seeded.
	if err := a.Reminders.SetZone(ctx, alex, daytimeZone(a.Now())); err != nil {
		return err
	}
	if err := a.Reminders.SetDigest(ctx, sam, true); err != nil {
		return err
	}
	progs, err := a.Programs.List(ctx, sam)
	if err != nil {
		return err
	}
	today := a.Now()
	for _, p := range progs {
		if p.Title == "Aftercare basics (4 weeks)" {
			start := today.AddDate(0, 0, -8).Format("2006-01-02")
			if _, err := a.Programs.Assign(ctx, sam, p.ID, program.Target{ClientID: alex.ClientID}, start); err != nil {
				return err
			}
		}
	}
	for _, it := range []assignment.New{
		{Kind: "worksheet", Slug: "feelings-after-intimacy", DueOn: today.Format("2006-01-02"), Note: "A short one for this week."},
		{Kind: "module", Slug: "closeness-after-sex", DueOn: today.AddDate(0, 0, -3).Format("2006-01-02")},
	} {
		if _, err := a.Assignments.Assign(ctx, sam, alex.ClientID, []assignment.New{it}); err != nil {
			return err
		}
	}
	return a.Tick(ctx)
}

// withAccount adds a client to a clinician's roster and accepts the invite
// as the client would.
func withAccount(ctx context.Context, a *app.App, clin auth.Actor, name, email string) (auth.Actor, error) {
	c, token, err := a.Clients.Create(ctx, clin, client.NewClient{DisplayName: name, Email: email})
	if err != nil {
		return auth.Actor{}, fmt.Errorf("demo client %s: %w", name, err)
	}
	uid, err := a.Clients.AcceptInvite(ctx, token, email, Password)
	if err != nil {
		return auth.Actor{}, fmt.Errorf("demo invite %s: %w", name, err)
	}
	return auth.Actor{UserID: uid, Role: auth.RoleClient, ClientID: c.ID}, nil
}

func reflection(date string, before, after, closeness, distress int, discuss string) worksheet.Answers {
	return worksheet.Answers{
		"date": date, "mood_before": before, "mood_after": after, "closeness": closeness, "distress": distress,
		"want_to_discuss": discuss, "what_helped": "Lying close for a while without talking, then a glass of water.",
		"what_was_missing": "I wanted to say how I felt but did not know how to start.",
	}
}

// seedCouple links Alex and Jordan as partners (couples work, issue 10):
// both complete the needs inventory (the clinician's side-by-side view shows
// where they meet and where one needs what the other finds hard) and both
// complete the aftercare plan, which each shares with the other by their own
// choice, so the joint plan PDF holds both, and both say what they can give,
// which the clinician sees beside the other's needs. Alex shares most of the
// inventory; Jordan shares none of it: sharing is off by default.
func seedCouple(ctx context.Context, a *app.App, clin, alex, jordan auth.Actor) error {
	l, err := a.Couples.Link(ctx, clin, alex.ClientID, jordan.ClientID)
	if err != nil {
		return err
	}
	inventory := map[int64]worksheet.Answers{
		alex.ClientID: {"physical_closeness": 4, "reassurance": 4, "quiet_space": 1, "water_food": 3, "cleaning_up": 2, "rest": 3,
			"talking_it_through": 4, "humour": 2, "ritual": 3, "closeness_vs_space": 8,
			"sensory_likes": []string{"soft_blanket", "being_held", "light_touch", "calm_sounds"}, "sensory_dislikes": []string{"bright_light", "being_alone"},
			"hard_to_ask": "Asking to be held a little longer when I can tell Jordan wants to get up.",
			"easier_if":   "Saying it earlier in the evening, not in the moment."},
		jordan.ClientID: {"physical_closeness": 2, "reassurance": 3, "quiet_space": 4, "water_food": 4, "cleaning_up": 4, "rest": 2,
			"talking_it_through": 1, "humour": 3, "ritual": 3, "closeness_vs_space": 2,
			"sensory_likes": []string{"warm_water", "fresh_air", "silence"}, "sensory_dislikes": []string{"touch_straight_away", "light_touch", "lots_of_talking", "too_hot"},
			"hard_to_ask": "Saying I need ten minutes on my own without it sounding like I am pulling away.",
			"easier_if":   "A signal we agree on beforehand."},
	}
	plans := map[int64]worksheet.Answers{
		alex.ClientID: {"right_after": "Being held for a few minutes, and hearing that it was good for Jordan too.", "right_after_minutes": "15",
			"later_that_day": "A message in the afternoon if we are apart.", "next_day": "A short check-in over breakfast.",
			"partner_needs": "Jordan needs a few minutes alone first, then comes back to lie together.", "words_signals": "“Back in five” means Jordan is coming back.",
			"check_in_how": "in_person", "low_plan": "Make tea, put a film on and stay close without needing to talk.", "review_on": "2027-01-15", "not_agreed_yet": "no", "safe_to_raise": "yes"},
		jordan.ClientID: {"right_after": "Ten quiet minutes to myself: a shower, a glass of water. Then back to Alex.", "right_after_minutes": "20",
			"next_day":      "Not too much talking about it straight away; later in the day is better.",
			"partner_needs": "Alex needs to be held and to hear that it was good.", "words_signals": "“Back in five” means I am coming back.",
			"check_in_how": "mix", "low_plan": "Say so, and sit together; we do not have to fix it.", "review_on": "2027-01-15", "not_agreed_yet": "no", "safe_to_raise": "yes"},
	}
	// What each can give: laid beside the other's needs on the clinician's
	// side-by-side view of either inventory.
	offers := map[int64]worksheet.Answers{
		alex.ClientID: {"can_give": []string{"physical_closeness", "reassurance", "talking_it_through", "humour", "ritual"},
			"hard_to_give": []string{"quiet_space"}, "sensory_can_offer": []string{"warm_water", "silence", "soft_blanket"}, "energy": 3,
			"my_limits":   "If Jordan goes off on their own I find it hard to wait; I can put the kettle on instead of following.",
			"giver_needs": "To hear that Jordan is coming back."},
		jordan.ClientID: {"can_give": []string{"water_food", "cleaning_up", "quiet_space", "ritual", "reassurance"},
			"hard_to_give": []string{"physical_closeness", "talking_it_through"}, "sensory_can_offer": []string{"soft_blanket", "calm_sounds", "fresh_air"}, "energy": 2,
			"my_limits":   "I can't cuddle straight away, but I can after a few minutes on my own.",
			"giver_needs": "A few minutes alone before I can give much."},
	}
	who := map[int64]auth.Actor{alex.ClientID: alex, jordan.ClientID: jordan}
	for _, item := range []assignment.New{
		{Slug: "aftercare-needs-inventory", Note: "Each of you on your own: nothing is shared unless you choose to share it."},
		{Slug: "aftercare-plan", Note: "Talk it through together, then each fill in your own copy."},
		{Slug: "aftercare-giving-inventory", Note: "The other side of the needs inventory: what each of you can give."},
	} {
		gid, err := a.Couples.AssignToCouple(ctx, clin, l.ID, item)
		if err != nil {
			return err
		}
		groups, err := a.Couples.Groups(ctx, clin, l.ID)
		if err != nil {
			return err
		}
		for _, g := range groups {
			if g.ID != gid {
				continue
			}
			for clientID, id := range map[int64]int64{l.ClientA: g.AssignmentA, l.ClientB: g.AssignmentB} {
				answers := inventory[clientID]
				switch item.Slug {
				case "aftercare-plan":
					answers = plans[clientID]
				case "aftercare-giving-inventory":
					answers = offers[clientID]
				}
				version, err := a.Assignments.Submit(ctx, who[clientID], id, answers, 0, fmt.Sprintf("demo-couple-%d", id))
				if err != nil {
					return err
				}
				choice := couple.Choice{Level: couple.LevelPartner, Seen: version}
				switch {
				case item.Slug == "aftercare-giving-inventory":
					continue // kept between each of them and the clinician
				case item.Slug == "aftercare-needs-inventory" && clientID == jordan.ClientID:
					continue // Jordan keeps the inventory between them and the clinician
				case item.Slug == "aftercare-needs-inventory":
					choice.Fields = map[string]couple.Level{"hard_to_ask": couple.LevelClinician}
				}
				if err := a.Couples.SetSharing(ctx, who[clientID], id, choice); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// daytimeZone is the first of a few well-known zones where it is between
// 09:00 and 17:00 at now (demo data only).
func daytimeZone(now time.Time) string {
	for _, name := range []string{"Europe/London", "Europe/Athens", "Asia/Kolkata", "Asia/Tokyo", "Australia/Sydney",
		"Pacific/Auckland", "America/Los_Angeles", "America/Chicago", "America/New_York", "America/Sao_Paulo"} {
		if loc, err := time.LoadLocation(name); err == nil {
			if h := now.In(loc).Hour(); h >= 9 && h < 17 {
				return name
			}
		}
	}
	return ""
}
