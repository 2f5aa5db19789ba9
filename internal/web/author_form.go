package web

import (
	"bytes"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// Shared pieces of the module and worksheet authoring forms.

// reservedSlugs would be shadowed by a static route such as
// /library/modules/new.
var reservedSlugs = map[string]bool{"new": true}

const reservedSlugMsg = "“new” is reserved. Please choose another slug."

// errorItem is one line of the summary above a form that failed: the
// message and a link to the input it belongs to.
type errorItem struct {
	Href string
	Text string
}

// slugFrom suggests a slug from a title: lower-case letters and digits,
// words joined by single hyphens, at most 80 characters. Common accented
// letters lose their accents ("Ça va" -> "ca-va").
func slugFrom(title string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(title) {
		folded := string(r)
		if f, ok := unaccented[r]; ok {
			folded = f
		}
		if isSlugText(folded) {
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteString(folded)
		} else {
			hyphen = true
		}
	}
	s := b.String()
	if len(s) > 80 {
		s = strings.TrimRight(s[:80], "-")
	}
	return s
}

func isSlugText(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			return false
		}
	}
	return s != ""
}

var unaccented = func() map[rune]string {
	m := map[rune]string{'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'ł': "l", 'đ': "d"}
	for base, letters := range map[string]string{"a": "àáâãäåā", "c": "çćč", "e": "èéêëēę", "i": "ìíîïī", "n": "ñń",
		"o": "òóôõöō", "s": "śš", "u": "ùúûüū", "y": "ýÿ", "z": "źżž"} {
		for _, r := range letters {
			m[r] = base
		}
	}
	return m
}()

// copySlug suggests the slug of a copy.
func copySlug(slug string) string {
	if len(slug) > 75 {
		slug = strings.TrimRight(slug[:75], "-")
	}
	return slug + "-copy"
}

// renderFragment executes one named template of a page's set in the
// request's language, for the progressive-enhancement requests that
// replace part of a page.
func (s *Server) renderFragment(c *gin.Context, page, name string, data any) {
	t, ok := s.pages.set(s.lang(c), page)
	var buf bytes.Buffer
	if !ok {
		s.Log.Error("unknown page", "page", page)
		c.String(http.StatusInternalServerError, "Something went wrong.")
		return
	}
	if err := t.ExecuteTemplate(&buf, name, data); err != nil {
		s.Log.Error("render fragment", "page", page, "fragment", name, "err", err)
		c.String(http.StatusInternalServerError, "Something went wrong.")
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, "text/html; charset=utf-8", buf.Bytes())
}
