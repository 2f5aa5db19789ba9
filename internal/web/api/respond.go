package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"github.com/tend-practice/tend/internal/web/httpx"
)

// apiJSON writes a resource. Everything behind /api/v1 may carry client data,
// so nothing is cached.
func (s *Server) apiJSON(c *gin.Context, status int, v any) {
	c.Header("Cache-Control", "no-store")
	c.JSON(status, v)
}

// apiBadRequest answers 400 with a detail written by us, never an error's text.
func (s *Server) apiBadRequest(c *gin.Context, detail string) {
	httpx.WriteProblem(c, httpx.ProblemBody{Status: http.StatusBadRequest, Detail: detail})
}

// apiInvalid answers 422 with a message per field.
func (s *Server) apiInvalid(c *gin.Context, fields map[string]string) {
	httpx.WriteProblem(c, httpx.ProblemBody{Status: http.StatusUnprocessableEntity, Title: "Some fields need attention",
		Detail: "Nothing was saved. See errors for a message per field.", Errors: fields})
}

// apiNotFound is the one answer for a record that is missing or not the
// actor's: the two must be indistinguishable.
func (s *Server) apiNotFound(c *gin.Context) {
	httpx.WriteProblem(c, httpx.ProblemBody{Status: http.StatusNotFound})
}

func (s *Server) apiTooLarge(c *gin.Context) {
	httpx.WriteProblem(c, httpx.ProblemBody{Status: http.StatusRequestEntityTooLarge,
		Detail: "The request body is larger than 1 MB. Nothing was saved."})
}

// apiID reads a positive integer path parameter, answering 400 itself when
// it is not one.
func (s *Server) apiID(c *gin.Context, name string) (int64, bool) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || id <= 0 {
		s.apiBadRequest(c, "The "+name+" in the path must be a positive whole number.")
		return 0, false
	}
	return id, true
}

// apiBind decodes a JSON request body into dst strictly: one JSON object,
// no unknown members (a misspelt "answers" must not save an empty draft),
// no trailing data. It answers 400, 413 or 415 itself and reports whether
// decoding succeeded.
func (s *Server) apiBind(c *gin.Context, dst any) bool {
	if ct := c.ContentType(); ct != "" && ct != "application/json" && !strings.HasSuffix(ct, "+json") {
		httpx.WriteProblem(c, httpx.ProblemBody{Status: http.StatusUnsupportedMediaType,
			Detail: "Send the request body as JSON with Content-Type: application/json."})
		return false
	}
	dec := json.NewDecoder(c.Request.Body)
	dec.DisallowUnknownFields()
	err := dec.Decode(dst)
	if err == nil {
		if _, terr := dec.Token(); !errors.Is(terr, io.EOF) {
			err = apiErrTrailingJSON
			if terr != nil && !apiIsJSONSyntax(terr) {
				err = terr
			}
		}
	}
	if err == nil {
		return true
	}
	if httpx.StatusOf(err) == http.StatusRequestEntityTooLarge {
		s.apiTooLarge(c)
		return false
	}
	s.apiBadRequest(c, apiJSONDetail(err))
	return false
}

var apiErrTrailingJSON = errors.New("data after the JSON value")

func apiIsJSONSyntax(err error) bool {
	var syn *json.SyntaxError
	return errors.As(err, &syn)
}

// apiJSONDetail explains a decoding failure in our own words. The only
// request text echoed back is a member name the caller sent.
func apiJSONDetail(err error) string {
	var (
		syn *json.SyntaxError
		typ *json.UnmarshalTypeError
	)
	switch {
	case errors.Is(err, io.EOF):
		return "The request body is empty; send a JSON object."
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "The request body ends before its JSON does."
	case errors.Is(err, apiErrTrailingJSON):
		return "The request body has data after its JSON object; send exactly one object."
	case errors.As(err, &syn):
		return fmt.Sprintf("The request body is not valid JSON (near byte %d).", syn.Offset)
	case errors.As(err, &typ):
		if typ.Field == "" {
			return "The request body must be a JSON object."
		}
		return fmt.Sprintf("%q must be %s.", typ.Field, apiJSONKind(typ.Type))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return "Unknown member " + strings.TrimPrefix(err.Error(), "json: unknown field ") + " in the request body."
	}
	return "The request body could not be read as JSON."
}

func apiJSONKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Pointer:
		return apiJSONKind(t.Elem())
	}
	return "an object"
}

// apiUnstorable returns a message for each value PostgreSQL cannot store in
// a text column (a NUL character, or bytes that are not UTF-8); the
// services pass such text straight to the database, which would answer a
// bad request with a server error.
func apiUnstorable(values map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range values {
		if strings.ContainsRune(v, 0) || !utf8.ValidString(v) {
			out[k] = "This has characters we can't save. Please retype it."
		}
	}
	return out
}

// apiSlugPattern is what every module and worksheet slug looks like; a path
// slug of any other shape cannot name one.
var apiSlugPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,199}$`)
