package assignment

import (
	"context"
	"fmt"

	"github.com/tend-practice/tend/internal/auth"
)

// clientLanguageSQL is the language a client (c, their account u) reads
// content in: their own choice, else the practice's.
const clientLanguageSQL = `COALESCE(NULLIF(u.locale, ''), (SELECT ps.locale FROM practice_settings ps WHERE ps.id = 1), 'en')`

// LanguageNote is what assigning an item gives one client: their language,
// and the language of the version they get (the item's own language when
// it has no version in theirs).
type LanguageNote struct {
	ClientID    int64
	ClientName  string
	Wanted, Got string
}

// FallsBack reports whether the client gets another language than theirs.
func (n LanguageNote) FallsBack() bool { return n.Wanted != n.Got }

// LanguageNotes says, for each of the clinician's clients in clientIDs (all
// of their open clients when nil), which language assigning kind/slug
// would give them, as Assign would pick it. A client who is not the
// clinician's is left out; an item they may not assign is ErrNotFound.
func (s *Service) LanguageNotes(ctx context.Context, actor auth.Actor, kind, slug string, clientIDs []int64) ([]LanguageNote, error) {
	if actor.Role != auth.RoleClinician {
		return nil, ErrNotFound
	}
	q := s.db.WithContext(ctx).Table("clients c").Joins("LEFT JOIN users u ON u.id = c.user_id").
		Select("c.id AS client_id, c.display_name AS client_name, "+clientLanguageSQL+" AS wanted").
		Where("c.clinician_id = ? AND c.archived_at IS NULL", actor.UserID)
	if clientIDs != nil {
		q = q.Where("c.id IN ?", clientIDs)
	}
	var notes []LanguageNote
	if err := q.Order("lower(c.display_name), c.id").Scan(&notes).Error; err != nil {
		return nil, fmt.Errorf("client languages: %w", err)
	}
	got := map[string]string{} // wanted language: the version's
	for i, n := range notes {
		if g, ok := got[n.Wanted]; ok {
			notes[i].Got = g
			continue
		}
		var lang string
		switch kind {
		case KindModule:
			v, _, err := s.modules.VersionForAssign(ctx, actor, slug, n.Wanted)
			if err != nil {
				return nil, ErrNotFound
			}
			lang = v.Language
		case KindWorksheet:
			v, _, err := s.worksheets.VersionForAssign(ctx, actor, slug, n.Wanted)
			if err != nil {
				return nil, ErrNotFound
			}
			lang = v.Language
		default:
			return nil, ErrNotFound
		}
		got[n.Wanted], notes[i].Got = lang, lang
	}
	return notes, nil
}
