// Package api is Tend's JSON API under /api/v1: one handler per file, the
// JSON shapes they answer, and Routes, which registers each route with the
// rule it needs through the web server's one registration function. Errors
// are problem+json through the one error table (package httpx). The
// handlers call the same domain services as the pages, with the actor.
package api

import (
	"log/slog"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/client"
	"github.com/tend-practice/tend/internal/module"
	"github.com/tend-practice/tend/internal/safety"
	"github.com/tend-practice/tend/internal/web/httpx"
	"github.com/tend-practice/tend/internal/worksheet"
)

// Deps is what the API handlers use.
type Deps struct {
	Log         *slog.Logger
	Modules     *module.Service
	Worksheets  *worksheet.Service
	Clients     *client.Service
	Assignments *assignment.Service
	Safety      *safety.Service
	BaseURL     string // for the invite link of a new client
	Now         func() time.Time
}

// Server holds the API handlers and their dependencies. It has no router of
// its own: Routes mounts the handlers on the web server's.
type Server struct {
	Deps
}

// New returns the API handlers.
func New(d Deps) *Server {
	if d.Now == nil {
		d.Now = time.Now
	}
	return &Server{Deps: d}
}

// fail answers a domain error as problem+json through the one error table.
func (s *Server) fail(c *gin.Context, err error) { httpx.Fail(c, s.Log, err, nil) }
