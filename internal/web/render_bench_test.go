package web

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/auth"
)

// BenchmarkRenderDashboard executes the dashboard's template set with a
// full page: 20 rows in each of the four lists and 50 clients, what a busy
// clinician sees.
func BenchmarkRenderDashboard(b *testing.B) {
	p, err := loadPages()
	if err != nil {
		b.Fatal(err)
	}
	t := p.sets["clinician/dashboard"]
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	var d assignment.Dashboard
	for i := range 20 {
		at := now.Add(-time.Duration(i) * time.Hour)
		due := now.AddDate(0, 0, -i-1)
		a := assignment.Assignment{ID: int64(1000 + i), ClientID: int64(i + 1), Kind: "worksheet", Status: "submitted",
			SubmittedAt: &at, UpdatedAt: at, Title: "After intimacy: a short reflection", ClientName: fmt.Sprintf("Client %d", i)}
		d.Flagged = append(d.Flagged, a)
		d.Awaiting = append(d.Awaiting, a)
		a.Status, a.DueOn = "assigned", &due
		d.Overdue = append(d.Overdue, a)
		d.Recent = append(d.Recent, a)
	}
	for i := range 50 {
		at := now.AddDate(0, 0, -i)
		d.Clients = append(d.Clients, assignment.ClientActivity{ID: int64(i + 1), DisplayName: fmt.Sprintf("Client %d", i),
			LastActivityAt: &at, Open: i % 4, HasAccount: i%10 != 0})
	}
	d.FlaggedCount, d.AwaitingCount, d.OverdueCount, d.ClientCount, d.ClientsPage, d.MoreClients = 20, 140, 20, 98, 1, true
	data := dashboardPage{Page: Page{Title: "Dashboard", Practice: "Bench Practice", Path: "/clinician",
		Actor: auth.Actor{UserID: 2, Role: auth.RoleClinician, Email: "clinician@bench.test"}, Nav: navFor(auth.RoleClinician)}, D: d}
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
