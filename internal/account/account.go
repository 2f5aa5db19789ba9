// Package account holds the practice's user accounts: creating them, signing
// in with lockout, activating and deactivating.
package account

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/database"
	"github.com/tend-practice/tend/internal/fielderr"
	"github.com/tend-practice/tend/internal/ratelimit"
)

// Lockout policy from the design: five failures lock an account for 15 minutes.
const (
	MaxFailedAttempts = 5
	LockoutDuration   = 15 * time.Minute
)

var (
	ErrNotFound           = errors.New("account not found")
	ErrInvalidCredentials = errors.New("email or password is incorrect")
	ErrLocked             = errors.New("account locked")
	ErrEmailTaken         = errors.New("email already in use")
	ErrForbidden          = errors.New("not allowed")
)

// ValidationError carries person-facing messages per form field.
type ValidationError struct{ Fields map[string]string }

func (e *ValidationError) Error() string { return fmt.Sprintf("invalid account fields: %v", e.Fields) }

// User is an account.
type User struct {
	ID             int64
	Email          string
	DisplayName    string
	Role           auth.Role
	PasswordHash   string
	Active         bool
	FailedAttempts int
	LockedUntil    *time.Time
	LastSignInAt   *time.Time
	TimeZone       string
	Locale         string // "" (the practice's language), "en", "es" or "el"
	// RemindersOptOut is a client's "no reminder emails"; DigestOptIn a
	// clinician's "send me the daily digest".
	RemindersOptOut    bool
	DigestOptIn        bool
	SessionEpoch       int
	MustChangePassword bool
	CreatedAt          time.Time
	UpdatedAt          time.Time
}

// Service is the account rules.
type Service struct {
	db     *gorm.DB
	hasher *auth.Hasher
	audit  *audit.Log
	now    func() time.Time

	mail    MailOptions
	sending sync.WaitGroup
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

// NewService wires the account service.
func NewService(db *gorm.DB, hasher *auth.Hasher, log *audit.Log, opts ...Option) *Service {
	s := &Service{db: db, hasher: hasher, audit: log, now: time.Now}
	for _, o := range opts {
		o(s)
	}
	return s
}

// NewUser is the input for Create.
type NewUser struct {
	Email       string
	DisplayName string
	Role        auth.Role
	Password    string
}

// NormalizeEmail trims and lower-cases an address and checks its form.
func NormalizeEmail(email string) (string, bool) {
	email = strings.ToLower(strings.TrimSpace(email))
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email || len(email) > 254 {
		return email, false
	}
	return email, true
}

// Create adds an account. actor is who creates it (zero for the CLI and seeding).
func (s *Service) Create(ctx context.Context, actor auth.Actor, in NewUser) (User, error) {
	return s.create(ctx, s.db, actor, in)
}

// CreateTx is Create inside the caller's transaction.
func (s *Service) CreateTx(ctx context.Context, tx *gorm.DB, actor auth.Actor, in NewUser) (User, error) {
	return s.create(ctx, tx, actor, in)
}

func (s *Service) create(ctx context.Context, tx *gorm.DB, actor auth.Actor, in NewUser) (User, error) {
	fields := map[string]string{}
	email, ok := NormalizeEmail(in.Email)
	if !ok {
		fields["email"] = "Please enter a valid email address."
	}
	if !in.Role.Valid() {
		fields["role"] = "Please choose a role."
	}
	name := strings.TrimSpace(in.DisplayName)
	if len([]rune(name)) > 120 {
		fields["display_name"] = "Please keep the name under 120 characters."
	}
	if err := auth.CheckPolicy(in.Password); err != nil {
		fields["password"] = auth.PolicyMessage(err)
	}
	if len(fields) > 0 {
		return User{}, &ValidationError{Fields: fields}
	}
	hash, err := s.hasher.Hash(ctx, in.Password)
	if err != nil {
		return User{}, fmt.Errorf("hash password: %w", err)
	}
	u := User{Email: email, DisplayName: name, Role: in.Role, PasswordHash: hash, Active: true}
	err = tx.WithContext(ctx).Table("users").
		Select("Email", "DisplayName", "Role", "PasswordHash", "Active").Create(&u).Error
	if database.IsUniqueViolation(err) {
		return User{}, ErrEmailTaken
	}
	if err != nil {
		return User{}, fmt.Errorf("create user: %w", err)
	}
	if err := s.audit.RecordTx(ctx, tx, actor, audit.AccountCreated, "user", u.ID, 0, string(u.Role)); err != nil {
		return User{}, err
	}
	return u, nil
}

// Failed sign-ins from one address are recorded one by one up to
// auditFailuresInFull per LockoutDuration; beyond that the trail gets a
// summary row at the first one over and at every auditSummaryEvery-th, so
// that a flood cannot fill the append-only table.
const (
	auditFailuresInFull = 10
	auditSummaryEvery   = 100
)

// Authenticate checks an email and password, applying the lockout policy.
// Every failure, whatever its cause, is ErrInvalidCredentials or ErrLocked,
// so the page cannot tell which part was wrong.
//
// Failures are counted per (email, source address), whether or not the
// email has an account: five from one address pause sign-in for that email
// from that address only (ErrLocked), for LockoutDuration from the fifth,
// and further tries do not extend it. A stranger therefore cannot lock the
// real person out, and a known and an unknown email get the same answers
// after the same work: one account lookup, one lock lookup, one argon2
// verification and the same writes.
func (s *Service) Authenticate(ctx context.Context, email, password string) (User, error) {
	email, _ = NormalizeEmail(email)
	now := s.now()
	var u User
	err := s.db.WithContext(ctx).Table("users").Where("lower(email) = ?", email).Take(&u).Error
	found := err == nil
	if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
		return User{}, fmt.Errorf("find user: %w", err)
	}
	key := lockKey(email, audit.IPFrom(ctx))
	paused, err := s.paused(ctx, key, now)
	if err != nil {
		return User{}, err
	}
	// An unknown email is verified against the hasher's dummy hash (same
	// parameters as real ones), so it costs exactly the work of a known one.
	hash := s.hasher.Dummy()
	if found {
		hash = u.PasswordHash
	}
	ok, err := s.hasher.Verify(ctx, password, hash)
	if err != nil {
		return User{}, fmt.Errorf("verify password: %w", err)
	}
	switch {
	case paused:
		s.recordFailedSignIn(ctx, u.ID, now, "paused after too many attempts")
		return User{}, ErrLocked
	case !found || !ok || !u.Active:
		detail := "wrong password"
		switch {
		case !found:
			detail = "unknown email"
		case !u.Active:
			detail = "inactive account"
		}
		return User{}, s.recordFailure(ctx, key, u.ID, now, detail)
	case u.LockedUntil != nil && u.LockedUntil.After(now):
		// Locked by wrong second-step codes, which only someone who knows
		// the password can cause: only a correct password learns of it.
		s.recordFailedSignIn(ctx, u.ID, now, "locked")
		return User{}, ErrLocked
	}
	if err := s.db.WithContext(ctx).Exec(`DELETE FROM sign_in_locks WHERE key = ?`, key).Error; err != nil {
		return User{}, fmt.Errorf("reset failed sign-ins: %w", err)
	}
	err = s.db.WithContext(ctx).Table("users").Where("id = ?", u.ID).
		Updates(map[string]any{"failed_attempts": 0, "last_sign_in_at": now}).Error
	if err != nil {
		return User{}, fmt.Errorf("record sign-in: %w", err)
	}
	s.audit.Record(ctx, auth.Actor{UserID: u.ID, Role: u.Role}, audit.SignIn, "user", u.ID, 0, "")
	return u, nil
}

