package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/breakglass"
	"github.com/tend-practice/tend/internal/i18n"
	"github.com/tend-practice/tend/internal/web/httpx"
	"github.com/tend-practice/tend/templates"
)

// pages holds one template set per page: base layout + partials + the page,
// so that each page's "content" block cannot overwrite another's.
type pages struct {
	sets   map[string]*template.Template
	byLang map[string]map[string]*template.Template // the sets per language (locale.go)
	// buffers hold rendered pages between requests: a page is 20 to 60
	// KB, and growing a new buffer to that size for each one was a dozen
	// allocations and copies per request.
	buffers sync.Pool
}

var funcs = template.FuncMap{
	"date": func(t any) string {
		switch v := t.(type) {
		case time.Time:
			if v.IsZero() {
				return ""
			}
			return v.Format("2 Jan 2006")
		case *time.Time:
			if v == nil {
				return ""
			}
			return v.Format("2 Jan 2006")
		}
		return ""
	},
	"datetime": func(t any) string {
		switch v := t.(type) {
		case time.Time:
			return v.Format("2 Jan 2006, 15:04")
		case *time.Time:
			if v == nil {
				return ""
			}
			return v.Format("2 Jan 2006, 15:04")
		}
		return ""
	},
	// weekdate is a short day for schedules: "Tue 8 Dec".
	"weekdate": func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.Format("Mon 2 Jan")
	},
	"prettydate": func(s string) string {
		t, err := time.Parse("2006-01-02", s)
		if err != nil {
			return s
		}
		return t.Format("2 Jan 2006")
	},
	"isodate": func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.Format("2006-01-02")
	},
	"title": func(s string) string {
		if s == "" {
			return s
		}
		s = strings.ReplaceAll(s, "_", " ")
		return strings.ToUpper(s[:1]) + s[1:]
	},
	"plural": func(n int, one, many string) string {
		if n == 1 {
			return one
		}
		return many
	},
	"add": func(a, b int) int { return a + b },
	"first": func(xs []int) int {
		if len(xs) == 0 {
			return 0
		}
		return xs[0]
	},
	"last": func(xs []int) int {
		if len(xs) == 0 {
			return 0
		}
		return xs[len(xs)-1]
	},
	"contains": func(list []string, v string) bool {
		for _, x := range list {
			if x == v {
				return true
			}
		}
		return false
	},
	// dict builds a map for passing several values to a template.
	"dict": func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			if k, ok := kv[i].(string); ok {
				m[k] = kv[i+1]
			}
		}
		return m
	},
	// telHref keeps what a tel: or sms: link may hold: digits and a leading +.
	"telHref": func(s string) string {
		var b strings.Builder
		for i, r := range s {
			if (r >= '0' && r <= '9') || (r == '+' && i == 0) {
				b.WriteRune(r)
			}
		}
		return b.String()
	},
	// ago ("2 h ago") is defined here for parsing only: every language's
	// set replaces it with the language's wording (locale.go, agoIn).
	"ago": func(time.Time, any) string { return "" },
	// ordinal is "1st", "2nd", "3rd", "4th" ... for a series copy.
	"ordinal": func(n int) string {
		suffix := "th"
		if n%100 < 11 || n%100 > 13 {
			switch n % 10 {
			case 1:
				suffix = "st"
			case 2:
				suffix = "nd"
			case 3:
				suffix = "rd"
			}
		}
		return fmt.Sprintf("%d%s", n, suffix)
	},
	// when is a time in the viewer's zone with its abbreviation:
	// "3 Dec 2026, 10:30 AEDT".
	"when": func(loc *time.Location, t any) string {
		at, ok := timeOf(t)
		if !ok {
			return ""
		}
		if loc == nil {
			loc = time.UTC
		}
		return at.In(loc).Format("2 Jan 2006, 15:04 MST")
	},
	// day is the date of a moment in the viewer's zone: "3 Dec 2026".
	"day": func(loc *time.Location, t any) string {
		at, ok := timeOf(t)
		if !ok {
			return ""
		}
		if loc == nil {
			loc = time.UTC
		}
		return at.In(loc).Format("2 Jan 2006")
	},
	"flagAnswers": assignment.Answers,
	"seq": func(min, max int) []int {
		var out []int
		for i := min; i <= max; i++ {
			out = append(out, i)
		}
		return out
	},
}

