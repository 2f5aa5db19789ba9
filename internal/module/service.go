package module

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/database"
	"github.com/tend-practice/tend/internal/reference"
)

var (
	ErrNotFound = errors.New("module not found")
	// errSlugTaken: a built-in module's slug is already used by a
	// clinician's own module; sync leaves theirs alone.
	errSlugTaken = errors.New("slug used by a practice module")
)

// Visibility of a module.
const (
	Builtin  = "builtin"
	Private  = "private"
	Practice = "practice"
)

// Summary is a module as listed in the library.
type Summary struct {
	ID             int64
	Slug           string
	Visibility     string
	OwnerID        *int64
	VersionID      int64
	Version        int
	Title          string
	Summary        string
	TopicsCSV      string
	ReadingMinutes int
	UpdatedAt      time.Time
	// Languages are the translations the module has, each marked when out
	// of date.
	Languages []LanguageStatus `gorm:"-"`
}

// Topics splits the stored topic list.
func (s Summary) Topics() []string { return splitCSV(s.TopicsCSV) }

// Version is one immutable version of a module, with its references.
type Version struct {
	ID             int64
	ModuleID       int64
	Slug           string
	Visibility     string
	OwnerID        *int64
	Version        int
	Title          string
	Summary        string
	TopicsCSV      string
	ContentNote    string
	Body           string
	ReadingMinutes int
	CreatedAt      time.Time
	// PublishedVersionID is the version an admin last published
	// practice-wide (nil while private). When it is not ID, this version
	// is the owner's draft, which other clinicians do not see yet.
	PublishedVersionID *int64
	// Language is this version's language; SourceLanguage the module's
	// own. A version in another language is a translation of
	// SourceVersionID (nil when made from a version Tend does not have),
	// out of date when that is no longer the module's current version.
	Language        string
	SourceLanguage  string
	SourceVersionID *int64
	OutOfDate       bool
	References      []reference.Reference `gorm:"-"`
	// Languages are the module's translations (filled for staff by Get).
	Languages []LanguageStatus `gorm:"-"`
}

// Translation reports whether v is in another language than its module.
func (v Version) Translation() bool { return v.Language != v.SourceLanguage }

// Topics splits the stored topic list.
func (v Version) Topics() []string { return splitCSV(v.TopicsCSV) }

// VersionInfo is a line of a module's history.
type VersionInfo struct {
	ID        int64
	Version   int
	Title     string
	CreatedAt time.Time
	Author    string
}

// Service is the module library.
type Service struct {
	db    *gorm.DB
	audit *audit.Log
}

// NewService returns the library service.
func NewService(db *gorm.DB, log *audit.Log) *Service { return &Service{db: db, audit: log} }

// visible scopes modules to what actor may see: staff see built-in,
// practice-wide and their own private modules (admins see all, to publish);
// a client sees only modules assigned to them.
func visible(q *gorm.DB, a auth.Actor) *gorm.DB {
	switch a.Role {
	case auth.RoleAdmin:
		return q
	case auth.RoleClinician:
		return q.Where("(m.visibility IN ('builtin', 'practice') OR m.owner_id = ?)", a.UserID)
	case auth.RoleClient:
		return q.Where(`EXISTS (SELECT 1 FROM assignments a JOIN module_versions av ON av.id = a.module_version_id
			WHERE av.module_id = m.id AND a.client_id = ? AND a.withdrawn_at IS NULL)`, a.ClientID)
	}
	return q.Where("false")
}

// shownVersion is the version of module m that a staff member reads and
// assigns: for a clinician other than its owner, a practice-wide module is
// the version an admin last published (publishing is the admin's review),
// not the owner's later drafts; its owner and admins, who review it, read
// the newest one.
func shownVersion(a auth.Actor) (string, []any) {
	if a.Role == auth.RoleClinician {
		return `CASE WHEN m.visibility = 'practice' AND m.owner_id IS DISTINCT FROM ?::bigint
			THEN m.published_version_id ELSE m.current_version_id END`, []any{a.UserID}
	}
	return "m.current_version_id", nil
}

// Draft reports whether v is a change to a practice-wide module that an
// admin has not published yet.
func (v Version) Draft() bool {
	return v.Visibility == Practice && (v.PublishedVersionID == nil || *v.PublishedVersionID != v.ID)
}

const summaryCols = `m.id, m.slug, m.visibility, m.owner_id, v.id AS version_id, v.version, v.title, v.summary,
	array_to_string(v.topics, ',') AS topics_csv, v.reading_minutes, m.updated_at`

// Filter narrows the library listing.
type Filter struct {
	Topic string
	Query string
}

