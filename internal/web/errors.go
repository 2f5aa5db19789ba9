package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/fielderr"
	"github.com/tend-practice/tend/internal/web/httpx"
)

// retryBusy is the Retry-After (seconds) when password hashing is busy.
const retryBusy = httpx.RetryBusy

// fail answers a domain error through the one error table (httpx), for
// pages and for the API (problem+json), and logs only what is unexpected.
func (s *Server) fail(c *gin.Context, err error) { httpx.Fail(c, s.Log, err, s.renderError) }

// fieldErrors returns the per-field messages of a validation error from any
// domain package, or nil for any other error.
func fieldErrors(err error) map[string]string { return fielderr.Fields(err) }

// parseForm reads the form body, answering 413 or 400 itself when it cannot.
func (s *Server) parseForm(c *gin.Context) bool {
	if err := c.Request.ParseForm(); err != nil {
		status := http.StatusBadRequest
		if httpx.StatusOf(err) == http.StatusRequestEntityTooLarge {
			status = http.StatusRequestEntityTooLarge
		}
		s.renderError(c, status)
		c.Abort()
		return false
	}
	return true
}

// errorKeys are the catalogue keys of each error page's heading and text.
var errorKeys = map[int][2]string{
	http.StatusBadRequest:            {"error.400.heading", "error.400.text"},
	http.StatusForbidden:             {"error.403.heading", "error.403.text"},
	http.StatusNotFound:              {"error.404.heading", "error.404.text"},
	http.StatusUnauthorized:          {"error.401.heading", "error.401.text"},
	http.StatusConflict:              {"error.409.heading", "error.409.text"},
	http.StatusUnprocessableEntity:   {"error.422.heading", "error.422.text"},
	http.StatusRequestEntityTooLarge: {"error.413.heading", "error.413.text"},
	http.StatusUnsupportedMediaType:  {"error.415.heading", "error.415.text"},
	http.StatusTooManyRequests:       {"error.429.heading", "error.429.text"},
	http.StatusInternalServerError:   {"error.500.heading", "error.500.text"},
	http.StatusServiceUnavailable:    {"error.503.heading", "error.503.text"},
}

// errorText is an error page's heading and text in the request's language.
// A status without words of its own gets a general heading.
func (s *Server) errorText(c *gin.Context, status int) [2]string {
	tr := s.tr(c)
	keys, ok := errorKeys[status]
	if !ok {
		return [2]string{tr.T("error.other"), ""}
	}
	return [2]string{tr.T(keys[0]), tr.T(keys[1])}
}