// lockKey names the failure counter of an email from a source address (an
// IPv6 address by its /64). It holds a hash of the email, not the email.
func lockKey(email, ip string) string {
	sum := sha256.Sum256([]byte(email))
	return "email:" + hex.EncodeToString(sum[:16]) + "|" + ratelimit.Source(ip)
}

// paused reports whether sign-in for key is paused at now.
func (s *Service) paused(ctx context.Context, key string, now time.Time) (bool, error) {
	var n int64
	err := s.db.WithContext(ctx).Raw(`SELECT count(*) FROM sign_in_locks WHERE key = ? AND locked_until > ?`, key, now).
		Scan(&n).Error
	if err != nil {
		return false, fmt.Errorf("read sign-in lock: %w", err)
	}
	return n > 0, nil
}

// countFailure adds a failure to key's window (LockoutDuration long, or
// until its lock ends) and returns the count in the window.
func (s *Service) countFailure(ctx context.Context, key string, now time.Time) (int, error) {
	var n int
	err := s.db.WithContext(ctx).Raw(`
		INSERT INTO sign_in_locks (key, failures, window_start) VALUES (@key, 1, @now)
		ON CONFLICT (key) DO UPDATE SET
			failures = CASE WHEN sign_in_locks.window_start <= @since OR sign_in_locks.locked_until <= @now
				THEN 1 ELSE sign_in_locks.failures + 1 END,
			locked_until = CASE WHEN sign_in_locks.window_start <= @since OR sign_in_locks.locked_until <= @now
				THEN NULL ELSE sign_in_locks.locked_until END,
			window_start = CASE WHEN sign_in_locks.window_start <= @since OR sign_in_locks.locked_until <= @now
				THEN @now ELSE sign_in_locks.window_start END
		RETURNING failures`,
		sql.Named("key", key), sql.Named("now", now), sql.Named("since", now.Add(-LockoutDuration))).Scan(&n).Error
	if err != nil {
		return 0, fmt.Errorf("count failed sign-in: %w", err)
	}
	return n, nil
}

