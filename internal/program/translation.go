package program

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/contentlang"
	"github.com/tend-practice/tend/internal/database"
	"github.com/tend-practice/tend/internal/program/builtin"
)

// Text is a program's title and description in one language.
type Text struct {
	Title       string `json:"title"`
	Description string `json:"description"`
}

// BuiltinTranslations reads <lang>.json for each language Tend translates
// into: by language, each built-in program's title and description. A
// slug that is not a built-in program, or an empty title, is an error.
func BuiltinTranslations(fsys fs.FS) (map[string]map[string]Text, error) {
	known := map[string]bool{}
	for _, b := range Builtins() {
		known[b.Slug] = true
	}
	out := map[string]map[string]Text{}
	for _, lang := range contentlang.Translated {
		raw, err := fs.ReadFile(fsys, lang+".json")
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("program translations %s: %w", lang, err)
		}
		var texts map[string]Text
		if err := json.Unmarshal(raw, &texts); err != nil {
			return nil, fmt.Errorf("program translations %s.json: %w", lang, err)
		}
		for slug, t := range texts {
			if !known[slug] {
				return nil, fmt.Errorf("program translations %s.json: no built-in program %q", lang, slug)
			}
			if t := strings.TrimSpace(t.Title); t == "" || len([]rune(t)) > 120 {
				return nil, fmt.Errorf("program translations %s.json: %s: a title is required (up to 120 characters)", lang, slug)
			}
		}
		out[lang] = texts
	}
	return out, nil
}

// syncTranslations stores the built-in programs' texts in other languages
// (program_translations), replacing what changed.
func (s *Service) syncTranslations(ctx context.Context, byLang map[string]map[string]Text) error {
	return database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		for lang, texts := range byLang {
			for slug, t := range texts {
				err := tx.Exec(`INSERT INTO program_translations (program_id, language, title, description)
					SELECT id, ?, ?, ? FROM programs WHERE owner_id IS NULL AND slug = ?
					ON CONFLICT (program_id, language) DO UPDATE SET title = EXCLUDED.title, description = EXCLUDED.description`,
					lang, strings.TrimSpace(t.Title), strings.TrimSpace(t.Description), slug).Error
				if err != nil {
					return fmt.Errorf("program %s in %s: %w", slug, lang, err)
				}
			}
		}
		return nil
	})
}

// SyncTranslationsFrom is the translation part of SyncBuiltins from
// another folder of builtin's layout (tests).
func (s *Service) SyncTranslationsFrom(ctx context.Context, fsys fs.FS) error {
	byLang, err := BuiltinTranslations(fsys)
	if err != nil {
		return err
	}
	return s.syncTranslations(ctx, byLang)
}

// addTexts fills each program's Texts from program_translations.
func (s *Service) addTexts(ctx context.Context, ps []Program) error {
	if len(ps) == 0 {
		return nil
	}
	ids := make([]int64, 0, len(ps))
	for _, p := range ps {
		ids = append(ids, p.ID)
	}
	var rows []struct {
		ProgramID   int64
		Language    string
		Title       string
		Description string
	}
	if err := s.db.WithContext(ctx).Raw(`SELECT program_id, language, title, description FROM program_translations WHERE program_id IN ?`,
		ids).Scan(&rows).Error; err != nil {
		return fmt.Errorf("program translations: %w", err)
	}
	for i := range ps {
		for _, r := range rows {
			if r.ProgramID == ps[i].ID {
				if ps[i].Texts == nil {
					ps[i].Texts = map[string]Text{}
				}
				ps[i].Texts[r.Language] = Text{Title: r.Title, Description: r.Description}
			}
		}
	}
	return nil
}

// In is the program's title and description in lang, else its own.
func (p Program) In(lang string) Text {
	if t, ok := p.Texts[lang]; ok {
		return t
	}
	return Text{Title: p.Title, Description: p.Description}
}

// Languages lists the languages the program's texts are translated into.
func (p Program) Languages() []string {
	var out []string
	for _, l := range contentlang.Translated {
		if _, ok := p.Texts[l]; ok {
			out = append(out, l)
		}
	}
	return out
}

// builtinTexts are the embedded translations.
func builtinTexts() (map[string]map[string]Text, error) { return BuiltinTranslations(builtin.FS) }
