package worksheet

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/contentlang"
	"github.com/tend-practice/tend/internal/database"
)

// Text is one translatable text of a schema: Key names its place (the
// form field), Source is the text in the source version, Value the text
// to prefill.
type Text struct {
	Key, Source, Value string
	Long               bool // a paragraph rather than a line
}

// texts walks every translatable text of sc, in reading order, with a
// pointer to change it.
func texts(sc *Schema, visit func(key string, p *string, long bool)) {
	visit("title", &sc.Title, false)
	visit("summary", &sc.Summary, true)
	if sc.Intro != "" {
		visit("intro", &sc.Intro, true)
	}
	for i := range sc.Sections {
		sec := &sc.Sections[i]
		if sec.Heading != "" {
			visit(fmt.Sprintf("s%d_heading", i), &sec.Heading, false)
		}
		if sec.Intro != "" {
			visit(fmt.Sprintf("s%d_intro", i), &sec.Intro, true)
		}
		for j := range sec.Fields {
			f := &sec.Fields[j]
			visit(f.ID+"_label", &f.Label, false)
			if f.Help != "" {
				visit(f.ID+"_help", &f.Help, true)
			}
			if f.MinLabel != "" {
				visit(f.ID+"_min_label", &f.MinLabel, false)
			}
			if f.MaxLabel != "" {
				visit(f.ID+"_max_label", &f.MaxLabel, false)
			}
			for k := range f.Options {
				visit(f.ID+"_option_"+f.Options[k].Value, &f.Options[k].Label, false)
			}
		}
	}
	for i := range sc.FlagRules {
		visit(fmt.Sprintf("flag%d_message", i), &sc.FlagRules[i].Message, false)
	}
}

// TranslationForm is what "Add a translation" starts from: the current
// version of the clinician's own worksheet, and each text with the newest
// translation into lang prefilled if there is one, else the source text.
func (s *Service) TranslationForm(ctx context.Context, a auth.Actor, slug, lang string) (Version, []Text, error) {
	src, err := s.ownCurrent(ctx, a, slug)
	if err != nil {
		return Version{}, nil, err
	}
	from := src.Schema
	if contentlang.Valid(lang) && lang != src.Language {
		if t, err := s.GetIn(ctx, a, slug, lang); err == nil && SameStructure(src.Schema, t.Schema) == nil {
			from = t.Schema
		}
	}
	values := map[string]string{}
	texts(&from, func(key string, p *string, _ bool) { values[key] = *p })
	var out []Text
	sc := src.Schema
	texts(&sc, func(key string, p *string, long bool) {
		out = append(out, Text{Key: key, Source: *p, Value: values[key], Long: long})
	})
	return src, out, nil
}

func (s *Service) ownCurrent(ctx context.Context, a auth.Actor, slug string) (Version, error) {
	if a.Role != auth.RoleClinician {
		return Version{}, ErrNotFound
	}
	q := s.db.WithContext(ctx).Table("worksheets w").Where("w.slug = ? AND w.visibility <> ? AND w.owner_id = ?", slug, Builtin, a.UserID).
		Joins("JOIN worksheet_versions v ON v.id = w.current_version_id")
	return s.scan(q)
}

// SaveTranslation stores a version of the clinician's own worksheet in
// lang, made from its current version: the same questions, ids, options
// and flags, with the texts given (by Text.Key). Another owner's worksheet
// or a built-in one is ErrNotFound; an empty text is a *ValidationError.
func (s *Service) SaveTranslation(ctx context.Context, a auth.Actor, slug, lang string, values map[string]string) (int64, error) {
	src, err := s.ownCurrent(ctx, a, slug)
	if err != nil {
		return 0, err
	}
	fields := map[string]string{}
	if !contentlang.Valid(lang) || lang == src.Language {
		fields["language"] = "Please choose a language other than the worksheet's own."
	}
	tr, err := jsonClone(src.Schema)
	if err != nil {
		return 0, fmt.Errorf("copy worksheet %s: %w", slug, err)
	}
	texts(&tr, func(key string, p *string, _ bool) {
		v := strings.TrimSpace(values[key])
		if v == "" {
			fields[key] = "Please translate this text."
			return
		}
		if len([]rune(v)) > 2000 {
			fields[key] = "Please keep this under 2,000 characters."
			return
		}
		*p = v
	})
	if len(fields) > 0 {
		return 0, &ValidationError{Fields: fields}
	}
	if err := tr.Validate(); err != nil {
		return 0, &ValidationError{Fields: map[string]string{"title": "This translation does not make a valid worksheet: " + err.Error()}}
	}
	var vid int64
	err = database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		var err error
		if vid, err = saveTranslation(tx, src.WorksheetID, lang, tr, &src.ID, "", &a.UserID); err != nil {
			return err
		}
		return s.audit.RecordTx(ctx, tx, a, audit.WorksheetSaved, "worksheet_version", vid, 0, fmt.Sprintf("%s (%s)", slug, lang))
	})
	return vid, err
}

// jsonClone is a deep copy of sc.
func jsonClone(sc Schema) (Schema, error) {
	b, err := json.Marshal(sc)
	if err != nil {
		return Schema{}, err
	}
	var out Schema
	err = json.Unmarshal(b, &out)
	return out, err
}
