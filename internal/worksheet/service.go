package worksheet

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/database"
)

// ErrNotFound is a worksheet the actor may not see, or that does not exist.
var ErrNotFound = errors.New("worksheet not found")

// errSlugTaken: a built-in worksheet's slug is already used by a clinician's
// own worksheet; sync leaves theirs alone.
var errSlugTaken = errors.New("slug used by a practice worksheet")

// Visibility of a worksheet.
const (
	Builtin  = "builtin"
	Private  = "private"
	Practice = "practice"
)

// Summary is a worksheet as listed in the library.
type Summary struct {
	ID         int64
	Slug       string
	Visibility string
	OwnerID    *int64
	VersionID  int64
	Version    int
	Title      string
	Summary    string
	UpdatedAt  time.Time
	// Languages are the translations the worksheet has, each marked when
	// out of date.
	Languages []LanguageStatus `gorm:"-"`
}

// Version is one immutable version of a worksheet with its parsed schema.
type Version struct {
	ID          int64
	WorksheetID int64
	Slug        string
	Visibility  string
	OwnerID     *int64
	Version     int
	Title       string
	CreatedAt   time.Time
	// PublishedVersionID is the version an admin last published
	// practice-wide (nil while private). When it is not ID, this version
	// is the owner's draft, which other clinicians do not see yet.
	PublishedVersionID *int64
	// Language is this version's language; SourceLanguage the worksheet's
	// own. A version in another language is a translation of
	// SourceVersionID (nil when made from a version Tend does not have),
	// out of date when that is no longer the worksheet's current version.
	Language        string
	SourceLanguage  string
	SourceVersionID *int64
	OutOfDate       bool
	Schema          Schema `gorm:"-"`
	// Languages are the worksheet's translations (filled for staff by Get).
	Languages []LanguageStatus `gorm:"-"`
}

// Translation reports whether v is in another language than its worksheet.
func (v Version) Translation() bool { return v.Language != v.SourceLanguage }

// Draft reports whether v is a change to a practice-wide worksheet that an
// admin has not published yet.
func (v Version) Draft() bool {
	return v.Visibility == Practice && (v.PublishedVersionID == nil || *v.PublishedVersionID != v.ID)
}

// shownVersion is the version of worksheet w that a staff member reads and
// assigns: for a clinician other than its owner, a practice-wide worksheet
// is the version an admin last published (publishing is the admin's
// review), not the owner's later drafts; its owner and admins, who review
// it, read the newest one.
func shownVersion(a auth.Actor) (string, []any) {
	if a.Role == auth.RoleClinician {
		return `CASE WHEN w.visibility = 'practice' AND w.owner_id IS DISTINCT FROM ?::bigint
			THEN w.published_version_id ELSE w.current_version_id END`, []any{a.UserID}
	}
	return "w.current_version_id", nil
}

// Service is the worksheet library's storage and rules.
type Service struct {
	db    *gorm.DB
	audit *audit.Log
}

// NewService returns the worksheet service.
func NewService(db *gorm.DB, log *audit.Log) *Service { return &Service{db: db, audit: log} }

// visible scopes worksheets to actor: staff see built-in, practice-wide and
// their own; clients see worksheets through their assignments only.
func visible(q *gorm.DB, a auth.Actor) *gorm.DB {
	switch a.Role {
	case auth.RoleAdmin:
		return q
	case auth.RoleClinician:
		return q.Where("(w.visibility IN ('builtin', 'practice') OR w.owner_id = ?)", a.UserID)
	}
	return q.Where("false")
}

// List returns the worksheets actor may see, by title.
func (s *Service) List(ctx context.Context, a auth.Actor) ([]Summary, error) {
	shown, args := shownVersion(a)
	q := s.db.WithContext(ctx).Table("worksheets w").
		Select("w.id, w.slug, w.visibility, w.owner_id, v.id AS version_id, v.version, v.title, v.summary, w.updated_at").
		Joins("JOIN worksheet_versions v ON v.id = "+shown, args...)
	var out []Summary
	if err := visible(q, a).Order("v.title").Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("list worksheets: %w", err)
	}
	ids := make([]int64, 0, len(out))
	for _, w := range out {
		ids = append(ids, w.ID)
	}
	langs, err := s.languages(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Languages = langs[out[i].ID]
	}
	return out, nil
}

