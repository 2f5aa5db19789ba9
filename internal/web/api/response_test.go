package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
)

type apiSaved struct {
	Version int    `json:"version"`
	State   string `json:"state"`
}

// clientPut writes a response as b and checks the status; on 200 it returns
// the new version.
func (w *apiWorld) clientPut(t *testing.T, b *browser, id int64, body string, status int) response {
	t.Helper()
	res := b.api(http.MethodPut, fmt.Sprintf("/api/v1/me/assignments/%d/response", id), body)
	if res.StatusCode != status {
		t.Fatalf("PUT response: %d, want %d: %s", res.StatusCode, status, res.Body)
	}
	return res
}

// myResponse reads the client's own response back, or nil.
func (w *apiWorld) myResponse(t *testing.T, id int64) *apiResponseView {
	t.Helper()
	d := wantJSON[apiAssignmentDetail](t, w.asClient.api(http.MethodGet, fmt.Sprintf("/api/v1/me/assignments/%d", id), ""), http.StatusOK)
	return d.Response
}

const validAnswers = `{"date": "2026-11-20", "feelings": ["sad"], "intensity": 3, "how_long": "minutes", "what_helped": "A cup of tea — and a hug."}`

func TestAPI_Response_SaveSaveSubmit(t *testing.T) {
	t.Parallel()
	w := newAPIWorld(t)
	res := w.clientPut(t, w.asClient, w.sheet, `{"answers": {"feelings": ["sad"]}, "version": 0, "action": "save"}`, http.StatusOK)
	if s := wantJSON[apiSaved](t, res, http.StatusOK); s.Version != 1 || s.State != "draft" {
		t.Fatalf("first save %+v", s)
	}
	res = w.clientPut(t, w.asClient, w.sheet, `{"answers": {"feelings": ["sad", "empty"], "intensity": "4"}, "version": 1, "action": "save"}`, http.StatusOK)
	if s := wantJSON[apiSaved](t, res, http.StatusOK); s.Version != 2 {
		t.Fatalf("second save %+v", s)
	}
	r := w.myResponse(t, w.sheet)
	if r == nil || r.State != "draft" || r.Version != 2 || r.Answers["intensity"] != float64(4) || len(r.Answers["feelings"].([]any)) != 2 {
		t.Fatalf("draft read back %+v", r)
	}
	res = w.clientPut(t, w.asClient, w.sheet, `{"answers": `+validAnswers+`, "version": 2, "action": "submit",
		"submission_key": "0b6f3c1e-8d4a-4f7e-b2a9-5c1d7e9f3a20"}`, http.StatusOK)
	if s := wantJSON[apiSaved](t, res, http.StatusOK); s.Version != 3 || s.State != "submitted" {
		t.Fatalf("submit %+v", s)
	}
	r = w.myResponse(t, w.sheet)
	if r.State != "submitted" || r.Answers["what_helped"] != "A cup of tea — and a hug." || r.Answers["how_long"] != "minutes" {
		t.Fatalf("submitted read back %+v", r)
	}
	// Submitted work is read-only.
	p := wantProblem(t, w.clientPut(t, w.asClient, w.sheet, `{"answers": {}, "version": 3, "action": "save"}`, http.StatusConflict), http.StatusConflict)
	if !strings.Contains(p.Detail, "submitted") {
		t.Fatalf("locked problem %+v", p)
	}
	if r := w.myResponse(t, w.sheet); r.Version != 3 || r.Answers["intensity"] != float64(3) {
		t.Fatalf("a save after submit changed the response: %+v", r)
	}
}

func TestAPI_Response_StaleVersion_409AndNothingWritten(t *testing.T) {
	t.Parallel()
	w := newAPIWorld(t)
	w.clientPut(t, w.asClient, w.sheet, `{"answers": {"what_helped": "laptop"}, "version": 0, "action": "save"}`, http.StatusOK)
	w.clientPut(t, w.asClient, w.sheet, `{"answers": {"what_helped": "laptop, again"}, "version": 1, "action": "save"}`, http.StatusOK)
	for name, body := range map[string]string{
		"new draft over an existing one": `{"answers": {"what_helped": "phone"}, "version": 0, "action": "save"}`,
		"an old version":                 `{"answers": {"what_helped": "phone"}, "version": 1, "action": "save"}`,
		"a version from the future":      `{"answers": {"what_helped": "phone"}, "version": 9, "action": "save"}`,
		"submit from an old version": `{"answers": ` + validAnswers + `, "version": 1, "action": "submit",
			"submission_key": "4a1f8e2b-6c3d-4b5a-9e7f-1d2c3b4a5f60"}`,
	} {
		t.Run(name, func(t *testing.T) {
			p := wantProblem(t, w.clientPut(t, w.asClient, w.sheet, body, http.StatusConflict), http.StatusConflict)
			if p.CurrentVersion == nil || *p.CurrentVersion != 2 {
				t.Fatalf("conflict %+v, want current_version 2", p)
			}
		})
	}
	if r := w.myResponse(t, w.sheet); r.Version != 2 || r.Answers["what_helped"] != "laptop, again" || r.State != "draft" {
		t.Fatalf("a conflicting write changed the response: %+v", r)
	}
}

