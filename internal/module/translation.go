package module

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
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
	"github.com/tend-practice/tend/internal/reference"
)

// Translation is a built-in module in another language: the translated
// file (and guide, where translated) and the sha256 of the English files
// it was made from, as its folder's sources.yaml records them.
type Translation struct {
	Language string
	Definition
	// SourceSHA256 and GuideSourceSHA256 name the English module file and
	// guide file the translation was made from.
	SourceSHA256      string
	GuideSourceSHA256 string
}

// fileHash is the hex sha256 of a file's bytes, as sources.yaml records it.
func fileHash(raw []byte) string {
	sum := sha256.Sum256(raw)
	return hex.EncodeToString(sum[:])
}

// BuiltinTranslations reads <lang>/<slug>.md and guides/<lang>/<slug>.md
// for every language Tend translates into, with each folder's
// sources.yaml. A translation must be of a built-in module in defs, cite
// exactly the references its English file cites (and its guide those of
// the English guide), and be listed in sources.yaml.
func BuiltinTranslations(fsys fs.FS, defs []Definition) ([]Translation, error) {
	bySlug := map[string]Definition{}
	for _, d := range defs {
		bySlug[d.Slug] = d
	}
	var out []Translation
	for _, lang := range contentlang.Translated {
		files, err := fs.Glob(fsys, lang+"/*.md")
		if err != nil {
			return nil, err
		}
		sort.Strings(files)
		sources, err := contentlang.LoadSources(fsys, lang+"/sources.yaml", len(files) > 0)
		if err != nil {
			return nil, err
		}
		index := map[string]int{}
		for _, f := range files {
			raw, err := fs.ReadFile(fsys, f)
			if err != nil {
				return nil, err
			}
			d, err := Parse(raw)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", f, err)
			}
			slug := strings.TrimSuffix(path.Base(f), ".md")
			if d.Slug != slug {
				return nil, fmt.Errorf("%s: slug %q does not match the file name", f, d.Slug)
			}
			src, ok := bySlug[slug]
			if !ok {
				return nil, fmt.Errorf("%s: no built-in module %q to translate", f, slug)
			}
			if !slices.Equal(d.References, src.References) {
				return nil, fmt.Errorf("%s: references %q, want the English file's %q", f, d.References, src.References)
			}
			if !slices.Equal(d.Topics, src.Topics) {
				return nil, fmt.Errorf("%s: topics %q, want the English file's %q", f, d.Topics, src.Topics)
			}
			sha, ok := sources[slug]
			if !ok {
				return nil, fmt.Errorf("%s/sources.yaml: no entry for %q", lang, slug)
			}
			index[slug] = len(out)
			out = append(out, Translation{Language: lang, Definition: d, SourceSHA256: sha})
		}
		guides, err := fs.Glob(fsys, "guides/"+lang+"/*.md")
		if err != nil {
			return nil, err
		}
		sort.Strings(guides)
		gsources, err := contentlang.LoadSources(fsys, "guides/"+lang+"/sources.yaml", len(guides) > 0)
		if err != nil {
			return nil, err
		}
		for _, f := range guides {
			raw, err := fs.ReadFile(fsys, f)
			if err != nil {
				return nil, err
			}
			slug, body, keys, err := parseGuide(raw, false)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", f, err)
			}
			if slug != strings.TrimSuffix(path.Base(f), ".md") {
				return nil, fmt.Errorf("%s: module %q does not match the file name", f, slug)
			}
			i, ok := index[slug]
			if !ok {
				return nil, fmt.Errorf("%s: no %s translation of module %q beside it", f, lang, slug)
			}
			src := bySlug[slug]
			if got, want := keys, referenceKeys(src.Guide.References); !slices.Equal(got, want) {
				return nil, fmt.Errorf("%s: references %q, want the English guide's %q", f, got, want)
			}
			sha, ok := gsources[slug]
			if !ok {
				return nil, fmt.Errorf("guides/%s/sources.yaml: no entry for %q", lang, slug)
			}
			out[i].Guide = Guide{Body: body, References: src.Guide.References}
			out[i].GuideSourceSHA256 = sha
		}
	}
	return out, nil
}

