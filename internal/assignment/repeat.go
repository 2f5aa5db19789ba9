package assignment

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/database"
)

// RepeatReport says what one pass of ReleaseRepeats did.
type RepeatReport struct {
	Released int // new copies
	Missed   int // copies marked missed
}

// maxCatchUp bounds how many weeks one pass catches up for one series (a
// worker that was down for months): the missed weeks are recorded, the
// newest copy is open, and nothing piles up as overdue.
const maxCatchUp = 104

// ReleaseRepeats creates the next copy of every weekly series whose newest
// copy's due date has passed (by the service clock), whether or not that
// copy was submitted, and marks a copy not done by then as missed. A series
// ends on its date (recur_until), after its count (recur_count) or when
// stopped. Safe to run from several workers at once: a copy's successor is
// unique (previous_id), so a second runner inserts nothing.
func (s *Service) ReleaseRepeats(ctx context.Context) (RepeatReport, error) {
	today := dateOf(s.now())
	var heads []Assignment
	err := s.db.WithContext(ctx).Raw(`SELECT a.* FROM assignments a JOIN clients c ON c.id = a.client_id
		WHERE a.recurrence = 'weekly' AND a.repeat_stopped_at IS NULL AND a.due_on < ? AND c.archived_at IS NULL
		  AND NOT EXISTS (SELECT 1 FROM assignments n WHERE n.previous_id = a.id)
		  -- a weekly step of a paused program waits with it
		  AND NOT EXISTS (SELECT 1 FROM program_run_steps rs JOIN program_runs r ON r.id = rs.run_id
			WHERE rs.assignment_id = COALESCE(a.series_root_id, a.id) AND r.status = 'paused')
		ORDER BY a.id LIMIT 1000`, today).Scan(&heads).Error
	if err != nil {
		return RepeatReport{}, fmt.Errorf("find weekly series: %w", err)
	}
	var rep RepeatReport
	for _, head := range heads {
		r, err := s.releaseSeries(ctx, head, today)
		if err != nil {
			return rep, err
		}
		rep.Released += r.Released
		rep.Missed += r.Missed
	}
	return rep, nil
}

func (s *Service) releaseSeries(ctx context.Context, cur Assignment, today time.Time) (RepeatReport, error) {
	var rep RepeatReport
	err := database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		rep = RepeatReport{}
		for i := 0; i < maxCatchUp && cur.DueOn != nil && cur.DueOn.Before(today); i++ {
			due := cur.DueOn.AddDate(0, 0, 7)
			if cur.RecurUntil != nil && due.After(*cur.RecurUntil) {
				return nil // the series ended: its last copy stays open (overdue)
			}
			if cur.RecurCount != nil && cur.RepeatIndex >= *cur.RecurCount {
				return nil
			}
			if cur.Status == StatusAssigned || cur.Status == StatusInProgress {
				res := tx.Exec(`UPDATE assignments SET status = 'missed', missed_at = ?, updated_at = ?
					WHERE id = ? AND status IN ('assigned', 'in_progress')`, s.now(), s.now(), cur.ID)
				if res.Error != nil {
					return fmt.Errorf("mark missed: %w", res.Error)
				}
				rep.Missed += int(res.RowsAffected)
			}
			next := cur
			next.Status, next.ReadAt, next.SubmittedAt, next.ReviewedAt, next.MissedAt = StatusAssigned, nil, nil, nil, nil
			next.DueOn, next.PreviousID, next.RepeatIndex = &due, &cur.ID, cur.RepeatIndex+1
			var ids []int64
			rootID := cur.ID
			if cur.SeriesRootID != nil {
				rootID = *cur.SeriesRootID
			}
			next.SeriesRootID = &rootID
			err := tx.Raw(`INSERT INTO assignments (client_id, clinician_id, kind, worksheet_version_id, note, due_on,
				recurrence, recur_until, recur_count, repeat_index, previous_id, series_root_id, created_at, updated_at)
				VALUES (?, ?, 'worksheet', ?, ?, ?, 'weekly', ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (previous_id) WHERE previous_id IS NOT NULL DO NOTHING RETURNING id`,
				cur.ClientID, cur.ClinicianID, cur.WorksheetVersionID, cur.Note, due, cur.RecurUntil, cur.RecurCount,
				next.RepeatIndex, cur.ID, rootID, s.now(), s.now()).Scan(&ids).Error
			if err != nil {
				return fmt.Errorf("release weekly copy: %w", err)
			}
			if len(ids) == 0 {
				return nil // another worker released it
			}
			next.ID = ids[0]
			rep.Released++
			cur = next
		}
		return nil
	})
	return rep, err
}

// StopRepeat ends a weekly series (the clinician's own): no more copies.
// The copies already given stay as they are.
func (s *Service) StopRepeat(ctx context.Context, actor auth.Actor, id int64) error {
	a, err := s.Get(ctx, actor, id)
	if err != nil {
		return err
	}
	if actor.Role != auth.RoleClinician || a.Recurrence == RecurNone {
		return ErrNotFound
	}
	return database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		// The whole chain: every copy of this series points back to its first.
		err := tx.Exec(`WITH RECURSIVE up AS (
				SELECT id, previous_id FROM assignments WHERE id = ? AND clinician_id = ?
				UNION SELECT a.id, a.previous_id FROM assignments a JOIN up ON a.id = up.previous_id),
			down AS (SELECT id FROM up UNION SELECT a.id FROM assignments a JOIN down ON a.previous_id = down.id)
			UPDATE assignments SET repeat_stopped_at = ?, updated_at = ? WHERE id IN (SELECT id FROM down) AND repeat_stopped_at IS NULL`,
			id, actor.UserID, s.now(), s.now()).Error
		if err != nil {
			return fmt.Errorf("stop repeat: %w", err)
		}
		return s.audit.RecordTx(ctx, tx, actor, audit.AssignmentChanged, "assignment", id, a.ClientID, "repeat stopped")
	})
}

// ShiftSeriesTx moves the open newest copy of the weekly series that
// starts with rootID forward by days (a program resumed after a pause: the
// weeks paused are not missed). In the caller's transaction.
func (s *Service) ShiftSeriesTx(tx *gorm.DB, rootID int64, days int) error {
	if days <= 0 {
		return nil
	}
	err := tx.Exec(`UPDATE assignments a SET due_on = a.due_on + ?::int, updated_at = ?
		WHERE (a.id = ? OR a.series_root_id = ?) AND a.recurrence = 'weekly' AND a.status IN ('assigned', 'in_progress')
		  AND NOT EXISTS (SELECT 1 FROM assignments n WHERE n.previous_id = a.id)`, days, s.now(), rootID, rootID).Error
	if err != nil {
		return fmt.Errorf("shift weekly series: %w", err)
	}
	return nil
}

// dateOf is the calendar day of t in UTC, as a DATE column holds it.
func dateOf(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
