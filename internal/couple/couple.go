// Package couple is couples work: two of one clinician's clients linked as
// partners, worksheets given to both at once (a group: one assignment each,
// completed privately), the side-by-side comparison of their answers, what
// each partner chooses to share with the other, and the clinician's safety
// switch ("individual work only").
//
// The rules it keeps:
//
//   - A link belongs to one clinician, and both clients must be theirs: every
//     query carries the clinician (or, for a client, their own client id).
//     Anyone else's link or group is ErrNotFound.
//   - A client's answers reach their partner only by that client's own
//     choice (SetSharing), per assignment and per answer, for the exact
//     submitted version they confirmed. No clinician method shares anything.
//   - "Individual work only" stops joint assignments and hides everything
//     either partner shared, at once; partners see a neutral "paused" notice
//     that does not say why. Turning it off again does not re-share: each
//     partner must confirm their choice again.
//   - Answers are always read through assignment.Service (they are encrypted
//     at rest there); this package never reads responses or comments in SQL
//     and never copies answers into its own tables.
package couple

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/database"
)

// ErrNotFound is a link, group or client that is not the actor's, or does not
// exist. Answered 404, like anything else that is not yours.
var ErrNotFound = errors.New("couple not found")

// ValidationError carries person-facing messages per form field.
type ValidationError struct{ Fields map[string]string }

func (e *ValidationError) Error() string { return fmt.Sprintf("invalid couple fields: %v", e.Fields) }

func invalid(field, msg string) error { return &ValidationError{Fields: map[string]string{field: msg}} }

// Audit actions this package records.
const (
	AuditLinked         = "couple_linked"
	AuditUnlinked       = "couple_unlinked"
	AuditIndividualOnly = "couple_individual_only"
	AuditAssigned       = "couple_assigned"
	AuditSharing        = "couple_sharing_changed"
	AuditJointPrinted   = "couple_joint_printed"
	AuditSharedRead     = "couple_shared_read" // a partner read answers shared with them
)

// Link is two partners in one clinician's care.
type Link struct {
	ID               int64
	ClinicianID      int64
	ClientA          int64
	ClientB          int64
	NameA            string
	NameB            string
	IndividualOnly   bool
	IndividualOnlyAt *time.Time
	CreatedAt        time.Time
}

// Partner is the other side of a link, seen from one client.
type Partner struct {
	LinkID         int64
	ClientID       int64
	Name           string
	IndividualOnly bool
}

// Candidate is a client who could be linked as a partner.
type Candidate struct {
	ID          int64
	DisplayName string
}

// Service is couples work's rules and storage.
type Service struct {
	db          *gorm.DB
	audit       *audit.Log
	assignments *assignment.Service
	now         func() time.Time
}

// NewService wires the couples service.
func NewService(db *gorm.DB, log *audit.Log, assignments *assignment.Service) *Service {
	return &Service{db: db, audit: log, assignments: assignments, now: time.Now}
}

const linkCols = `l.id, l.clinician_id, l.client_a, l.client_b, tend_client_label(ca.display_name, ca.pronouns, ca.name_to_use) AS name_a, tend_client_label(cb.display_name, cb.pronouns, cb.name_to_use) AS name_b,
	l.individual_only, l.individual_only_at, l.created_at`

// linkJoin is a clinician's active links with both clients still theirs.
const linkJoin = `FROM couple_links l
	JOIN clients ca ON ca.id = l.client_a AND ca.clinician_id = l.clinician_id
	JOIN clients cb ON cb.id = l.client_b AND cb.clinician_id = l.clinician_id
	WHERE l.unlinked_at IS NULL AND l.clinician_id = ?`

// Get returns one of the clinician's active links.
func (s *Service) Get(ctx context.Context, a auth.Actor, linkID int64) (Link, error) {
	if a.Role != auth.RoleClinician {
		return Link{}, ErrNotFound
	}
	return s.getTx(ctx, s.db, a, linkID)
}

func (s *Service) getTx(ctx context.Context, db *gorm.DB, a auth.Actor, linkID int64) (Link, error) {
	var l Link
	err := db.WithContext(ctx).Raw(`SELECT `+linkCols+` `+linkJoin+` AND l.id = ?`, a.UserID, linkID).Scan(&l).Error
	if err != nil {
		return Link{}, fmt.Errorf("get couple: %w", err)
	}
	if l.ID == 0 {
		return Link{}, ErrNotFound
	}
	return l, nil
}

// HasPartner reports whether the acting client is linked with a partner
// now: only then does their navigation offer "Shared with me".
func (s *Service) HasPartner(ctx context.Context, a auth.Actor) (bool, error) {
	if a.Role != auth.RoleClient || a.ClientID == 0 {
		return false, nil
	}
	var n int64
	err := s.db.WithContext(ctx).Raw(`SELECT count(*) FROM couple_links
		WHERE unlinked_at IS NULL AND (client_a = ? OR client_b = ?)`, a.ClientID, a.ClientID).Scan(&n).Error
	if err != nil {
		return false, fmt.Errorf("has partner: %w", err)
	}
	return n > 0, nil
}

// Partners lists a clinician's client's partners.
func (s *Service) Partners(ctx context.Context, a auth.Actor, clientID int64) ([]Partner, error) {
	if a.Role != auth.RoleClinician {
		return nil, ErrNotFound
	}
	var out []Partner
	err := s.db.WithContext(ctx).Raw(`SELECT l.id AS link_id,
			CASE WHEN l.client_a = ? THEN l.client_b ELSE l.client_a END AS client_id,
			CASE WHEN l.client_a = ? THEN tend_client_label(cb.display_name, cb.pronouns, cb.name_to_use) ELSE tend_client_label(ca.display_name, ca.pronouns, ca.name_to_use) END AS name,
			l.individual_only `+linkJoin+` AND (l.client_a = ? OR l.client_b = ?)
		ORDER BY l.created_at, l.id`, clientID, clientID, a.UserID, clientID, clientID).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("list partners: %w", err)
	}
	return out, nil
}

