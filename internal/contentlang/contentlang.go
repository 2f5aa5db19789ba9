// Package contentlang holds the languages Tend's content (modules,
// worksheets, programs) comes in, their names, and the sources.yaml files
// that tie each translated file to the English file it was made from.
package contentlang

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"

	"gopkg.in/yaml.v3"
)

// Source is the language content is written in first.
const Source = "en"

// Translated are the languages the built-in content is translated into,
// in the order the library lists them.
var Translated = []string{"es", "el"}

// All is every content language, source first.
var All = []string{"en", "es", "el"}

// Valid reports whether lang is a content language.
func Valid(lang string) bool { return Order(lang) < len(All) }

// Order is lang's place in All (len(All) for an unknown one).
func Order(lang string) int {
	for i, l := range All {
		if l == lang {
			return i
		}
	}
	return len(All)
}

// names are each language's name in English and in itself; staff pages
// show both ("Spanish (español)").
var names = map[string][2]string{
	"en": {"English", "English"},
	"es": {"Spanish", "español"},
	"el": {"Greek", "ελληνικά"},
}

// Name is lang's English name ("Spanish"), or lang itself if unknown.
func Name(lang string) string {
	if n, ok := names[lang]; ok {
		return n[0]
	}
	return lang
}

// Native is lang's name in itself ("español").
func Native(lang string) string {
	if n, ok := names[lang]; ok {
		return n[1]
	}
	return lang
}

var sha256Hex = regexp.MustCompile(`^[0-9a-f]{64}$`)

// LoadSources reads a sources.yaml (slug: sha256 hex of the English
// file's bytes when the translation was made). A missing file is an empty
// map unless required.
func LoadSources(fsys fs.FS, name string, required bool) (map[string]string, error) {
	raw, err := fs.ReadFile(fsys, name)
	if errors.Is(err, fs.ErrNotExist) && !required {
		return map[string]string{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	out := map[string]string{}
	if err := yaml.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	for slug, sum := range out {
		if !sha256Hex.MatchString(sum) {
			return nil, fmt.Errorf("%s: %s: %q is not a sha256 in lower-case hex", name, slug, sum)
		}
	}
	return out, nil
}
