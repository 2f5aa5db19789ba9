package worksheet

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"

	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/contentlang"
	"github.com/tend-practice/tend/internal/database"
	"github.com/tend-practice/tend/internal/worksheet/builtin"
)

// Translation is a built-in worksheet in another language, with the sha256
// of the English file it was made from (its folder's sources.yaml).
type Translation struct {
	Language     string
	Schema       Schema
	SourceSHA256 string
}

// BuiltinSet is everything the built-in worksheet files hold: the English
// schemas, each file's sha256 (by slug), and the translations.
type BuiltinSet struct {
	Schemas      []Schema
	FileSHA256   map[string]string
	Translations []Translation
}

// LoadBuiltins reads the built-in worksheets and their translations from
// the embedded files.
func LoadBuiltins() (BuiltinSet, error) { return LoadBuiltinsFrom(builtin.FS) }

// LoadBuiltinsFrom is LoadBuiltins from another folder of the same layout.
func LoadBuiltinsFrom(fsys fs.FS) (BuiltinSet, error) { return loadBuiltins(fsys) }

func loadBuiltins(fsys fs.FS) (BuiltinSet, error) {
	schemas, err := builtinSchemas(fsys)
	if err != nil {
		return BuiltinSet{}, err
	}
	set := BuiltinSet{Schemas: schemas, FileSHA256: map[string]string{}}
	bySlug := map[string]Schema{}
	for _, s := range schemas {
		bySlug[s.Slug] = s
		raw, err := fs.ReadFile(fsys, s.Slug+".json")
		if err != nil {
			return BuiltinSet{}, err
		}
		set.FileSHA256[s.Slug] = fileHash(raw)
	}
	for _, lang := range contentlang.Translated {
		files, err := fs.Glob(fsys, lang+"/*.json")
		if err != nil {
			return BuiltinSet{}, err
		}
		sort.Strings(files)
		sources, err := contentlang.LoadSources(fsys, lang+"/sources.yaml", len(files) > 0)
		if err != nil {
			return BuiltinSet{}, fmt.Errorf("worksheet: %w", err)
		}
		for _, name := range files {
			data, err := fs.ReadFile(fsys, name)
			if err != nil {
				return BuiltinSet{}, fmt.Errorf("worksheet: read %s: %w", name, err)
			}
			s, err := Parse(data)
			if err != nil {
				return BuiltinSet{}, fmt.Errorf("worksheet: %s: %w", name, err)
			}
			slug := strings.TrimSuffix(path.Base(name), ".json")
			if s.Slug != slug {
				return BuiltinSet{}, fmt.Errorf("worksheet: %s: slug %q does not match the file name", name, s.Slug)
			}
			src, ok := bySlug[slug]
			if !ok {
				return BuiltinSet{}, fmt.Errorf("worksheet: %s: no built-in worksheet %q to translate", name, slug)
			}
			if err := SameStructure(src, s); err != nil {
				return BuiltinSet{}, fmt.Errorf("worksheet: %s is not a translation of %s.json: %w", name, slug, err)
			}
			sha, ok := sources[slug]
			if !ok {
				return BuiltinSet{}, fmt.Errorf("worksheet: %s/sources.yaml: no entry for %q", lang, slug)
			}
			set.Translations = append(set.Translations, Translation{Language: lang, Schema: s, SourceSHA256: sha})
		}
	}
	return set, nil
}

func fileHash(raw []byte) string {
	sum := sha256.Sum256(raw)
	return hex.EncodeToString(sum[:])
}

// SameStructure reports how tr differs from src in anything but its texts:
// a translation has the same sections and fields in the same order, with
// the same ids, types, requirements, bounds, privacy and option values, and
// the same flag rules (field, operator, value, severity). Answers to one
// can then be read, flagged and compared against the other.
func SameStructure(src, tr Schema) error {
	if src.Slug != tr.Slug {
		return fmt.Errorf("slug %q, want %q", tr.Slug, src.Slug)
	}
	if len(src.Sections) != len(tr.Sections) {
		return fmt.Errorf("%d sections, want %d", len(tr.Sections), len(src.Sections))
	}
	for i, sec := range src.Sections {
		got := tr.Sections[i]
		if len(sec.Fields) != len(got.Fields) {
			return fmt.Errorf("section %d: %d fields, want %d", i+1, len(got.Fields), len(sec.Fields))
		}
		if (sec.Heading == "") != (got.Heading == "") {
			return fmt.Errorf("section %d: a heading where the source has none, or none where it has one", i+1)
		}
		for j, f := range sec.Fields {
			if err := sameField(f, got.Fields[j]); err != nil {
				return fmt.Errorf("section %d, field %d: %w", i+1, j+1, err)
			}
		}
	}
	if len(src.FlagRules) != len(tr.FlagRules) {
		return fmt.Errorf("%d flag rules, want %d", len(tr.FlagRules), len(src.FlagRules))
	}
	for i, r := range src.FlagRules {
		g := tr.FlagRules[i]
		if r.Field != g.Field || r.Op != g.Op || r.Level() != g.Level() || !sameJSON(r.Value, g.Value) {
			return fmt.Errorf("flag rule %d: %s %s %s (%s), want %s %s %s (%s)", i+1,
				g.Field, g.Op, g.Value, g.Level(), r.Field, r.Op, r.Value, r.Level())
		}
	}
	return nil
}