func TestAPI_Response_Invalid_422WithFieldErrorsAndNothingStored(t *testing.T) {
	t.Parallel()
	w := newAPIWorld(t)
	for name, tc := range map[string]struct {
		body   string
		fields []string
	}{
		"submit missing required answers": {`{"answers": {"what_helped": "x"}, "version": 0, "action": "submit",
			"submission_key": "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b"}`, []string{"date", "feelings", "intensity", "how_long"}},
		"scale out of range on a draft": {`{"answers": {"intensity": 11}, "version": 0, "action": "save"}`, []string{"intensity"}},
		"not an option":                 {`{"answers": {"how_long": "forever", "feelings": ["sad", "sad"]}, "version": 0, "action": "save"}`, []string{"how_long", "feelings"}},
		"wrong JSON type for a question": {`{"answers": {"what_helped": 42, "feelings": "sad"}, "version": 0, "action": "save"}`,
			[]string{"what_helped", "feelings"}},
		"unknown question id":   {`{"answers": {"what_helpd": "typo", "intensity": 12}, "version": 0, "action": "save"}`, []string{"what_helpd", "intensity"}},
		"unknown action":        {`{"answers": {}, "version": 0, "action": "send"}`, []string{"action"}},
		"no version":            {`{"answers": {}, "action": "save"}`, []string{"version"}},
		"negative version":      {`{"answers": {}, "version": -1, "action": "save"}`, []string{"version"}},
		"no answers":            {`{"version": 0, "action": "save"}`, []string{"answers"}},
		"answers not an object": {`{"answers": ["sad"], "version": 0, "action": "save"}`, []string{"answers"}},
		"submit without key":    {`{"answers": ` + validAnswers + `, "version": 0, "action": "submit"}`, []string{"submission_key"}},
		"submit with short key": {`{"answers": ` + validAnswers + `, "version": 0, "action": "submit", "submission_key": "1"}`, []string{"submission_key"}},
	} {
		t.Run(name, func(t *testing.T) {
			p := wantProblem(t, w.clientPut(t, w.asClient, w.sheet, tc.body, http.StatusUnprocessableEntity), http.StatusUnprocessableEntity)
			for _, f := range tc.fields {
				if p.Errors[f] == "" {
					t.Errorf("errors %v lack %s", p.Errors, f)
				}
			}
			if len(p.Errors) != len(tc.fields) {
				t.Errorf("errors %v, want exactly %v", p.Errors, tc.fields)
			}
		})
	}
	if r := w.myResponse(t, w.sheet); r != nil {
		t.Fatalf("rejected answers were stored: %+v", r)
	}
	if n := w.h.count("assignments", "id = ? AND status = 'assigned'", w.sheet); n != 1 {
		t.Fatal("a rejected write changed the assignment's status")
	}
}

func TestAPI_Response_DoubleSubmitSameKey_OneSubmission(t *testing.T) {
	t.Parallel()
	w := newAPIWorld(t)
	body := `{"answers": ` + validAnswers + `, "version": 0, "action": "submit", "submission_key": "c3f1a2b4-d5e6-4f70-8192-a3b4c5d6e7f8"}`
	// Sequentially (a retried request) ...
	first := wantJSON[apiSaved](t, w.clientPut(t, w.asClient, w.sheet, body, http.StatusOK), http.StatusOK)
	again := wantJSON[apiSaved](t, w.clientPut(t, w.asClient, w.sheet, body, http.StatusOK), http.StatusOK)
	if first != again || first.Version != 1 || first.State != "submitted" {
		t.Fatalf("first %+v, resent %+v", first, again)
	}
	if n := w.h.count("audit_events", "action = 'reflection_submitted' AND object_id = ?", w.sheet); n != 1 {
		t.Fatalf("%d submissions recorded, want 1", n)
	}
	// ... a different key is a second submission, and refused.
	other := strings.Replace(body, "c3f1a2b4", "ffffffff", 1)
	wantProblem(t, w.clientPut(t, w.asClient, w.sheet, other, http.StatusConflict), http.StatusConflict)

	// ... and concurrently (a double tap): every request gets 200, one submission.
	body2 := strings.Replace(body, "c3f1a2b4", "0a0a0a0a", 1)
	url := fmt.Sprintf("%s/api/v1/me/assignments/%d/response", w.h.srv.URL, w.sheet2)
	var wg sync.WaitGroup
	statuses := make([]int, 4)
	for i := range statuses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest(http.MethodPut, url, strings.NewReader(body2))
			req.Header.Set("Content-Type", "application/json")
			res, err := w.asClient2.Client.Do(req)
			if err != nil {
				return
			}
			res.Body.Close()
			statuses[i] = res.StatusCode
		}()
	}
	wg.Wait()
	for i, st := range statuses {
		if st != http.StatusOK {
			t.Errorf("concurrent submit %d: %d, want 200", i, st)
		}
	}
	if n := w.h.count("audit_events", "action = 'reflection_submitted' AND object_id = ?", w.sheet2); n != 1 {
		t.Fatalf("%d concurrent submissions recorded, want 1", n)
	}
	if n := w.h.count("responses", "assignment_id = ? AND state = 'submitted'", w.sheet2); n != 1 {
		t.Fatalf("%d submitted responses, want 1", n)
	}
}
