package web

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/handout"
)

// pdfWait is how long a print waits for a render slot before it is
// refused; pdfRetryAfter is what the refusal suggests.
const (
	pdfWait       = 3 * time.Second
	pdfRetryAfter = 5 * time.Second
)

// limitPDF runs a handout handler inside one of the server's render slots
// (Deps.PDFLimit), so only a bounded number of PDFs are laid out at once
// whoever asks. When every slot stays taken for the wait, the request is
// answered 503 with Retry-After, and the pages people are waiting for stay
// fast.
func (s *Server) limitPDF(h gin.HandlerFunc) gin.HandlerFunc {
	return func(c *gin.Context) {
		release, err := s.PDFLimit.Acquire(c.Request.Context())
		if errors.Is(err, handout.ErrBusy) {
			c.Header("Retry-After", strconv.Itoa(int(pdfRetryAfter.Seconds())))
			s.renderError(c, http.StatusServiceUnavailable)
			c.Abort()
			return
		}
		if err != nil {
			s.fail(c, err) // the request was cancelled while waiting
			return
		}
		defer release()
		h(c)
	}
}
