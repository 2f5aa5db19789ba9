package web

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/auth"
)

// BenchmarkRenderDashboard executes the review queue's template set with a
// full page: 25 rows across the groups, what a busy clinician sees.
func BenchmarkRenderDashboard(b *testing.B) {
	p, err := loadPages()
	if err != nil {
		b.Fatal(err)
	}
	t := p.sets["clinician/dashboard"]
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	var q assignment.Queue
	for i := range assignment.QueuePageSize {
		at := now.Add(-time.Duration(i) * time.Hour)
		a := assignment.Assignment{ID: int64(1000 + i), ClientID: int64(i + 1), Kind: "worksheet", Status: "submitted",
			SubmittedAt: &at, UpdatedAt: at, Title: "After intimacy: a short reflection", ClientName: fmt.Sprintf("Client %d", i)}
		q.Items = append(q.Items, assignment.QueueItem{Assignment: a, Rank: i % 5})
	}
	q.Counts = assignment.QueueCounts{Urgent: 2, Review: 140, Overdue: 20, Week: 12}
	data := dashboardPage{Page: Page{Title: "Review queue", Practice: "Bench Practice", Path: "/clinician",
		Actor: auth.Actor{UserID: 2, Role: auth.RoleClinician, Email: "clinician@bench.test"}, Nav: navFor(auth.RoleClinician)},
		Q: q, Groups: groupQueue(q.Items, true, false), Now: now}
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := t.ExecuteTemplate(&buf, "base", data); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes/page")
}
