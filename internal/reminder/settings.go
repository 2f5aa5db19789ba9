package reminder

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/database"
)

// ErrNotFound means the client is not the clinician's (answered 404).
var ErrNotFound = errors.New("client not found")

// ClientReminders reports whether the clinician turned reminders on for
// their client.
func (s *Service) ClientReminders(ctx context.Context, actor auth.Actor, clientID int64) (bool, error) {
	var on []bool
	if actor.Role != auth.RoleClinician {
		return false, ErrNotFound
	}
	if err := s.db.WithContext(ctx).Raw(`SELECT reminders_enabled FROM clients WHERE id = ? AND clinician_id = ?`, clientID, actor.UserID).
		Scan(&on).Error; err != nil {
		return false, fmt.Errorf("client reminders: %w", err)
	}
	if len(on) == 0 {
		return false, ErrNotFound
	}
	return on[0], nil
}

// SetClientReminders is the clinician's switch for one of their clients.
func (s *Service) SetClientReminders(ctx context.Context, actor auth.Actor, clientID int64, on bool) error {
	if actor.Role != auth.RoleClinician {
		return ErrNotFound
	}
	return database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		res := tx.Exec(`UPDATE clients SET reminders_enabled = ?, updated_at = ? WHERE id = ? AND clinician_id = ?`,
			on, s.now(), clientID, actor.UserID)
		if res.Error != nil {
			return fmt.Errorf("set client reminders: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return ErrNotFound
		}
		return s.record(ctx, tx, actor, "client", clientID, clientID, onOff("reminders", on))
	})
}

// Mine is a person's own reminder and digest settings.
type Mine struct {
	RemindersOptOut bool
	DigestOptIn     bool
}

// My returns the actor's own settings.
func (s *Service) My(ctx context.Context, actor auth.Actor) (Mine, error) {
	var m Mine
	if err := s.db.WithContext(ctx).Raw(`SELECT reminders_opt_out, digest_opt_in FROM users WHERE id = ?`, actor.UserID).Scan(&m).Error; err != nil {
		return m, fmt.Errorf("my settings: %w", err)
	}
	return m, nil
}

// SetOptOut is the client's own off switch for reminder emails.
func (s *Service) SetOptOut(ctx context.Context, actor auth.Actor, off bool) error {
	if actor.Role != auth.RoleClient {
		return ErrNotFound
	}
	return database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		if err := tx.Exec(`UPDATE users SET reminders_opt_out = ?, updated_at = ? WHERE id = ? AND role = 'client'`,
			off, s.now(), actor.UserID).Error; err != nil {
			return fmt.Errorf("set reminders opt-out: %w", err)
		}
		return s.record(ctx, tx, actor, "user", actor.UserID, actor.ClientID, onOff("reminders", !off))
	})
}

// SetDigest is a clinician's opt-in to the daily digest.
func (s *Service) SetDigest(ctx context.Context, actor auth.Actor, on bool) error {
	if actor.Role != auth.RoleClinician {
		return ErrNotFound
	}
	return database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		if err := tx.Exec(`UPDATE users SET digest_opt_in = ?, updated_at = ? WHERE id = ? AND role = 'clinician'`,
			on, s.now(), actor.UserID).Error; err != nil {
			return fmt.Errorf("set digest: %w", err)
		}
		return s.record(ctx, tx, actor, "user", actor.UserID, 0, onOff("digest", on))
	})
}

// SetZone sets a client's own time zone (an IANA name; ” for the
// practice's). The account page edits it for the client; the demo seeds it.
func (s *Service) SetZone(ctx context.Context, actor auth.Actor, zone string) error {
	if zone != "" {
		if _, err := time.LoadLocation(zone); err != nil {
			return fmt.Errorf("time zone %q: %w", zone, err)
		}
	}
	if err := s.db.WithContext(ctx).Exec(`UPDATE users SET time_zone = ?, updated_at = ? WHERE id = ?`, zone, s.now(), actor.UserID).Error; err != nil {
		return fmt.Errorf("set time zone: %w", err)
	}
	return nil
}

// ActionSettings is the audit action for reminder and digest switches.
const ActionSettings = "reminder_settings_changed"

func (s *Service) record(ctx context.Context, tx *gorm.DB, actor auth.Actor, objectType string, objectID, clientID int64, detail string) error {
	if s.opt.Audit == nil {
		return nil
	}
	return s.opt.Audit.RecordTx(ctx, tx, actor, ActionSettings, objectType, objectID, clientID, detail)
}

func onOff(what string, on bool) string {
	if on {
		return what + " on"
	}
	return what + " off"
}
