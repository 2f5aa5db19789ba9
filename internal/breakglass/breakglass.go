// Package breakglass holds emergency access. Administrators never read
// clients' records; in an emergency one may open a single client's records,
// read-only, for a fixed time, after saying why. Opening, every read and
// ending are audited, and the client's clinician sees each opening on the
// client's page.
//
// A grant is honoured inside the queries of the packages that own the
// records, and only for an Actor that asks for it (Reader): every other page
// an administrator opens is scoped exactly as without a grant.
package breakglass

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
)

// Duration is how long a grant lasts. It is fixed: an emergency that needs
// longer is opened again, with a reason again.
const Duration = 60 * time.Minute

// MaxReasonLength bounds the stated reason, in characters.
const MaxReasonLength = 1000

// GrantedClients is the subquery of clients an administrator (the one
// parameter) may read now. Record stores use it for an Actor with
// EmergencyAccess set, so a grant's expiry is checked by the same database
// clock that set it, on every query.
const GrantedClients = `SELECT g.client_id FROM break_glass_grants g
	WHERE g.admin_id = ? AND g.ended_at IS NULL AND g.expires_at > now()`

// ErrNotFound means there is no such grant, or none open to this actor.
var ErrNotFound = errors.New("no emergency access")

// ValidationError carries person-facing messages per form field.
type ValidationError struct{ Fields map[string]string }

func (e *ValidationError) Error() string {
	return fmt.Sprintf("invalid break-glass fields: %v", e.Fields)
}

// Grant is one opening of a client's records by an administrator.
type Grant struct {
	ID          int64
	AdminID     int64
	AdminName   string
	ClientID    int64
	ClientName  string
	ClinicianID int64
	Reason      string
	OpenedAt    time.Time
	ExpiresAt   time.Time
	EndedAt     *time.Time
	Active      bool
}

// Service is emergency access's rules and storage.
type Service struct {
	db    *gorm.DB
	audit *audit.Log
}

// NewService wires the service.
func NewService(db *gorm.DB, log *audit.Log) *Service { return &Service{db: db, audit: log} }

// Reader returns the actor marked for emergency reading. Only an
// administrator can be marked, and the mark alone opens nothing: the stores
// still require an open grant for the client.
func Reader(actor auth.Actor) auth.Actor {
	actor.EmergencyAccess = actor.Role == auth.RoleAdmin
	return actor
}

const grantCols = `SELECT g.id, g.admin_id, COALESCE(NULLIF(u.display_name, ''), u.email) AS admin_name,
	g.client_id, tend_client_label(c.display_name, c.pronouns, c.name_to_use) AS client_name, c.clinician_id, g.reason, g.opened_at, g.expires_at, g.ended_at,
	(g.ended_at IS NULL AND g.expires_at > now()) AS active
	FROM break_glass_grants g JOIN users u ON u.id = g.admin_id JOIN clients c ON c.id = g.client_id `

// Open gives the acting administrator read access to one client's records
// for Duration. The reason is required and is shown to the client's clinician.
func (s *Service) Open(ctx context.Context, actor auth.Actor, clientID int64, reason string) (Grant, error) {
	if actor.Role != auth.RoleAdmin {
		return Grant{}, ErrNotFound
	}
	reason = strings.TrimSpace(reason)
	fields := map[string]string{}
	switch {
	case reason == "":
		fields["reason"] = "Please say why you need to open this client's records."
	case len([]rune(reason)) > MaxReasonLength:
		fields["reason"] = "Please keep the reason under 1,000 characters."
	}
	if clientID <= 0 {
		fields["client_id"] = "Please enter the client's number."
	}
	if len(fields) > 0 {
		return Grant{}, &ValidationError{Fields: fields}
	}
	var id int64
	err := database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		err := tx.Raw(`INSERT INTO break_glass_grants (admin_id, client_id, reason, expires_at)
			SELECT ?, c.id, ?, now() + make_interval(secs => ?) FROM clients c WHERE c.id = ?
			RETURNING id`, actor.UserID, reason, Duration.Seconds(), clientID).Scan(&id).Error
		if err != nil {
			return fmt.Errorf("open break-glass grant: %w", err)
		}
		if id == 0 {
			return &ValidationError{Fields: map[string]string{"client_id": "There is no client with that number."}}
		}
		return s.audit.RecordTx(ctx, tx, actor, audit.BreakGlassOpened, "client", clientID, clientID,
			fmt.Sprintf("grant %d for %d minutes: %s", id, int(Duration.Minutes()), reason))
	})
	if err != nil {
		return Grant{}, err
	}
	return s.get(ctx, `WHERE g.id = ?`, id)
}