// List returns the modules actor may see, alphabetically or by relevance
// when searching (PostgreSQL full-text search).
func (s *Service) List(ctx context.Context, a auth.Actor, f Filter) ([]Summary, error) {
	shown, args := shownVersion(a)
	q := s.db.WithContext(ctx).Table("modules m").Select(summaryCols).
		Joins("JOIN module_versions v ON v.id = "+shown, args...)
	q = visible(q, a)
	if f.Topic != "" {
		q = q.Where("? = ANY (v.topics)", f.Topic)
	}
	if qs := strings.TrimSpace(f.Query); qs != "" {
		q = q.Where("v.search @@ websearch_to_tsquery('english', ?)", qs).
			Order(gorm.Expr("ts_rank(v.search, websearch_to_tsquery('english', ?)) DESC", qs))
	}
	var out []Summary
	if err := q.Order("v.title").Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("list modules: %w", err)
	}
	if a.Role == auth.RoleClient {
		return out, nil
	}
	ids := make([]int64, 0, len(out))
	for _, m := range out {
		ids = append(ids, m.ID)
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

// Get returns the version of slug that actor should read: the current one
// for staff, the most recently assigned one for a client.
func (s *Service) Get(ctx context.Context, a auth.Actor, slug string) (Version, error) {
	q := s.db.WithContext(ctx).Table("modules m").Where("m.slug = ?", slug)
	q = visible(q, a)
	if a.Role == auth.RoleClient {
		q = q.Joins(`JOIN module_versions v ON v.id = (SELECT a.module_version_id FROM assignments a
			JOIN module_versions av ON av.id = a.module_version_id
			WHERE av.module_id = m.id AND a.client_id = ? AND a.withdrawn_at IS NULL ORDER BY a.created_at DESC LIMIT 1)`, a.ClientID)
	} else {
		shown, args := shownVersion(a)
		q = q.Joins("JOIN module_versions v ON v.id = "+shown, args...)
	}
	v, err := s.scanVersion(ctx, q)
	if err != nil || a.Role == auth.RoleClient {
		return v, err
	}
	langs, err := s.languages(ctx, []int64{v.ModuleID})
	if err != nil {
		return Version{}, err
	}
	v.Languages = langs[v.ModuleID]
	return v, nil
}

// VersionByID loads a pinned version. Callers have already checked that the
// actor may see it (an assignment they own).
func (s *Service) VersionByID(ctx context.Context, id int64) (Version, error) {
	q := s.db.WithContext(ctx).Table("module_versions v").Joins("JOIN modules m ON m.id = v.module_id").Where("v.id = ?", id)
	return s.scanVersion(ctx, q)
}

func (s *Service) scanVersion(ctx context.Context, q *gorm.DB) (Version, error) {
	var v Version
	err := q.Select(`v.id, v.module_id, m.slug, m.visibility, m.owner_id, v.version, v.title, v.summary,
		array_to_string(v.topics, ',') AS topics_csv, v.content_note, v.body, v.reading_minutes, v.created_at, m.published_version_id,
		v.language, m.language AS source_language, v.source_version_id, ` + outOfDateSQL + ` AS out_of_date`).
		Limit(1).Scan(&v).Error
	if err != nil {
		return Version{}, fmt.Errorf("get module: %w", err)
	}
	if v.ID == 0 {
		return Version{}, ErrNotFound
	}
	refs, err := s.references(ctx, v.ID)
	if err != nil {
		return Version{}, err
	}
	v.References = refs
	return v, nil
}

func (s *Service) references(ctx context.Context, versionID int64) ([]reference.Reference, error) {
	return loadReferences(s.db.WithContext(ctx), "module_version_references", versionID)
}

// referenceRow is a bibliography row as read.
type referenceRow struct {
	Key, Type, GroupAuthor, Title, Journal, Volume, Issue, Pages, DOI, Note string
	BookTitle, Edition, Publisher, ReportNumber, SiteName, URL              string
	PublishedOn, AccessedOn                                                 string
	Year                                                                    int
	Authors, Editors                                                        []byte
}

// loadReferences reads the references linked to a version through link
// (module_version_references or module_version_guide_references), in order.
func loadReferences(db *gorm.DB, link string, versionID int64) ([]reference.Reference, error) {
	var rows []referenceRow
	err := db.Raw(`SELECT b.key, b.type, b.group_author, b.title, b.journal, b.volume, b.issue, b.pages, b.doi, b.note,
			b.book_title, b.edition, b.publisher, b.report_number, b.site_name, b.url,
			COALESCE(to_char(b.published_on, 'YYYY-MM-DD'), '') AS published_on,
			COALESCE(to_char(b.accessed_on, 'YYYY-MM-DD'), '') AS accessed_on,
			b.year, b.authors, b.editors
		FROM `+link+` r JOIN bibliography b ON b.id = r.reference_id
		WHERE r.module_version_id = ? ORDER BY r.position`, versionID).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("module references: %w", err)
	}
	out := make([]reference.Reference, 0, len(rows))
	for _, r := range rows {
		ref := reference.Reference{Key: r.Key, Title: r.Title, Journal: r.Journal, Volume: r.Volume, Issue: r.Issue,
			Pages: r.Pages, DOI: r.DOI, Note: r.Note, Year: r.Year, GroupAuthor: r.GroupAuthor, BookTitle: r.BookTitle,
			Edition: r.Edition, Publisher: r.Publisher, ReportNumber: r.ReportNumber, SiteName: r.SiteName, URL: r.URL,
			Date: r.PublishedOn, Accessed: r.AccessedOn}
		if r.Type != string(reference.Article) {
			ref.Type = reference.Type(r.Type)
		}
		if err := json.Unmarshal(r.Authors, &ref.Authors); err != nil {
			return nil, fmt.Errorf("reference %s authors: %w", r.Key, err)
		}
		if err := json.Unmarshal(r.Editors, &ref.Editors); err != nil {
			return nil, fmt.Errorf("reference %s editors: %w", r.Key, err)
		}
		if len(ref.Authors) == 0 {
			ref.Authors = nil
		}
		if len(ref.Editors) == 0 {
			ref.Editors = nil
		}
		out = append(out, ref)
	}
	return out, nil
}

