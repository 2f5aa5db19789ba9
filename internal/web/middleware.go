package web

import (
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/account"
	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/authz"
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
		h := c.Writer.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
			"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if s.Secure {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		c.Next()
	}
}

// limitBody caps request bodies; a larger one gets 413 from the form parser.
func (s *Server) limitBody(n int64) gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.Request.Body != nil {
			c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, n)
		}
		c.Next()
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

func actor(c *gin.Context) auth.Actor { return auth.ActorFrom(c.Request.Context()) }

func isAPI(c *gin.Context) bool { return strings.HasPrefix(c.Request.URL.Path, "/api/") }

// safeNext accepts only a local path for post-sign-in redirects.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Host != "" || u.Scheme != "" {
		return "/"
	}
	return next
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

// stashDraft keeps a worksheet form that arrived after the session expired,
// in the new (server-side) session, so that after signing in again the client
// finds what they typed. The page shows it only to the owner of the assignment.
func (s *Server) stashDraft(c *gin.Context) {
	if c.Request.Method != http.MethodPost || !strings.HasPrefix(c.Request.URL.Path, "/me/assignments/") ||
		strings.Count(c.Request.URL.Path, "/") != 3 {
		return
	}
	if err := c.Request.ParseForm(); err != nil {
		return
	}
	form := url.Values{}
	for k, v := range c.Request.PostForm {
		if k != "action" && k != "version" && k != "submission_key" {
			form[k] = v
		}
	}
	ctx := c.Request.Context()
	s.Sessions.Put(ctx, stashPathKey, c.Request.URL.Path)
	s.Sessions.Put(ctx, stashFormKey, form.Encode())
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
		if !bad && c.Request.Method == http.MethodPost && strings.HasPrefix(c.ContentType(), "application/x-www-form-urlencoded") {
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