func referenceKeys(refs []reference.Reference) []string {
	var keys []string
	for _, r := range refs {
		keys = append(keys, r.Key)
	}
	return keys
}

// SyncTranslations brings the built-in translations into the database,
// after Sync has brought their English modules. Each is linked to the
// English version whose file hash its sources.yaml names (none, when that
// file is not a version Tend has: the translation then shows as out of
// date). An unchanged translation changes nothing.
func (s *Service) SyncTranslations(ctx context.Context, trs []Translation, refs []reference.Reference) error {
	return database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		if err := tx.Exec("SELECT pg_advisory_xact_lock(727001)").Error; err != nil {
			return err
		}
		byKey := map[string]reference.Reference{}
		for _, r := range refs {
			byKey[r.Key] = r
		}
		for _, t := range trs {
			var m struct {
				ID         int64
				Visibility string
			}
			if err := tx.Raw(`SELECT id, visibility FROM modules WHERE slug = ?`, t.Slug).Scan(&m).Error; err != nil {
				return fmt.Errorf("find module %s: %w", t.Slug, err)
			}
			if m.Visibility != Builtin {
				continue // not synced, or a practice module holds the slug
			}
			var source *int64
			var ids []int64
			if err := tx.Raw(`SELECT v.id FROM module_versions v JOIN modules m ON m.id = v.module_id
				WHERE v.module_id = ? AND v.language = m.language AND v.file_sha256 = ? ORDER BY v.version DESC LIMIT 1`,
				m.ID, t.SourceSHA256).Scan(&ids).Error; err != nil {
				return fmt.Errorf("find source of %s/%s: %w", t.Language, t.Slug, err)
			}
			if len(ids) == 1 {
				source = &ids[0]
			}
			var drefs []reference.Reference
			for _, k := range t.References {
				drefs = append(drefs, byKey[k])
			}
			if _, err := saveTranslation(tx, m.ID, t.Language, t.Definition, drefs, source, t.SourceSHA256, t.GuideSourceSHA256, nil); err != nil {
				return err
			}
		}
		return nil
	})
}

// saveTranslation adds a version of module moduleID in lang when the
// content or its source differs from the newest one in that language. It
// returns the newest version's id.
func saveTranslation(tx *gorm.DB, moduleID int64, lang string, d Definition, refs []reference.Reference,
	source *int64, fileSHA, guideSHA string, author *int64) (int64, error) {
	sum := d.checksum(refs)
	if source != nil {
		sum = fmt.Sprintf("%s:%d", sum, *source)
	}
	var cur struct {
		ID       int64
		Checksum string
	}
	if err := tx.Raw(`SELECT id, checksum FROM module_versions WHERE module_id = ? AND language = ? ORDER BY version DESC LIMIT 1`,
		moduleID, lang).Scan(&cur).Error; err != nil {
		return 0, fmt.Errorf("find %s translation of %s: %w", lang, d.Slug, err)
	}
	if cur.ID != 0 && cur.Checksum == sum {
		return cur.ID, nil
	}
	var vid int64
	err := tx.Raw(`INSERT INTO module_versions (module_id, language, source_version_id, file_sha256, guide_sha256, version,
			title, summary, topics, content_note, body, reading_minutes, checksum, created_by, guide)
		VALUES (?, ?, ?, ?, ?, COALESCE((SELECT max(version) FROM module_versions WHERE module_id = ? AND language = ?), 0) + 1,
			?, ?, string_to_array(?, ','), ?, ?, ?, ?, ?, ?)
		RETURNING id`, moduleID, lang, source, fileSHA, guideSHA, moduleID, lang,
		d.Title, d.Summary, strings.Join(d.Topics, ","), d.ContentNote, d.Body, d.ReadingMinutes(), sum, author, d.Guide.Body).
		Scan(&vid).Error
	if err != nil {
		return 0, fmt.Errorf("add %s version of %s: %w", lang, d.Slug, err)
	}
	if err := linkReferences(tx, "module_version_references", vid, refs, author); err != nil {
		return 0, err
	}
	if err := linkReferences(tx, "module_version_guide_references", vid, d.Guide.References, author); err != nil {
		return 0, err
	}
	return vid, nil
}

