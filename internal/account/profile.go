package account

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/database"
	"github.com/tend-practice/tend/internal/i18n"
)

// Profile is what a person may change about their own account.
type Profile struct {
	DisplayName string
	TimeZone    string // IANA name; "" means the practice's zone
	Locale      string // "en", "es" or "el"; "" means the practice's language
	// Notification choices: RemindersOptOut applies to clients,
	// DigestOptIn to clinicians; the other role's choice is ignored.
	RemindersOptOut bool
	DigestOptIn     bool
}

// ValidTimeZone reports whether tz is "" (the practice's zone) or an IANA
// name Go knows.
func ValidTimeZone(tz string) bool {
	if tz == "" {
		return true
	}
	if tz == "Local" || strings.ContainsAny(tz, " \\") || len(tz) > 64 {
		return false
	}
	_, err := time.LoadLocation(tz)
	return err == nil
}

// UpdateProfile changes the signed-in account's name, time zone, language
// and notification choices.
func (s *Service) UpdateProfile(ctx context.Context, a auth.Actor, p Profile) error {
	fields := map[string]string{}
	name := strings.TrimSpace(p.DisplayName)
	switch {
	case name == "":
		fields["display_name"] = "Please give the name you would like to see."
	case len([]rune(name)) > 120:
		fields["display_name"] = "Please keep the name under 120 characters."
	}
	tz := strings.TrimSpace(p.TimeZone)
	if !ValidTimeZone(tz) {
		fields["time_zone"] = "Please choose a time zone from the list, such as Europe/Athens."
	}
	locale := strings.TrimSpace(p.Locale)
	if locale != "" && !i18n.Supported(locale) {
		fields["locale"] = "Please choose one of the languages in the list."
	}
	if len(fields) > 0 {
		return &ValidationError{Fields: fields}
	}
	set := map[string]any{"display_name": name, "time_zone": tz, "locale": locale, "updated_at": s.now()}
	switch a.Role {
	case auth.RoleClient:
		set["reminders_opt_out"] = p.RemindersOptOut
	case auth.RoleClinician:
		set["digest_opt_in"] = p.DigestOptIn
	}
	return database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		res := tx.Table("users").Where("id = ?", a.UserID).Updates(set)
		if res.Error != nil {
			return fmt.Errorf("update profile: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return ErrNotFound
		}
		return s.audit.RecordTx(ctx, tx, a, audit.ProfileChanged, "user", a.UserID, 0, "")
	})
}

// RequestEmailChange sends a confirmation link to the new address; the
// email changes only when that link is opened. The current password is
// required, so that an unattended session cannot move the account.
func (s *Service) RequestEmailChange(ctx context.Context, a auth.Actor, newEmail, password string) error {
	email, ok := NormalizeEmail(newEmail)
	if !ok {
		return &ValidationError{Fields: map[string]string{"email": "Please enter a valid email address."}}
	}
	u, err := s.Get(ctx, a.UserID)
	if err != nil {
		return err
	}
	if email == strings.ToLower(u.Email) {
		return &ValidationError{Fields: map[string]string{"email": "That is already your email."}}
	}
	if ok, err := s.hasher.Verify(ctx, password, u.PasswordHash); err != nil {
		return fmt.Errorf("verify password: %w", err)
	} else if !ok {
		return &ValidationError{Fields: map[string]string{"email_password": "That is not your current password."}}
	}
	var token string
	err = database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		var err error
		if token, err = s.issueToken(ctx, tx, a.UserID, PurposeEmail, email, a.UserID, EmailValidity); err != nil {
			return err
		}
		return s.audit.RecordTx(ctx, tx, a, audit.EmailChangeRequested, "user", a.UserID, 0, "")
	})
	if err != nil {
		return err
	}
	link := s.mail.BaseURL + "/account/email/" + token
	s.sendLater(LinkMail(s.MailLocalizer(ctx, a.UserID), email, link, "mail.email_change.subject", "mail.email_change.open", "mail.email_change.not_you"))
	return nil
}

// ConfirmEmailChange applies a new email through its link and returns it.
// An address taken meanwhile is ErrEmailTaken.
func (s *Service) ConfirmEmailChange(ctx context.Context, token string) (string, error) {
	var email, old string
	var userID int64
	err := database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		row, err := s.findToken(ctx, tx, token, PurposeEmail, true)
		if err != nil {
			return err
		}
		old, userID = row.Email, row.UserID
		err = tx.Exec(`UPDATE users SET email = ?, updated_at = ? WHERE id = ?`, row.NewEmail, s.now(), row.UserID).Error
		if database.IsUniqueViolation(err) {
			return ErrEmailTaken
		}
		if err != nil {
			return fmt.Errorf("change email: %w", err)
		}
		// A client's roster entry carries the address the clinician knows.
		if err := tx.Exec(`UPDATE clients SET email = ?, updated_at = now() WHERE user_id = ?`, row.NewEmail, row.UserID).Error; err != nil {
			return fmt.Errorf("change client email: %w", err)
		}
		if err := tx.Exec(`UPDATE account_tokens SET used_at = ? WHERE id = ?`, s.now(), row.ID).Error; err != nil {
			return fmt.Errorf("use email token: %w", err)
		}
		email = row.NewEmail
		return s.audit.RecordTx(ctx, tx, auth.Actor{UserID: row.UserID, Role: row.Role}, audit.EmailChanged, "user", row.UserID, 0, "")
	})
	if err == nil {
		// Tell the old address, so a change nobody asked for is noticed.
		l := s.MailLocalizer(ctx, userID)
		s.sendLater(Mail{To: old, Subject: l.T("mail.email_changed.subject"),
			Text: l.T("mail.hello") + "\n\n" + l.T("mail.email_changed.text") + "\n\n" + l.T("mail.automatic") + "\n"})
	}
	return email, err
}

// Language is the language an account's pages, emails and handouts use: its
// own choice, else the practice's. The anonymous actor (id 0) gets the
// practice's.
func (s *Service) Language(ctx context.Context, userID int64) (string, error) {
	var lang string
	err := s.db.WithContext(ctx).Raw(`SELECT COALESCE(NULLIF((SELECT locale FROM users WHERE id = ?), ''),
		(SELECT locale FROM practice_settings WHERE id = 1), 'en')`, userID).Scan(&lang).Error
	if err != nil {
		return i18n.English, fmt.Errorf("viewer language: %w", err)
	}
	return lang, nil
}
