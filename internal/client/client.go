// Package client holds a clinician's roster: clients, their invites and
// archiving. Every query is scoped to the clinician who owns the client.
package client

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/account"
	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/database"
)

// InviteValidity is how long an invite link works.
const InviteValidity = 7 * 24 * time.Hour

var (
	ErrNotFound      = errors.New("client not found")
	ErrInviteInvalid = errors.New("invite link is invalid or expired")
)

// ValidationError carries person-facing messages per form field.
type ValidationError struct{ Fields map[string]string }

func (e *ValidationError) Error() string { return fmt.Sprintf("invalid client fields: %v", e.Fields) }

// Client is one person in a clinician's care.
type Client struct {
	ID             int64
	ClinicianID    int64
	DisplayName    string
	Email          string
	UserID         *int64
	ArchivedAt     *time.Time
	LastActivityAt *time.Time
	CreatedAt      time.Time
	InvitePending  bool `gorm:"->"`
	// A closed file (close.go): its reflections are deleted after the
	// practice's retention period unless held.
	ClosedAt             *time.Time
	ClosedReason         string
	RetentionHold        bool
	ReflectionsDeletedAt *time.Time
	// Profile basics (profile.go), both optional.
	Pronouns  string
	NameToUse string
}

// HasAccount reports whether the client has accepted an invite.
func (c Client) HasAccount() bool { return c.UserID != nil }

// Service is the roster's rules and storage.
type Service struct {
	db       *gorm.DB
	accounts *account.Service
	audit    *audit.Log
	now      func() time.Time
}

// NewService returns the roster service.
func NewService(db *gorm.DB, accounts *account.Service, log *audit.Log) *Service {
	return &Service{db: db, accounts: accounts, audit: log, now: time.Now}
}

// owned scopes to the acting clinician's clients.
func owned(q *gorm.DB, a auth.Actor) *gorm.DB {
	if a.Role != auth.RoleClinician {
		return q.Where("false")
	}
	return q.Where("c.clinician_id = ?", a.UserID)
}

// NewClient is the input for Create.
type NewClient struct {
	DisplayName string
	Email       string
}

// Create adds a client to the clinician's roster and returns an invite token
// to show once.
func (s *Service) Create(ctx context.Context, a auth.Actor, in NewClient) (Client, string, error) {
	if a.Role != auth.RoleClinician {
		return Client{}, "", ErrNotFound
	}
	fields := map[string]string{}
	name := strings.TrimSpace(in.DisplayName)
	if name == "" {
		fields["display_name"] = "Please give a name or pseudonym."
	} else if len([]rune(name)) > 120 {
		fields["display_name"] = "Please keep the name under 120 characters."
	}
	email := strings.TrimSpace(in.Email)
	if email != "" {
		var ok bool
		if email, ok = account.NormalizeEmail(email); !ok {
			fields["email"] = "Please enter a valid email address, or leave it empty."
		}
	}
	if len(fields) > 0 {
		return Client{}, "", &ValidationError{Fields: fields}
	}
	c := Client{ClinicianID: a.UserID, DisplayName: name, Email: email}
	var token string
	err := database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		if err := tx.Table("clients").Select("ClinicianID", "DisplayName", "Email").Create(&c).Error; err != nil {
			return fmt.Errorf("create client: %w", err)
		}
		if err := s.audit.RecordTx(ctx, tx, a, audit.ClientCreated, "client", c.ID, c.ID, ""); err != nil {
			return err
		}
		var err error
		token, err = s.newInvite(ctx, tx, a, c.ID)
		return err
	})
	return c, token, err
}

// List returns the clinician's clients: active ones, or archived ones.
func (s *Service) List(ctx context.Context, a auth.Actor, archived bool) ([]Client, error) {
	q := owned(s.db.WithContext(ctx).Table("clients c"), a).
		Select(`c.*, (c.user_id IS NULL AND EXISTS (SELECT 1 FROM invites i WHERE i.client_id = c.id
			AND i.used_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now())) AS invite_pending`)
	if archived {
		q = q.Where("c.archived_at IS NOT NULL")
	} else {
		q = q.Where("c.archived_at IS NULL")
	}
	var out []Client
	if err := q.Order("lower(c.display_name), c.id").Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("list clients: %w", err)
	}
	return out, nil
}

// Get returns one of the clinician's clients.
func (s *Service) Get(ctx context.Context, a auth.Actor, id int64) (Client, error) {
	var c Client
	err := owned(s.db.WithContext(ctx).Table("clients c"), a).Where("c.id = ?", id).
		Select(`c.*, (c.user_id IS NULL AND EXISTS (SELECT 1 FROM invites i WHERE i.client_id = c.id
			AND i.used_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now())) AS invite_pending`).
		Limit(1).Scan(&c).Error
	if err != nil {
		return Client{}, fmt.Errorf("get client: %w", err)
	}
	if c.ID == 0 {
		return Client{}, ErrNotFound
	}
	return c, nil
}

