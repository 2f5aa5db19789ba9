package mfa

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/database"
)

// SetRequired turns the practice-wide rule on or off. With it on, every
// clinician and administrator without an authenticator sets one up at their
// next sign-in, before they are signed in.
func (s *Service) SetRequired(ctx context.Context, actor auth.Actor, required bool) error {
	if actor.Role != auth.RoleAdmin {
		return ErrNotAllowed
	}
	return database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		err := tx.Exec(`UPDATE mfa_settings SET required = ?, updated_by = ?, updated_at = now()`, required, actor.UserID).Error
		if err != nil {
			return fmt.Errorf("set mfa rule: %w", err)
		}
		detail := "not required"
		if required {
			detail = "required for clinicians and administrators"
		}
		return s.audit.RecordTx(ctx, tx, actor, audit.MFAPolicyChanged, "practice", 0, 0, detail)
	})
}

// Member is one clinician's or administrator's two-step sign-in, for the
// administrators' overview.
type Member struct {
	ID          int64
	Email       string
	DisplayName string
	Role        auth.Role
	Active      bool
	EnrolledAt  *time.Time
}

// Staff lists clinicians and administrators and whether each has set up
// two-step sign-in.
func (s *Service) Staff(ctx context.Context, actor auth.Actor) ([]Member, error) {
	if actor.Role != auth.RoleAdmin {
		return nil, ErrNotAllowed
	}
	var out []Member
	err := s.db.WithContext(ctx).Raw(`SELECT u.id, u.email, u.display_name, u.role, u.active, f.confirmed_at AS enrolled_at
		FROM users u LEFT JOIN mfa_factors f ON f.user_id = u.id AND f.confirmed_at IS NOT NULL
		WHERE u.role IN ('admin', 'clinician') ORDER BY u.role, lower(u.email)`).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("list staff mfa: %w", err)
	}
	return out, nil
}

// Reset removes another person's authenticator and recovery codes, for when
// they have lost both. If the practice requires two-step sign-in, they set
// it up again at their next sign-in.
func (s *Service) Reset(ctx context.Context, actor auth.Actor, userID int64) error {
	if actor.Role != auth.RoleAdmin || userID == actor.UserID {
		return ErrNotAllowed
	}
	err := s.remove(ctx, actor, userID, "reset by an administrator")
	if errors.Is(err, ErrNotEnrolled) {
		return ErrNotFound
	}
	return err
}
