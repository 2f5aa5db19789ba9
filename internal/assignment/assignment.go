// Package assignment holds what a clinician gives a client to read or
// complete, the client's responses (drafts and submissions), the clinician's
// comments and reviews, and the dashboard views over them. Every query is
// scoped to the acting clinician or client.
package assignment

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/breakglass"
	"github.com/tend-practice/tend/internal/database"
	"github.com/tend-practice/tend/internal/fielderr"
	"github.com/tend-practice/tend/internal/module"
	"github.com/tend-practice/tend/internal/notify"
	"github.com/tend-practice/tend/internal/seal"
	"github.com/tend-practice/tend/internal/worksheet"
)

var (
	ErrNotFound = errors.New("assignment not found")
	// ErrConflict means the draft changed since the form was loaded (another
	// tab or device saved first).
	ErrConflict = errors.New("draft changed elsewhere")
	// ErrLocked means the work was submitted and is read-only until reopened.
	ErrLocked = errors.New("assignment is submitted")
)

// ValidationError carries person-facing messages per form field.
type ValidationError struct {
	Fields map[string]string
	// Answers is the worksheet's own error when the answers did not fit
	// (its messages as catalogue keys, for pages in the client's language).
	Answers *worksheet.ValidationError
}

func (e *ValidationError) Error() string {
	return fmt.Sprintf("invalid assignment fields: %v", e.Fields)
}

// Unwrap gives the worksheet's error, if any.
func (e *ValidationError) Unwrap() error {
	if e.Answers == nil {
		return nil
	}
	return e.Answers
}

// Kinds and statuses.
const (
	KindModule    = "module"
	KindWorksheet = "worksheet"

	StatusAssigned   = "assigned"
	StatusInProgress = "in_progress"
	StatusSubmitted  = "submitted"
	StatusReviewed   = "reviewed"
	// StatusMissed: a weekly copy not done by the time the next was released.
	StatusMissed = "missed"

	RecurNone        = "none"
	RecurWeekly      = "weekly"
	RecurAfterSubmit = "after_submit"
)

// Assignment is one piece of work given to a client.
type Assignment struct {
	ID                 int64
	ClientID           int64
	ClinicianID        int64
	Kind               string
	ModuleVersionID    *int64
	WorksheetVersionID *int64
	Note               string
	DueOn              *time.Time
	Status             string
	Recurrence         string
	RecurUntil         *time.Time
	PreviousID         *int64
	RepeatIndex        int
	RecurCount         *int
	RepeatStoppedAt    *time.Time
	SeriesRootID       *int64
	MissedAt           *time.Time
	Flagged            bool
	ReadAt             *time.Time
	SubmittedAt        *time.Time
	ReviewedAt         *time.Time
	WithdrawnAt        *time.Time
	CreatedAt          time.Time
	UpdatedAt          time.Time
	// Joined for display.
	Slug          string `gorm:"->"`
	Title         string `gorm:"->"`
	ClientName    string `gorm:"->"`
	ClinicianName string `gorm:"->"`
	CommentCount  int    `gorm:"->"`
}

// Overdue reports whether the work is past its due date and not done.
func (a Assignment) Overdue(today time.Time) bool {
	return a.DueOn != nil && (a.Status == StatusAssigned || a.Status == StatusInProgress) &&
		a.DueOn.Before(today.Truncate(24*time.Hour))
}

// Done reports whether the client has finished it.
func (a Assignment) Done() bool { return a.Status == StatusSubmitted || a.Status == StatusReviewed }

// Service is the assignment rules and storage.
type Service struct {
	db         *gorm.DB
	audit      *audit.Log
	modules    *module.Service
	worksheets *worksheet.Service
	notifier   *notify.Notifier
	keys       *seal.Keyring // seals answers and comments; see sealed.go
	now        func() time.Time
}

// Option configures the service at construction.
type Option func(*Service)

// WithClock gives the service the process's one clock (tests move it).
func WithClock(now func() time.Time) Option {
	return func(s *Service) {
		if now != nil {
			s.now = now
		}
	}
}