// SetArchived archives or restores a client. Nothing is deleted.
func (s *Service) SetArchived(ctx context.Context, a auth.Actor, id int64, archived bool) error {
	if a.Role != auth.RoleClinician {
		return ErrNotFound
	}
	return database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		var at any
		if archived {
			at = s.now()
		}
		res := tx.Exec(`UPDATE clients SET archived_at = ?, updated_at = now() WHERE id = ? AND clinician_id = ?`, at, id, a.UserID)
		if res.Error != nil {
			return fmt.Errorf("archive client: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return ErrNotFound
		}
		detail := "archived"
		if !archived {
			detail = "restored"
		}
		return s.audit.RecordTx(ctx, tx, a, audit.ClientChanged, "client", id, id, detail)
	})
}

// NewInvite revokes any open invite for the client and makes a new one.
func (s *Service) NewInvite(ctx context.Context, a auth.Actor, id int64) (string, error) {
	c, err := s.Get(ctx, a, id)
	if err != nil {
		return "", err
	}
	if c.HasAccount() {
		return "", &ValidationError{Fields: map[string]string{"invite": "This client already has an account."}}
	}
	var token string
	err = database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		var err error
		token, err = s.newInvite(ctx, tx, a, id)
		return err
	})
	return token, err
}

func (s *Service) newInvite(ctx context.Context, tx *gorm.DB, a auth.Actor, clientID int64) (string, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	if err := tx.Exec(`UPDATE invites SET revoked_at = now() WHERE client_id = ? AND used_at IS NULL AND revoked_at IS NULL`, clientID).Error; err != nil {
		return "", fmt.Errorf("revoke old invites: %w", err)
	}
	err := tx.Exec(`INSERT INTO invites (client_id, token_hash, expires_at, created_by) VALUES (?, ?, ?, ?)`,
		clientID, hashToken(token), s.now().Add(InviteValidity), a.UserID).Error
	if err != nil {
		return "", fmt.Errorf("create invite: %w", err)
	}
	return token, s.audit.RecordTx(ctx, tx, a, audit.InviteCreated, "client", clientID, clientID, "")
}

func hashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// Invite is what the invite page shows before the client accepts.
type Invite struct {
	ClientID      int64
	DisplayName   string
	Email         string
	ClinicianName string
}

// LookupInvite finds an open invite by its token.
func (s *Service) LookupInvite(ctx context.Context, token string) (Invite, error) {
	var inv Invite
	err := s.db.WithContext(ctx).Raw(`SELECT c.id AS client_id, c.display_name, c.email, u.display_name AS clinician_name
		FROM invites i JOIN clients c ON c.id = i.client_id JOIN users u ON u.id = c.clinician_id
		WHERE i.token_hash = ? AND i.used_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > ?
		  AND c.user_id IS NULL AND c.archived_at IS NULL`, hashToken(token), s.now()).Scan(&inv).Error
	if err != nil {
		return Invite{}, fmt.Errorf("lookup invite: %w", err)
	}
	if inv.ClientID == 0 {
		return Invite{}, ErrInviteInvalid
	}
	return inv, nil
}

// EmailNotUsable is the answer when an invitee's email cannot be used for a
// new account: it does not say whether the address has an account already.
const EmailNotUsable = "We cannot use this email address for a new account. Please use another one, or ask your clinician for help."

// AcceptInvite creates the client's account with the chosen password (and
// email, when the clinician did not give one) and uses up the invite. It
// returns the new account's id, to sign in.
func (s *Service) AcceptInvite(ctx context.Context, token, email, password string) (int64, error) {
	var userID int64
	err := database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		var inv struct {
			ID          int64
			ClientID    int64
			DisplayName string
			Email       string
		}
		err := tx.Raw(`SELECT i.id, c.id AS client_id, c.display_name, c.email FROM invites i
			JOIN clients c ON c.id = i.client_id
			WHERE i.token_hash = ? AND i.used_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > ?
			  AND c.user_id IS NULL AND c.archived_at IS NULL
			FOR UPDATE OF i, c`, hashToken(token), s.now()).Scan(&inv).Error
		if err != nil {
			return fmt.Errorf("find invite: %w", err)
		}
		if inv.ID == 0 {
			return ErrInviteInvalid
		}
		if inv.Email != "" {
			email = inv.Email
		}
		u, err := s.accounts.CreateTx(ctx, tx, auth.Actor{}, account.NewUser{Email: email, DisplayName: inv.DisplayName,
			Role: auth.RoleClient, Password: password})
		var verr *account.ValidationError
		if errors.As(err, &verr) {
			return &ValidationError{Fields: verr.Fields}
		}
		if errors.Is(err, account.ErrEmailTaken) {
			// Worded so that it does not confirm to whoever holds the link
			// that this address has an account here.
			return &ValidationError{Fields: map[string]string{"email": EmailNotUsable}}
		}
		if err != nil {
			return err
		}
		userID = u.ID
		if err := tx.Exec(`UPDATE invites SET used_at = now() WHERE id = ?`, inv.ID).Error; err != nil {
			return fmt.Errorf("use invite: %w", err)
		}
		if err := tx.Exec(`UPDATE clients SET user_id = ?, last_activity_at = now(), updated_at = now() WHERE id = ?`, u.ID, inv.ClientID).Error; err != nil {
			return fmt.Errorf("link client account: %w", err)
		}
		return s.audit.RecordTx(ctx, tx, auth.Actor{UserID: u.ID, Role: auth.RoleClient}, audit.InviteAccepted, "client", inv.ClientID, inv.ClientID, "")
	})
	return userID, err
}
