package web

import (
	"context"
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/account"
	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/client"
	"github.com/tend-practice/tend/internal/module"
	"github.com/tend-practice/tend/internal/practice"
	"github.com/tend-practice/tend/internal/program"
	"github.com/tend-practice/tend/internal/reminder"
	"github.com/tend-practice/tend/internal/worksheet"
)

// notFoundErrs are the domain errors that answer 404. Someone else's record
// is reported exactly like a missing one.
var notFoundErrs = []error{account.ErrNotFound, module.ErrNotFound, worksheet.ErrNotFound, client.ErrNotFound, assignment.ErrNotFound,
	program.ErrNotFound, reminder.ErrNotFound, practice.ErrNotFound}

// retryBusy is the Retry-After (seconds) when password hashing is busy.
const retryBusy = "5"

// fail maps a domain error to its page, once, and logs what is unexpected.
func (s *Server) fail(c *gin.Context, err error) {
	var tooLarge *http.MaxBytesError
	switch {
	case isNotFound(err):
		s.renderError(c, http.StatusNotFound)
	case errors.Is(err, account.ErrForbidden), errors.Is(err, practice.ErrForbidden):
		s.renderError(c, http.StatusForbidden)
	case errors.As(err, &tooLarge):
		s.renderError(c, http.StatusRequestEntityTooLarge)
	case errors.Is(err, auth.ErrBusy):
		c.Header("Retry-After", retryBusy)
		s.renderError(c, http.StatusServiceUnavailable)
	case errors.Is(err, context.Canceled):
		c.Status(499)
	default:
		s.Log.Error("request failed", "route", c.FullPath(), "err", err)
		s.renderError(c, http.StatusInternalServerError)
	}
	c.Abort()
}

func isNotFound(err error) bool {
	for _, e := range notFoundErrs {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// parseForm reads the form body, answering 413 or 400 itself when it cannot.
func (s *Server) parseForm(c *gin.Context) bool {
	if err := c.Request.ParseForm(); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			s.renderError(c, http.StatusRequestEntityTooLarge)
		} else {
			s.renderError(c, http.StatusBadRequest)
		}
		c.Abort()
		return false
	}
	return true
}