func sameField(f, g Field) error {
	if f.ID != g.ID {
		return fmt.Errorf("id %q, want %q", g.ID, f.ID)
	}
	if f.Type != g.Type || f.Required != g.Required || f.Private != g.Private || f.MaxLength != g.MaxLength {
		return fmt.Errorf("%s: type, required, private or max_length differ from the source", f.ID)
	}
	if !sameInt(f.Min, g.Min) || !sameInt(f.Max, g.Max) {
		return fmt.Errorf("%s: min or max differ from the source", f.ID)
	}
	values := func(opts []Option) []string {
		var v []string
		for _, o := range opts {
			v = append(v, o.Value)
		}
		return v
	}
	if a, b := values(f.Options), values(g.Options); !slices.Equal(a, b) {
		return fmt.Errorf("%s: option values %q, want %q", f.ID, b, a)
	}
	return nil
}

func sameInt(a, b *int) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

func sameJSON(a, b json.RawMessage) bool {
	var x, y bytes.Buffer
	if len(a) == 0 || len(b) == 0 {
		return len(a) == len(b)
	}
	if json.Compact(&x, a) != nil || json.Compact(&y, b) != nil {
		return false
	}
	return bytes.Equal(x.Bytes(), y.Bytes())
}

// SyncBuiltins is Sync for the whole set: the English schemas (recording
// each file's hash), then each translation, linked to the English version
// whose file hash its sources.yaml names (none when Tend never had that
// file: it then shows as out of date).
func (s *Service) SyncBuiltins(ctx context.Context, set BuiltinSet) error {
	return database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		if err := tx.Exec("SELECT pg_advisory_xact_lock(727002)").Error; err != nil {
			return err
		}
		for _, sc := range set.Schemas {
			if _, err := saveVersion(tx, sc, Builtin, nil, set.FileSHA256[sc.Slug]); err != nil && !errors.Is(err, errSlugTaken) {
				return err
			}
		}
		for _, t := range set.Translations {
			var w struct {
				ID         int64
				Visibility string
			}
			if err := tx.Raw(`SELECT id, visibility FROM worksheets WHERE slug = ?`, t.Schema.Slug).Scan(&w).Error; err != nil {
				return fmt.Errorf("find worksheet %s: %w", t.Schema.Slug, err)
			}
			if w.Visibility != Builtin {
				continue
			}
			var ids []int64
			if err := tx.Raw(`SELECT v.id FROM worksheet_versions v JOIN worksheets w ON w.id = v.worksheet_id
				WHERE v.worksheet_id = ? AND v.language = w.language AND v.file_sha256 = ? ORDER BY v.version DESC LIMIT 1`,
				w.ID, t.SourceSHA256).Scan(&ids).Error; err != nil {
				return fmt.Errorf("find source of %s/%s: %w", t.Language, t.Schema.Slug, err)
			}
			var source *int64
			if len(ids) == 1 {
				source = &ids[0]
			}
			if _, err := saveTranslation(tx, w.ID, t.Language, t.Schema, source, t.SourceSHA256, nil); err != nil {
				return err
			}
		}
		return nil
	})
}

