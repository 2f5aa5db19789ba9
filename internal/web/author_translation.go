package web

import (
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/contentlang"
	"github.com/tend-practice/tend/internal/module"
	"github.com/tend-practice/tend/internal/worksheet"
)

// translationLang is one language the translation form offers (Name is
// the catalogue key of its name).
type translationLang struct {
	Code, Name string
	Selected   bool
}

// contentLangKeys are the catalogue keys of the content languages' names
// as staff read them ("Spanish"), and of the flash that names one.
var (
	contentLangKeys  = map[string]string{"en": "author.lang.en", "es": "author.lang.es", "el": "author.lang.el"}
	translationSaved = map[string]string{"en": "author.translation.saved_en", "es": "author.translation.saved_es",
		"el": "author.translation.saved_el"}
)

func translationLangs(source, selected string) []translationLang {
	var out []translationLang
	for _, l := range contentlang.All {
		if l != source {
			out = append(out, translationLang{Code: l, Name: contentLangKeys[l], Selected: l == selected})
		}
	}
	return out
}

// translationSavedFlash says which translation was saved.
func (s *Server) translationSavedFlash(c *gin.Context, lang string) string {
	if key, ok := translationSaved[lang]; ok {
		return s.tr(c).T(key)
	}
	return "Saved the " + contentlang.Name(lang) + " translation."
}

// translateTitle is the translation forms' page title.
func (s *Server) translateTitle(c *gin.Context, title string) string {
	return s.tr(c).T("author.translation.title", "Title", title)
}

// formLang is the language asked for (?lang= or the form's), else the
// first the item is not written in.
func formLang(c *gin.Context, source string) string {
	lang := c.Query("lang")
	if c.Request.Method == http.MethodPost {
		lang = c.PostForm("language")
	}
	if contentlang.Valid(lang) && lang != source {
		return lang
	}
	for _, l := range contentlang.Translated {
		if l != source {
			return l
		}
	}
	return ""
}

type moduleTranslationPage struct {
	Page
	Source    module.Version
	Draft     module.TranslationDraft
	Languages []translationLang
	Errors    map[string]string
}

// GET /library/modules/:slug/translation (?lang=es): "Add a translation"
// of the clinician's own module, prefilled with its text (or with the
// translation it has in that language).
func (s *Server) moduleTranslationForm(c *gin.Context) {
	a := actor(c)
	src, _, err := s.Modules.TranslationForm(c.Request.Context(), a, c.Param("slug"), "")
	if err != nil {
		s.fail(c, err)
		return
	}
	lang := formLang(c, src.Language)
	_, d, err := s.Modules.TranslationForm(c.Request.Context(), a, src.Slug, lang)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "author/module-translation", moduleTranslationPage{Page: s.page(c, s.translateTitle(c, src.Title)),
		Source: src, Draft: d, Languages: translationLangs(src.Language, lang), Errors: map[string]string{}})
}

// POST /library/modules/:slug/translation (language, title, summary,
// content_note, body): saves a version in that language made from the
// module's current version.
func (s *Server) moduleTranslationSave(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	a := actor(c)
	d := module.TranslationDraft{Language: c.PostForm("language"), Title: c.PostForm("title"), Summary: c.PostForm("summary"),
		ContentNote: c.PostForm("content_note"), Body: c.PostForm("body")}
	_, err := s.Modules.SaveTranslation(c.Request.Context(), a, c.Param("slug"), d)
	if fe := fieldErrors(err); fe != nil {
		src, _, err := s.Modules.TranslationForm(c.Request.Context(), a, c.Param("slug"), "")
		if err != nil {
			s.fail(c, err)
			return
		}
		s.render(c, http.StatusUnprocessableEntity, "author/module-translation", moduleTranslationPage{Page: s.page(c, s.translateTitle(c, src.Title)),
			Source: src, Draft: d, Languages: translationLangs(src.Language, d.Language), Errors: s.trAuthorFields(c, fe)})
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, s.translationSavedFlash(c, d.Language))
	c.Redirect(http.StatusSeeOther, "/library/modules/"+url.PathEscape(c.Param("slug"))+"?lang="+url.QueryEscape(d.Language))
}

type worksheetTranslationPage struct {
	Page
	Source    worksheet.Version
	Language  string
	Texts     []worksheet.Text
	Languages []translationLang
	Errors    map[string]string
}

// GET /library/worksheets/:slug/translation (?lang=es): "Add a
// translation" of the clinician's own worksheet: every text beside its
// source, prefilled; questions, options and flags stay the worksheet's.
func (s *Server) worksheetTranslationForm(c *gin.Context) {
	a := actor(c)
	src, _, err := s.Worksheets.TranslationForm(c.Request.Context(), a, c.Param("slug"), "")
	if err != nil {
		s.fail(c, err)
		return
	}
	lang := formLang(c, src.Language)
	_, texts, err := s.Worksheets.TranslationForm(c.Request.Context(), a, src.Slug, lang)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "author/worksheet-translation", worksheetTranslationPage{Page: s.page(c, s.translateTitle(c, src.Title)),
		Source: src, Language: lang, Texts: texts, Languages: translationLangs(src.Language, lang), Errors: map[string]string{}})
}

// POST /library/worksheets/:slug/translation (language, one value per
// text key).
func (s *Server) worksheetTranslationSave(c *gin.Context) {
	if !s.parseForm(c) {
		return
	}
	a := actor(c)
	lang := c.PostForm("language")
	values := map[string]string{}
	for k, v := range c.Request.PostForm {
		if len(v) > 0 {
			values[k] = v[0]
		}
	}
	_, err := s.Worksheets.SaveTranslation(c.Request.Context(), a, c.Param("slug"), lang, values)
	if fe := fieldErrors(err); fe != nil {
		src, texts, err := s.Worksheets.TranslationForm(c.Request.Context(), a, c.Param("slug"), "")
		if err != nil {
			s.fail(c, err)
			return
		}
		for i := range texts {
			texts[i].Value = values[texts[i].Key]
		}
		s.render(c, http.StatusUnprocessableEntity, "author/worksheet-translation", worksheetTranslationPage{Page: s.page(c, s.translateTitle(c, src.Title)),
			Source: src, Language: lang, Texts: texts, Languages: translationLangs(src.Language, lang), Errors: s.trAuthorFields(c, fe)})
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, s.translationSavedFlash(c, lang))
	c.Redirect(http.StatusSeeOther, "/library/worksheets/"+url.PathEscape(c.Param("slug"))+"?lang="+url.QueryEscape(lang))
}
