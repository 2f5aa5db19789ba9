// Package account holds the practice's user accounts: creating them, signing
// in with lockout, activating and deactivating.
package account

import (
	"context"
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

// NewService wires the account service.
func NewService(db *gorm.DB, hasher *auth.Hasher, log *audit.Log) *Service {
	return &Service{db: db, hasher: hasher, audit: log, now: time.Now}
}

// SetClock replaces the clock (tests).
func (s *Service) SetClock(now func() time.Time) { s.now = now }

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

// Authenticate checks an email and password, applying the lockout policy.
// Every failure, whatever its cause, is ErrInvalidCredentials or ErrLocked,
// so the page cannot tell which part was wrong.
func (s *Service) Authenticate(ctx context.Context, email, password string) (User, error) {
	email, _ = NormalizeEmail(email)
	var u User
	err := s.db.WithContext(ctx).Table("users").Where("lower(email) = ?", email).Take(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		_, _ = s.hasher.Verify(ctx, password, "") // same cost as a real check
		s.audit.Record(ctx, auth.Actor{}, audit.SignInFailed, "user", 0, 0, "unknown email")
		return User{}, ErrInvalidCredentials
	}
	if err != nil {
		return User{}, fmt.Errorf("find user: %w", err)
	}
	now := s.now()
	if u.LockedUntil != nil && u.LockedUntil.After(now) {
		s.audit.Record(ctx, auth.Actor{}, audit.SignInFailed, "user", u.ID, 0, "locked")
		return User{}, ErrLocked
	}
	ok, err := s.hasher.Verify(ctx, password, u.PasswordHash)
	if err != nil {
		return User{}, fmt.Errorf("verify password: %w", err)
	}
	if !ok || !u.Active {
		return User{}, s.recordFailure(ctx, u, now)
	}
	err = s.db.WithContext(ctx).Table("users").Where("id = ?", u.ID).
		Updates(map[string]any{"failed_attempts": 0, "locked_until": nil, "last_sign_in_at": now}).Error
	if err != nil {
		return User{}, fmt.Errorf("record sign-in: %w", err)
	}
	s.audit.Record(ctx, auth.Actor{UserID: u.ID, Role: u.Role}, audit.SignIn, "user", u.ID, 0, "")
	return u, nil
}

func (s *Service) recordFailure(ctx context.Context, u User, now time.Time) error {
	// Count in the database, not from the row we read, so that parallel
	// attempts cannot slip past the limit.
	var row struct {
		FailedAttempts int
	}
	err := s.db.WithContext(ctx).Raw(`UPDATE users SET failed_attempts = failed_attempts + 1
		WHERE id = ? RETURNING failed_attempts`, u.ID).Scan(&row).Error
	if err != nil {
		return fmt.Errorf("record failed sign-in: %w", err)
	}
	detail := "wrong password"
	if !u.Active {
		detail = "inactive account"
	}
	s.audit.Record(ctx, auth.Actor{}, audit.SignInFailed, "user", u.ID, 0, detail)
	if row.FailedAttempts >= MaxFailedAttempts {
		until := now.Add(LockoutDuration)
		err := s.db.WithContext(ctx).Table("users").Where("id = ?", u.ID).
			Updates(map[string]any{"failed_attempts": 0, "locked_until": until}).Error
		if err != nil {
			return fmt.Errorf("lock account: %w", err)
		}
		s.audit.Record(ctx, auth.Actor{}, audit.Lockout, "user", u.ID, 0, "")
		return ErrLocked
	}
	return ErrInvalidCredentials
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
	}
	err := s.db.WithContext(ctx).Raw(`SELECT u.id, u.role, u.email, u.display_name, u.active, u.session_epoch,
		u.must_change_password, c.id AS client_id
		FROM users u LEFT JOIN clients c ON c.user_id = u.id WHERE u.id = ?`, id).Scan(&row).Error
	if err != nil {
		return auth.Actor{}, 0, fmt.Errorf("load actor: %w", err)
	}
	if row.ID == 0 || !row.Active {
		return auth.Actor{}, 0, ErrNotFound
	}
	a := auth.Actor{UserID: row.ID, Role: row.Role, Email: row.Email, DisplayName: row.DisplayName,
		MustChangePassword: row.MustChangePassword}
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
