package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"maps"
	"math"
	"net/http"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/web/httpx"
	"github.com/tend-practice/tend/internal/worksheet"
)

// Submission keys are chosen by the caller; a random key of this length
// (a UUID, say) keeps one client's key from meeting another's.
const (
	apiSubmissionKeyMin = 16
	apiSubmissionKeyMax = 200
)

type apiResponseWrite struct {
	Answers       json.RawMessage `json:"answers"`
	Version       *int            `json:"version"`
	Action        string          `json:"action"`
	SubmissionKey string          `json:"submission_key"`
}

type apiResponseSaved struct {
	Version int    `json:"version"`
	State   string `json:"state"`
}

// PUT /api/v1/me/assignments/:id/response {answers, version, action, submission_key}
//
// version is the response version the answers were based on (0 when there
// was none): a stale one is 409 and nothing is written. A resent submit with
// the same submission_key is answered 200 again and changes nothing.
func (s *Server) apiMeResponsePut(c *gin.Context) {
	id, ok := s.apiID(c, "id")
	if !ok {
		return
	}
	var req apiResponseWrite
	if !s.apiBind(c, &req) {
		return
	}
	ctx, a := c.Request.Context(), httpx.Actor(c)
	asg, err := s.Assignments.Get(ctx, a, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	wv, err := s.Assignments.Worksheet(ctx, asg) // a module has no response: 404
	if err != nil {
		s.fail(c, err)
		return
	}
	answers, fields := req.check()
	if len(fields) > 0 {
		s.apiInvalid(c, fields)
		return
	}
	submit := req.Action == "submit"
	if !asg.Done() {
		// The service ignores ids that are not questions, as a form would;
		// from an API that is a typo whose answer would silently vanish.
		if unknown := apiUnknownAnswers(wv.Schema, answers); len(unknown) > 0 {
			if verr := wv.Schema.Check(answers, submit); verr != nil {
				maps.Copy(unknown, verr.Fields)
			}
			s.apiInvalid(c, unknown)
			return
		}
	}
	var version int
	if submit {
		version, err = s.Assignments.Submit(ctx, a, id, answers, *req.Version, req.SubmissionKey)
	} else {
		version, err = s.Assignments.Save(ctx, a, id, answers, *req.Version)
	}
	switch {
	case errors.Is(err, assignment.ErrConflict):
		s.apiConflict(c, asg)
		return
	case err != nil:
		s.fail(c, err)
		return
	}
	state := "draft"
	if submit {
		state = "submitted"
	}
	if version == 0 { // an earlier submit with this key already went through
		r, err := s.Assignments.Response(ctx, a, asg)
		if err != nil {
			s.fail(c, err)
			return
		}
		version, state = r.Version, r.State
	}
	s.apiJSON(c, http.StatusOK, apiResponseSaved{Version: version, State: state})
}

// check validates the request's own members and decodes the answers.
func (req apiResponseWrite) check() (worksheet.Answers, map[string]string) {
	fields := map[string]string{}
	switch req.Action {
	case "save", "submit":
	default:
		fields["action"] = `Please send "save" or "submit".`
	}
	if req.Version == nil || *req.Version < 0 || *req.Version > math.MaxInt32 {
		fields["version"] = "Please send the response version you started from: 0 when there was none yet."
	}
	if n := utf8.RuneCountInString(req.SubmissionKey); req.Action == "submit" && (n < apiSubmissionKeyMin || n > apiSubmissionKeyMax) {
		fields["submission_key"] = "Please send a random key of 16 to 200 characters, such as a UUID, and reuse it only to resend this submission."
	}
	maps.Copy(fields, apiUnstorable(map[string]string{"submission_key": req.SubmissionKey}))
	var answers worksheet.Answers
	raw := bytes.TrimSpace(req.Answers)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) || raw[0] != '{' || json.Unmarshal(raw, &answers) != nil {
		fields["answers"] = "Please send the answers as an object keyed by question id ({} for none)."
	}
	return answers, fields
}

// apiUnknownAnswers reports answer keys that are not questions of schema.
func apiUnknownAnswers(schema worksheet.Schema, answers worksheet.Answers) map[string]string {
	out := map[string]string{}
	for id := range answers {
		if _, ok := schema.Field(id); !ok {
			out[id] = "This worksheet has no question with this id."
		}
	}
	return out
}

// apiConflict answers 409 with the version now stored, so an app can load
// it, merge and resend.
func (s *Server) apiConflict(c *gin.Context, asg assignment.Assignment) {
	p := httpx.ProblemBody{Status: http.StatusConflict, Title: "Changed elsewhere",
		Detail: "The draft was saved from another tab or device since this version. Load it again, then resend your changes."}
	if r, err := s.Assignments.Response(c.Request.Context(), httpx.Actor(c), asg); err == nil {
		p.CurrentVersion = &r.Version
	}
	httpx.WriteProblem(c, p)
}
