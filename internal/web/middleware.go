package web

import (
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/account"
	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/authz"
	"github.com/tend-practice/tend/internal/ratelimit"
	"github.com/tend-practice/tend/internal/web/httpx"
	"github.com/tend-practice/tend/internal/worksheet"
)

const sessionUserKey = "user_id"

// sessionEpochKey is the account's session epoch at sign-in: a reset or a
// new password bumps the account's, which ends every older session.
const sessionEpochKey = "session_epoch"

// recoverer turns a panic into a 500 page and one log line.
func (s *Server) recoverer() gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if r := recover(); r != nil {
				if r == http.ErrAbortHandler {
					panic(r)
				}
				s.Log.Error("panic in handler", "route", c.FullPath(), "panic", r)
				if !c.Writer.Written() {
					s.renderError(c, http.StatusInternalServerError)
				}
				c.Abort()
			}
		}()
		c.Next()
	}
}

// requestLog writes one line per request: method, route template, status and
// duration. Never the raw URL, query, cookies or form values: client data
// must not reach logs.
func (s *Server) requestLog() gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		route := c.FullPath()
		if route == "" {
			route = "(unmatched)"
		}
		s.Log.LogAttrs(c.Request.Context(), levelFor(c.Writer.Status()), "request",
			slog.String("method", c.Request.Method), slog.String("route", route),
			slog.Int("status", c.Writer.Status()), slog.Duration("duration", time.Since(start)))
	}
}

// securityHeaders sets the headers every response carries.
func (s *Server) securityHeaders() gin.HandlerFunc {
	return func(c *gin.Context) {
		SecurityHeaders(c.Writer.Header(), s.Secure)
		c.Next()
	}
}

// SecurityHeaders sets the headers every response carries. Responses made
// outside the router (the cross-origin refusal, the session store's error)
// call it too.
func SecurityHeaders(h http.Header, secure bool) {
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
		"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	if secure {
		h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
	}
}

// loadActor reads the signed-in user from the session and puts the Actor in
// the request context. A deactivated account loses its session here.
func (s *Server) loadActor() gin.HandlerFunc {
	return func(c *gin.Context) {
		ctx := audit.WithIP(c.Request.Context(), c.ClientIP())
		if id := s.Sessions.GetInt64(ctx, sessionUserKey); id != 0 {
			a, err := s.Accounts.SessionActor(ctx, id, s.Sessions.GetInt(ctx, sessionEpochKey))
			switch {
			case err == nil:
				ctx = auth.WithActor(ctx, a)
			case errors.Is(err, account.ErrNotFound):
				_ = s.Sessions.Destroy(ctx)
			default:
				s.Log.Error("load actor", "err", err)
				c.Request = c.Request.WithContext(ctx)
				s.renderError(c, http.StatusServiceUnavailable)
				c.Abort()
				return
			}
		}
		c.Request = c.Request.WithContext(ctx)
		c.Next()
	}
}

// authorize enforces a route's rule: public routes pass; otherwise an
// anonymous page request goes to sign-in (API: 401), and a role the policy
// does not allow gets 403.
func (s *Server) authorize(rule authz.Rule) gin.HandlerFunc {
	return func(c *gin.Context) {
		if rule.IsPublic() {
			c.Next()
			return
		}
		// Anything behind sign-in may show client data: never cache it.
		c.Header("Cache-Control", "no-store")
		a := actor(c)
		if a.Anonymous() {
			s.stashDraft(c)
			if isAPI(c) {
				s.problem(c, http.StatusUnauthorized, "Sign in required", "")
			} else {
				next := c.Request.URL.RequestURI()
				if c.Request.Method != http.MethodGet {
					next = c.Request.URL.Path
				}
				c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(next))
			}
			c.Abort()
			return
		}
		if !s.Enforcer.Allowed(a.Role, rule) {
			if isAPI(c) {
				s.problem(c, http.StatusForbidden, "Not allowed", "")
			} else {
				s.renderError(c, http.StatusForbidden)
			}
			c.Abort()
			return
		}
		c.Next()
	}
}

