package web

import (
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/i18n"
)

// langCookie holds the language chosen on the sign-in page, before anyone
// is signed in.
const langCookie = "tend_lang"

// langKey caches the request's language in the Gin context.
const langKey = "tend.lang"

// lang is the request's language (issue 22): a signed-in person's own
// choice, else the practice's; before sign-in the language switch's cookie,
// else the best match for Accept-Language, else the practice's.
func (s *Server) lang(c *gin.Context) string {
	if v, ok := c.Get(langKey); ok {
		if l, ok := v.(string); ok {
			return l
		}
	}
	l := s.resolveLang(c)
	c.Set(langKey, l)
	return l
}

func (s *Server) resolveLang(c *gin.Context) string {
	a := actor(c)
	if a.Anonymous() {
		if v, err := c.Cookie(langCookie); err == nil && i18n.Supported(v) {
			return v
		}
		if l := s.I18n.Match(c.GetHeader("Accept-Language")); l != "" {
			return l
		}
	}
	if i18n.Supported(a.Language) {
		return a.Language // read with the account
	}
	// The anonymous actor has no user: the practice's language.
	l, err := s.Accounts.Language(c.Request.Context(), a.UserID)
	if err != nil {
		s.Log.Warn("viewer language", "err", err)
		return i18n.English
	}
	return l
}

// tr is the request's Localizer, for text a handler writes (titles,
// flashes, messages).
func (s *Server) tr(c *gin.Context) *i18n.Localizer {
	return s.I18n.For(s.lang(c))
}

// chooseLang is the sign-in page's language switch: ?lang=es keeps the
// choice in a cookie for a year and uses it for this request already.
func (s *Server) chooseLang(c *gin.Context) {
	l := c.Query("lang")
	if !i18n.Supported(l) {
		return
	}
	http.SetCookie(c.Writer, &http.Cookie{Name: langCookie, Value: l, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: s.Secure, SameSite: http.SameSiteLaxMode})
	c.Set(langKey, l)
}

// langChoice is one entry of a language list: the switch on the sign-in
// page, the account's and the practice's language fields.
type langChoice struct {
	Tag     string
	Name    string // catalogue key of the language's own name
	Current bool
}

// langNames are the catalogue keys of each language's own name.
var langNames = map[string]string{i18n.English: "lang.en", i18n.Spanish: "lang.es", i18n.Greek: "lang.el"}

func langChoices(current string) []langChoice {
	out := make([]langChoice, 0, len(i18n.Languages))
	for _, l := range i18n.Languages {
		out = append(out, langChoice{Tag: l, Name: langNames[l], Current: l == current})
	}
	return out
}

// localize gives every page one template set per language, each with the
// template functions of that language's Localizer. Sets are cloned before
// their first execution, so they share the parsed trees.
func (p *pages) localize(b *i18n.Bundle) error {
	p.byLang = map[string]map[string]*template.Template{}
	for _, lang := range i18n.Languages {
		fm := langFuncs(b.For(lang))
		sets := make(map[string]*template.Template, len(p.sets))
		for name, t := range p.sets {
			c, err := t.Clone()
			if err != nil {
				return fmt.Errorf("clone %s for %s: %w", name, lang, err)
			}
			sets[name] = c.Funcs(fm)
		}
		p.byLang[lang] = sets
	}
	p.sets = p.byLang[i18n.English]
	return nil
}

// set is a page's template set in a language (English if the language has
// none).
func (p *pages) set(lang, name string) (*template.Template, bool) {
	if m, ok := p.byLang[lang]; ok {
		t, ok := m[name]
		return t, ok
	}
	t, ok := p.sets[name]
	return t, ok
}

// textEscaper makes a message (and the arguments inside it) safe in a text
// node or a quoted attribute; html/template strips tags and escapes quotes
// again in attributes.
var textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;")

// langFuncs are the template functions that depend on the language: text
// from the catalogue ("t"), the page's language ("lang") and dates.
func langFuncs(l *i18n.Localizer) template.FuncMap {
	return template.FuncMap{
		// A message is escaped here for a text node, as the same words
		// written in a template were: an apostrophe stays an apostrophe.
		"t": func(id string, args ...any) template.HTML {
			return template.HTML(textEscaper.Replace(l.T(id, args...)))
		},
		"lang": l.Lang,
		"ago": func(now time.Time, t any) string {
			at, ok := timeOf(t)
			if !ok {
				return ""
			}
			return agoIn(l, now, at)
		},
		"date": func(t any) string {
			at, ok := timeOf(t)
			if !ok {
				return ""
			}
			return l.Date(at)
		},
		"datetime": func(t any) string {
			switch v := t.(type) {
			case time.Time:
				return l.DateTime(v)
			case *time.Time:
				if v != nil {
					return l.DateTime(*v)
				}
			}
			return ""
		},
		"weekdate": func(t *time.Time) string {
			if t == nil {
				return ""
			}
			return l.WeekDate(*t)
		},
		"prettydate": func(s string) string {
			t, err := time.Parse("2006-01-02", s)
			if err != nil {
				return s
			}
			return l.Date(t)
		},
		"when": func(loc *time.Location, t any) string {
			at, ok := timeOf(t)
			if !ok {
				return ""
			}
			if loc == nil {
				loc = time.UTC
			}
			return l.DateTimeZone(at.In(loc))
		},
		"day": func(loc *time.Location, t any) string {
			at, ok := timeOf(t)
			if !ok {
				return ""
			}
			if loc == nil {
				loc = time.UTC
			}
			return l.Date(at.In(loc))
		},
	}
}

// trKnown gives a domain package's English message in the request's
// language: keys maps each known English message (a validation message, a
// reason) to its catalogue key. Text not in keys is returned as it is, so a
// message nobody listed still reads, in English.
func (s *Server) trKnown(c *gin.Context, keys map[string]string, text string) string {
	if id, ok := keys[text]; ok {
		return s.tr(c).T(id)
	}
	return text
}

// trFields is trKnown over a form's field messages.
func (s *Server) trFields(c *gin.Context, keys map[string]string, fields map[string]string) map[string]string {
	if len(fields) == 0 {
		return fields
	}
	out := make(map[string]string, len(fields))
	for f, m := range fields {
		out[f] = s.trKnown(c, keys, m)
	}
	return out
}
