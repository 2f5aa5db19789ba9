package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/client"
)

// rosterURL is the client list with f's search, sort and tab, on page.
func rosterURL(f client.RosterFilter, page int) string {
	v := url.Values{}
	if f.Q != "" {
		v.Set("q", f.Q)
	}
	if f.Sort != "" && f.Sort != client.SortName {
		v.Set("sort", f.Sort)
	}
	if f.Archived {
		v.Set("archived", "1")
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	if len(v) == 0 {
		return "/clinician/clients"
	}
	return "/clinician/clients?" + v.Encode()
}

type rosterSort struct {
	Label, URL string
	Current    bool
}

// rosterFilter reads the list's search, sort, tab and page; a sort or page
// that is not one answers 400.
func (s *Server) rosterFilter(c *gin.Context) (client.RosterFilter, bool) {
	f := client.RosterFilter{Q: c.Query("q"), Sort: c.Query("sort"), Archived: c.Query("archived") == "1", Page: 1}
	if p := c.Query("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 100000 {
			s.renderError(c, http.StatusBadRequest)
			return f, false
		}
		f.Page = n
	}
	if !client.ValidSort(f.Sort) || len(f.Q) > 200 {
		s.renderError(c, http.StatusBadRequest)
		return f, false
	}
	return f, true
}
