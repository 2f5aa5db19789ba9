package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/worksheet"
)

// The scheduled tick runs retention: a closed file's reflections go once
// the practice's period has passed on the one clock, and not a day before.
func TestTick_RunsRetentionOnTheClock(t *testing.T) {
	start := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	p := newPractice(t, start)
	ctx := context.Background()
	ids, err := p.a.Assignments.Assign(ctx, p.clin, p.client.ClientID, []assignment.New{{Kind: assignment.KindWorksheet, Slug: "after-intimacy-reflection"}})
	if err != nil {
		t.Fatal(err)
	}
	ans := worksheet.Answers{"date": "2026-12-01", "mood_before": 4, "mood_after": 6, "distress": 2, "what_helped": "to be deleted in time"}
	if _, err := p.a.Assignments.Submit(ctx, p.client, ids[0], ans, 0, "k1"); err != nil {
		t.Fatal(err)
	}
	p.exec(t, `UPDATE clients SET closed_at = ?, closed_reason = 'Therapy ended' WHERE id = ?`, start, p.client.ClientID)
	p.exec(t, `UPDATE practice_settings SET retention_years = 1`)
	count := func() (n int64) {
		p.db.Gorm.Raw(`SELECT count(*) FROM responses WHERE assignment_id = ?`, ids[0]).Scan(&n)
		return n
	}

	p.clock.Set(start.AddDate(1, 0, -1))
	p.tick(t)
	if n := count(); n != 1 {
		t.Fatalf("a day before the period ends: %d responses, want 1 kept", n)
	}
	p.clock.Set(start.AddDate(1, 0, 1))
	p.tick(t)
	if n := count(); n != 0 {
		t.Fatalf("after the period: %d responses, want the reflection deleted", n)
	}
	var audited int64
	p.db.Gorm.Raw(`SELECT count(*) FROM audit_events WHERE client_id = ? AND action = 'retention_deleted'`, p.client.ClientID).Scan(&audited)
	if audited == 0 {
		t.Fatal("the deletion left no audit entry")
	}
}
