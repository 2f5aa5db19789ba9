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
