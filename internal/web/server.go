// Package web is Tend's HTTP layer: the Gin engine, every route and its access
// rule, middleware, page rendering and thin handlers. It calls the domain
// services and never touches the database directly.
package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/account"
	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/authz"
	"github.com/tend-practice/tend/internal/breakglass"
	"github.com/tend-practice/tend/internal/client"
	"github.com/tend-practice/tend/internal/clock"
	"github.com/tend-practice/tend/internal/couple"
	"github.com/tend-practice/tend/internal/handout"
	"github.com/tend-practice/tend/internal/i18n"
	"github.com/tend-practice/tend/internal/mail"
	"github.com/tend-practice/tend/internal/mfa"
	"github.com/tend-practice/tend/internal/module"
	"github.com/tend-practice/tend/internal/practice"
	"github.com/tend-practice/tend/internal/program"
	"github.com/tend-practice/tend/internal/ratelimit"
	"github.com/tend-practice/tend/internal/reminder"
	"github.com/tend-practice/tend/internal/safety"
	"github.com/tend-practice/tend/internal/session"
	"github.com/tend-practice/tend/internal/web/api"
	"github.com/tend-practice/tend/internal/web/httpx"
	"github.com/tend-practice/tend/internal/worksheet"
)

// Deps is everything the HTTP layer needs, built once in main.
type Deps struct {
	Log         *slog.Logger
	Sessions    *scs.SessionManager
	Enforcer    *authz.Enforcer
	Accounts    *account.Service
	Audit       *audit.Log
	Modules     *module.Service
	Markdown    *module.Renderer
	Worksheets  *worksheet.Service
	Clients     *client.Service
	Assignments *assignment.Service
	Couples     *couple.Service
	Programs    *program.Service
	Reminders   *reminder.Service
	// DemoClock is non-nil only in a demo run with TEND_DEMO_CLOCK on:
	// POST /demo/clock moves it (browser journeys). Nil: the route answers 404.
	DemoClock *clock.Offset
	// Tick runs the schedule now (after the demo clock moved).
	Tick         func(context.Context) error
	MFA          *mfa.Service
	BreakGlass   *breakglass.Service
	Practice     *practice.Service
	Safety       *safety.Service
	Outbox       *mail.Outbox // mail kept when no SMTP server is configured: /admin/outbox
	OutboxLinks  bool         // show one-time links in /admin/outbox: local and demo runs only
	Handouts     *handout.Renderer
	PDFLimit     *handout.Limit              // renders at once; nil: handout.DefaultSlots, a short wait
	Paper        string                      // default paper size: A4 or Letter
	Ready        func(context.Context) error // database ping for /readyz
	SignInLimit  *ratelimit.Limiter          // per client IP
	ResetLimit   *ratelimit.Limiter          // "Forgot password?" per client IP
	StashLimit   *ratelimit.Limiter          // draft stashes per client address
	InviteLimit  *ratelimit.Limiter          // invite acceptances per token and per client address
	Tombstones   *session.Tombstones         // sessions that ended, for the draft stash
	PracticeName string
	BaseURL      string
	Secure       bool // served over https: HSTS and Secure cookies
	Release      bool // Gin release mode and terse logs
	TrustedProxy []string
	Version      string
	Now          func() time.Time
	// I18n is the message catalogues (issue 22); nil: English, Spanish
	// and Greek without the pseudo-locale.
	I18n *i18n.Bundle
}

// Server holds the router and its dependencies.
type Server struct {
	Deps
	engine *gin.Engine
	pages  *pages
	access map[string]authz.Rule // "METHOD path" -> rule, for the route walk test
	// getRoutes are the GET patterns, for safeNext.
	getRoutes []string

	handoutCache moduleCache

	// api holds the /api/v1 handlers; routes mounts them through handle.
	api *api.Server
}

// New builds the server: templates parsed and checked once, every route registered.
func New(d Deps) (*Server, error) {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.PDFLimit == nil {
		d.PDFLimit = handout.NewLimit(0, pdfWait)
	}
	// Debug mode only prints every route at start-up; our own request log
	// says what matters, in every environment.
	gin.SetMode(gin.ReleaseMode)
	if d.I18n == nil {
		b, err := i18n.New(i18n.Options{})
		if err != nil {
			return nil, fmt.Errorf("catalogues: %w", err)
		}
		d.I18n = b
	}
	p, err := loadPages()
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	if err := p.localize(d.I18n); err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	e := gin.New()
	e.HandleMethodNotAllowed = false
	if err := e.SetTrustedProxies(d.TrustedProxy); err != nil {
		return nil, fmt.Errorf("trusted proxies: %w", err)
	}
	e.MaxMultipartMemory = 1 << 20
	s := &Server{Deps: d, engine: e, pages: p, access: map[string]authz.Rule{}}
	s.api = api.New(api.Deps{Log: d.Log, Modules: d.Modules, Worksheets: d.Worksheets, Clients: d.Clients,
		Assignments: d.Assignments, Safety: d.Safety, BaseURL: d.BaseURL, Now: d.Now})
	e.Use(s.recoverer(), s.requestLog(), s.securityHeaders(), httpx.LimitBody(httpx.MaxBody), s.rejectBadText(), s.loadActor(), s.mustChangePassword())
	e.NoRoute(func(c *gin.Context) { s.notFound(c) })
	s.routes()
	return s, nil
}

// Handler wraps the router in the outer layers that must see every request:
// cross-origin (CSRF) protection and the session load/save.
func (s *Server) Handler() http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		SecurityHeaders(w.Header(), s.Secure)
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusForbidden)
		_, _ = w.Write([]byte("This request came from another site and was refused.\n"))
	}))
	return cop.Handler(session.LoadAndSave(s.Sessions, s.engine))
}

// Engine exposes the Gin engine (route listing in tests).
func (s *Server) Engine() *gin.Engine { return s.engine }

// Access returns the rule declared for a route, and whether one was.
func (s *Server) Access(method, path string) (authz.Rule, bool) {
	r, ok := s.access[method+" "+path]
	return r, ok
}

// handle registers a route with its access rule. Every route goes through
// here: the rule is enforced by middleware before the handler runs.
func (s *Server) handle(method, path string, rule authz.Rule, h gin.HandlerFunc) {
	s.access[method+" "+path] = rule
	if method == http.MethodGet {
		s.getRoutes = append(s.getRoutes, path)
	}
	s.engine.Handle(method, path, s.authorize(rule), h)
}
