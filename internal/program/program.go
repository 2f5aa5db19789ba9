// Package program holds programs: ordered steps (a module or a worksheet
// with a note) released to a client by rules, at the start, N days after
// it, when the previous step is done (optionally plus N days), or as a
// weekly repeat. Programs are versioned like worksheets: a running program
// keeps the version it started with. Built-in programs (owner NULL) are
// visible to every clinician; a clinician's own are theirs alone.
package program

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/database"
	"github.com/tend-practice/tend/internal/fielderr"
)

var ErrNotFound = errors.New("program not found")

// ValidationError carries person-facing messages per form field.
type ValidationError struct{ Fields map[string]string }

func (e *ValidationError) Error() string { return fmt.Sprintf("invalid program: %v", e.Fields) }

// Release rules.
const (
	RuleStart         = "start"          // when the program starts
	RuleAfterDays     = "after_days"     // Days after the start
	RuleAfterPrevious = "after_previous" // when the previous step is done, plus Days
	RuleWeekly        = "weekly"         // a worksheet repeating weekly on Weekday, Weeks times or Until
)

// MaxSteps bounds a program.
const MaxSteps = 12

// Step is one step of a program version.
type Step struct {
	Kind    string `json:"kind"` // module or worksheet
	Slug    string `json:"slug"`
	Note    string `json:"note,omitempty"`
	Rule    string `json:"rule"`
	Days    int    `json:"days,omitempty"`
	Weekday int    `json:"weekday,omitempty"` // 0 Sunday .. 6 Saturday
	Weeks   int    `json:"weeks,omitempty"`
	Until   string `json:"until,omitempty"` // YYYY-MM-DD
}

// Program is the newest version of a program, or the one a run pinned.
type Program struct {
	ID          int64
	OwnerID     *int64
	Slug        string
	VersionID   int64
	Version     int
	Title       string
	Description string
	ForCouples  bool
	Steps       []Step
	// Texts are the title and description in other languages (built-in
	// programs), by language; see In.
	Texts map[string]Text
}

// BuiltIn reports whether the program ships with Tend.
func (p Program) BuiltIn() bool { return p.OwnerID == nil }

// Draft is what a clinician saves.
type Draft struct {
	Title       string
	Description string
	ForCouples  bool
	Steps       []Step
}

// Service is the program rules and storage.
type Service struct {
	db          *gorm.DB
	audit       *audit.Log
	assignments *assignment.Service
	now         func() time.Time
}

// Option configures the service.
type Option func(*Service)

// WithClock passes the process's one clock.
func WithClock(now func() time.Time) Option {
	return func(s *Service) {
		if now != nil {
			s.now = now
		}
	}
}

// NewService wires the program service.
func NewService(db *gorm.DB, log *audit.Log, assignments *assignment.Service, opts ...Option) *Service {
	s := &Service{db: db, audit: log, assignments: assignments, now: time.Now}
	for _, o := range opts {
		o(s)
	}
	return s
}

type versionRow struct {
	ID          int64
	OwnerID     *int64
	Slug        string
	VersionID   int64
	Version     int
	Title       string
	Description string
	ForCouples  bool
	Steps       []byte
}

func (r versionRow) program() (Program, error) {
	p := Program{ID: r.ID, OwnerID: r.OwnerID, Slug: r.Slug, VersionID: r.VersionID, Version: r.Version,
		Title: r.Title, Description: r.Description, ForCouples: r.ForCouples}
	if err := json.Unmarshal(r.Steps, &p.Steps); err != nil {
		return Program{}, fmt.Errorf("program %d steps: %w", r.ID, err)
	}
	return p, nil
}

const latestSQL = `SELECT p.id, p.owner_id, p.slug, v.id AS version_id, v.version, v.title, v.description, v.for_couples, v.steps
	FROM programs p JOIN program_versions v ON v.program_id = p.id
	WHERE v.version = (SELECT max(version) FROM program_versions WHERE program_id = p.id)`

// visible scopes programs to a clinician: built-ins and their own.
func visible(actor auth.Actor) (string, []any) {
	if actor.Role != auth.RoleClinician {
		return " AND false", nil
	}
	return " AND (p.owner_id IS NULL OR p.owner_id = ?)", []any{actor.UserID}
}