// Get returns the version of slug that actor reads and assigns now
// (shownVersion), if actor may see it.
func (s *Service) Get(ctx context.Context, a auth.Actor, slug string) (Version, error) {
	shown, args := shownVersion(a)
	q := s.db.WithContext(ctx).Table("worksheets w").Where("w.slug = ?", slug).
		Joins("JOIN worksheet_versions v ON v.id = "+shown, args...)
	v, err := s.scan(visible(q, a))
	if err != nil {
		return Version{}, err
	}
	langs, err := s.languages(ctx, []int64{v.WorksheetID})
	if err != nil {
		return Version{}, err
	}
	v.Languages = langs[v.WorksheetID]
	return v, nil
}

// VersionByID loads a pinned version. Callers have already checked that the
// actor may see it (an assignment they own).
func (s *Service) VersionByID(ctx context.Context, id int64) (Version, error) {
	q := s.db.WithContext(ctx).Table("worksheet_versions v").Joins("JOIN worksheets w ON w.id = v.worksheet_id").Where("v.id = ?", id)
	return s.scan(q)
}

// VersionsByID returns the versions with these ids, in one query; an id
// with no version is missing from the map.
func (s *Service) VersionsByID(ctx context.Context, ids []int64) (map[int64]Version, error) {
	out := make(map[int64]Version, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		Version
		SchemaJSON []byte
	}
	err := s.db.WithContext(ctx).Table("worksheet_versions v").Joins("JOIN worksheets w ON w.id = v.worksheet_id").
		Select(versionCols).Where("v.id IN ?", ids).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("get worksheets: %w", err)
	}
	for _, row := range rows {
		v := row.Version
		if err := json.Unmarshal(row.SchemaJSON, &v.Schema); err != nil {
			return nil, fmt.Errorf("worksheet %d schema: %w", v.ID, err)
		}
		out[v.ID] = v
	}
	return out, nil
}

const versionCols = `v.id, v.worksheet_id, w.slug, w.visibility, w.owner_id, v.version, v.title, v.created_at, w.published_version_id, v.schema AS schema_json,
	v.language, w.language AS source_language, v.source_version_id, ` + outOfDateSQL + ` AS out_of_date`

func (s *Service) scan(q *gorm.DB) (Version, error) {
	var row struct {
		Version
		SchemaJSON []byte
	}
	err := q.Select(versionCols).
		Limit(1).Scan(&row).Error
	if err != nil {
		return Version{}, fmt.Errorf("get worksheet: %w", err)
	}
	if row.ID == 0 {
		return Version{}, ErrNotFound
	}
	v := row.Version
	if err := json.Unmarshal(row.SchemaJSON, &v.Schema); err != nil {
		return Version{}, fmt.Errorf("worksheet %d schema: %w", v.ID, err)
	}
	return v, nil
}

// Sync brings the built-in worksheets into the database: an unchanged one
// changes nothing, a changed one becomes a new version, and assignments keep
// the version they pinned.
func (s *Service) Sync(ctx context.Context, schemas []Schema) error {
	return s.SyncBuiltins(ctx, BuiltinSet{Schemas: schemas})
}

// Save stores sc as a new version of a private worksheet owned by actor
// (or creates it). It refuses to touch another owner's worksheet.
func (s *Service) Save(ctx context.Context, a auth.Actor, sc Schema) (int64, error) {
	if err := sc.Validate(); err != nil {
		return 0, err
	}
	var id int64
	err := database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		var owner struct {
			OwnerID    *int64
			Visibility string
		}
		if err := tx.Raw(`SELECT owner_id, visibility FROM worksheets WHERE slug = ?`, sc.Slug).Scan(&owner).Error; err != nil {
			return err
		}
		if owner.Visibility != "" && (owner.OwnerID == nil || *owner.OwnerID != a.UserID) {
			return ErrNotFound
		}
		var err error
		if id, err = saveVersion(tx, sc, Private, &a.UserID, ""); err != nil {
			return err
		}
		return s.audit.RecordTx(ctx, tx, a, audit.WorksheetSaved, "worksheet_version", id, 0, sc.Slug)
	})
	return id, err
}