func loadPages() (*pages, error) {
	// Parsed with English text; Server.New gives each language its own sets.
	en, err := i18n.New(i18n.Options{})
	if err != nil {
		return nil, err
	}
	shared := []string{"layouts/base.html"}
	partials, err := fs.Glob(templates.FS, "partials/*.html")
	if err != nil {
		return nil, err
	}
	shared = append(shared, partials...)
	p := &pages{sets: map[string]*template.Template{}}
	err = fs.WalkDir(templates.FS, "pages", func(file string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(file) != ".html" {
			return err
		}
		name := strings.TrimSuffix(strings.TrimPrefix(file, "pages/"), ".html")
		t, err := template.New(path.Base(file)).Funcs(funcs).Funcs(langFuncs(en.For(i18n.English))).ParseFS(templates.FS, append(append([]string{}, shared...), file)...)
		if err != nil {
			return fmt.Errorf("parse %s: %w", file, err)
		}
		if t.Lookup("content") == nil {
			return fmt.Errorf("%s defines no \"content\" block", file)
		}
		p.sets[name] = t
		return nil
	})
	return p, err
}

// NavItem is one link in the role's navigation.
type NavItem struct {
	Label  string // a catalogue key: the layout shows it with "t"
	Href   string
	Active bool
	also   []string // other path prefixes that belong to this section
}

// matches reports how strongly path belongs to this item: the length of the
// longest matching prefix, or -1.
func (n NavItem) matches(path string) int {
	best := -1
	for _, p := range append([]string{n.Href}, n.also...) {
		if (path == p || strings.HasPrefix(path, p+"/")) && len(p) > best {
			best = len(p)
		}
	}
	return best
}

// Page is what every page's data embeds.
type Page struct {
	Title    string
	Actor    auth.Actor
	Practice string
	Flash    string
	Nav      []NavItem
	Path     string
	// Zone is the viewer's time zone (their own, else the practice's):
	// the "when" and "day" template functions show times in it.
	Zone *time.Location
	// Emergency lists administrators' recent emergency openings of the
	// clinician's clients, shown on the dashboard by the layout (so it
	// stays whatever the dashboard's own template becomes).
	Emergency []breakglass.Grant
}

// page builds the shared part of a page's data for this request.
func (s *Server) page(c *gin.Context, title string) Page {
	a := actor(c)
	p := Page{Title: title, Actor: a, Practice: s.PracticeName, Path: c.Request.URL.Path, Zone: time.UTC}
	if !a.Anonymous() {
		p.Flash = s.Sessions.PopString(c.Request.Context(), "flash")
		if a.Zone != nil {
			p.Zone = a.Zone
		} else if loc, err := s.Assignments.ViewerZone(c.Request.Context(), a); err == nil {
			p.Zone = loc
		} else {
			s.Log.Warn("viewer zone", "err", err)
		}
	}
	// The longest matching link is the current section.
	best, bestLen := -1, -1
	nav := navFor(a.Role)
	if a.Role == auth.RoleClient {
		// "Shared with me" only for a client who has a partner to share with.
		if ok, err := s.Couples.HasPartner(c.Request.Context(), a); err != nil || !ok {
			if err != nil {
				slog.ErrorContext(c.Request.Context(), "navigation: has partner", "err", err)
			}
			nav = nav[:1]
		}
	}
	for i, n := range nav {
		if l := n.matches(p.Path); l > bestLen {
			best, bestLen = i, l
		}
		p.Nav = append(p.Nav, n)
	}
	if best >= 0 {
		p.Nav[best].Active = true
	}
	if a.Role == auth.RoleClinician && p.Path == "/clinician" {
		g, err := s.BreakGlass.ForClinician(c.Request.Context(), a)
		if err != nil {
			slog.ErrorContext(c.Request.Context(), "dashboard: emergency access notices", "err", err)
		}
		p.Emergency = g
	}
	return p
}

