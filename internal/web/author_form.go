package web

import (
	"bytes"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/auth"
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

// ownedBy reports whether the actor owns a library item (built-in ones have
// no owner).
func ownedBy(a auth.Actor, visibility, builtin string, owner *int64) bool {
	return visibility != builtin && owner != nil && *owner == a.UserID
}

// slugFrom suggests a slug from a title: lower-case letters and digits,
// words joined by single hyphens, at most 80 characters.
func slugFrom(title string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(title) {
		switch {
		case (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9'):
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
		default:
			hyphen = true
		}
		if b.Len() >= 80 {
			break
		}
	}
	return strings.Trim(b.String(), "-")
}

// copySlug suggests the slug of a copy.
func copySlug(slug string) string {
	if len(slug) > 75 {
		slug = strings.TrimRight(slug[:75], "-")
	}
	return slug + "-copy"
}

// renderFragment executes one named template of a page's set, for the
// progressive-enhancement requests that replace part of a page.
func (s *Server) renderFragment(c *gin.Context, page, name string, data any) {
	t, ok := s.pages.sets[page]
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