func (s *Service) recordFailure(ctx context.Context, key string, userID int64, now time.Time, detail string) error {
	// Count in the database, not from a row we read, so that parallel
	// attempts cannot slip past the limit.
	n, err := s.countFailure(ctx, key, now)
	if err != nil {
		return err
	}
	s.recordFailedSignIn(ctx, userID, now, detail)
	if n != MaxFailedAttempts {
		if n > MaxFailedAttempts { // only while a lock is being set by a parallel attempt
			return ErrLocked
		}
		return ErrInvalidCredentials
	}
	err = s.db.WithContext(ctx).Exec(`UPDATE sign_in_locks SET locked_until = ? WHERE key = ?`, now.Add(LockoutDuration), key).Error
	if err != nil {
		return fmt.Errorf("pause sign-in: %w", err)
	}
	s.audit.Record(ctx, auth.Actor{}, audit.Lockout, "user", userID, 0, "")
	return ErrLocked
}

// recordFailedSignIn writes a failed sign-in to the audit trail, or past
// auditFailuresInFull from this address in the window, counts it and
// writes a summary now and then.
func (s *Service) recordFailedSignIn(ctx context.Context, userID int64, now time.Time, detail string) {
	n, err := s.countFailure(ctx, "source:"+ratelimit.Source(audit.IPFrom(ctx)), now)
	switch {
	case err != nil || n <= auditFailuresInFull:
		s.audit.Record(ctx, auth.Actor{}, audit.SignInFailed, "user", userID, 0, detail)
	case n == auditFailuresInFull+1 || n%auditSummaryEvery == 0:
		s.audit.Record(ctx, auth.Actor{}, audit.SignInFailed, "user", 0, 0, fmt.Sprintf(
			"%d failed sign-ins from this address within %v; beyond %d they are counted, not recorded one by one",
			n, LockoutDuration, auditFailuresInFull))
	}
}

// Purge deletes failure counters whose window and lock are over, and
// returns how many.
func (s *Service) Purge(ctx context.Context) (int64, error) {
	now := s.now()
	res := s.db.WithContext(ctx).Exec(`DELETE FROM sign_in_locks WHERE window_start <= ? AND (locked_until IS NULL OR locked_until <= ?)`,
		now.Add(-LockoutDuration), now)
	if res.Error != nil {
		return 0, fmt.Errorf("purge sign-in counters: %w", res.Error)
	}
	return res.RowsAffected, nil
}

// Get returns an active account by id, for loading the session's actor.
func (s *Service) Get(ctx context.Context, id int64) (User, error) {
	var u User
	err := s.db.WithContext(ctx).Table("users").Where("id = ?", id).Take(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return User{}, ErrNotFound
	}
	if err != nil {
		return User{}, fmt.Errorf("get user: %w", err)
	}
	return u, nil
}

// Actor loads the Actor for an active account. An inactive or missing
// account yields ErrNotFound, which signs the session out.
func (s *Service) Actor(ctx context.Context, id int64) (auth.Actor, error) {
	a, _, err := s.actor(ctx, id)
	return a, err
}

// SessionActor is Actor for a session signed in at epoch: a session from
// before the account's sessions were ended (a reset, a new password) yields
// ErrNotFound too.
func (s *Service) SessionActor(ctx context.Context, id int64, epoch int) (auth.Actor, error) {
	a, current, err := s.actor(ctx, id)
	if err != nil {
		return auth.Actor{}, err
	}
	if epoch != current {
		return auth.Actor{}, ErrNotFound
	}
	return a, nil
}

// SessionEpoch is the epoch a new session of the account records.
func (s *Service) SessionEpoch(ctx context.Context, id int64) (int, error) {
	var epoch int
	err := s.db.WithContext(ctx).Raw(`SELECT session_epoch FROM users WHERE id = ?`, id).Scan(&epoch).Error
	if err != nil {
		return 0, fmt.Errorf("session epoch: %w", err)
	}
	return epoch, nil
}