// NewService wires the assignment service.
func NewService(db *gorm.DB, log *audit.Log, modules *module.Service, worksheets *worksheet.Service, opts ...Option) *Service {
	s := &Service{db: db, audit: log, modules: modules, worksheets: worksheets, now: time.Now}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Now is the service's clock (the one the wiring passed).
func (s *Service) Now() time.Time { return s.now() }

// ownerRule is the one ownership rule for assignments (alias a): a
// clinician's own, or a client's own. Admins see none: they do not read
// reflections, except through an open break-glass grant when reading for one
// (EmergencyAccess). A client actor without a clients row owns nothing. It
// returns a SQL condition and its arguments, used by the GORM builder
// (owned) and by raw SQL alike, so the two can never differ.
func ownerRule(actor auth.Actor) (string, []any) {
	switch actor.Role {
	case auth.RoleClinician:
		return "a.clinician_id = ?", []any{actor.UserID}
	case auth.RoleClient:
		if actor.ClientID == 0 {
			return "false", nil
		}
		// Withdrawn work disappears for the client; its answers are kept.
		return "a.client_id = ? AND a.withdrawn_at IS NULL", []any{actor.ClientID}
	case auth.RoleAdmin:
		if actor.EmergencyAccess {
			return "a.client_id IN (" + breakglass.GrantedClients + ")", []any{actor.UserID}
		}
	}
	return "false", nil
}

// owned scopes a GORM query over assignments (alias a) to the actor, by
// ownerRule.
func owned(q *gorm.DB, actor auth.Actor) *gorm.DB {
	cond, args := ownerRule(actor)
	return q.Where(cond, args...)
}

const listCols = `a.*, COALESCE(mv.title, wv.title) AS title, COALESCE(m.slug, w.slug) AS slug, tend_client_label(c.display_name, c.pronouns, c.name_to_use) AS client_name,
	COALESCE(NULLIF(u.display_name, ''), u.email) AS clinician_name,
	(SELECT count(*) FROM comments cm WHERE cm.assignment_id = a.id AND NOT cm.private) AS comment_count`

func (s *Service) base(ctx context.Context, actor auth.Actor) *gorm.DB {
	return owned(s.unscoped(ctx), actor)
}

// unscoped is the assignment list query before the ownership rule.
func (s *Service) unscoped(ctx context.Context) *gorm.DB {
	return s.db.WithContext(ctx).Table("assignments a").Select(listCols).
		Joins("JOIN clients c ON c.id = a.client_id").
		Joins("JOIN users u ON u.id = a.clinician_id").
		Joins("LEFT JOIN module_versions mv ON mv.id = a.module_version_id").
		Joins("LEFT JOIN modules m ON m.id = mv.module_id").
		Joins("LEFT JOIN worksheet_versions wv ON wv.id = a.worksheet_version_id").
		Joins("LEFT JOIN worksheets w ON w.id = wv.worksheet_id")
}

// listJoins are unscoped's joins, for a statement written out in full
// (the review queue's).
const listJoins = `JOIN clients c ON c.id = a.client_id
	JOIN users u ON u.id = a.clinician_id
	LEFT JOIN module_versions mv ON mv.id = a.module_version_id
	LEFT JOIN modules m ON m.id = mv.module_id
	LEFT JOIN worksheet_versions wv ON wv.id = a.worksheet_version_id
	LEFT JOIN worksheets w ON w.id = wv.worksheet_id`

// New is one assignment to create.
type New struct {
	Kind       string
	Slug       string
	DueOn      string // YYYY-MM-DD or empty
	Note       string
	Recurrence string
	RecurUntil string
	// RecurCount ends a weekly series after this many copies (0: no count).
	RecurCount int
}

// Assign gives a client one or more pieces of work at once (a module and its
// worksheet, say). All or nothing.
func (s *Service) Assign(ctx context.Context, actor auth.Actor, clientID int64, items []New) ([]int64, error) {
	rows, err := s.prepare(ctx, actor, clientID, items)
	if err != nil {
		return nil, err
	}
	var ids []int64
	err = database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		ids, err = s.insert(ctx, tx, actor, clientID, rows)
		return err
	})
	if err == nil {
		s.notifyClient(ctx, clientID)
	}
	return ids, err
}

// AssignTx is Assign inside the caller's transaction (a program releasing
// a step records the release in the same transaction). The caller tells
// the client (NotifyClient) once it has committed.
func (s *Service) AssignTx(ctx context.Context, tx *gorm.DB, actor auth.Actor, clientID int64, items []New) ([]int64, error) {
	rows, err := s.prepare(ctx, actor, clientID, items)
	if err != nil {
		return nil, err
	}
	return s.insert(ctx, tx, actor, clientID, rows)
}

// NotifyClient sends the discreet "something new" notice.
func (s *Service) NotifyClient(ctx context.Context, clientID int64) { s.notifyClient(ctx, clientID) }

type prepared struct {
	New
	due, until *time.Time
	mv, wv     *int64
}

