package web

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/contentlang"
	"github.com/tend-practice/tend/internal/i18n"
)

// langLink is one language a module or worksheet page can be read in, for
// staff: ?lang=es shows the Spanish version.
type langLink struct {
	Name      string
	URL       string
	Current   bool
	OutOfDate bool
}

// langState is a translation an item has.
type langState struct {
	Lang      string
	OutOfDate bool
}

// langLinks lists the item's own language, then each translation, linked
// from path; current is the language shown. Names are in tr's language.
func langLinks(tr *i18n.Localizer, path, source, current string, langs []langState) []langLink {
	if len(langs) == 0 {
		return nil
	}
	out := []langLink{{Name: contentLangName(tr, source), URL: path, Current: current == source}}
	for _, l := range langs {
		out = append(out, langLink{Name: contentLangName(tr, l.Lang), URL: path + "?lang=" + url.QueryEscape(l.Lang),
			Current: current == l.Lang, OutOfDate: l.OutOfDate})
	}
	return out
}

// viewLang is the ?lang= a staff member asked to read a page in ("" for
// the item's own, and always "" for a client, who reads what was assigned).
func viewLang(c *gin.Context) string {
	if actor(c).Role == auth.RoleClient {
		return ""
	}
	if l := c.Query("lang"); contentlang.Valid(l) {
		return l
	}
	return ""
}

// languageNote is the clinician's note for a client who will get the item
// in another language than theirs: "No Greek version yet: Cruz will get
// English."
func languageNote(tr *i18n.Localizer, name, wanted, got string) string {
	if k, ok := noVersionNotes[wanted]; ok {
		return tr.T(k, "Name", name, "Language", contentLangName(tr, got))
	}
	return fmt.Sprintf("No %s version yet: %s will get %s.", contentlang.Name(wanted), name, contentlang.Name(got))
}

// assignLanguageNotes fills box.LanguageNotes for the item at kind/slug.
func (s *Server) assignLanguageNotes(c *gin.Context, box *assignBox, kind, slug string) error {
	if box == nil {
		return nil
	}
	notes, err := s.Assignments.LanguageNotes(c.Request.Context(), actor(c), kind, slug, nil)
	if err != nil {
		return err
	}
	box.LanguageNotes = map[int64]string{}
	for _, n := range notes {
		if n.FallsBack() {
			box.LanguageNotes[n.ClientID] = languageNote(s.tr(c), n.ClientName, n.Wanted, n.Got)
		}
	}
	return nil
}

// assignedLanguageNotes is the flash's addition after assigning kind/slug
// to clients ids: one sentence per client who got another language.
func (s *Server) assignedLanguageNotes(c *gin.Context, kind, slug string, ids []int64) string {
	notes, err := s.Assignments.LanguageNotes(c.Request.Context(), actor(c), kind, slug, ids)
	if err != nil {
		s.Log.Warn("assign language notes", "err", err)
		return ""
	}
	var out []string
	for _, n := range notes {
		if n.FallsBack() {
			out = append(out, languageNote(s.tr(c), n.ClientName, n.Wanted, n.Got))
		}
	}
	return strings.Join(out, " ")
}
