package client

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/database"
)

// MaxCloseReason bounds the reason for closing a file.
const MaxCloseReason = 500

// Close closes a client's file with a reason: the client is archived, and
// the practice's retention period starts (see internal/retention). Nothing
// is deleted now.
func (s *Service) Close(ctx context.Context, a auth.Actor, id int64, reason string) error {
	if a.Role != auth.RoleClinician {
		return ErrNotFound
	}
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return &ValidationError{Fields: map[string]string{"reason": "Please say why the file is closed (for example: therapy ended, referred on)."}}
	case len([]rune(reason)) > MaxCloseReason:
		return &ValidationError{Fields: map[string]string{"reason": fmt.Sprintf("Please keep the reason under %d characters.", MaxCloseReason)}}
	}
	return database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		now := s.now()
		res := tx.Exec(`UPDATE clients SET closed_at = ?, closed_reason = ?, closed_by = ?,
			archived_at = COALESCE(archived_at, ?), updated_at = now()
			WHERE id = ? AND clinician_id = ? AND closed_at IS NULL`, now, reason, a.UserID, now, id, a.UserID)
		if res.Error != nil {
			return fmt.Errorf("close file: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			if _, err := s.Get(ctx, a, id); err != nil {
				return err
			}
			return &ValidationError{Fields: map[string]string{"reason": "This file is already closed."}}
		}
		return s.audit.RecordTx(ctx, tx, a, audit.FileClosed, "client", id, id, "closed: "+reason)
	})
}

// Reopen reopens a closed file, which stops its retention clock.
func (s *Service) Reopen(ctx context.Context, a auth.Actor, id int64) error {
	if a.Role != auth.RoleClinician {
		return ErrNotFound
	}
	return database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		res := tx.Exec(`UPDATE clients SET closed_at = NULL, closed_reason = '', closed_by = NULL, updated_at = now()
			WHERE id = ? AND clinician_id = ? AND closed_at IS NOT NULL`, id, a.UserID)
		if res.Error != nil {
			return fmt.Errorf("reopen file: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			_, err := s.Get(ctx, a, id)
			return err
		}
		return s.audit.RecordTx(ctx, tx, a, audit.FileClosed, "client", id, id, "reopened")
	})
}