// List returns the programs a clinician may use, built-ins first.
func (s *Service) List(ctx context.Context, actor auth.Actor) ([]Program, error) {
	where, args := visible(actor)
	var rows []versionRow
	if err := s.db.WithContext(ctx).Raw(latestSQL+where+` ORDER BY p.owner_id NULLS FIRST, v.title, p.id`, args...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("list programs: %w", err)
	}
	out := make([]Program, 0, len(rows))
	for _, r := range rows {
		p, err := r.program()
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	if err := s.addTexts(ctx, out); err != nil {
		return nil, err
	}
	return out, nil
}

// Get returns the newest version of a program the clinician may use.
func (s *Service) Get(ctx context.Context, actor auth.Actor, id int64) (Program, error) {
	where, args := visible(actor)
	var r versionRow
	if err := s.db.WithContext(ctx).Raw(latestSQL+` AND p.id = ?`+where, append([]any{id}, args...)...).Scan(&r).Error; err != nil {
		return Program{}, fmt.Errorf("get program: %w", err)
	}
	if r.ID == 0 {
		return Program{}, ErrNotFound
	}
	p, err := r.program()
	if err != nil {
		return Program{}, err
	}
	ps := []Program{p}
	if err := s.addTexts(ctx, ps); err != nil {
		return Program{}, err
	}
	return ps[0], nil
}

func (s *Service) version(ctx context.Context, db *gorm.DB, versionID int64) (Program, error) {
	var r versionRow
	err := db.WithContext(ctx).Raw(`SELECT p.id, p.owner_id, p.slug, v.id AS version_id, v.version, v.title, v.description, v.for_couples, v.steps
		FROM programs p JOIN program_versions v ON v.program_id = p.id WHERE v.id = ?`, versionID).Scan(&r).Error
	if err != nil {
		return Program{}, fmt.Errorf("program version: %w", err)
	}
	if r.ID == 0 {
		return Program{}, ErrNotFound
	}
	return r.program()
}

// Validate checks a draft; messages name the field (step_N_field).
func (d Draft) Validate(known func(kind, slug string) bool) map[string]string {
	f := map[string]string{}
	if t := strings.TrimSpace(d.Title); t == "" || len([]rune(t)) > 120 {
		f["title"] = "Please give the program a title (up to 120 characters)."
	}
	if len([]rune(d.Description)) > 2000 {
		f["description"] = "Please keep the description under 2,000 characters."
	}
	if len(d.Steps) == 0 {
		f["steps"] = "Please add at least one step."
	}
	if len(d.Steps) > MaxSteps {
		f["steps"] = fmt.Sprintf("A program has at most %d steps.", MaxSteps)
	}
	for i, st := range d.Steps {
		n := fmt.Sprintf("step_%d_", i+1)
		if (st.Kind != assignment.KindModule && st.Kind != assignment.KindWorksheet) || !known(st.Kind, st.Slug) {
			f[n+"item"] = "Please choose a module or worksheet we have."
		}
		if len([]rune(st.Note)) > 2000 {
			f[n+"note"] = "Please keep the note under 2,000 characters."
		}
		switch st.Rule {
		case RuleStart:
		case RuleAfterDays, RuleAfterPrevious:
			if st.Days < 0 || st.Days > 365 {
				f[n+"days"] = "Please choose between 0 and 365 days."
			}
			if st.Rule == RuleAfterDays && st.Days == 0 {
				f[n+"days"] = "Please choose how many days after the start (1 to 365)."
			}
		case RuleWeekly:
			if st.Kind != assignment.KindWorksheet {
				f[n+"rule"] = "Only worksheets can repeat."
			}
			if st.Weekday < 0 || st.Weekday > 6 {
				f[n+"weekday"] = "Please choose a day of the week."
			}
			if st.Until != "" {
				if _, err := time.Parse("2006-01-02", st.Until); err != nil {
					f[n+"until"] = "Please use a date like 2026-12-01."
				}
			}
			if st.Weeks < 0 || st.Weeks > 104 || (st.Weeks == 0 && st.Until == "") {
				f[n+"weeks"] = "Please choose for how many weeks (1 to 104) or until when."
			}
		default:
			f[n+"rule"] = "Please choose when this step is released."
		}
	}
	return f
}

func (s *Service) known(ctx context.Context, actor auth.Actor) func(kind, slug string) bool {
	return func(kind, slug string) bool { return s.assignments.CanAssign(ctx, actor, kind, slug) }
}

// Create saves a new program of the clinician's own (version 1).
func (s *Service) Create(ctx context.Context, actor auth.Actor, d Draft) (int64, error) {
	if actor.Role != auth.RoleClinician {
		return 0, ErrNotFound
	}
	if f := d.Validate(s.known(ctx, actor)); len(f) > 0 {
		return 0, &ValidationError{Fields: f}
	}
	var id int64
	err := database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		slug := fmt.Sprintf("p-%d", s.now().UnixNano())
		if err := tx.Raw(`INSERT INTO programs (owner_id, slug, created_at, updated_at) VALUES (?, ?, ?, ?) RETURNING id`,
			actor.UserID, slug, s.now(), s.now()).Scan(&id).Error; err != nil {
			return fmt.Errorf("create program: %w", err)
		}
		if err := s.addVersion(tx, id, 1, d, &actor.UserID); err != nil {
			return err
		}
		return s.audit.RecordTx(ctx, tx, actor, actionSaved, "program", id, 0, "created")
	})
	return id, err
}

