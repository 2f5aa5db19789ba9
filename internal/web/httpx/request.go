package httpx

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/authz"
)

// MaxBody is the largest request body Tend reads (1 MB). Reading more is a
// *http.MaxBytesError, which the error table answers 413.
const MaxBody = 1 << 20

// LimitBody caps request bodies at n bytes; a larger one gets 413 from the
// form parser or the JSON decoder.
func LimitBody(n int64) gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.Request.Body != nil {
			c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, n)
		}
		c.Next()
	}
}

// Handle registers one route with the rule it needs. The web server's
// handle is the one implementation: it records the rule and puts the
// authorize middleware in front of h. Routes of other packages (the API)
// are registered through it too.
type Handle func(method, path string, rule authz.Rule, h gin.HandlerFunc)

// Actor is who is acting in this request (the anonymous actor when no one
// is signed in), as the web server's loadActor put it in the context.
func Actor(c *gin.Context) auth.Actor { return auth.ActorFrom(c.Request.Context()) }

// IsAPI reports whether the request is for the JSON API: its errors are
// problem+json, never a page.
func IsAPI(c *gin.Context) bool { return strings.HasPrefix(c.Request.URL.Path, "/api/") }
