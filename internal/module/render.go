package module

import (
	"bytes"
	"html/template"
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
)

// Renderer turns module Markdown into sanitised HTML. Build one per process.
type Renderer struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy
}

// NewRenderer returns a renderer. goldmark drops raw HTML by default, and
// bluemonday removes anything unsafe that Markdown links could still carry
// (javascript: URLs, event handlers).
func NewRenderer() *Renderer {
	p := bluemonday.UGCPolicy()
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^(try|questions)$`)).OnElements("section")
	p.RequireNoFollowOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(true)
	return &Renderer{md: goldmark.New(), policy: p}
}

var h2Split = regexp.MustCompile(`(?i)<h2>`)

// HTML renders body. The "Try this" and "Questions for your next session"
// sections are wrapped in <section> so pages can set them apart.
func (r *Renderer) HTML(body string) template.HTML {
	var buf bytes.Buffer
	if err := r.md.Convert([]byte(body), &buf); err != nil {
		return template.HTML(template.HTMLEscapeString(body))
	}
	out := wrapSections(buf.String())
	return template.HTML(r.policy.Sanitize(out)) //nolint:gosec // sanitised by bluemonday above
}

func wrapSections(h string) string {
	parts := h2Split.Split(h, -1)
	var b strings.Builder
	b.WriteString(parts[0])
	for _, p := range parts[1:] {
		heading := strings.ToLower(p[:strings.Index(p+"</h2>", "</h2>")])
		class := ""
		switch {
		case strings.HasPrefix(heading, "try this"):
			class = "try"
		case strings.HasPrefix(heading, "questions for your next session"):
			class = "questions"
		}
		if class != "" {
			b.WriteString(`<section class="` + class + `"><h2>` + p + `</section>`)
		} else {
			b.WriteString("<h2>" + p)
		}
	}
	return b.String()
}
