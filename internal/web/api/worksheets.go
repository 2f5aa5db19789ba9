package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/web/httpx"
	"github.com/tend-practice/tend/internal/worksheet"
)

// apiWorksheetSummary is a worksheet as listed in the library.
type apiWorksheetSummary struct {
	Slug       string    `json:"slug"`
	Title      string    `json:"title"`
	Summary    string    `json:"summary"`
	Version    int       `json:"version"`
	Visibility string    `json:"visibility"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// apiWorksheet is one version of a worksheet with its schema as stored.
type apiWorksheet struct {
	Slug      string           `json:"slug"`
	Version   int              `json:"version"`
	Title     string           `json:"title"`
	Schema    worksheet.Schema `json:"schema"`
	CreatedAt time.Time        `json:"created_at"`
}

func apiWorksheetFrom(v worksheet.Version) apiWorksheet {
	return apiWorksheet{Slug: v.Slug, Version: v.Version, Title: v.Title, Schema: v.Schema, CreatedAt: v.CreatedAt}
}

// GET /api/v1/worksheets
func (s *Server) apiWorksheets(c *gin.Context) {
	list, err := s.Worksheets.List(c.Request.Context(), httpx.Actor(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]apiWorksheetSummary, 0, len(list))
	for _, w := range list {
		out = append(out, apiWorksheetSummary{Slug: w.Slug, Title: w.Title, Summary: w.Summary, Version: w.Version,
			Visibility: w.Visibility, UpdatedAt: w.UpdatedAt})
	}
	s.apiJSON(c, http.StatusOK, out)
}

// GET /api/v1/worksheets/:slug: the current version.
func (s *Server) apiWorksheet(c *gin.Context) {
	if !apiSlugPattern.MatchString(c.Param("slug")) {
		s.apiNotFound(c)
		return
	}
	v, err := s.Worksheets.Get(c.Request.Context(), httpx.Actor(c), c.Param("slug"))
	if err != nil {
		s.fail(c, err)
		return
	}
	s.apiJSON(c, http.StatusOK, apiWorksheetFrom(v))
}