// prepare checks the client and items and resolves the versions to pin.
func (s *Service) prepare(ctx context.Context, actor auth.Actor, clientID int64, items []New) ([]prepared, error) {
	if actor.Role != auth.RoleClinician {
		return nil, ErrNotFound
	}
	var cl struct {
		ID         int64
		ArchivedAt *time.Time
		Language   string
	}
	err := s.db.WithContext(ctx).Raw(`SELECT c.id, c.archived_at, `+clientLanguageSQL+` AS language
		FROM clients c LEFT JOIN users u ON u.id = c.user_id WHERE c.id = ? AND c.clinician_id = ?`, clientID, actor.UserID).
		Scan(&cl).Error
	if err != nil {
		return nil, fmt.Errorf("find client: %w", err)
	}
	if cl.ID == 0 {
		return nil, ErrNotFound
	}
	if cl.ArchivedAt != nil {
		return nil, &ValidationError{Fields: map[string]string{"client": "This client is archived. Restore them before assigning new work."}}
	}
	if len(items) == 0 {
		return nil, &ValidationError{Fields: map[string]string{"slug": "Please choose a module or worksheet to assign."}}
	}
	rows := make([]prepared, 0, len(items))
	fields := map[string]string{}
	for _, it := range items {
		r := prepared{New: it}
		if r.Recurrence == "" {
			r.Recurrence = RecurNone
		}
		var err error
		if r.due, err = parseDate(it.DueOn); err != nil {
			fields["due_on"] = "Please use a date like 2026-12-01."
		}
		if r.until, err = parseDate(it.RecurUntil); err != nil {
			fields["recur_until"] = "Please use a date like 2026-12-01."
		}
		if r.Recurrence == RecurWeekly && r.due == nil && r.Kind == KindWorksheet {
			// A weekly series needs a rhythm: the first copy is due in a week.
			d := s.now().UTC().Truncate(24*time.Hour).AddDate(0, 0, 7)
			r.due = &d
		}
		if it.RecurCount < 0 || it.RecurCount > 104 {
			fields["recur_count"] = "Please choose between 1 and 104 weeks."
		}
		if len([]rune(it.Note)) > 2000 {
			fields["note"] = "Please keep the note under 2,000 characters."
		}
		switch r.Kind {
		case KindModule:
			// The client's language when the module has it, else its own.
			v, _, err := s.modules.VersionForAssign(ctx, actor, it.Slug, cl.Language)
			if err != nil {
				fields["slug"] = "We could not find that module."
				continue
			}
			r.mv = &v.ID
			if r.Recurrence != RecurNone {
				fields["recurrence"] = "Only worksheets can repeat."
			}
		case KindWorksheet:
			v, _, err := s.worksheets.VersionForAssign(ctx, actor, it.Slug, cl.Language)
			if err != nil {
				fields["slug"] = "We could not find that worksheet."
				continue
			}
			r.wv = &v.ID
			if r.Recurrence != RecurNone && r.Recurrence != RecurWeekly && r.Recurrence != RecurAfterSubmit {
				fields["recurrence"] = "Please choose how often it repeats."
			}
		default:
			fields["kind"] = "Please choose a module or a worksheet."
		}
		rows = append(rows, r)
	}
	if len(fields) > 0 {
		return nil, &ValidationError{Fields: fields}
	}
	return rows, nil
}

