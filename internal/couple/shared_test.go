package couple_test

import (
	"context"
	"sync/atomic"
	"testing"

	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/bench"
	"github.com/tend-practice/tend/internal/couple"
	"github.com/tend-practice/tend/internal/worksheet"
)

// countStatements counts the statements GORM sends while on is set.
func countStatements(t *testing.T, db *gorm.DB, on *atomic.Bool) *atomic.Int64 {
	t.Helper()
	var n atomic.Int64
	count := func(*gorm.DB) {
		if on.Load() {
			n.Add(1)
		}
	}
	cb := db.Callback()
	for _, err := range []error{
		cb.Query().After("gorm:query").Register("test:count_query", count),
		cb.Row().After("gorm:row").Register("test:count_row", count),
		cb.Raw().After("gorm:raw").Register("test:count_raw", count),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	return &n
}

// TestSharedWithMe_FixedNumberOfStatements: the list of joint worksheets
// reads the partners' sides together, so one joint worksheet and four take
// the same number of statements (it once read each partner's side apart:
// four statements more per worksheet).
func TestSharedWithMe_FixedNumberOfStatements(t *testing.T) {
	a, p := bench.NewPractice(t, 1, 6)
	ctx := context.Background()
	clin := auth.Actor{UserID: p.Clinicians[0].ID, Role: auth.RoleClinician}
	var cs []bench.Client
	for _, c := range p.Clinicians[0].Clients {
		if !c.Archived && c.UserID != 0 {
			cs = append(cs, c)
		}
	}
	if len(cs) < 2 {
		t.Fatalf("the seed has %d active clients with accounts, want 2", len(cs))
	}
	me := auth.Actor{UserID: cs[0].UserID, Role: auth.RoleClient, ClientID: cs[0].ID}
	partner := auth.Actor{UserID: cs[1].UserID, Role: auth.RoleClient, ClientID: cs[1].ID}
	link, err := a.Couples.Link(ctx, clin, me.ClientID, partner.ClientID)
	if err != nil {
		t.Fatal(err)
	}
	var on atomic.Bool
	n := countStatements(t, a.DB.Gorm, &on)
	measure := func() ([]couple.SharedSummary, int64) {
		t.Helper()
		n.Store(0)
		on.Store(true)
		list, err := a.Couples.SharedWithMe(ctx, me)
		on.Store(false)
		if err != nil {
			t.Fatal(err)
		}
		return list, n.Load()
	}
	share := func(i int) {
		t.Helper()
		if _, err := a.Couples.AssignToCouple(ctx, clin, link.ID, assignment.New{Kind: "worksheet", Slug: "after-intimacy-reflection"}); err != nil {
			t.Fatal(err)
		}
		var theirs int64
		if err := a.DB.Gorm.Raw(`SELECT CASE WHEN x.client_id = ? THEN g.assignment_a ELSE g.assignment_b END
			FROM couple_groups g JOIN assignments x ON x.id = g.assignment_a ORDER BY g.id DESC LIMIT 1`, partner.ClientID).Scan(&theirs).Error; err != nil {
			t.Fatal(err)
		}
		ans := worksheet.Answers{"date": "2026-11-21", "mood_before": 3, "mood_after": 5, "distress": 2, "what_helped": "A walk together"}
		v, err := a.Assignments.Submit(ctx, partner, theirs, ans, 0, "k"+string(rune('a'+i)))
		if err != nil {
			t.Fatal(err)
		}
		if err := a.Couples.SetSharing(ctx, partner, theirs, couple.Choice{Level: couple.LevelPartner, Seen: v}); err != nil {
			t.Fatal(err)
		}
	}
	share(0)
	one, perOne := measure()
	if len(one) != 1 || one[0].FromPartner == 0 {
		t.Fatalf("one joint worksheet shared: got %+v", one)
	}
	for i := 1; i < 4; i++ {
		share(i)
	}
	four, perFour := measure()
	if len(four) != 4 {
		t.Fatalf("four joint worksheets: got %d", len(four))
	}
	for _, s := range four {
		if s.FromPartner != one[0].FromPartner {
			t.Errorf("worksheet %d: %d answers from the partner, want %d", s.GroupID, s.FromPartner, one[0].FromPartner)
		}
	}
	if perFour != perOne {
		t.Errorf("SharedWithMe took %d statements for one joint worksheet and %d for four: want the same", perOne, perFour)
	}
	t.Logf("statements: %d for one joint worksheet, %d for four", perOne, perFour)
}
