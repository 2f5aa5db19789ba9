package web

import (
	"net/http"

	"github.com/tend-practice/tend/internal/authz"
)

// authorRoutes registers clinicians' authoring of modules and worksheets, and
// admins' publishing of them practice-wide. Static segments ("new") take
// precedence over :slug, so "new" is a reserved slug.
func (s *Server) authorRoutes() {

	s.handle(http.MethodGet, "/library/modules/new", authz.ModulesWrite, s.moduleNew)
	s.handle(http.MethodPost, "/library/modules", authz.ModulesWrite, s.moduleCreate)
	s.handle(http.MethodGet, "/library/modules/:slug/edit", authz.ModulesWrite, s.moduleEdit)
	s.handle(http.MethodPost, "/library/modules/:slug", authz.ModulesWrite, s.moduleSave)
	s.handle(http.MethodPost, "/library/modules/:slug/publish", authz.ModulesPublish, s.modulePublish)
	s.handle(http.MethodGet, "/library/modules/:slug/translation", authz.ModulesWrite, s.moduleTranslationForm)
	s.handle(http.MethodPost, "/library/modules/:slug/translation", authz.ModulesWrite, s.moduleTranslationSave)

	s.handle(http.MethodGet, "/library/worksheets/new", authz.WorksheetsWrite, s.worksheetNew)
	s.handle(http.MethodPost, "/library/worksheets", authz.WorksheetsWrite, s.worksheetCreate)
	s.handle(http.MethodGet, "/library/worksheets/:slug/edit", authz.WorksheetsWrite, s.worksheetEdit)
	s.handle(http.MethodPost, "/library/worksheets/:slug", authz.WorksheetsWrite, s.worksheetSave)
	s.handle(http.MethodPost, "/library/worksheets/:slug/publish", authz.WorksheetsPublish, s.worksheetPublish)
	s.handle(http.MethodGet, "/library/worksheets/:slug/translation", authz.WorksheetsWrite, s.worksheetTranslationForm)
	s.handle(http.MethodPost, "/library/worksheets/:slug/translation", authz.WorksheetsWrite, s.worksheetTranslationSave)
}
