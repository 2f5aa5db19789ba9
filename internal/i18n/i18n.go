// Package i18n holds Tend's message catalogues (English, Spanish, Greek),
// the matching of a request's language to one of them, and the per-language
// formatting of dates and numbers. Pages, emails and handouts get their text
// from a Localizer; nothing here is global: the app builds one Bundle and
// hands it to whoever needs it.
package i18n

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strings"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/pelletier/go-toml/v2"
	"golang.org/x/text/language"
)

//go:embed locales/*.toml
var catalogues embed.FS

// The languages Tend ships, in the order the matcher prefers them.
const (
	English = "en"
	Spanish = "es"
	Greek   = "el"
)

// Languages are the tags of the shipped catalogues.
var Languages = []string{English, Spanish, Greek}

// Supported reports whether lang is one of the shipped languages.
func Supported(lang string) bool {
	for _, l := range Languages {
		if l == lang {
			return true
		}
	}
	return false
}

// Options configure a Bundle.
type Options struct {
	// Pseudo wraps every string a Localizer returns (and every date it
	// formats) as "[!...!]", so a test or a crawl can find visible text
	// that did not come from a catalogue.
	Pseudo bool
}

// Bundle is the loaded catalogues and one Localizer per language.
type Bundle struct {
	bundle     *goi18n.Bundle
	matcher    language.Matcher
	localizers map[string]*Localizer
	pseudo     bool
}

// New loads the embedded catalogues.
func New(opts Options) (*Bundle, error) {
	b := goi18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	for _, lang := range Languages {
		files, err := catalogueFiles(lang)
		if err != nil {
			return nil, err
		}
		for _, file := range files {
			buf, err := catalogues.ReadFile(file)
			if err != nil {
				return nil, fmt.Errorf("catalogue %s: %w", file, err)
			}
			if _, err := b.ParseMessageFileBytes(buf, file); err != nil {
				return nil, fmt.Errorf("catalogue %s: %w", file, err)
			}
		}
		if _, err := Catalogue(lang); err != nil { // a key in two files
			return nil, err
		}
	}
	tags := make([]language.Tag, len(Languages))
	for i, l := range Languages {
		tags[i] = language.MustParse(l)
	}
	out := &Bundle{bundle: b, matcher: language.NewMatcher(tags), localizers: map[string]*Localizer{}, pseudo: opts.Pseudo}
	for _, l := range Languages {
		out.localizers[l] = &Localizer{lang: l, loc: goi18n.NewLocalizer(b, l), pseudo: opts.Pseudo}
	}
	return out, nil
}

// Pseudo reports whether the bundle marks every string.
func (b *Bundle) Pseudo() bool { return b.pseudo }

// For returns the Localizer of a shipped language; anything else gets
// English.
func (b *Bundle) For(lang string) *Localizer {
	if l, ok := b.localizers[lang]; ok {
		return l
	}
	return b.localizers[English]
}

// Match picks the shipped language that best fits an Accept-Language
// header, or "" when none fits (the caller falls back to the practice's).
func (b *Bundle) Match(acceptLanguage string) string {
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return ""
	}
	_, i, conf := b.matcher.Match(tags...)
	if conf == language.No {
		return ""
	}
	return Languages[i]
}

// catalogueFiles are one language's catalogue files: locales/<lang>.toml
// and the areas' locales/<area>.<lang>.toml, so pages of different areas
// keep their text in different files.
func catalogueFiles(lang string) ([]string, error) {
	var files []string
	for _, pattern := range []string{lang + ".toml", "*." + lang + ".toml"} {
		m, err := fs.Glob(catalogues, path.Join("locales", pattern))
		if err != nil {
			return nil, fmt.Errorf("catalogue %s: %w", lang, err)
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("catalogue %s: no files", lang)
	}
	return files, nil
}

// Catalogue returns the message ids of one language's catalogue (all its
// files), for the completeness test. A key in two files is an error.
func Catalogue(lang string) ([]string, error) {
	files, err := catalogueFiles(lang)
	if err != nil {
		return nil, err
	}
	seen := map[string]string{}
	var ids []string
	for _, file := range files {
		buf, err := catalogues.ReadFile(file)
		if err != nil {
			return nil, err
		}
		mf, err := goi18n.ParseMessageFileBytes(buf, file, map[string]goi18n.UnmarshalFunc{"toml": toml.Unmarshal})
		if err != nil {
			return nil, err
		}
		for _, m := range mf.Messages {
			if other, ok := seen[m.ID]; ok {
				return nil, fmt.Errorf("catalogue %s: %q is in both %s and %s", lang, m.ID, other, file)
			}
			seen[m.ID] = file
			ids = append(ids, m.ID)
		}
	}
	return ids, nil
}

// Localizer gives one language's text.
type Localizer struct {
	lang   string
	loc    *goi18n.Localizer
	pseudo bool
}

// Lang is the language's tag, for <html lang>.
func (l *Localizer) Lang() string { return l.lang }

// T returns the message id with its arguments, given as name/value pairs:
// T("home.welcome", "Name", name). An argument named "Count" also picks
// the plural form. A missing message comes back as its id, so it shows
// (and the completeness test fails).
func (l *Localizer) T(id string, args ...any) string {
	cfg := &goi18n.LocalizeConfig{MessageID: id}
	if len(args) > 0 {
		data := make(map[string]any, len(args)/2)
		for i := 0; i+1 < len(args); i += 2 {
			k, ok := args[i].(string)
			if !ok {
				continue
			}
			data[k] = args[i+1]
			if k == "Count" {
				cfg.PluralCount = args[i+1]
			}
		}
		cfg.TemplateData = data
	}
	s, err := l.loc.Localize(cfg)
	if s == "" && err != nil {
		s = id
	}
	return l.mark(s)
}

// mark wraps s for the pseudo-locale.
func (l *Localizer) mark(s string) string {
	if !l.pseudo || s == "" {
		return s
	}
	return "[!" + s + "!]"
}

// Unmark removes the pseudo-locale's markers (for tests that compare text).
func Unmark(s string) string {
	return strings.NewReplacer("[!", "", "!]", "").Replace(s)
}

// RemoveMarked removes every "[!...!]" span with what it holds, innermost
// first (a date inside a message is marked twice): what is left of a
// pseudo-locale page is the text that did not come from a catalogue.
func RemoveMarked(s string) string {
	for {
		open := strings.LastIndex(s, "[!")
		if open < 0 {
			return s
		}
		end := strings.Index(s[open:], "!]")
		if end < 0 {
			return s
		}
		s = s[:open] + s[open+end+2:]
	}
}