// saveTranslation adds a version of worksheet wid in lang when the schema
// or its source differs from the newest one in that language.
func saveTranslation(tx *gorm.DB, wid int64, lang string, sc Schema, source *int64, fileSHA string, author *int64) (int64, error) {
	raw, err := json.Marshal(sc)
	if err != nil {
		return 0, fmt.Errorf("encode worksheet %s: %w", sc.Slug, err)
	}
	h := sha256.Sum256(raw)
	sum := hex.EncodeToString(h[:])
	if source != nil {
		sum = fmt.Sprintf("%s:%d", sum, *source)
	}
	var cur struct {
		ID       int64
		Checksum string
	}
	if err := tx.Raw(`SELECT id, checksum FROM worksheet_versions WHERE worksheet_id = ? AND language = ? ORDER BY version DESC LIMIT 1`,
		wid, lang).Scan(&cur).Error; err != nil {
		return 0, fmt.Errorf("find %s translation of %s: %w", lang, sc.Slug, err)
	}
	if cur.ID != 0 && cur.Checksum == sum {
		return cur.ID, nil
	}
	var vid int64
	err = tx.Raw(`INSERT INTO worksheet_versions (worksheet_id, language, source_version_id, file_sha256, version, title, summary, schema, checksum, created_by)
		VALUES (?, ?, ?, ?, COALESCE((SELECT max(version) FROM worksheet_versions WHERE worksheet_id = ? AND language = ?), 0) + 1, ?, ?, ?, ?, ?)
		RETURNING id`, wid, lang, source, fileSHA, wid, lang, sc.Title, sc.Summary, raw, sum, author).Scan(&vid).Error
	if err != nil {
		return 0, fmt.Errorf("add %s version of %s: %w", lang, sc.Slug, err)
	}
	return vid, nil
}

// outOfDateSQL is true for a translation (v) whose source is no longer its
// worksheet's (w) current version.
const outOfDateSQL = `(v.language <> w.language AND v.source_version_id IS DISTINCT FROM w.current_version_id)`

// LanguageStatus is one language a worksheet has beyond its own.
type LanguageStatus struct {
	Language  string
	OutOfDate bool
}

func (s *Service) languages(ctx context.Context, ids []int64) (map[int64][]LanguageStatus, error) {
	out := map[int64][]LanguageStatus{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		WorksheetID int64
		Language    string
		OutOfDate   bool
	}
	err := s.db.WithContext(ctx).Raw(`SELECT DISTINCT ON (v.worksheet_id, v.language) v.worksheet_id, v.language, `+outOfDateSQL+` AS out_of_date
		FROM worksheet_versions v JOIN worksheets w ON w.id = v.worksheet_id
		WHERE v.worksheet_id IN ? AND v.language <> w.language
		ORDER BY v.worksheet_id, v.language, v.version DESC`, ids).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("worksheet languages: %w", err)
	}
	for _, r := range rows {
		out[r.WorksheetID] = append(out[r.WorksheetID], LanguageStatus{Language: r.Language, OutOfDate: r.OutOfDate})
	}
	for id := range out {
		sort.Slice(out[id], func(i, j int) bool {
			return contentlang.Order(out[id][i].Language) < contentlang.Order(out[id][j].Language)
		})
	}
	return out, nil
}

// GetIn is Get in a language: the newest translation of slug into lang,
// ErrNotFound when there is none. lang "" or the worksheet's own is Get.
func (s *Service) GetIn(ctx context.Context, a auth.Actor, slug, lang string) (Version, error) {
	src, err := s.Get(ctx, a, slug)
	if err != nil || lang == "" || lang == src.Language {
		return src, err
	}
	q := s.db.WithContext(ctx).Table("worksheets w").Where("w.id = ?", src.WorksheetID).
		Joins(`JOIN worksheet_versions v ON v.id = (SELECT t.id FROM worksheet_versions t WHERE t.worksheet_id = w.id AND t.language = ?
			ORDER BY t.version DESC LIMIT 1)`, lang)
	v, err := s.scan(q)
	if err != nil {
		return Version{}, err
	}
	v.Languages = src.Languages
	return v, nil
}

// VersionForAssign is the version a clinician would assign now to a client
// reading lang: the newest translation into lang, or Get's version when
// there is none (translated false).
func (s *Service) VersionForAssign(ctx context.Context, a auth.Actor, slug, lang string) (v Version, translated bool, err error) {
	src, err := s.Get(ctx, a, slug)
	if err != nil || lang == "" || lang == src.Language {
		return src, err == nil, err
	}
	t, err := s.GetIn(ctx, a, slug, lang)
	if errors.Is(err, ErrNotFound) {
		return src, false, nil
	}
	if err != nil {
		return Version{}, false, err
	}
	return t, true, nil
}

// Name is the language's English name ("Spanish").
func (l LanguageStatus) Name() string { return contentlang.Name(l.Language) }
