package httpx

import (
	"encoding/json"
	"net/http"

	"github.com/gin-gonic/gin"
)

// ProblemBody is an RFC 9457 problem document. Errors carries one message
// per request field (or worksheet question id) on 422, so an app can show
// each next to its input.
type ProblemBody struct {
	Type           string            `json:"type"`
	Title          string            `json:"title"`
	Status         int               `json:"status"`
	Detail         string            `json:"detail,omitempty"`
	Errors         map[string]string `json:"errors,omitempty"`
	CurrentVersion *int              `json:"current_version,omitempty"`
}

// WriteProblem writes p as application/problem+json and stops the chain.
// An empty type is about:blank and an empty title the status text.
func WriteProblem(c *gin.Context, p ProblemBody) {
	if p.Type == "" {
		p.Type = "about:blank"
	}
	if p.Title == "" {
		p.Title = http.StatusText(p.Status)
	}
	c.Header("Cache-Control", "no-store")
	c.Render(p.Status, problemJSON{p})
	c.Abort()
}

// Problem writes a short problem+json body (type, title, status and, when
// given, detail) for the middleware's refusals. It does not stop the chain.
func Problem(c *gin.Context, status int, title, detail string) {
	body := gin.H{"type": "about:blank", "title": title, "status": status}
	if detail != "" {
		body["detail"] = detail
	}
	c.Header("Cache-Control", "no-store")
	c.Render(status, problemJSON{body})
}

// problemJSON renders application/problem+json.
type problemJSON struct{ v any }

func (p problemJSON) Render(w http.ResponseWriter) error {
	p.WriteContentType(w)
	return json.NewEncoder(w).Encode(p.v)
}

func (p problemJSON) WriteContentType(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/problem+json")
}
