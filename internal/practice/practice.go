// Package practice holds the practice-wide settings (time zone, retention
// period), administrators' holds on closed files, and the practice export.
package practice

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/database"
	"github.com/tend-practice/tend/internal/fielderr"
	"github.com/tend-practice/tend/internal/i18n"
)

var (
	ErrForbidden = errors.New("not allowed")
	ErrNotFound  = errors.New("closed file not found")
)

// ValidationError carries person-facing messages per form field.
type ValidationError struct{ Fields map[string]string }

func (e *ValidationError) Error() string {
	return fmt.Sprintf("invalid practice settings: %v", e.Fields)
}

// Settings is the one row of practice_settings.
type Settings struct {
	TimeZone       string
	RetentionYears int
	// Locale is the practice's language ("en", "es" or "el"): pages before
	// sign-in, and everyone who has not chosen their own. Saving "" keeps it.
	Locale    string
	UpdatedAt time.Time
}

// Opener unseals stored answers and comments (the assignment service).
type Opener interface {
	OpenAnswersJSON(assignmentID int64, sealed, plain []byte) ([]byte, error)
	OpenComment(id int64, sealed []byte, plain string) (string, error)
}

// Service is the practice's settings, holds and export.
type Service struct {
	db     *gorm.DB
	audit  *audit.Log
	opener Opener
}

// NewService returns the practice service.
func NewService(db *gorm.DB, log *audit.Log, opener Opener) *Service {
	return &Service{db: db, audit: log, opener: opener}
}

// Settings returns the practice's settings.
func (s *Service) Settings(ctx context.Context) (Settings, error) {
	var st Settings
	if err := s.db.WithContext(ctx).Raw(`SELECT time_zone, retention_years, locale, updated_at FROM practice_settings WHERE id = 1`).Scan(&st).Error; err != nil {
		return Settings{}, fmt.Errorf("practice settings: %w", err)
	}
	return st, nil
}

// SaveSettings changes the practice's time zone, retention period and language.
func (s *Service) SaveSettings(ctx context.Context, a auth.Actor, st Settings) error {
	if a.Role != auth.RoleAdmin {
		return ErrForbidden
	}
	fields := map[string]string{}
	tz := strings.TrimSpace(st.TimeZone)
	if _, err := time.LoadLocation(tz); err != nil || tz == "" || tz == "Local" {
		fields["time_zone"] = "Please give a time zone name such as Europe/Athens or UTC."
	}
	locale := strings.TrimSpace(st.Locale)
	if locale != "" && !i18n.Supported(locale) {
		fields["locale"] = "Please choose one of the languages in the list."
	}
	if st.RetentionYears < 1 || st.RetentionYears > 100 {
		fields["retention_years"] = "Please give a whole number of years between 1 and 100."
	}
	if len(fields) > 0 {
		return &ValidationError{Fields: fields}
	}
	return database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		err := tx.Exec(`UPDATE practice_settings SET time_zone = ?, retention_years = ?, locale = COALESCE(NULLIF(?, ''), locale),
			updated_by = ?, updated_at = now() WHERE id = 1`, tz, st.RetentionYears, locale, a.UserID).Error
		if err != nil {
			return fmt.Errorf("save practice settings: %w", err)
		}
		detail := fmt.Sprintf("time zone %s, retention %d years", tz, st.RetentionYears)
		if locale != "" {
			detail += ", language " + locale
		}
		return s.audit.RecordTx(ctx, tx, a, audit.SettingsChanged, "practice", 1, 0, detail)
	})
}

// ClosedFile is what an administrator sees of a closed file: enough to
// place a hold, nothing of its content (not even the reason, which may say
// too much).
type ClosedFile struct {
	ClientID             int64
	ClinicianName        string
	ClosedAt             time.Time
	DeleteAfter          time.Time
	RetentionHold        bool
	RetentionHoldReason  string
	ReflectionsDeletedAt *time.Time
}

// ClosedFiles lists every closed file, oldest first.
func (s *Service) ClosedFiles(ctx context.Context, a auth.Actor) ([]ClosedFile, error) {
	if a.Role != auth.RoleAdmin {
		return nil, ErrForbidden
	}
	var out []ClosedFile
	err := s.db.WithContext(ctx).Raw(`SELECT c.id AS client_id, COALESCE(NULLIF(u.display_name, ''), u.email) AS clinician_name,
			c.closed_at, c.closed_at + make_interval(years => p.retention_years) AS delete_after,
			c.retention_hold, c.retention_hold_reason, c.reflections_deleted_at
		FROM clients c JOIN users u ON u.id = c.clinician_id CROSS JOIN practice_settings p
		WHERE c.closed_at IS NOT NULL ORDER BY c.closed_at, c.id LIMIT 1000`).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("closed files: %w", err)
	}
	return out, nil
}

// SetHold places or lifts an administrator's hold on a closed file: while
// held, nothing of it is deleted whatever its date.
func (s *Service) SetHold(ctx context.Context, a auth.Actor, clientID int64, hold bool, reason string) error {
	if a.Role != auth.RoleAdmin {
		return ErrForbidden
	}
	reason = strings.TrimSpace(reason)
	if hold && reason == "" {
		return &ValidationError{Fields: map[string]string{"reason": "Please say why the file is held (for example: legal request)."}}
	}
	if len([]rune(reason)) > 500 {
		return &ValidationError{Fields: map[string]string{"reason": "Please keep the reason under 500 characters."}}
	}
	if !hold {
		reason = ""
	}
	return database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		res := tx.Exec(`UPDATE clients SET retention_hold = ?, retention_hold_reason = ?, updated_at = now()
			WHERE id = ? AND closed_at IS NOT NULL`, hold, reason, clientID)
		if res.Error != nil {
			return fmt.Errorf("set hold: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return ErrNotFound
		}
		detail := "hold lifted"
		if hold {
			detail = "hold placed: " + reason
		}
		return s.audit.RecordTx(ctx, tx, a, audit.RetentionHold, "client", clientID, clientID, detail)
	})
}

// FieldErrors returns the message per field: ValidationError is a
// fielderr.Error, which the web layer answers with 422.
func (e *ValidationError) FieldErrors() map[string]string { return e.Fields }

var _ fielderr.Error = (*ValidationError)(nil)