func actor(c *gin.Context) auth.Actor { return httpx.Actor(c) }

func isAPI(c *gin.Context) bool { return httpx.IsAPI(c) }

// safeNext returns next when it is a plain path on this site that the
// router serves to GET (with an optional query), and "/" otherwise. It
// refuses rather than repairs: a backslash, a dot segment, a doubled or a
// trailing slash, percent-encoding in the path, a control character, a
// fragment or anything with a scheme or host. Browsers read "\" as "/", and
// http.Redirect cleans dot segments, so "/./\evil.example" would otherwise
// leave the site.
func (s *Server) safeNext(next string) string {
	if next == "" || len(next) > 2048 || next[0] != '/' || !utf8.ValidString(next) || strings.ContainsAny(next, "\\#") {
		return "/"
	}
	p, query, _ := strings.Cut(next, "?")
	if strings.Contains(p, "%") {
		return "/"
	}
	for _, r := range next {
		if r < 0x20 || r == 0x7f || unicode.IsSpace(r) || !unicode.IsPrint(r) {
			return "/"
		}
	}
	if p != path.Clean(p) || strings.HasPrefix(p, "//") || !s.knownGet(p) {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" || u.Path != p {
		return "/"
	}
	if query != "" {
		return p + "?" + query
	}
	return p
}

// knownGet reports whether the router has a GET route for path p.
func (s *Server) knownGet(p string) bool {
	segs := strings.Split(p, "/")
	for _, pattern := range s.getRoutes {
		if matchRoute(strings.Split(pattern, "/"), segs) {
			return true
		}
	}
	return false
}

// matchRoute matches path segments against a Gin pattern's: ":name" takes
// any one non-empty segment, "*name" the rest.
func matchRoute(pattern, segs []string) bool {
	for i, ps := range pattern {
		if strings.HasPrefix(ps, "*") {
			return true
		}
		if i >= len(segs) {
			return false
		}
		if strings.HasPrefix(ps, ":") {
			if segs[i] == "" {
				return false
			}
			continue
		}
		if ps != segs[i] {
			return false
		}
	}
	return len(pattern) == len(segs)
}

func levelFor(status int) slog.Level {
	if status >= 500 {
		return slog.LevelError
	}
	return slog.LevelInfo
}

// Session keys for a worksheet posted after the session expired.
const (
	stashPathKey = "stash_path"
	stashFormKey = "stash_form"
)

// Bounds of a stashed form: the assignment's own worksheet (its fields, each
// within its length), within what the largest worksheet can hold (100
// fields), and never more than 128 KiB encoded, so that a stash stays small.
const (
	stashMaxBytes  = 128 << 10
	stashMaxFields = 100
	stashMaxValues = 1000
	stashMaxChoice = 200 // characters of a non-text value (a choice, a number, a date)
)

