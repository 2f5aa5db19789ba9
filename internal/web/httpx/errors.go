package httpx

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/account"
	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/breakglass"
	"github.com/tend-practice/tend/internal/client"
	"github.com/tend-practice/tend/internal/couple"
	"github.com/tend-practice/tend/internal/fielderr"
	"github.com/tend-practice/tend/internal/handout"
	"github.com/tend-practice/tend/internal/jobs"
	"github.com/tend-practice/tend/internal/mfa"
	"github.com/tend-practice/tend/internal/module"
	"github.com/tend-practice/tend/internal/practice"
	"github.com/tend-practice/tend/internal/program"
	"github.com/tend-practice/tend/internal/reference"
	"github.com/tend-practice/tend/internal/reminder"
	"github.com/tend-practice/tend/internal/safety"
	"github.com/tend-practice/tend/internal/seal"
	"github.com/tend-practice/tend/internal/worksheet"
)

// RetryBusy is the Retry-After (seconds) when password hashing is busy.
const RetryBusy = "5"

// statusClientClosed is nginx's 499: the caller went away, nothing to answer.
const statusClientClosed = 499

// errorRule is one line of the error table: a domain sentinel, the status it
// answers, and (for problem+json) a title and detail in our own words. The
// page path shows the calm text for the status (errorText) instead.
type errorRule struct {
	err           error
	status        int
	title, detail string
}

// errorTable maps every exported sentinel error of the domain packages to
// its status, once, for pages and the API alike. Someone else's record is
// reported exactly like a missing one (404). A sentinel that handlers answer
// themselves (a wrong password re-shows the form) is here too, with the
// status it should get if it ever reaches fail. TestErrorTable_EverySentinel
// fails when a package grows an Err... var that is missing here.
var errorTable = []errorRule{
	// Not found, or not the actor's: indistinguishable.
	{err: account.ErrNotFound, status: http.StatusNotFound},
	{err: assignment.ErrNotFound, status: http.StatusNotFound},
	{err: breakglass.ErrNotFound, status: http.StatusNotFound},
	{err: client.ErrNotFound, status: http.StatusNotFound},
	{err: couple.ErrNotFound, status: http.StatusNotFound},
	{err: mfa.ErrNotFound, status: http.StatusNotFound},
	{err: module.ErrNotFound, status: http.StatusNotFound},
	{err: practice.ErrNotFound, status: http.StatusNotFound},
	{err: program.ErrNotFound, status: http.StatusNotFound},
	{err: reminder.ErrNotFound, status: http.StatusNotFound},
	{err: worksheet.ErrNotFound, status: http.StatusNotFound},
	{err: account.ErrTokenInvalid, status: http.StatusNotFound},
	{err: client.ErrInviteInvalid, status: http.StatusNotFound},

	// Forbidden.
	{err: account.ErrForbidden, status: http.StatusForbidden, title: "Not allowed"},
	{err: practice.ErrForbidden, status: http.StatusForbidden, title: "Not allowed"},
	{err: safety.ErrForbidden, status: http.StatusForbidden, title: "Not allowed"},
	{err: mfa.ErrNotAllowed, status: http.StatusForbidden, title: "Not allowed"},
	{err: mfa.ErrRequired, status: http.StatusForbidden, title: "Not allowed",
		detail: "The practice requires two-step sign-in."},

	// Conflicts: the record is not in a state that allows this.
	{err: assignment.ErrConflict, status: http.StatusConflict, title: "Changed elsewhere",
		detail: "The draft was saved from another tab or device since this version. Load it again, then resend your changes."},
	{err: assignment.ErrLocked, status: http.StatusConflict, title: "Already submitted",
		detail: "This work has been submitted and is read-only unless your clinician reopens it."},
	{err: account.ErrEmailTaken, status: http.StatusConflict, title: "Email in use"},
	{err: couple.ErrStalePreview, status: http.StatusConflict, title: "Changed elsewhere"},
	{err: couple.ErrNotReady, status: http.StatusConflict, title: "Not ready yet"},
	{err: couple.ErrIndividualOnly, status: http.StatusConflict, title: "Individual work only"},
	{err: mfa.ErrAlreadyEnrolled, status: http.StatusConflict},
	{err: mfa.ErrNotEnrolled, status: http.StatusConflict},

	// Sign-in.
	{err: account.ErrInvalidCredentials, status: http.StatusUnauthorized},
	{err: account.ErrLocked, status: http.StatusUnauthorized},
	{err: mfa.ErrInvalidCode, status: http.StatusUnprocessableEntity},
	{err: account.ErrThrottled, status: http.StatusTooManyRequests},

	// Bad values the handler did not catch as a field error.
	{err: auth.ErrPasswordPolicy, status: http.StatusUnprocessableEntity},
	{err: reference.ErrInvalid, status: http.StatusUnprocessableEntity},
	{err: reference.ErrInvalidDOI, status: http.StatusUnprocessableEntity},

	// Busy: try again shortly.
	{err: auth.ErrBusy, status: http.StatusServiceUnavailable},
	{err: handout.ErrBusy, status: http.StatusServiceUnavailable},

	// The caller went away.
	{err: context.Canceled, status: statusClientClosed},

	// Our fault: logged, answered 500.
	{err: assignment.ErrNoKeys, status: http.StatusInternalServerError},
	{err: mfa.ErrNoKeys, status: http.StatusInternalServerError},
	{err: seal.ErrOpen, status: http.StatusInternalServerError},
	{err: seal.ErrUnknownKey, status: http.StatusInternalServerError},
	{err: seal.ErrFormat, status: http.StatusInternalServerError},
	{err: handout.ErrRender, status: http.StatusInternalServerError},
	{err: jobs.ErrNoTx, status: http.StatusInternalServerError},
}

