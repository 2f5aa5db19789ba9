package account

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/database"
)

// Token purposes (account_tokens.purpose).
const (
	PurposeReset = "reset" // set a new password: by email, or a clinician's sign-in link
	PurposeEmail = "email" // confirm a new email address
)

// Validity of the one-time links.
const (
	ResetValidity = 30 * time.Minute
	EmailValidity = 24 * time.Hour
)

// ErrTokenInvalid is a link that is unknown, used, replaced by a newer one,
// revoked by a password change, or expired. The page says only that.
var ErrTokenInvalid = errors.New("link is invalid or expired")

// Mail is one plain-text email.
type Mail struct {
	To      string
	Subject string
	Text    string
	// Link is the one link in Text, for the log of a local run without a
	// mail service. Never sent separately.
	Link string
}

// Mailer delivers one email. The app points it at the practice's mail
// service; nil means no mail can be sent.
type Mailer func(ctx context.Context, m Mail) error

func newToken() (string, []byte, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", nil, fmt.Errorf("token: %w", err)
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	return token, hashToken(token), nil
}

func hashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// revokeTokens ends every open token of a purpose for an account: a newer
// one replaces them, and a new password ends open resets.
func revokeTokens(ctx context.Context, tx *gorm.DB, userID int64, purpose string) error {
	err := tx.WithContext(ctx).Exec(`UPDATE account_tokens SET revoked_at = now()
		WHERE user_id = ? AND purpose = ? AND used_at IS NULL AND revoked_at IS NULL`, userID, purpose).Error
	if err != nil {
		return fmt.Errorf("revoke %s tokens: %w", purpose, err)
	}
	return nil
}

// issueToken revokes the account's open tokens of the purpose (a newer link
// replaces an older one) and stores a new one.
func (s *Service) issueToken(ctx context.Context, tx *gorm.DB, userID int64, purpose, newEmail string, by int64, validity time.Duration) (string, error) {
	token, hash, err := newToken()
	if err != nil {
		return "", err
	}
	if err := revokeTokens(ctx, tx, userID, purpose); err != nil {
		return "", err
	}
	var createdBy any
	if by != 0 {
		createdBy = by
	}
	err = tx.WithContext(ctx).Exec(`INSERT INTO account_tokens (user_id, purpose, token_hash, new_email, created_by, expires_at)
		VALUES (?, ?, ?, ?, ?, ?)`, userID, purpose, hash, newEmail, createdBy, s.now().Add(validity)).Error
	if err != nil {
		return "", fmt.Errorf("store %s token: %w", purpose, err)
	}
	return token, nil
}

// openToken is a valid token's row, locked for use in tx.
type openToken struct {
	ID       int64
	UserID   int64
	NewEmail string
	Email    string
	Role     auth.Role
}

func (s *Service) findToken(ctx context.Context, tx *gorm.DB, token, purpose string, lock bool) (openToken, error) {
	q := `SELECT t.id, t.user_id, t.new_email, u.email, u.role FROM account_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.token_hash = ? AND t.purpose = ? AND t.used_at IS NULL AND t.revoked_at IS NULL
		  AND t.expires_at > ? AND u.active`
	if lock {
		q += ` FOR UPDATE OF t`
	}
	var row openToken
	if err := tx.WithContext(ctx).Raw(q, hashToken(token), purpose, s.now()).Scan(&row).Error; err != nil {
		return openToken{}, fmt.Errorf("find %s token: %w", purpose, err)
	}
	if row.ID == 0 {
		return openToken{}, ErrTokenInvalid
	}
	return row, nil
}

// LookupReset returns the email of the account a reset link is for, for the
// set-new-password page (and the password manager's username field).
func (s *Service) LookupReset(ctx context.Context, token string) (string, error) {
	row, err := s.findToken(ctx, s.db, token, PurposeReset, false)
	return row.Email, err
}

// CompleteReset sets a new password through a reset link and uses it up.
// Setting the password ends every session and every other open link of the
// account. It returns the account's id.
func (s *Service) CompleteReset(ctx context.Context, token, password string) (int64, error) {
	var userID int64
	err := database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		row, err := s.findToken(ctx, tx, token, PurposeReset, true)
		if err != nil {
			return err
		}
		if err := tx.Exec(`UPDATE account_tokens SET used_at = ? WHERE id = ?`, s.now(), row.ID).Error; err != nil {
			return fmt.Errorf("use reset token: %w", err)
		}
		who := auth.Actor{UserID: row.UserID, Role: row.Role}
		if err := s.SetPasswordTx(ctx, tx, who, row.UserID, password); err != nil {
			return err
		}
		userID = row.UserID
		return s.audit.RecordTx(ctx, tx, who, audit.PasswordReset, "user", row.UserID, 0, "reset link used")
	})
	return userID, err
}

// NewSignInLinkTx makes a reset link for an account, on behalf of by (a
// clinician for their client without email). The caller checks ownership.
func (s *Service) NewSignInLinkTx(ctx context.Context, tx *gorm.DB, by auth.Actor, userID int64) (string, error) {
	token, err := s.issueToken(ctx, tx, userID, PurposeReset, "", by.UserID, ResetValidity)
	if err != nil {
		return "", err
	}
	return token, s.audit.RecordTx(ctx, tx, by, audit.PasswordResetRequested, "user", userID, 0, "sign-in link made")
}

// AdminResetPassword gives a staff account a one-time password, shown once,
// which must be changed at the next sign-in. Clients' access is their
// clinician's to restore (a sign-in link), not the administrator's.
func (s *Service) AdminResetPassword(ctx context.Context, admin auth.Actor, userID int64) (string, error) {
	if admin.Role != auth.RoleAdmin {
		return "", ErrForbidden
	}
	u, err := s.Get(ctx, userID)
	if err != nil {
		return "", err
	}
	if u.Role == auth.RoleClient {
		return "", &ValidationError{Fields: map[string]string{"password": "A client's clinician makes them a new sign-in link."}}
	}
	if u.ID == admin.UserID {
		return "", &ValidationError{Fields: map[string]string{"password": "Change your own password on your account page."}}
	}
	password := auth.GeneratePassword()
	err = database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		if err := s.SetPasswordTx(ctx, tx, admin, userID, password); err != nil {
			return err
		}
		if err := tx.Exec(`UPDATE users SET must_change_password = true WHERE id = ?`, userID).Error; err != nil {
			return fmt.Errorf("require password change: %w", err)
		}
		return s.audit.RecordTx(ctx, tx, admin, audit.PasswordReset, "user", userID, 0, "one-time password by admin")
	})
	if err != nil {
		return "", err
	}
	return password, nil
}

// ChangePassword sets a new password for the signed-in account, which must
// give its current one. Every other session ends; the returned epoch keeps
// the caller's own session signed in.
func (s *Service) ChangePassword(ctx context.Context, a auth.Actor, current, next string) (int, error) {
	u, err := s.Get(ctx, a.UserID)
	if err != nil {
		return 0, err
	}
	ok, err := s.hasher.Verify(ctx, current, u.PasswordHash)
	if err != nil {
		return 0, fmt.Errorf("verify password: %w", err)
	}
	if !ok {
		return 0, &ValidationError{Fields: map[string]string{"current_password": "That is not your current password."}}
	}
	if current == next {
		return 0, &ValidationError{Fields: map[string]string{"password": "Please choose a password different from the current one."}}
	}
	err = database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		return s.SetPasswordTx(ctx, tx, a, a.UserID, next)
	})
	if err != nil {
		return 0, err
	}
	return s.SessionEpoch(ctx, a.UserID)
}