// insert creates the prepared assignments in tx.
func (s *Service) insert(ctx context.Context, tx *gorm.DB, actor auth.Actor, clientID int64, rows []prepared) ([]int64, error) {
	var ids []int64
	for _, r := range rows {
		var id int64
		err := tx.Raw(`INSERT INTO assignments (client_id, clinician_id, kind, module_version_id, worksheet_version_id,
			note, due_on, recurrence, recur_until, recur_count, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			clientID, actor.UserID, r.Kind, r.mv, r.wv, strings.TrimSpace(r.Note), r.due, r.Recurrence, r.until, countOrNil(r.RecurCount),
			s.now(), s.now()).Scan(&id).Error
		if err != nil {
			return nil, fmt.Errorf("create assignment: %w", err)
		}
		if err := s.audit.RecordTx(ctx, tx, actor, audit.AssignmentCreated, "assignment", id, clientID, r.Kind+":"+r.Slug); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

func countOrNil(n int) *int {
	if n <= 0 {
		return nil
	}
	return &n
}

func parseDate(s string) (*time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil || t.Year() < 2000 || t.Year() > 2200 {
		return nil, errors.New("bad date")
	}
	return &t, nil
}

// Get returns one assignment the actor owns.
func (s *Service) Get(ctx context.Context, actor auth.Actor, id int64) (Assignment, error) {
	var a Assignment
	if err := s.base(ctx, actor).Where("a.id = ?", id).Limit(1).Scan(&a).Error; err != nil {
		return Assignment{}, fmt.Errorf("get assignment: %w", err)
	}
	if a.ID == 0 {
		return Assignment{}, ErrNotFound
	}
	return a, nil
}

// ForClient lists a client's assignments, newest first. A clinician passes
// the client's id; a client sees their own (clientID is ignored).
func (s *Service) ForClient(ctx context.Context, actor auth.Actor, clientID int64) ([]Assignment, error) {
	return s.forClient(ctx, actor, clientID, 500)
}

// AllForClient is ForClient without the page's limit, for exports of a
// whole record.
func (s *Service) AllForClient(ctx context.Context, actor auth.Actor, clientID int64) ([]Assignment, error) {
	return s.forClient(ctx, actor, clientID, 0)
}

func (s *Service) forClient(ctx context.Context, actor auth.Actor, clientID int64, limit int) ([]Assignment, error) {
	q := s.base(ctx, actor)
	if actor.Role == auth.RoleClinician {
		var n int64
		if err := s.db.WithContext(ctx).Table("clients").Where("id = ? AND clinician_id = ?", clientID, actor.UserID).Count(&n).Error; err != nil {
			return nil, fmt.Errorf("find client: %w", err)
		}
		if n == 0 {
			return nil, ErrNotFound
		}
		q = q.Where("a.client_id = ?", clientID)
	}
	if actor.Role == auth.RoleAdmin {
		q = q.Where("a.client_id = ?", clientID)
	}
	var out []Assignment
	if limit > 0 {
		q = q.Limit(limit)
	}
	if err := q.Order("a.created_at DESC, a.id DESC").Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("list assignments: %w", err)
	}
	return out, nil
}

// Module returns the pinned module version of a module assignment.
func (s *Service) Module(ctx context.Context, a Assignment) (module.Version, error) {
	if a.ModuleVersionID == nil {
		return module.Version{}, ErrNotFound
	}
	return s.modules.VersionByID(ctx, *a.ModuleVersionID)
}

// Worksheet returns the pinned worksheet version of a worksheet assignment.
func (s *Service) Worksheet(ctx context.Context, a Assignment) (worksheet.Version, error) {
	if a.WorksheetVersionID == nil {
		return worksheet.Version{}, ErrNotFound
	}
	return s.worksheets.VersionByID(ctx, *a.WorksheetVersionID)
}

// MarkRead records that the client has read a module.
func (s *Service) MarkRead(ctx context.Context, actor auth.Actor, id int64) error {
	if actor.Role != auth.RoleClient {
		return ErrNotFound
	}
	return database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		res := tx.Exec(`UPDATE assignments SET status = 'submitted', read_at = now(), submitted_at = now(), updated_at = now()
			WHERE id = ? AND client_id = ? AND kind = 'module' AND status IN ('assigned', 'in_progress')`, id, actor.ClientID)
		if res.Error != nil {
			return fmt.Errorf("mark read: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			a, err := s.Get(ctx, actor, id)
			if err != nil {
				return err
			}
			if a.Kind != KindModule {
				return ErrNotFound
			}
			return nil // already read
		}
		if err := touchClient(tx, actor.ClientID); err != nil {
			return err
		}
		return s.audit.RecordTx(ctx, tx, actor, audit.AssignmentChanged, "assignment", id, actor.ClientID, "read")
	})
}

func touchClient(tx *gorm.DB, clientID int64) error {
	if err := tx.Exec(`UPDATE clients SET last_activity_at = now() WHERE id = ?`, clientID).Error; err != nil {
		return fmt.Errorf("touch client: %w", err)
	}
	return nil
}

// CanAssign reports whether the clinician could assign this module or
// worksheet now (it exists and they may use it).
func (s *Service) CanAssign(ctx context.Context, actor auth.Actor, kind, slug string) bool {
	if actor.Role != auth.RoleClinician || slug == "" {
		return false
	}
	switch kind {
	case KindModule:
		_, err := s.modules.CurrentVersionForAssign(ctx, actor, slug)
		return err == nil
	case KindWorksheet:
		_, err := s.worksheets.Get(ctx, actor, slug)
		return err == nil
	}
	return false
}

// FieldErrors returns the message per field: ValidationError is a
// fielderr.Error, which the web layer answers with 422.
func (e *ValidationError) FieldErrors() map[string]string { return e.Fields }

var _ fielderr.Error = (*ValidationError)(nil)