// Publish makes a worksheet visible practice-wide, as it is now (admins
// only: publishing is the review). A practice-wide worksheet whose owner
// has saved a change since is published again and the change goes live;
// one with no change pending changes nothing. A built-in or missing
// worksheet is ErrNotFound.
func (s *Service) Publish(ctx context.Context, a auth.Actor, slug string) error {
	if a.Role != auth.RoleAdmin {
		return ErrNotFound
	}
	return database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		var w struct {
			ID                 int64
			Visibility         string
			CurrentVersionID   *int64
			PublishedVersionID *int64
		}
		if err := tx.Raw(`SELECT id, visibility, current_version_id, published_version_id FROM worksheets WHERE slug = ? FOR UPDATE`,
			slug).Scan(&w).Error; err != nil {
			return fmt.Errorf("find worksheet %s: %w", slug, err)
		}
		switch {
		case w.Visibility != Private && w.Visibility != Practice, w.CurrentVersionID == nil:
			return ErrNotFound
		case w.Visibility == Practice && w.PublishedVersionID != nil && *w.PublishedVersionID == *w.CurrentVersionID:
			return nil
		}
		if err := tx.Exec(`UPDATE worksheets SET visibility = ?, published_version_id = current_version_id, updated_at = now() WHERE id = ?`,
			Practice, w.ID).Error; err != nil {
			return fmt.Errorf("publish worksheet %s: %w", slug, err)
		}
		return s.audit.RecordTx(ctx, tx, a, audit.Published, "worksheet", w.ID, 0, slug)
	})
}

func saveVersion(tx *gorm.DB, sc Schema, visibility string, author *int64, fileSHA string) (int64, error) {
	raw, err := json.Marshal(sc)
	if err != nil {
		return 0, fmt.Errorf("encode worksheet %s: %w", sc.Slug, err)
	}
	h := sha256.Sum256(raw)
	sum := hex.EncodeToString(h[:])
	var w struct {
		ID               int64
		Visibility       string
		CurrentVersionID *int64
		Checksum         *string
		FileSHA256       *string
	}
	// The row lock serialises two saves of the same worksheet.
	err = tx.Raw(`SELECT w.id, w.visibility, w.current_version_id, v.checksum, v.file_sha256 FROM worksheets w
		LEFT JOIN worksheet_versions v ON v.id = w.current_version_id WHERE w.slug = ? FOR UPDATE OF w`, sc.Slug).Scan(&w).Error
	if err != nil {
		return 0, fmt.Errorf("find worksheet %s: %w", sc.Slug, err)
	}
	if w.ID != 0 && (w.Visibility == Builtin) != (visibility == Builtin) {
		return 0, errSlugTaken
	}
	if w.Checksum != nil && *w.Checksum == sum {
		// A version saved before files were hashed learns its hash, so
		// translations made from it can find it.
		if fileSHA != "" && w.FileSHA256 != nil && *w.FileSHA256 == "" {
			if err := tx.Exec(`UPDATE worksheet_versions SET file_sha256 = ? WHERE id = ?`, fileSHA, *w.CurrentVersionID).Error; err != nil {
				return 0, fmt.Errorf("record file hash of %s: %w", sc.Slug, err)
			}
		}
		return *w.CurrentVersionID, nil
	}
	if w.ID == 0 {
		if err := tx.Raw(`INSERT INTO worksheets (slug, visibility, owner_id) VALUES (?, ?, ?) RETURNING id`,
			sc.Slug, visibility, author).Scan(&w.ID).Error; err != nil {
			return 0, fmt.Errorf("create worksheet %s: %w", sc.Slug, err)
		}
	}
	var vid int64
	err = tx.Raw(`INSERT INTO worksheet_versions (worksheet_id, language, version, title, summary, schema, checksum, created_by, file_sha256)
		SELECT w.id, w.language, COALESCE((SELECT max(version) FROM worksheet_versions WHERE worksheet_id = w.id AND language = w.language), 0) + 1,
			?, ?, ?, ?, ?, ?
		FROM worksheets w WHERE w.id = ?
		RETURNING id`, sc.Title, sc.Summary, raw, sum, author, fileSHA, w.ID).Scan(&vid).Error
	if err != nil {
		return 0, fmt.Errorf("add version of %s: %w", sc.Slug, err)
	}
	if err := tx.Exec(`UPDATE worksheets SET current_version_id = ?, updated_at = now() WHERE id = ?`, vid, w.ID).Error; err != nil {
		return 0, fmt.Errorf("set current version: %w", err)
	}
	return vid, nil
}