// outOfDateSQL is true for a translation (v) whose source is no longer the
// current version of its module (m), or whose guide was translated from a
// guide the current version no longer has.
const outOfDateSQL = `(v.language <> m.language AND (v.source_version_id IS DISTINCT FROM m.current_version_id
	OR (v.guide_sha256 <> '' AND v.guide_sha256 IS DISTINCT FROM (SELECT c.guide_sha256 FROM module_versions c WHERE c.id = m.current_version_id))))`

// LanguageStatus is one language an item has beyond its source language.
type LanguageStatus struct {
	Language  string
	OutOfDate bool
}

// languages returns, per module id, the languages its translations are in
// (newest translation of each), in contentlang order.
func (s *Service) languages(ctx context.Context, ids []int64) (map[int64][]LanguageStatus, error) {
	out := map[int64][]LanguageStatus{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		ModuleID  int64
		Language  string
		OutOfDate bool
	}
	err := s.db.WithContext(ctx).Raw(`SELECT DISTINCT ON (v.module_id, v.language) v.module_id, v.language, `+outOfDateSQL+` AS out_of_date
		FROM module_versions v JOIN modules m ON m.id = v.module_id
		WHERE v.module_id IN ? AND v.language <> m.language
		ORDER BY v.module_id, v.language, v.version DESC`, ids).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("module languages: %w", err)
	}
	for _, r := range rows {
		out[r.ModuleID] = append(out[r.ModuleID], LanguageStatus{Language: r.Language, OutOfDate: r.OutOfDate})
	}
	for id := range out {
		sort.Slice(out[id], func(i, j int) bool {
			return contentlang.Order(out[id][i].Language) < contentlang.Order(out[id][j].Language)
		})
	}
	return out, nil
}

// GetIn is Get in a language: the newest translation of slug into lang
// for staff, ErrNotFound when there is none. lang "" or the module's own
// language is Get.
func (s *Service) GetIn(ctx context.Context, a auth.Actor, slug, lang string) (Version, error) {
	src, err := s.Get(ctx, a, slug)
	if err != nil || lang == "" || lang == src.Language || a.Role == auth.RoleClient {
		return src, err
	}
	q := s.db.WithContext(ctx).Table("modules m").Where("m.id = ?", src.ModuleID).
		Joins(`JOIN module_versions v ON v.id = (SELECT t.id FROM module_versions t WHERE t.module_id = m.id AND t.language = ?
			ORDER BY t.version DESC LIMIT 1)`, lang)
	v, err := s.scanVersion(ctx, q)
	if err != nil {
		return Version{}, err
	}
	v.Languages = src.Languages
	return v, nil
}

// VersionForAssign is the version a clinician would assign now to a client
// reading lang: the newest translation into lang, or the version
// CurrentVersionForAssign gives when there is none (translated false).
func (s *Service) VersionForAssign(ctx context.Context, a auth.Actor, slug, lang string) (v Version, translated bool, err error) {
	src, err := s.CurrentVersionForAssign(ctx, a, slug)
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

// GuideIn is Guide for the version GetIn returns.
func (s *Service) GuideIn(ctx context.Context, a auth.Actor, slug, lang string) (Guide, error) {
	if a.Role != auth.RoleClinician && a.Role != auth.RoleAdmin {
		return Guide{}, ErrNotFound
	}
	v, err := s.GetIn(ctx, a, slug, lang)
	if err != nil {
		return Guide{}, err
	}
	if v.Language == "" || v.Language == v.SourceLanguage {
		return s.Guide(ctx, a, slug)
	}
	var body string
	if err := s.db.WithContext(ctx).Raw(`SELECT guide FROM module_versions WHERE id = ?`, v.ID).Scan(&body).Error; err != nil {
		return Guide{}, fmt.Errorf("module guide: %w", err)
	}
	g := Guide{Body: body}
	if g.Empty() {
		return Guide{}, nil
	}
	g.References, err = loadReferences(s.db.WithContext(ctx), "module_version_guide_references", v.ID)
	return g, err
}

// Name is the language's English name ("Spanish").
func (l LanguageStatus) Name() string { return contentlang.Name(l.Language) }
