package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/module"
	"github.com/tend-practice/tend/internal/reference"
	"github.com/tend-practice/tend/internal/web/httpx"
)

// apiModuleSummary is a module as listed in the library.
type apiModuleSummary struct {
	Slug           string    `json:"slug"`
	Title          string    `json:"title"`
	Summary        string    `json:"summary"`
	Topics         []string  `json:"topics"`
	ReadingMinutes int       `json:"reading_minutes"`
	Version        int       `json:"version"`
	Visibility     string    `json:"visibility"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// apiModule is one version of a module, as read.
type apiModule struct {
	Slug           string         `json:"slug"`
	Version        int            `json:"version"`
	Title          string         `json:"title"`
	Summary        string         `json:"summary"`
	Topics         []string       `json:"topics"`
	ReadingMinutes int            `json:"reading_minutes"`
	ContentNote    string         `json:"content_note"`
	Body           string         `json:"body"`
	References     []apiReference `json:"references"`
	CreatedAt      time.Time      `json:"created_at"`
}

type apiAuthor struct {
	Family string `json:"family"`
	Given  string `json:"given"`
}

// apiReference is a cited source: its parts, and the APA 7 text ready to
// show. Fields a type does not use are empty.
type apiReference struct {
	Key          string      `json:"key"`
	Type         string      `json:"type"`
	Authors      []apiAuthor `json:"authors"`
	GroupAuthor  string      `json:"group_author"`
	Editors      []apiAuthor `json:"editors"`
	Year         int         `json:"year"`
	Date         string      `json:"date"`
	Title        string      `json:"title"`
	Journal      string      `json:"journal"`
	Volume       string      `json:"volume"`
	Issue        string      `json:"issue"`
	Pages        string      `json:"pages"`
	BookTitle    string      `json:"book_title"`
	Edition      string      `json:"edition"`
	Publisher    string      `json:"publisher"`
	ReportNumber string      `json:"report_number"`
	SiteName     string      `json:"site_name"`
	URL          string      `json:"url"`
	Accessed     string      `json:"accessed"`
	DOI          string      `json:"doi"`
	Note         string      `json:"note"`
	APA          string      `json:"apa"`
	Citation     string      `json:"citation"`
	DOIURL       string      `json:"doi_url"`
}

func apiModuleFrom(v module.Version) apiModule {
	out := apiModule{Slug: v.Slug, Version: v.Version, Title: v.Title, Summary: v.Summary, Topics: apiNonNil(v.Topics()),
		ReadingMinutes: v.ReadingMinutes, ContentNote: v.ContentNote, Body: v.Body,
		References: make([]apiReference, 0, len(v.References)), CreatedAt: v.CreatedAt}
	for _, r := range v.References {
		out.References = append(out.References, apiReferenceFrom(r))
	}
	return out
}

func apiReferenceFrom(r reference.Reference) apiReference {
	ref := apiReference{Key: r.Key, Type: string(r.Kind()), Authors: apiAuthors(r.Authors), GroupAuthor: r.GroupAuthor,
		Editors: apiAuthors(r.Editors), Year: r.Year, Date: r.Date, Title: r.Title, Journal: r.Journal, Volume: r.Volume,
		Issue: r.Issue, Pages: r.Pages, BookTitle: r.BookTitle, Edition: r.Edition, Publisher: r.Publisher,
		ReportNumber: r.ReportNumber, SiteName: r.SiteName, URL: r.URL, Accessed: r.Accessed, DOI: r.DOI, Note: r.Note,
		APA: reference.Format(r).String(), Citation: reference.Citation(r)}
	if doi := reference.NormalizeDOI(r.DOI); doi != "" {
		ref.DOIURL = "https://doi.org/" + doi
	}
	return ref
}

func apiAuthors(list []reference.Author) []apiAuthor {
	out := make([]apiAuthor, 0, len(list))
	for _, a := range list {
		out = append(out, apiAuthor{Family: a.Family, Given: a.Given})
	}
	return out
}

// GET /api/v1/modules?topic=&q=
func (s *Server) apiModules(c *gin.Context) {
	f := module.Filter{Topic: c.Query("topic"), Query: c.Query("q")}
	if len(f.Topic) > 100 || len(f.Query) > 200 || len(apiUnstorable(map[string]string{"topic": f.Topic, "q": f.Query})) > 0 {
		s.apiBadRequest(c, "topic may be at most 100 characters and q at most 200, of plain UTF-8 text.")
		return
	}
	list, err := s.Modules.List(c.Request.Context(), httpx.Actor(c), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]apiModuleSummary, 0, len(list))
	for _, m := range list {
		out = append(out, apiModuleSummary{Slug: m.Slug, Title: m.Title, Summary: m.Summary, Topics: apiNonNil(m.Topics()),
			ReadingMinutes: m.ReadingMinutes, Version: m.Version, Visibility: m.Visibility, UpdatedAt: m.UpdatedAt})
	}
	s.apiJSON(c, http.StatusOK, out)
}

// GET /api/v1/modules/:slug: the current version for staff, the version a
// client was most recently given for a client.
func (s *Server) apiModule(c *gin.Context) {
	if !apiSlugPattern.MatchString(c.Param("slug")) {
		s.apiNotFound(c)
		return
	}
	v, err := s.Modules.Get(c.Request.Context(), httpx.Actor(c), c.Param("slug"))
	if err != nil {
		s.fail(c, err)
		return
	}
	s.apiJSON(c, http.StatusOK, apiModuleFrom(v))
}

func apiNonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