// History lists a module's versions, newest first, for staff.
func (s *Service) History(ctx context.Context, a auth.Actor, slug string) ([]VersionInfo, error) {
	if a.Role == auth.RoleClient {
		return nil, nil
	}
	q := s.db.WithContext(ctx).Table("modules m").Where("m.slug = ?", slug)
	shown, args := shownVersion(a)
	// Versions after the one this viewer reads are drafts not published yet.
	q = visible(q, a).Joins("JOIN module_versions v ON v.module_id = m.id").Joins("LEFT JOIN users u ON u.id = v.created_by").
		Where("v.id <= "+shown, args...).Where("v.language = m.language").
		Select("v.id, v.version, v.title, v.created_at, COALESCE(NULLIF(u.display_name, ''), u.email, 'Tend') AS author")
	var out []VersionInfo
	if err := q.Order("v.version DESC").Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("module history: %w", err)
	}
	return out, nil
}

// CurrentVersionForAssign returns the version a clinician would assign now.
func (s *Service) CurrentVersionForAssign(ctx context.Context, a auth.Actor, slug string) (Version, error) {
	if a.Role != auth.RoleClinician {
		return Version{}, ErrNotFound
	}
	return s.Get(ctx, a, slug)
}

// Sync brings the built-in modules into the database. An unchanged file
// changes nothing; a changed one becomes a new version.
func (s *Service) Sync(ctx context.Context, defs []Definition, refs []reference.Reference) error {
	return database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		// One sync at a time, across app instances starting together.
		if err := tx.Exec("SELECT pg_advisory_xact_lock(727001)").Error; err != nil {
			return err
		}
		byKey := map[string]reference.Reference{}
		for _, r := range refs {
			byKey[r.Key] = r
		}
		for _, d := range defs {
			var drefs []reference.Reference
			for _, k := range d.References {
				drefs = append(drefs, byKey[k])
			}
			if _, err := saveVersion(ctx, tx, d, drefs, Builtin, nil); err != nil && !errors.Is(err, errSlugTaken) {
				return err
			}
		}
		return nil
	})
}