func (s *Service) get(ctx context.Context, where string, args ...any) (Grant, error) {
	var g Grant
	if err := s.db.WithContext(ctx).Raw(grantCols+where+` ORDER BY g.id DESC LIMIT 1`, args...).Scan(&g).Error; err != nil {
		return Grant{}, fmt.Errorf("get break-glass grant: %w", err)
	}
	if g.ID == 0 {
		return Grant{}, ErrNotFound
	}
	return g, nil
}

// Active returns the acting administrator's open grant for a client.
func (s *Service) Active(ctx context.Context, actor auth.Actor, clientID int64) (Grant, error) {
	if actor.Role != auth.RoleAdmin {
		return Grant{}, ErrNotFound
	}
	return s.get(ctx, `WHERE g.admin_id = ? AND g.client_id = ? AND g.ended_at IS NULL AND g.expires_at > now()`,
		actor.UserID, clientID)
}

// Recent lists the practice's latest grants, by every administrator, newest
// first: administrators see each other's emergency access.
func (s *Service) Recent(ctx context.Context, actor auth.Actor) ([]Grant, error) {
	if actor.Role != auth.RoleAdmin {
		return nil, ErrNotFound
	}
	var out []Grant
	if err := s.db.WithContext(ctx).Raw(grantCols + `ORDER BY g.id DESC LIMIT 50`).Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("list break-glass grants: %w", err)
	}
	return out, nil
}

// ForClient lists every grant on one of the acting clinician's clients,
// newest first, so that they know who opened the records and why.
func (s *Service) ForClient(ctx context.Context, actor auth.Actor, clientID int64) ([]Grant, error) {
	if actor.Role != auth.RoleClinician {
		return nil, nil
	}
	var out []Grant
	err := s.db.WithContext(ctx).Raw(grantCols+`WHERE g.client_id = ? AND c.clinician_id = ? ORDER BY g.id DESC LIMIT 100`,
		clientID, actor.UserID).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("list client's break-glass grants: %w", err)
	}
	return out, nil
}

// ForClinician lists the grants of the last 30 days on any of the acting
// clinician's clients, newest first: the dashboard says so, so that an
// opening is not noticed only when the clinician happens to open that
// client's page.
func (s *Service) ForClinician(ctx context.Context, actor auth.Actor) ([]Grant, error) {
	if actor.Role != auth.RoleClinician {
		return nil, nil
	}
	var out []Grant
	err := s.db.WithContext(ctx).Raw(grantCols+`WHERE c.clinician_id = ? AND g.opened_at > now() - interval '30 days' ORDER BY g.id DESC LIMIT 20`,
		actor.UserID).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("list clinician's break-glass grants: %w", err)
	}
	return out, nil
}

// End closes the acting administrator's own open grant before it expires.
func (s *Service) End(ctx context.Context, actor auth.Actor, id int64) error {
	if actor.Role != auth.RoleAdmin {
		return ErrNotFound
	}
	return database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		var clientID int64
		err := tx.Raw(`UPDATE break_glass_grants SET ended_at = now()
			WHERE id = ? AND admin_id = ? AND ended_at IS NULL AND expires_at > now() RETURNING client_id`,
			id, actor.UserID).Scan(&clientID).Error
		if err != nil {
			return fmt.Errorf("end break-glass grant: %w", err)
		}
		if clientID == 0 {
			return ErrNotFound
		}
		return s.audit.RecordTx(ctx, tx, actor, audit.BreakGlassEnded, "client", clientID, clientID, fmt.Sprintf("grant %d", id))
	})
}

// RecordRead audits one page of a client's records read under a grant. A
// page whose read cannot be recorded must not be shown.
func (s *Service) RecordRead(ctx context.Context, actor auth.Actor, g Grant, objectType string, objectID int64) error {
	return s.audit.RecordTx(ctx, s.db, actor, audit.BreakGlassRead, objectType, objectID, g.ClientID, fmt.Sprintf("grant %d", g.ID))
}