func navFor(role auth.Role) []NavItem {
	switch role {
	case auth.RoleAdmin:
		return []NavItem{{Label: "nav.accounts", Href: "/admin/users"}, {Label: "nav.audit", Href: "/admin/audit"},
			{Label: "nav.modules", Href: "/library/modules"}, {Label: "nav.worksheets", Href: "/library/worksheets"},
			{Label: "nav.security", Href: "/admin/security"}, {Label: "nav.safety", Href: "/admin/safety"}, {Label: "nav.outbox", Href: "/admin/outbox"},
			{Label: "nav.settings", Href: "/admin/settings"}}
	case auth.RoleClinician:
		return []NavItem{{Label: "nav.dashboard", Href: "/clinician"},
			{Label: "nav.clients", Href: "/clinician/clients", also: []string{"/clinician/couples", "/clinician/assignments"}},
			{Label: "nav.library", Href: "/library/modules", also: []string{"/library/worksheets", "/clinician/programs"}}}
		// Modules, worksheets and programs are tabs inside the library, and
		// Account and Sign out sit in the account menu, so the clinician's
		// navigation fits one row on a phone (issue 20).
	case auth.RoleClient:
		return []NavItem{{Label: "nav.my_work", Href: "/me"}, {Label: "nav.shared", Href: "/me/shared"}}
	}
	return nil
}

// flash stores a one-time message for the next page.
func (s *Server) flash(c *gin.Context, msg string) {
	s.Sessions.Put(c.Request.Context(), "flash", msg)
}

// render executes a page into a buffer first, so a template error becomes a
// clean 500 instead of half a page.
func (s *Server) render(c *gin.Context, status int, name string, data any) {
	t, ok := s.pages.set(s.lang(c), name)
	if !ok {
		s.Log.Error("unknown page", "page", name)
		c.String(http.StatusInternalServerError, "Something went wrong.")
		return
	}
	buf, _ := s.pages.buffers.Get().(*bytes.Buffer)
	if buf == nil {
		buf = bytes.NewBuffer(make([]byte, 0, 64<<10))
	}
	defer s.pages.putBuffer(buf)
	if err := t.ExecuteTemplate(buf, "base", data); err != nil {
		s.Log.Error("render page", "page", name, "err", err)
		c.String(http.StatusInternalServerError, "Something went wrong.")
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

// putBuffer returns buf to the pool once the page is written, unless an
// unusually large page grew it (kept, it would pin that memory).
func (p *pages) putBuffer(buf *bytes.Buffer) {
	if buf.Cap() > 1<<20 {
		return
	}
	buf.Reset()
	p.buffers.Put(buf)
}

type errorPage struct {
	Page
	Status  int
	Heading string
	Message string
}

// renderError shows a calm error page with a real status code.
func (s *Server) renderError(c *gin.Context, status int) {
	if isAPI(c) {
		s.problem(c, status, http.StatusText(status), "")
		return
	}
	txt := s.errorText(c, status)
	s.render(c, status, "errors/error", errorPage{Page: s.page(c, txt[0]), Status: status, Heading: txt[0], Message: txt[1]})
}

func (s *Server) notFound(c *gin.Context) { s.renderError(c, http.StatusNotFound) }

// problem writes an RFC 9457 problem+json body.
func (s *Server) problem(c *gin.Context, status int, title, detail string) {
	httpx.Problem(c, status, title, detail)
}

func timeOf(t any) (time.Time, bool) {
	switch v := t.(type) {
	case time.Time:
		return v, !v.IsZero()
	case *time.Time:
		if v == nil {
			return time.Time{}, false
		}
		return *v, true
	}
	return time.Time{}, false
}