// errorAnswer is what one error answers.
type errorAnswer struct {
	status        int
	title, detail string
	fields        map[string]string // on 422 from a fielderr.Error
}

// classify finds err's answer: a field error is 422 with its messages, a
// body over the limit 413, a sentinel its table status, anything else 500.
func classify(err error) errorAnswer {
	if fields := fielderr.Fields(err); fields != nil {
		return errorAnswer{status: http.StatusUnprocessableEntity, title: "Some fields need attention",
			detail: "Nothing was saved. See errors for a message per field.", fields: fields}
	}
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return errorAnswer{status: http.StatusRequestEntityTooLarge,
			detail: "The request body is larger than 1 MB. Nothing was saved."}
	}
	for _, r := range errorTable {
		if errors.Is(err, r.err) {
			return errorAnswer{status: r.status, title: r.title, detail: r.detail}
		}
	}
	return errorAnswer{status: http.StatusInternalServerError, title: "Something went wrong",
		detail: "Please try again in a moment."}
}

// StatusOf is the status the error table gives err.
func StatusOf(err error) int { return classify(err).status }

// Fail answers a domain error through the error table, once, for pages and
// for the API (problem+json), and logs only what is unexpected. page renders
// the calm error page for a status; it is not called for an /api/ path (and
// may be nil where only API routes are served).
func Fail(c *gin.Context, log *slog.Logger, err error, page func(c *gin.Context, status int)) {
	a := classify(err)
	api := IsAPI(c) || page == nil
	switch a.status {
	case statusClientClosed:
		c.AbortWithStatus(statusClientClosed)
		return
	case http.StatusServiceUnavailable:
		c.Header("Retry-After", RetryBusy)
	case http.StatusInternalServerError:
		msg := "request failed"
		if api {
			msg = "api request failed"
		}
		log.Error(msg, "route", c.FullPath(), "err", err)
	}
	if api {
		WriteProblem(c, ProblemBody{Status: a.status, Title: a.title, Detail: a.detail, Errors: a.fields})
	} else {
		page(c, a.status)
	}
	c.Abort()
}
