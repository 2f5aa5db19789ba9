// Package retention deletes the reflections of closed client files once the
// practice's retention period has passed. It is meant to run as a scheduled
// job (Run is idempotent), and can be run by hand with `tend retention run`.
package retention

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/database"
)

// Retention is the deletion job.
type Retention struct {
	db    *gorm.DB
	audit *audit.Log
}

// New returns the job.
func New(db *gorm.DB, log *audit.Log) *Retention { return &Retention{db: db, audit: log} }

// Deleted is what one run removed from one client's file.
type Deleted struct {
	ClientID  int64
	ClosedAt  time.Time
	DueAt     time.Time
	Responses int64
	Comments  int64
	Sharing   int64
}

// Report is what a run did.
type Report struct {
	Files []Deleted
}

// Due lists the closed files whose retention period has ended by now, which
// are not on hold and not yet deleted.
func (r *Retention) Due(ctx context.Context, now time.Time) ([]Deleted, error) {
	var rows []Deleted
	err := r.db.WithContext(ctx).Raw(`SELECT c.id AS client_id, c.closed_at,
			c.closed_at + make_interval(years => p.retention_years) AS due_at
		FROM clients c CROSS JOIN practice_settings p
		WHERE c.closed_at IS NOT NULL AND c.reflections_deleted_at IS NULL AND NOT c.retention_hold
		  AND c.closed_at + make_interval(years => p.retention_years) <= ?
		ORDER BY c.closed_at, c.id`, now).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("files due for deletion: %w", err)
	}
	return rows, nil
}

// Run deletes the reflections (answers, comments on them, sharing choices)
// of every file that is due at now, one file per transaction, each with an
// audit entry saying what was deleted. Running it again finds nothing more
// to do. The assignments themselves (what was given, when) stay, so the
// file still shows what happened without what was written.
func (r *Retention) Run(ctx context.Context, now time.Time) (Report, error) {
	due, err := r.Due(ctx, now)
	if err != nil {
		return Report{}, err
	}
	var rep Report
	for _, d := range due {
		done, err := r.deleteFile(ctx, d, now)
		if err != nil {
			return rep, err
		}
		if done != nil {
			rep.Files = append(rep.Files, *done)
		}
	}
	return rep, nil
}

func (r *Retention) deleteFile(ctx context.Context, d Deleted, now time.Time) (*Deleted, error) {
	var out *Deleted
	err := database.WithTx(ctx, r.db, func(tx *gorm.DB) error {
		// Check again under a lock: a hold or a reopening may have come in
		// since Due, and another run may have got here first.
		var still int64
		err := tx.Raw(`SELECT count(*) FROM clients c CROSS JOIN practice_settings p WHERE c.id = ?
			AND c.closed_at IS NOT NULL AND c.reflections_deleted_at IS NULL AND NOT c.retention_hold
			AND c.closed_at + make_interval(years => p.retention_years) <= ?`, d.ClientID, now).Scan(&still).Error
		if err != nil {
			return fmt.Errorf("recheck file %d: %w", d.ClientID, err)
		}
		if still == 0 {
			return nil
		}
		if err := tx.Exec(`SELECT id FROM clients WHERE id = ? FOR UPDATE`, d.ClientID).Error; err != nil {
			return fmt.Errorf("lock file %d: %w", d.ClientID, err)
		}
		mine := `assignment_id IN (SELECT id FROM assignments WHERE client_id = ?)`
		res := tx.Exec(`DELETE FROM comments WHERE `+mine, d.ClientID)
		if res.Error != nil {
			return fmt.Errorf("delete comments: %w", res.Error)
		}
		d.Comments = res.RowsAffected
		if res = tx.Exec(`DELETE FROM couple_sharing WHERE `+mine, d.ClientID); res.Error != nil {
			return fmt.Errorf("delete sharing choices: %w", res.Error)
		}
		d.Sharing = res.RowsAffected
		if res = tx.Exec(`DELETE FROM responses WHERE `+mine, d.ClientID); res.Error != nil {
			return fmt.Errorf("delete responses: %w", res.Error)
		}
		d.Responses = res.RowsAffected
		if err := tx.Exec(`UPDATE clients SET reflections_deleted_at = ?, updated_at = now() WHERE id = ?`, now, d.ClientID).Error; err != nil {
			return fmt.Errorf("mark file %d deleted: %w", d.ClientID, err)
		}
		detail := fmt.Sprintf("deleted %d responses, %d comments and %d sharing choices of a file closed %s (retention ended %s)",
			d.Responses, d.Comments, d.Sharing, d.ClosedAt.UTC().Format("2006-01-02"), d.DueAt.UTC().Format("2006-01-02"))
		out = &d
		return r.audit.RecordTx(ctx, tx, auth.Actor{}, audit.RetentionDeleted, "client", d.ClientID, d.ClientID, detail)
	})
	return out, err
}
