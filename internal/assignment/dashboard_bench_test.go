package assignment_test

import (
	"context"
	"testing"

	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/bench"
)

// BenchmarkDashboard is the clinician dashboard's queries (counts, the four
// lists, the roster page) for one clinician with 50 clients and 1,000
// assignments in a fresh database.
func BenchmarkDashboard(b *testing.B) {
	a, p := bench.NewPractice(b, 1, 50)
	actor := auth.Actor{UserID: p.Clinicians[0].ID, Role: auth.RoleClinician}
	ctx := context.Background()
	d, err := a.Assignments.Dashboard(ctx, actor, 1)
	if err != nil {
		b.Fatal(err)
	}
	if d.AwaitingCount+d.FlaggedCount == 0 || len(d.Clients) == 0 || len(d.Recent) == 0 {
		b.Fatalf("the seeded dashboard is empty: %+v", d)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := a.Assignments.Dashboard(ctx, actor, 1); err != nil {
			b.Fatal(err)
		}
	}
}
