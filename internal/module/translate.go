package module

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/contentlang"
	"github.com/tend-practice/tend/internal/database"
)

// TranslationDraft is a clinician's translation of their own module: the
// texts in another language. Topics and references stay the module's.
type TranslationDraft struct {
	Language    string
	Title       string
	Summary     string
	ContentNote string
	Body        string
}

// TranslationForm is what the "Add a translation" form starts from: the
// module's current version (the source), and the text to prefill, the
// newest translation into the language if there is one, else the source.
func (s *Service) TranslationForm(ctx context.Context, a auth.Actor, slug, lang string) (source Version, draft TranslationDraft, err error) {
	source, err = s.ownCurrent(ctx, a, slug)
	if err != nil {
		return Version{}, TranslationDraft{}, err
	}
	from := source
	if contentlang.Valid(lang) && lang != source.Language {
		if t, err := s.GetIn(ctx, a, slug, lang); err == nil {
			from = t
		}
	}
	return source, TranslationDraft{Language: lang, Title: from.Title, Summary: from.Summary, ContentNote: from.ContentNote, Body: from.Body}, nil
}

// ownCurrent is the current version of a module actor owns (a clinician's
// own, private or practice-wide); anything else is ErrNotFound.
func (s *Service) ownCurrent(ctx context.Context, a auth.Actor, slug string) (Version, error) {
	if a.Role != auth.RoleClinician {
		return Version{}, ErrNotFound
	}
	q := s.db.WithContext(ctx).Table("modules m").Where("m.slug = ? AND m.visibility <> ? AND m.owner_id = ?", slug, Builtin, a.UserID).
		Joins("JOIN module_versions v ON v.id = m.current_version_id")
	return s.scanVersion(ctx, q)
}

// SaveTranslation stores d as a version of the clinician's own module in
// d.Language, made from its current version. Another owner's module, or a
// built-in one, is ErrNotFound; bad text is a *ValidationError.
func (s *Service) SaveTranslation(ctx context.Context, a auth.Actor, slug string, d TranslationDraft) (int64, error) {
	src, err := s.ownCurrent(ctx, a, slug)
	if err != nil {
		return 0, err
	}
	fields := map[string]string{}
	if !contentlang.Valid(d.Language) || d.Language == src.Language {
		fields["language"] = "Please choose a language other than the module's own."
	}
	def := Definition{Slug: src.Slug, Title: strings.TrimSpace(d.Title), Summary: strings.TrimSpace(d.Summary),
		Topics: src.Topics(), ContentNote: strings.TrimSpace(d.ContentNote), Body: strings.TrimSpace(d.Body) + "\n"}
	if def.Title == "" || len([]rune(def.Title)) > 160 {
		fields["title"] = "Please give the translation a title (up to 160 characters)."
	}
	if def.Summary == "" || len([]rune(def.Summary)) > 400 {
		fields["summary"] = "Please write a short summary (up to 400 characters)."
	}
	if strings.TrimSpace(d.Body) == "" || len(def.Body) > 100_000 {
		fields["body"] = "Please write the translated text (up to 100,000 characters)."
	}
	if len(fields) > 0 {
		return 0, &ValidationError{Fields: fields}
	}
	var vid int64
	err = database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		var err error
		if vid, err = saveTranslation(tx, src.ModuleID, d.Language, def, src.References, &src.ID, "", "", &a.UserID); err != nil {
			return err
		}
		return s.audit.RecordTx(ctx, tx, a, audit.ModuleSaved, "module_version", vid, 0, fmt.Sprintf("%s (%s)", slug, d.Language))
	})
	return vid, err
}
