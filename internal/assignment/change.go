package assignment

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/database"
)

// UndoWindow is how long after withdrawing a clinician can undo it.
const UndoWindow = 2 * time.Minute

// Change is a clinician's edit of an assignment: the due date and the note.
type Change struct {
	DueOn string // YYYY-MM-DD, or empty for no due date
	Note  string
}

// ownedForChange loads an assignment the clinician owns, withdrawn or not.
func (s *Service) ownedForChange(ctx context.Context, actor auth.Actor, id int64) (Assignment, error) {
	if actor.Role != auth.RoleClinician {
		return Assignment{}, ErrNotFound
	}
	return s.Get(ctx, actor, id)
}

// Edit changes an assignment's due date and note. A withdrawn assignment
// cannot be edited (restore it first). The change is audited.
func (s *Service) Edit(ctx context.Context, actor auth.Actor, id int64, ch Change) (Assignment, error) {
	a, err := s.ownedForChange(ctx, actor, id)
	if err != nil {
		return a, err
	}
	fields := map[string]string{}
	due, err := parseDate(ch.DueOn)
	if err != nil {
		fields["due_on"] = "Please use a date like 2026-12-01."
	}
	note := strings.TrimSpace(ch.Note)
	if len([]rune(note)) > 2000 {
		fields["note"] = "Please keep the note under 2,000 characters."
	}
	if a.WithdrawnAt != nil {
		fields["status"] = "This work was withdrawn. Restore it before changing it."
	}
	if len(fields) > 0 {
		return a, &ValidationError{Fields: fields}
	}
	var what []string
	if !sameDate(a.DueOn, due) {
		what = append(what, "due date")
	}
	if note != a.Note {
		what = append(what, "note")
	}
	if len(what) == 0 {
		return a, nil
	}
	err = database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		if err := tx.Exec(`UPDATE assignments SET due_on = ?, note = ?, updated_at = now() WHERE id = ? AND clinician_id = ?`,
			due, note, id, actor.UserID).Error; err != nil {
			return fmt.Errorf("edit assignment: %w", err)
		}
		return s.audit.RecordTx(ctx, tx, actor, audit.AssignmentChanged, "assignment", id, a.ClientID, "changed "+strings.Join(what, " and "))
	})
	if err != nil {
		return a, err
	}
	return s.Get(ctx, actor, id)
}

func sameDate(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Format("2006-01-02") == b.Format("2006-01-02")
}

// Withdraw takes an assignment back: it disappears for the client, its
// answers and comments are kept, and it leaves the queue. Withdrawing
// stops a repeat too. Audited.
func (s *Service) Withdraw(ctx context.Context, actor auth.Actor, id int64) error {
	a, err := s.ownedForChange(ctx, actor, id)
	if err != nil {
		return err
	}
	if a.WithdrawnAt != nil {
		return nil
	}
	return database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		if err := tx.Exec(`UPDATE assignments SET withdrawn_at = now(), withdrawn_by = ?, withdrawal_seen_at = NULL, updated_at = now()
			WHERE id = ? AND clinician_id = ? AND withdrawn_at IS NULL`, actor.UserID, id, actor.UserID).Error; err != nil {
			return fmt.Errorf("withdraw assignment: %w", err)
		}
		return s.audit.RecordTx(ctx, tx, actor, audit.AssignmentChanged, "assignment", id, a.ClientID, "withdrawn")
	})
}

// Restore undoes a withdrawal within UndoWindow.
func (s *Service) Restore(ctx context.Context, actor auth.Actor, id int64) error {
	a, err := s.ownedForChange(ctx, actor, id)
	if err != nil {
		return err
	}
	if a.WithdrawnAt == nil {
		return &ValidationError{Fields: map[string]string{"status": "This work is not withdrawn."}}
	}
	if s.now().Sub(*a.WithdrawnAt) > UndoWindow {
		return &ValidationError{Fields: map[string]string{"status": "It is too late to undo that. Assign the work again if you need it."}}
	}
	return database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		if err := tx.Exec(`UPDATE assignments SET withdrawn_at = NULL, withdrawn_by = NULL, withdrawal_seen_at = NULL, updated_at = now()
			WHERE id = ? AND clinician_id = ?`, id, actor.UserID).Error; err != nil {
			return fmt.Errorf("restore assignment: %w", err)
		}
		return s.audit.RecordTx(ctx, tx, actor, audit.AssignmentChanged, "assignment", id, a.ClientID, "withdrawal undone")
	})
}

// RecentlyWithdrawn lists the clinician's assignments for one client
// withdrawn within UndoWindow: the page offers to undo them.
func (s *Service) RecentlyWithdrawn(ctx context.Context, actor auth.Actor, clientID int64) ([]Assignment, error) {
	if actor.Role != auth.RoleClinician {
		return nil, ErrNotFound
	}
	var out []Assignment
	err := s.base(ctx, actor).Where("a.client_id = ? AND a.withdrawn_at > ?", clientID, s.now().Add(-UndoWindow)).
		Order("a.withdrawn_at DESC").Limit(20).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("recently withdrawn: %w", err)
	}
	return out, nil
}

// WithdrawnNotice tells a client, once and without saying what, that
// something they had started was withdrawn: it returns how many such
// withdrawals they have not been told about, and marks them told.
func (s *Service) WithdrawnNotice(ctx context.Context, actor auth.Actor) (int, error) {
	if actor.Role != auth.RoleClient || actor.ClientID == 0 {
		return 0, nil
	}
	res := s.db.WithContext(ctx).Exec(`UPDATE assignments SET withdrawal_seen_at = now()
		WHERE client_id = ? AND withdrawn_at IS NOT NULL AND withdrawn_at <= ? AND withdrawal_seen_at IS NULL
		  AND (status <> 'assigned' OR read_at IS NOT NULL OR EXISTS (SELECT 1 FROM responses r WHERE r.assignment_id = assignments.id))`,
		actor.ClientID, s.now().Add(-UndoWindow))
	if res.Error != nil {
		return 0, fmt.Errorf("withdrawn notice: %w", res.Error)
	}
	return int(res.RowsAffected), nil
}