func (s *Service) actor(ctx context.Context, id int64) (auth.Actor, int, error) {
	var row struct {
		ID                 int64
		Role               auth.Role
		Email              string
		DisplayName        string
		Active             bool
		SessionEpoch       int
		MustChangePassword bool
		ClientID           *int64
		Language           string
		OwnZone            string
		PracticeZone       string
	}
	// The language and time zone come with the account (issue 21: one
	// round trip where a page used to make three); the rules are those of
	// Language and assignment.ViewerZone.
	err := s.db.WithContext(ctx).Raw(`SELECT u.id, u.role, u.email, u.display_name, u.active, u.session_epoch,
		u.must_change_password, c.id AS client_id,
		COALESCE(NULLIF(u.locale, ''), p.locale, 'en') AS language,
		COALESCE(u.time_zone, '') AS own_zone, COALESCE(p.time_zone, '') AS practice_zone
		FROM users u LEFT JOIN clients c ON c.user_id = u.id LEFT JOIN practice_settings p ON p.id = 1
		WHERE u.id = ?`, id).Scan(&row).Error
	if err != nil {
		return auth.Actor{}, 0, fmt.Errorf("load actor: %w", err)
	}
	if row.ID == 0 || !row.Active {
		return auth.Actor{}, 0, ErrNotFound
	}
	a := auth.Actor{UserID: row.ID, Role: row.Role, Email: row.Email, DisplayName: row.DisplayName,
		MustChangePassword: row.MustChangePassword, Language: row.Language, Zone: time.UTC}
	for _, n := range []string{row.OwnZone, row.PracticeZone} {
		if n == "" {
			continue
		}
		if loc, err := time.LoadLocation(n); err == nil {
			a.Zone = loc
			break
		}
	}
	if row.ClientID != nil {
		a.ClientID = *row.ClientID
	}
	return a, row.SessionEpoch, nil
}

// List returns every account, for administrators.
func (s *Service) List(ctx context.Context, actor auth.Actor) ([]User, error) {
	if actor.Role != auth.RoleAdmin {
		return nil, ErrForbidden
	}
	var out []User
	if err := s.db.WithContext(ctx).Table("users").Order("role, lower(email)").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	return out, nil
}

// SetActive activates or deactivates an account and ends its sessions'
// effect (the session loader rejects inactive accounts).
func (s *Service) SetActive(ctx context.Context, actor auth.Actor, id int64, active bool) error {
	if actor.Role != auth.RoleAdmin {
		return ErrForbidden
	}
	if id == actor.UserID && !active {
		return &ValidationError{Fields: map[string]string{"active": "You cannot deactivate your own account."}}
	}
	return database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		res := tx.Table("users").Where("id = ?", id).
			Updates(map[string]any{"active": active, "failed_attempts": 0, "locked_until": nil, "updated_at": s.now()})
		if res.Error != nil {
			return fmt.Errorf("set active: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return ErrNotFound
		}
		detail := "deactivated"
		if active {
			detail = "reactivated"
		}
		return s.audit.RecordTx(ctx, tx, actor, audit.AccountChanged, "user", id, 0, detail)
	})
}

// SetPassword replaces an account's password (invites, resets, the CLI).
func (s *Service) SetPasswordTx(ctx context.Context, tx *gorm.DB, actor auth.Actor, id int64, password string) error {
	if err := auth.CheckPolicy(password); err != nil {
		return &ValidationError{Fields: map[string]string{"password": auth.PolicyMessage(err)}}
	}
	hash, err := s.hasher.Hash(ctx, password)
	if err != nil {
		return fmt.Errorf("hash password: %w", err)
	}
	// A new password ends every session of the account (the session loader
	// compares epochs) and every reset link still open.
	res := tx.WithContext(ctx).Table("users").Where("id = ?", id).
		Updates(map[string]any{"password_hash": hash, "failed_attempts": 0, "locked_until": nil, "updated_at": s.now(),
			"session_epoch": gorm.Expr("session_epoch + 1"), "must_change_password": false})
	if res.Error != nil {
		return fmt.Errorf("set password: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return ErrNotFound
	}
	if err := revokeTokens(ctx, tx, id, PurposeReset); err != nil {
		return err
	}
	return s.audit.RecordTx(ctx, tx, actor, audit.AccountChanged, "user", id, 0, "password set")
}

// Lock refuses sign-in to an account for LockoutDuration. The second sign-in
// step uses it, so that wrong codes lock an account as wrong passwords do.
func (s *Service) Lock(ctx context.Context, id int64, detail string) error {
	res := s.db.WithContext(ctx).Table("users").Where("id = ?", id).
		Updates(map[string]any{"failed_attempts": 0, "locked_until": s.now().Add(LockoutDuration)})
	if res.Error != nil {
		return fmt.Errorf("lock account: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return ErrNotFound
	}
	s.audit.Record(ctx, auth.Actor{}, audit.Lockout, "user", id, 0, detail)
	return nil
}

// FieldErrors returns the message per field: ValidationError is a
// fielderr.Error, which the web layer answers with 422.
func (e *ValidationError) FieldErrors() map[string]string { return e.Fields }

var _ fielderr.Error = (*ValidationError)(nil)
