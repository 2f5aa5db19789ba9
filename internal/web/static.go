package web

import (
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/templates"
)

// GET /static/*file: CSS and JavaScript embedded in the binary.
func (s *Server) static(c *gin.Context) {
	name := path.Clean("static/" + strings.TrimPrefix(c.Param("file"), "/"))
	if !strings.HasPrefix(name, "static/") {
		s.notFound(c)
		return
	}
	b, err := fs.ReadFile(templates.FS, name)
	if err != nil {
		s.notFound(c)
		return
	}
	ct := mime.TypeByExtension(path.Ext(name))
	if ct == "" {
		ct = "application/octet-stream"
	}
	c.Header("Cache-Control", "public, max-age=3600")
	c.Data(http.StatusOK, ct, b)
}
