package web

import (
	"net/http"

	"github.com/tend-practice/tend/internal/authz"
)

// authorRoutes registers clinicians' authoring of modules and worksheets, and
// admins' publishing of them practice-wide. Static segments ("new") take
// precedence over :slug, so "new" is a reserved slug.
func (s *Server) authorRoutes() {
	req := authz.Require

	s.handle(http.MethodGet, "/library/modules/new", req("modules", "write"), s.moduleNew)
	s.handle(http.MethodPost, "/library/modules", req("modules", "write"), s.moduleCreate)
	s.handle(http.MethodGet, "/library/modules/:slug/edit", req("modules", "write"), s.moduleEdit)
	s.handle(http.MethodPost, "/library/modules/:slug", req("modules", "write"), s.moduleSave)
	s.handle(http.MethodPost, "/library/modules/:slug/publish", req("modules", "publish"), s.modulePublish)

	s.handle(http.MethodGet, "/library/worksheets/new", req("worksheets", "write"), s.worksheetNew)
	s.handle(http.MethodPost, "/library/worksheets", req("worksheets", "write"), s.worksheetCreate)
	s.handle(http.MethodGet, "/library/worksheets/:slug/edit", req("worksheets", "write"), s.worksheetEdit)
	s.handle(http.MethodPost, "/library/worksheets/:slug", req("worksheets", "write"), s.worksheetSave)
	s.handle(http.MethodPost, "/library/worksheets/:slug/publish", req("worksheets", "publish"), s.worksheetPublish)
}