// stashDraft keeps a worksheet form that arrived after the session expired,
// in the new (server-side) session, so that after signing in again the client
// finds what they typed. The page shows it only to the owner of the assignment.
//
// A request without a signed-in session may otherwise make the server store
// nothing, so a stash needs all of: an assignment id that parses; the cookie
// of a live session or of one that really existed and ended (its tombstone
// carries one stash); a form within a worksheet's limits; and the client
// address within its stash limit.
func (s *Server) stashDraft(c *gin.Context) {
	p := c.Request.URL.Path
	if c.Request.Method != http.MethodPost || !strings.HasPrefix(p, "/me/assignments/") || strings.Count(p, "/") != 3 {
		return
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(p, "/me/assignments/"), 10, 64)
	if err != nil || id <= 0 {
		return
	}
	cookie, err := c.Request.Cookie(s.Sessions.Cookie.Name)
	if err != nil || cookie.Value == "" {
		return
	}
	if err := c.Request.ParseForm(); err != nil || !withinStashBounds(c.Request.PostForm) {
		return
	}
	ctx := c.Request.Context()
	if s.Sessions.Token(ctx) == "" { // not a live session: it must have been one
		claimed, err := s.Tombstones.Claim(ctx, cookie.Value)
		if err != nil {
			s.Log.Error("draft stash", "err", err)
			return
		}
		if !claimed {
			return
		}
	}
	sc, err := s.Assignments.StashSchema(ctx, id)
	if err != nil {
		if !errors.Is(err, assignment.ErrNotFound) {
			s.Log.Error("draft stash", "err", err)
		}
		return
	}
	form, ok := stashForm(sc, c.Request.PostForm)
	if !ok {
		return
	}
	if allowed, err := s.StashLimit.Allow(ctx, "stash:"+ratelimit.Source(c.ClientIP())); err != nil || !allowed {
		if err != nil {
			s.Log.Error("draft stash", "err", err)
		}
		return
	}
	s.Sessions.Put(ctx, stashPathKey, p)
	s.Sessions.Put(ctx, stashFormKey, form)
}

// withinStashBounds is a first, cheap look at a posted form: no more than
// any worksheet can hold.
func withinStashBounds(posted url.Values) bool {
	values := 0
	for k, v := range posted {
		values += len(v)
		if len(posted) > stashMaxFields+3 || len(k) > 40 || values > stashMaxValues {
			return false
		}
	}
	return true
}

// stashForm returns the encoded answers of a posted form for worksheet sc:
// only its fields, each within its own limit, at most stashMaxBytes in all.
// A form beyond that is not stashed at all (false).
func stashForm(sc worksheet.Schema, posted url.Values) (string, bool) {
	form := url.Values{}
	for _, f := range sc.Fields() {
		vs := posted[f.ID]
		if len(vs) == 0 {
			continue
		}
		if !f.Type.IsList() {
			vs = vs[:1]
		}
		for _, v := range vs {
			limit := stashMaxChoice
			if f.Type.IsText() {
				limit = f.Limit()
			}
			if utf8.RuneCountInString(v) > limit {
				return "", false
			}
		}
		form[f.ID] = vs
	}
	enc := form.Encode()
	return enc, len(enc) <= stashMaxBytes
}

// rejectBadText answers 400 for a path, query or form value that is not
// valid UTF-8 or holds a NUL byte: PostgreSQL refuses both, and no person
// types them. Checked once here so no handler can forget.
func (s *Server) rejectBadText() gin.HandlerFunc {
	return func(c *gin.Context) {
		bad := !cleanText(c.Request.URL.Path)
		for _, vs := range c.Request.URL.Query() {
			for _, v := range vs {
				bad = bad || !cleanText(v)
			}
		}
		// No route takes multipart (or any other form encoding Gin would
		// read values from): refused whole, so no value skips the check below.
		if strings.HasPrefix(c.ContentType(), "multipart/") {
			s.renderError(c, http.StatusUnsupportedMediaType)
			c.Abort()
			return
		}
		hasForm := c.Request.Method == http.MethodPost || c.Request.Method == http.MethodPut || c.Request.Method == http.MethodPatch
		if !bad && hasForm && strings.HasPrefix(c.ContentType(), "application/x-www-form-urlencoded") {
			// Parse once here, so every handler sees the same outcome.
			if !s.parseForm(c) {
				return
			}
			{
				for k, vs := range c.Request.PostForm {
					bad = bad || !cleanText(k)
					for _, v := range vs {
						bad = bad || !cleanText(v)
					}
				}
			}
		}
		if bad {
			s.renderError(c, http.StatusBadRequest)
			c.Abort()
			return
		}
		c.Next()
	}
}

func cleanText(v string) bool { return utf8.ValidString(v) && !strings.ContainsRune(v, 0) }