// Candidates lists the clinician's other active clients who are not yet
// linked with clientID.
func (s *Service) Candidates(ctx context.Context, a auth.Actor, clientID int64) ([]Candidate, error) {
	if a.Role != auth.RoleClinician {
		return nil, ErrNotFound
	}
	var out []Candidate
	err := s.db.WithContext(ctx).Raw(`SELECT c.id, c.display_name FROM clients c
		WHERE c.clinician_id = ? AND c.archived_at IS NULL AND c.id <> ?
		  AND NOT EXISTS (SELECT 1 FROM couple_links l WHERE l.unlinked_at IS NULL
		      AND l.client_a = least(c.id, ?) AND l.client_b = greatest(c.id, ?))
		ORDER BY lower(c.display_name), c.id LIMIT 500`, a.UserID, clientID, clientID, clientID).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("list partner candidates: %w", err)
	}
	return out, nil
}

// Link makes two of the clinician's clients partners. Either client not
// being the clinician's is ErrNotFound.
func (s *Service) Link(ctx context.Context, a auth.Actor, clientID, partnerID int64) (Link, error) {
	if a.Role != auth.RoleClinician {
		return Link{}, ErrNotFound
	}
	var found []struct {
		ID         int64
		ArchivedAt *time.Time
	}
	err := s.db.WithContext(ctx).Raw(`SELECT id, archived_at FROM clients WHERE id IN (?, ?) AND clinician_id = ?`,
		clientID, partnerID, a.UserID).Scan(&found).Error
	if err != nil {
		return Link{}, fmt.Errorf("find partners: %w", err)
	}
	if clientID == partnerID {
		if len(found) == 0 {
			return Link{}, ErrNotFound
		}
		return Link{}, invalid("partner_id", "Please choose another client: someone cannot be their own partner.")
	}
	if len(found) != 2 {
		return Link{}, ErrNotFound
	}
	for _, c := range found {
		if c.ArchivedAt != nil {
			return Link{}, invalid("partner_id", "An archived client cannot be linked. Restore them first.")
		}
	}
	lo, hi := min(clientID, partnerID), max(clientID, partnerID)
	var l Link
	err = database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		var id int64
		err := tx.Raw(`INSERT INTO couple_links (clinician_id, client_a, client_b) VALUES (?, ?, ?) RETURNING id`,
			a.UserID, lo, hi).Scan(&id).Error
		if database.IsUniqueViolation(err) {
			return invalid("partner_id", "These two are already linked as partners.")
		}
		if err != nil {
			return fmt.Errorf("link partners: %w", err)
		}
		if l, err = s.getTx(ctx, tx, a, id); err != nil {
			return err
		}
		return s.recordBoth(ctx, tx, a, AuditLinked, l, "")
	})
	return l, err
}

// recordBoth audits one couple event under each partner, so either client's
// trail shows it.
func (s *Service) recordBoth(ctx context.Context, tx *gorm.DB, a auth.Actor, action string, l Link, detail string) error {
	for _, c := range []int64{l.ClientA, l.ClientB} {
		if err := s.audit.RecordTx(ctx, tx, a, action, "couple", l.ID, c, detail); err != nil {
			return err
		}
	}
	return nil
}

// Unlink ends a link. Each partner's assignments stay theirs; nothing shared
// under the link is visible any more.
func (s *Service) Unlink(ctx context.Context, a auth.Actor, linkID int64) error {
	l, err := s.Get(ctx, a, linkID)
	if err != nil {
		return err
	}
	return database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		res := tx.Exec(`UPDATE couple_links SET unlinked_at = ?, updated_at = now()
			WHERE id = ? AND clinician_id = ? AND unlinked_at IS NULL`, s.now(), l.ID, a.UserID)
		if res.Error != nil {
			return fmt.Errorf("unlink: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return ErrNotFound
		}
		return s.recordBoth(ctx, tx, a, AuditUnlinked, l, "")
	})
}

// SetIndividualOnly turns the safety switch on or off. On: no joint work and
// no sharing, at once, and every partner's earlier confirmation is withdrawn
// so that turning it off later never re-shares by itself. The partners are
// not told why.
func (s *Service) SetIndividualOnly(ctx context.Context, a auth.Actor, linkID int64, on bool) error {
	l, err := s.Get(ctx, a, linkID)
	if err != nil {
		return err
	}
	if l.IndividualOnly == on {
		return nil
	}
	return database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		var at any
		if on {
			at = s.now()
		}
		res := tx.Exec(`UPDATE couple_links SET individual_only = ?, individual_only_at = ?, updated_at = now()
			WHERE id = ? AND clinician_id = ? AND unlinked_at IS NULL`, on, at, l.ID, a.UserID)
		if res.Error != nil {
			return fmt.Errorf("individual only: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return ErrNotFound
		}
		if on {
			err := tx.Exec(`UPDATE couple_sharing SET confirmed_version = 0, updated_at = now()
				WHERE assignment_id IN (SELECT assignment_a FROM couple_groups WHERE link_id = ?
				                        UNION SELECT assignment_b FROM couple_groups WHERE link_id = ?)`, l.ID, l.ID).Error
			if err != nil {
				return fmt.Errorf("withdraw sharing: %w", err)
			}
		}
		detail := "on"
		if !on {
			detail = "off"
		}
		return s.recordBoth(ctx, tx, a, AuditIndividualOnly, l, detail)
	})
}