// saveVersion creates the module if needed and adds a version when the
// content differs from the current one. It returns the current version id.
func saveVersion(ctx context.Context, tx *gorm.DB, d Definition, refs []reference.Reference, visibility string, author *int64) (int64, error) {
	var m struct {
		ID               int64
		Visibility       string
		CurrentVersionID *int64
		Checksum         *string
		FileSHA256       *string
	}
	err := tx.Raw(`SELECT m.id, m.visibility, m.current_version_id, v.checksum, v.file_sha256 FROM modules m
		LEFT JOIN module_versions v ON v.id = m.current_version_id WHERE m.slug = ? FOR UPDATE OF m`, d.Slug).Scan(&m).Error
	if err != nil {
		return 0, fmt.Errorf("find module %s: %w", d.Slug, err)
	}
	if m.ID != 0 && (m.Visibility == Builtin) != (visibility == Builtin) {
		return 0, errSlugTaken
	}
	sum := d.checksum(refs)
	if m.Checksum != nil && *m.Checksum == sum {
		// A version saved before files were hashed learns its hashes, so
		// translations made from it can find it.
		if d.FileSHA256 != "" && m.FileSHA256 != nil && *m.FileSHA256 == "" {
			if err := tx.Exec(`UPDATE module_versions SET file_sha256 = ?, guide_sha256 = ? WHERE id = ?`,
				d.FileSHA256, d.GuideSHA256, *m.CurrentVersionID).Error; err != nil {
				return 0, fmt.Errorf("record file hash of %s: %w", d.Slug, err)
			}
		}
		return *m.CurrentVersionID, nil
	}
	if m.ID == 0 {
		if err := tx.Raw(`INSERT INTO modules (slug, visibility, owner_id) VALUES (?, ?, ?) RETURNING id`,
			d.Slug, visibility, author).Scan(&m.ID).Error; err != nil {
			return 0, fmt.Errorf("create module %s: %w", d.Slug, err)
		}
	}
	var vid int64
	err = tx.Raw(`INSERT INTO module_versions (module_id, language, version, title, summary, topics, content_note, body, reading_minutes, checksum, created_by, guide,
			file_sha256, guide_sha256)
		SELECT m.id, m.language, COALESCE((SELECT max(version) FROM module_versions WHERE module_id = m.id AND language = m.language), 0) + 1,
			?, ?, string_to_array(?, ','), ?, ?, ?, ?, ?, ?, ?, ?
		FROM modules m WHERE m.id = ?
		RETURNING id`, d.Title, d.Summary, strings.Join(d.Topics, ","), d.ContentNote, d.Body, d.ReadingMinutes(), sum, author, d.Guide.Body,
		d.FileSHA256, d.GuideSHA256, m.ID).
		Scan(&vid).Error
	if err != nil {
		return 0, fmt.Errorf("add version of %s: %w", d.Slug, err)
	}
	if err := linkReferences(tx, "module_version_references", vid, refs, author); err != nil {
		return 0, err
	}
	if err := linkReferences(tx, "module_version_guide_references", vid, d.Guide.References, author); err != nil {
		return 0, err
	}
	if err := tx.Exec(`UPDATE modules SET current_version_id = ?, updated_at = now() WHERE id = ?`, vid, m.ID).Error; err != nil {
		return 0, fmt.Errorf("set current version: %w", err)
	}
	return vid, nil
}

// linkReferences saves refs and links them, in order, to version vid
// through link (module_version_references or module_version_guide_references).
func linkReferences(tx *gorm.DB, link string, vid int64, refs []reference.Reference, author *int64) error {
	for i, r := range refs {
		rid, err := upsertReference(tx, r, author)
		if err != nil {
			return err
		}
		if err := tx.Exec(`INSERT INTO `+link+` (module_version_id, position, reference_id) VALUES (?, ?, ?)`,
			vid, i+1, rid).Error; err != nil {
			return fmt.Errorf("link reference: %w", err)
		}
	}
	return nil
}

func upsertReference(tx *gorm.DB, r reference.Reference, owner *int64) (int64, error) {
	authors, err := json.Marshal(nonNilAuthors(r.Authors))
	if err != nil {
		return 0, err
	}
	editors, err := json.Marshal(nonNilAuthors(r.Editors))
	if err != nil {
		return 0, err
	}
	hash, err := contentHash(r)
	if err != nil {
		return 0, err
	}
	// One row per (key, content): the same content reuses its row, changed
	// content gets a new one, so earlier versions keep citing what they cited.
	var id int64
	err = tx.Raw(`INSERT INTO bibliography (key, content_hash, type, authors, group_author, editors, year, published_on,
			title, journal, volume, issue, pages, book_title, edition, publisher, report_number, site_name, url,
			accessed_on, doi, note, owner_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, NULLIF(?, '')::date, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, '')::date, ?, ?, ?)
		ON CONFLICT (key, content_hash) DO UPDATE SET key = EXCLUDED.key
		RETURNING id`, r.Key, hash, string(r.Kind()), authors, r.GroupAuthor, editors, r.Year, r.Date, r.Title,
		r.Journal, r.Volume, r.Issue, r.Pages, r.BookTitle, r.Edition, r.Publisher, r.ReportNumber, r.SiteName, r.URL,
		r.Accessed, r.DOI, r.Note, owner).Scan(&id).Error
	if err != nil {
		return 0, fmt.Errorf("save reference %s: %w", r.Key, err)
	}
	return id, nil
}

// contentHash identifies everything a reference says.
func contentHash(r reference.Reference) (string, error) {
	b, err := json.Marshal(r)
	if err != nil {
		return "", fmt.Errorf("hash reference %s: %w", r.Key, err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

func nonNilAuthors(a []reference.Author) []reference.Author {
	if a == nil {
		return []reference.Author{}
	}
	return a
}

func splitCSV(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}