// Save stores a new version of the clinician's own program. Runs already
// going keep the version they started with.
func (s *Service) Save(ctx context.Context, actor auth.Actor, id int64, d Draft) error {
	p, err := s.Get(ctx, actor, id)
	if err != nil {
		return err
	}
	if p.BuiltIn() {
		return ErrNotFound // built-ins change only with Tend; copy one to edit it
	}
	if f := d.Validate(s.known(ctx, actor)); len(f) > 0 {
		return &ValidationError{Fields: f}
	}
	return database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		if err := s.addVersion(tx, id, p.Version+1, d, &actor.UserID); err != nil {
			return err
		}
		return s.audit.RecordTx(ctx, tx, actor, actionSaved, "program", id, 0, fmt.Sprintf("version %d", p.Version+1))
	})
}

func (s *Service) addVersion(tx *gorm.DB, programID int64, version int, d Draft, by *int64) error {
	for i := range d.Steps {
		d.Steps[i].Note = strings.TrimSpace(d.Steps[i].Note)
	}
	steps, err := json.Marshal(d.Steps)
	if err != nil {
		return fmt.Errorf("program steps: %w", err)
	}
	err = tx.Exec(`INSERT INTO program_versions (program_id, version, title, description, for_couples, steps, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, programID, version, strings.TrimSpace(d.Title), strings.TrimSpace(d.Description),
		d.ForCouples, string(steps), by, s.now()).Error
	if err != nil {
		return fmt.Errorf("program version: %w", err)
	}
	return nil
}

// SyncBuiltins brings the built-in programs into the database: a new one
// is added, a changed one becomes a new version. Idempotent.
func (s *Service) SyncBuiltins(ctx context.Context) error {
	texts, err := builtinTexts()
	if err != nil {
		return err
	}
	for _, b := range Builtins() {
		err := database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
			var id int64
			if err := tx.Raw(`INSERT INTO programs (owner_id, slug) VALUES (NULL, ?) ON CONFLICT (slug) WHERE owner_id IS NULL DO NOTHING RETURNING id`,
				b.Slug).Scan(&id).Error; err != nil {
				return fmt.Errorf("builtin program %s: %w", b.Slug, err)
			}
			var cur versionRow
			if err := tx.Raw(latestSQL+` AND p.owner_id IS NULL AND p.slug = ?`, b.Slug).Scan(&cur).Error; err != nil {
				return fmt.Errorf("builtin program %s: %w", b.Slug, err)
			}
			if id == 0 {
				id = cur.ID
			}
			want, _ := json.Marshal(b.Steps)
			if cur.VersionID != 0 && cur.Title == b.Title && cur.Description == b.Description && cur.ForCouples == b.ForCouples && jsonEqual(cur.Steps, want) {
				return nil
			}
			return s.addVersion(tx, id, cur.Version+1, b.Draft, nil)
		})
		if err != nil {
			return err
		}
	}
	return s.syncTranslations(ctx, texts)
}

func jsonEqual(a, b []byte) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	ax, _ := json.Marshal(x)
	by, _ := json.Marshal(y)
	return string(ax) == string(by)
}

// FieldErrors returns the message per field: ValidationError is a
// fielderr.Error, which the web layer answers with 422.
func (e *ValidationError) FieldErrors() map[string]string { return e.Fields }

var _ fielderr.Error = (*ValidationError)(nil)
