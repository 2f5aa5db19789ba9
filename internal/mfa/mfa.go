// Package mfa holds two-step sign-in: an authenticator app (TOTP) per
// account, one-time recovery codes kept only as hashes, and the practice's
// rule that clinicians and administrators must use it.
package mfa

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/base32"
	"errors"
	"fmt"
	"image/png"
	"strconv"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/account"
	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/database"
	"github.com/tend-practice/tend/internal/seal"
)

// TOTP parameters every authenticator app understands: 6 digits, 30-second
// steps, HMAC-SHA1. One step either side is accepted for clock drift.
const (
	period     = 30
	skewSteps  = 1
	secretSize = 20
)

var totpOpts = totp.ValidateOpts{Period: period, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

var (
	ErrNotEnrolled     = errors.New("two-step sign-in is not set up")
	ErrAlreadyEnrolled = errors.New("two-step sign-in is already set up")
	ErrInvalidCode     = errors.New("the code is not right")
	// ErrRequired means the practice requires two-step sign-in for this
	// account, so it cannot be turned off.
	ErrRequired = errors.New("two-step sign-in is required by the practice")
	// ErrNotAllowed means the role does not use two-step sign-in (clients),
	// or the action is an administrator's.
	ErrNotAllowed = errors.New("not allowed")
	ErrNotFound   = errors.New("account not found")
	// ErrNoKeys means the service was built without data keys: it refuses
	// to store or read authenticator secrets rather than keep them in the clear.
	ErrNoKeys = errors.New("mfa: no data keys configured")
)

// AppliesTo reports whether a role uses two-step sign-in: the people who see
// clients' reflections or run the practice.
func AppliesTo(role auth.Role) bool { return role == auth.RoleAdmin || role == auth.RoleClinician }

// Step is what must happen after a correct password.
type Step int

const (
	StepNone   Step = iota // sign in now
	StepVerify             // ask for a code
	StepEnrol              // the practice requires it and the account has none: set it up first
)

// Service is two-step sign-in's rules and storage.
type Service struct {
	db       *gorm.DB
	accounts *account.Service
	audit    *audit.Log
	issuer   string
	now      func() time.Time
	keys     *seal.Keyring
}

// NewService wires the service. issuer is the name authenticator apps show
// beside the account (the practice's name).
func NewService(db *gorm.DB, accounts *account.Service, log *audit.Log, issuer string, opts ...Option) *Service {
	if strings.TrimSpace(issuer) == "" {
		issuer = "Tend"
	}
	s := &Service{db: db, accounts: accounts, audit: log, issuer: issuer, now: time.Now}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Option configures the service at construction.
type Option func(*Service)

// WithClock gives the service the process's one clock.
func WithClock(now func() time.Time) Option {
	return func(s *Service) {
		if now != nil {
			s.now = now
		}
	}
}

// WithKeys gives the service the keys that seal authenticator secrets (the
// same ring as reflections).
func WithKeys(k *seal.Keyring) Option { return func(s *Service) { s.keys = k } }

type factor struct {
	UserID         int64
	Secret         string // opened from secret_sealed, or a row not sealed yet
	SecretSealed   []byte
	ConfirmedAt    *time.Time
	ConfirmedFrom  string
	LastStep       int64
	FailedAttempts int
}

// factorRecord names a secret's row for sealing: a sealed secret copied
// onto another account does not open.
func factorRecord(userID int64) string { return "mfa_factors:" + strconv.FormatInt(userID, 10) }

// factor returns the account's authenticator, confirmed or not; UserID is 0
// when there is none.
func (s *Service) factor(ctx context.Context, userID int64) (factor, error) {
	var f factor
	err := s.db.WithContext(ctx).Raw(`SELECT user_id, secret, secret_sealed, confirmed_at, confirmed_from, last_step, failed_attempts
		FROM mfa_factors WHERE user_id = ?`, userID).Scan(&f).Error
	if err != nil {
		return factor{}, fmt.Errorf("get mfa factor: %w", err)
	}
	if f.SecretSealed != nil {
		if s.keys == nil {
			return factor{}, ErrNoKeys
		}
		plain, err := s.keys.Open(f.SecretSealed, factorRecord(userID))
		if err != nil {
			return factor{}, fmt.Errorf("open mfa secret of user %d: %w", userID, err)
		}
		f.Secret = string(plain)
	}
	return f, nil
}

// Required reports whether the practice requires two-step sign-in for
// clinicians and administrators.
func (s *Service) Required(ctx context.Context) (bool, error) {
	var required bool
	if err := s.db.WithContext(ctx).Raw(`SELECT required FROM mfa_settings`).Scan(&required).Error; err != nil {
		return false, fmt.Errorf("mfa setting: %w", err)
	}
	return required, nil
}

// Next says what follows a correct password for this account.
func (s *Service) Next(ctx context.Context, userID int64, role auth.Role) (Step, error) {
	if !AppliesTo(role) {
		return StepNone, nil
	}
	f, err := s.factor(ctx, userID)
	if err != nil {
		return StepNone, err
	}
	if f.ConfirmedAt != nil {
		return StepVerify, nil
	}
	required, err := s.Required(ctx)
	if err != nil {
		return StepNone, err
	}
	if required {
		return StepEnrol, nil
	}
	return StepNone, nil
}

// Status is one account's two-step sign-in, for its own settings page.
type Status struct {
	Enrolled          bool
	ConfirmedAt       *time.Time
	ConfirmedFrom     string // the address it was set up from
	RecoveryCodesLeft int
	Required          bool // by the practice, for this account
}

// Status returns the actor's own two-step sign-in.
func (s *Service) Status(ctx context.Context, actor auth.Actor) (Status, error) {
	if !AppliesTo(actor.Role) {
		return Status{}, ErrNotAllowed
	}
	f, err := s.factor(ctx, actor.UserID)
	if err != nil {
		return Status{}, err
	}
	st := Status{Enrolled: f.ConfirmedAt != nil, ConfirmedAt: f.ConfirmedAt, ConfirmedFrom: f.ConfirmedFrom}
	if st.Required, err = s.Required(ctx); err != nil {
		return Status{}, err
	}
	if st.Enrolled {
		if st.RecoveryCodesLeft, err = s.codesLeft(ctx, s.db, actor.UserID); err != nil {
			return Status{}, err
		}
	}
	return st, nil
}

// Enrolment is a new authenticator secret waiting for its first code.
type Enrolment struct {
	Secret string // base32, for typing into an app by hand
	URI    string // otpauth:// URI, what the QR code holds
	QRPNG  []byte // the URI as a QR code
}

// Begin starts (or resumes) setting up an authenticator for the actor.
// pending is the secret this same attempt was shown before (the caller
// keeps it in the person's own session), or "" to start one. Each attempt
// gets its own secret, stored nowhere until confirmed: another session that
// passed the password step is shown a different one, so knowing the
// password before enrolment does not yield the second factor. Reloading the
// page keeps the secret the person may already have scanned.
func (s *Service) Begin(ctx context.Context, actor auth.Actor, pending string) (Enrolment, error) {
	if !AppliesTo(actor.Role) {
		return Enrolment{}, ErrNotAllowed
	}
	f, err := s.factor(ctx, actor.UserID)
	if err != nil {
		return Enrolment{}, err
	}
	if f.ConfirmedAt != nil {
		return Enrolment{}, ErrAlreadyEnrolled
	}
	if validSecret(pending) {
		return s.enrolment(actor.Email, pending)
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: s.issuer, AccountName: actor.Email, Period: period,
		SecretSize: secretSize, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		return Enrolment{}, fmt.Errorf("new totp secret: %w", err)
	}
	return s.enrolment(actor.Email, key.Secret())
}

// validSecret reports whether secret is one Begin could have made: base32
// of secretSize bytes.
func validSecret(secret string) bool {
	raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(secret)
	return err == nil && len(raw) == secretSize
}

func (s *Service) enrolment(email, secret string) (Enrolment, error) {
	raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(secret)
	if err != nil {
		return Enrolment{}, fmt.Errorf("decode totp secret: %w", err)
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: s.issuer, AccountName: email, Period: period,
		Secret: raw, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		return Enrolment{}, fmt.Errorf("totp key: %w", err)
	}
	img, err := key.Image(240, 240)
	if err != nil {
		return Enrolment{}, fmt.Errorf("qr code: %w", err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return Enrolment{}, fmt.Errorf("qr code png: %w", err)
	}
	return Enrolment{Secret: key.Secret(), URI: key.URL(), QRPNG: buf.Bytes()}, nil
}

// Confirm finishes setting up the authenticator whose secret this attempt
// was shown (Begin), with a code from it, and returns fresh recovery codes,
// to show once. Only now is the secret stored, sealed.
func (s *Service) Confirm(ctx context.Context, actor auth.Actor, secret, code string) ([]string, error) {
	if !AppliesTo(actor.Role) {
		return nil, ErrNotAllowed
	}
	f, err := s.factor(ctx, actor.UserID)
	if err != nil {
		return nil, err
	}
	switch {
	case f.ConfirmedAt != nil:
		return nil, ErrAlreadyEnrolled
	case !validSecret(secret):
		return nil, ErrNotEnrolled
	}
	step, ok := s.match(factor{Secret: secret}, code)
	if !ok {
		return nil, ErrInvalidCode
	}
	sealed, err := s.sealSecret(actor.UserID, secret)
	if err != nil {
		return nil, err
	}
	codes := newRecoveryCodes()
	err = database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		// A row left unconfirmed (by an older binary) is replaced; a
		// confirmed one, set up meanwhile in another session, wins.
		res := tx.Exec(`INSERT INTO mfa_factors (user_id, secret, secret_sealed, confirmed_at, confirmed_from, last_step)
			VALUES (?, '', ?, now(), ?, ?)
			ON CONFLICT (user_id) DO UPDATE SET secret = '', secret_sealed = EXCLUDED.secret_sealed,
				confirmed_at = now(), confirmed_from = EXCLUDED.confirmed_from, last_step = EXCLUDED.last_step, failed_attempts = 0
			WHERE mfa_factors.confirmed_at IS NULL`, actor.UserID, sealed, audit.IP(ctx), step)
		if res.Error != nil {
			return fmt.Errorf("confirm mfa: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return ErrAlreadyEnrolled
		}
		if err := replaceCodes(tx, actor.UserID, codes); err != nil {
			return err
		}
		return s.audit.RecordTx(ctx, tx, actor, audit.MFAEnabled, "user", actor.UserID, 0, "")
	})
	if err != nil {
		return nil, err
	}
	return codes, nil
}

func (s *Service) sealSecret(userID int64, secret string) ([]byte, error) {
	if s.keys == nil {
		return nil, ErrNoKeys
	}
	return s.keys.Seal([]byte(secret), factorRecord(userID))
}

// Result says how the second step was passed.
type Result struct {
	RecoveryCode      bool // a recovery code was used up
	RecoveryCodesLeft int
}

// Verify checks the second step of signing in: a code from the
// authenticator, or an unused recovery code. Wrong codes count toward the
// same lockout as wrong passwords (account.ErrLocked once reached); a locked
// or deactivated account is refused whatever the code.
func (s *Service) Verify(ctx context.Context, actor auth.Actor, code string) (Result, error) {
	u, err := s.accounts.Get(ctx, actor.UserID)
	if errors.Is(err, account.ErrNotFound) {
		return Result{}, ErrNotFound
	}
	if err != nil {
		return Result{}, err
	}
	if !u.Active {
		return Result{}, ErrNotFound
	}
	if u.LockedUntil != nil && u.LockedUntil.After(s.now()) {
		return Result{}, account.ErrLocked
	}
	f, err := s.factor(ctx, actor.UserID)
	if err != nil {
		return Result{}, err
	}
	if f.ConfirmedAt == nil {
		return Result{}, ErrNotEnrolled
	}
	var res Result
	var ok bool
	if isTOTP(code) {
		ok, err = s.useTOTP(ctx, f, code)
	} else {
		ok, res.RecoveryCodesLeft, err = s.useRecoveryCode(ctx, actor.UserID, code)
		res.RecoveryCode = ok
	}
	if err != nil {
		return Result{}, err
	}
	if !ok {
		return Result{}, s.failed(ctx, actor.UserID)
	}
	if err := s.db.WithContext(ctx).Exec(`UPDATE mfa_factors SET failed_attempts = 0 WHERE user_id = ?`, actor.UserID).Error; err != nil {
		return Result{}, fmt.Errorf("reset mfa failures: %w", err)
	}
	if res.RecoveryCode {
		s.audit.Record(ctx, actor, audit.MFARecoveryUsed, "user", actor.UserID, 0, fmt.Sprintf("%d left", res.RecoveryCodesLeft))
	} else {
		s.audit.Record(ctx, actor, audit.MFAVerified, "user", actor.UserID, 0, "")
	}
	return res, nil
}

// failed counts a wrong code and locks the account once there are too many
// in a row. The count is kept apart from the password's, which a correct
// password resets: otherwise each correct password would buy fresh guesses.
func (s *Service) failed(ctx context.Context, userID int64) error {
	var n int
	err := s.db.WithContext(ctx).Raw(`UPDATE mfa_factors SET failed_attempts = failed_attempts + 1
		WHERE user_id = ? RETURNING failed_attempts`, userID).Scan(&n).Error
	if err != nil {
		return fmt.Errorf("count mfa failure: %w", err)
	}
	s.audit.Record(ctx, auth.Actor{}, audit.MFAFailed, "user", userID, 0, "")
	if n < account.MaxFailedAttempts {
		return ErrInvalidCode
	}
	if err := s.db.WithContext(ctx).Exec(`UPDATE mfa_factors SET failed_attempts = 0 WHERE user_id = ?`, userID).Error; err != nil {
		return fmt.Errorf("reset mfa failures: %w", err)
	}
	if err := s.accounts.Lock(ctx, userID, "wrong sign-in codes"); err != nil {
		return err
	}
	return account.ErrLocked
}

// isTOTP reports whether code looks like an authenticator code (six digits,
// spaces allowed) rather than a recovery code.
func isTOTP(code string) bool {
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	if len(code) != 6 {
		return false
	}
	for _, r := range code {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// match finds the time step, near now and newer than any used before, whose
// code is the one given.
func (s *Service) match(f factor, code string) (int64, bool) {
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	if !isTOTP(code) {
		return 0, false
	}
	now := s.now().Unix() / period
	found, step := 0, int64(0)
	for st := now - skewSteps; st <= now+skewSteps; st++ {
		want, err := totp.GenerateCodeCustom(f.Secret, time.Unix(st*period, 0), totpOpts)
		if err != nil {
			return 0, false
		}
		// Compare every candidate, so timing does not say which matched.
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 && st > f.LastStep {
			found, step = 1, st
		}
	}
	return step, found == 1
}

// useTOTP checks a code and claims its time step, so the same code cannot
// be used twice, even by two requests at once.
func (s *Service) useTOTP(ctx context.Context, f factor, code string) (bool, error) {
	step, ok := s.match(f, code)
	if !ok {
		return false, nil
	}
	res := s.db.WithContext(ctx).Exec(`UPDATE mfa_factors SET last_step = ? WHERE user_id = ? AND last_step < ?`,
		step, f.UserID, step)
	if res.Error != nil {
		return false, fmt.Errorf("claim totp step: %w", res.Error)
	}
	return res.RowsAffected == 1, nil
}

// RenewRecoveryCodes replaces every recovery code with ten new ones, shown
// once. It needs a current code from the authenticator.
func (s *Service) RenewRecoveryCodes(ctx context.Context, actor auth.Actor, code string) ([]string, error) {
	if err := s.checkOwnCode(ctx, actor, code); err != nil {
		return nil, err
	}
	codes := newRecoveryCodes()
	err := database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		if err := replaceCodes(tx, actor.UserID, codes); err != nil {
			return err
		}
		return s.audit.RecordTx(ctx, tx, actor, audit.MFARecoveryNew, "user", actor.UserID, 0, "")
	})
	if err != nil {
		return nil, err
	}
	return codes, nil
}

// Disable turns two-step sign-in off for the actor's own account, with a
// current code. Not while the practice requires it.
func (s *Service) Disable(ctx context.Context, actor auth.Actor, code string) error {
	required, err := s.Required(ctx)
	if err != nil {
		return err
	}
	if required {
		return ErrRequired
	}
	if err := s.checkOwnCode(ctx, actor, code); err != nil {
		return err
	}
	return s.remove(ctx, actor, actor.UserID, "")
}

// checkOwnCode verifies a signed-in person's authenticator code before a
// change to their own two-step sign-in. Wrong codes count toward lockout.
func (s *Service) checkOwnCode(ctx context.Context, actor auth.Actor, code string) error {
	if !AppliesTo(actor.Role) {
		return ErrNotAllowed
	}
	f, err := s.factor(ctx, actor.UserID)
	if err != nil {
		return err
	}
	if f.ConfirmedAt == nil {
		return ErrNotEnrolled
	}
	ok, err := s.useTOTP(ctx, f, code)
	if err != nil {
		return err
	}
	if !ok {
		return s.failed(ctx, actor.UserID)
	}
	return nil
}

func (s *Service) remove(ctx context.Context, actor auth.Actor, userID int64, detail string) error {
	return database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		res := tx.Exec(`DELETE FROM mfa_factors WHERE user_id = ?`, userID)
		if res.Error != nil {
			return fmt.Errorf("remove mfa factor: %w", res.Error)
		}
		if err := tx.Exec(`DELETE FROM mfa_recovery_codes WHERE user_id = ?`, userID).Error; err != nil {
			return fmt.Errorf("remove recovery codes: %w", err)
		}
		if res.RowsAffected == 0 {
			return ErrNotEnrolled
		}
		return s.audit.RecordTx(ctx, tx, actor, audit.MFADisabled, "user", userID, 0, detail)
	})
}
