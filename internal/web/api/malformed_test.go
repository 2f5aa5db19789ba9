package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func TestAPI_MalformedJSON_400AndNothingStored(t *testing.T) {
	t.Parallel()
	w := newAPIWorld(t)
	put := fmt.Sprintf("/api/v1/me/assignments/%d/response", w.sheet)
	assign := fmt.Sprintf("/api/v1/clients/%d/assignments", w.client.ID)
	bodies := map[string]string{
		"not JSON":          `display_name=Alex`,
		"truncated":         `{"display_name": "Alex"`,
		"empty":             ` `,
		"an array":          `[{"display_name": "Alex"}]`,
		"a string":          `"Alex"`,
		"two objects":       `{"display_name": "Alex"} {"display_name": "Sam"}`,
		"trailing garbage":  `{"display_name": "Alex"} x`,
		"unknown member":    `{"display_name": "Alex", "nickname": "Al"}`,
		"wrong member type": `{"display_name": ["Alex"]}`,
	}
	for name, body := range bodies {
		for _, tc := range []struct {
			who          *browser
			method, path string
		}{
			{w.asClin, http.MethodPost, "/api/v1/clients"},
			{w.asClin, http.MethodPost, assign},
			{w.asClient, http.MethodPut, put},
		} {
			t.Run(name+" "+tc.method+" "+tc.path, func(t *testing.T) {
				p := wantProblem(t, tc.who.api(tc.method, tc.path, body), http.StatusBadRequest)
				if p.Detail == "" || strings.Contains(p.Detail, "json:") {
					t.Fatalf("detail %q: want our own words", p.Detail)
				}
			})
		}
	}
	// The typo case that matters most: a misspelt "answers" must not save an empty draft.
	p := wantProblem(t, w.asClient.api(http.MethodPut, put, `{"anwsers": {"intensity": 3}, "version": 0, "action": "save"}`), http.StatusBadRequest)
	if !strings.Contains(p.Detail, `"anwsers"`) {
		t.Fatalf("detail %q does not name the unknown member", p.Detail)
	}
	p = wantProblem(t, w.asClient.api(http.MethodPut, put, `{"answers": {}, "version": "1", "action": "save"}`), http.StatusBadRequest)
	if !strings.Contains(p.Detail, `"version"`) {
		t.Fatalf("detail %q does not name the member", p.Detail)
	}
	if n := w.h.count("clients", "true"); n != 2 {
		t.Fatalf("%d clients, want the 2 built", n)
	}
	if n := w.h.count("responses", "true"); n != 0 {
		t.Fatalf("%d responses stored", n)
	}
	if n := w.h.count("assignments", "true"); n != 4 {
		t.Fatalf("%d assignments, want the 4 built", n)
	}
}

func TestAPI_MalformedID_400(t *testing.T) {
	t.Parallel()
	w := newAPIWorld(t)
	for _, tc := range []struct {
		who          *browser
		method, path string
	}{
		{w.asClin, http.MethodGet, "/api/v1/clients/abc"},
		{w.asClin, http.MethodGet, "/api/v1/clients/0"},
		{w.asClin, http.MethodGet, "/api/v1/clients/-4"},
		{w.asClin, http.MethodGet, "/api/v1/clients/99999999999999999999999"},
		{w.asClin, http.MethodGet, "/api/v1/clients/1.5/assignments"},
		{w.asClin, http.MethodPost, "/api/v1/clients/x/assignments"},
		{w.asClin, http.MethodGet, "/api/v1/assignments/%20"},
		{w.asClient, http.MethodGet, "/api/v1/me/assignments/1e3"},
		{w.asClient, http.MethodPost, "/api/v1/me/assignments/one/read"},
		{w.asClient, http.MethodPut, "/api/v1/me/assignments/0x1/response"},
	} {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			body := ""
			if tc.method != http.MethodGet {
				body = "{}"
			}
			wantProblem(t, tc.who.api(tc.method, tc.path, body), http.StatusBadRequest)
		})
	}
}

func TestAPI_BodyTooLarge_413(t *testing.T) {
	t.Parallel()
	w := newAPIWorld(t)
	big := `{"answers": {"what_helped": "` + strings.Repeat("a", 2<<20) + `"}, "version": 0, "action": "save"}`
	wantProblem(t, w.asClient.api(http.MethodPut, fmt.Sprintf("/api/v1/me/assignments/%d/response", w.sheet), big),
		http.StatusRequestEntityTooLarge)
	wantProblem(t, w.asClin.api(http.MethodPost, "/api/v1/clients", `{"display_name": "`+strings.Repeat("x", 2<<20)+`"}`),
		http.StatusRequestEntityTooLarge)
	if n := w.h.count("responses", "true"); n != 0 {
		t.Fatalf("%d responses stored", n)
	}
}

func TestAPI_NonJSONContentType_415(t *testing.T) {
	t.Parallel()
	w := newAPIWorld(t)
	req, _ := http.NewRequest(http.MethodPost, w.h.srv.URL+"/api/v1/clients", strings.NewReader("display_name=Alex"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	wantProblem(t, w.asClin.do(req), http.StatusUnsupportedMediaType)
	// application/json with parameters, and a missing Content-Type, are fine.
	req, _ = http.NewRequest(http.MethodPost, w.h.srv.URL+"/api/v1/clients", strings.NewReader(`{"display_name": "Alex"}`))
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	if res := w.asClin.do(req); res.StatusCode != http.StatusCreated {
		t.Fatalf("charset parameter: %d %s", res.StatusCode, res.Body)
	}
	req, _ = http.NewRequest(http.MethodPost, w.h.srv.URL+"/api/v1/clients", strings.NewReader(`{"display_name": "Sam"}`))
	if res := w.asClin.do(req); res.StatusCode != http.StatusCreated {
		t.Fatalf("no Content-Type: %d %s", res.StatusCode, res.Body)
	}
}

// TestAPI_BadInput_Never500 throws odd but well-formed input at every
// writing endpoint: each must be a 4xx, never a server error.
func TestAPI_BadInput_Never500(t *testing.T) {
	t.Parallel()
	w := newAPIWorld(t)
	put := fmt.Sprintf("/api/v1/me/assignments/%d/response", w.sheet)
	assign := fmt.Sprintf("/api/v1/clients/%d/assignments", w.client.ID)
	for _, tc := range []struct {
		who          *browser
		method, path string
		body         string
	}{
		{w.asClin, http.MethodPost, "/api/v1/clients", `{"display_name": "\u0000", "email": "@"}`},
		{w.asClin, http.MethodPost, "/api/v1/clients", `{"display_name": "` + strings.Repeat("é", 500) + `"}`},
		{w.asClin, http.MethodPost, "/api/v1/clients", `{"display_name": "A\u0000B"}`},
		{w.asClin, http.MethodPost, "/api/v1/clients", `{"display_name": "A", "email": "a\u0000@example.test"}`},
		{w.asClin, http.MethodPost, assign, `{"kind": "module", "slug": "what-is-aftercare", "note": "a\u0000b"}`},
		{w.asClin, http.MethodPost, assign, `{"kind": "module", "slug": "what-is-\u0000aftercare"}`},
		{w.asClient, http.MethodPut, put, `{"answers": {}, "version": 0, "action": "submit", "submission_key": "0123456789abcdef\u0000"}`},
		{w.asClin, http.MethodGet, "/api/v1/modules?q=%FF%FE", ""},
		{w.asClin, http.MethodGet, "/api/v1/worksheets/%00", ""},
		{w.asClin, http.MethodPost, assign, `{"kind": "module", "slug": "` + strings.Repeat("../", 100) + `"}`},
		{w.asClin, http.MethodPost, assign, `{"kind": "worksheet", "slug": "feelings-after-intimacy", "due_on": "99999-01-01"}`},
		{w.asClin, http.MethodPost, assign, `{"kind": "module", "slug": "what-is-aftercare", "note": "` + strings.Repeat("n", 3000) + `"}`},
		{w.asClin, http.MethodPost, assign, `{"items": null}`},
		{w.asClin, http.MethodPost, assign, `{"items": [{"kind": "module", "slug": "what-is-aftercare"}], "kind": "module"}`},
		{w.asClient, http.MethodPut, put, `{"answers": {"intensity": 1e400}, "version": 0, "action": "save"}`},
		{w.asClient, http.MethodPut, put, `{"answers": {"intensity": 99999999999999999999999}, "version": 0, "action": "save"}`},
		{w.asClient, http.MethodPut, put, `{"answers": {"what_helped": {"nested": true}}, "version": 0, "action": "save"}`},
		{w.asClient, http.MethodPut, put, `{"answers": {"what_helped": "\u0000"}, "version": 0, "action": "save"}`},
		{w.asClient, http.MethodPut, put, `{"answers": {"feelings": [1, 2]}, "version": 0, "action": "save"}`},
		{w.asClient, http.MethodPut, put, `{"answers": {}, "version": 99999999999, "action": "save"}`},
		{w.asClient, http.MethodPut, put, `{"answers": {}, "version": 0, "action": "submit", "submission_key": "` + strings.Repeat("k", 300) + `"}`},
		{w.asClin, http.MethodGet, "/api/v1/modules?q=" + strings.Repeat("%22%26%7C!", 40), ""},
		{w.asClin, http.MethodGet, "/api/v1/modules?q=" + strings.Repeat("x", 300), ""},
		{w.asClin, http.MethodGet, "/api/v1/modules?topic=%00", ""},
		{w.asClin, http.MethodGet, "/api/v1/modules/%00", ""},
		{w.asClin, http.MethodGet, "/api/v1/worksheets/%F0%9F%92%A9", ""},
	} {
		res := tc.who.api(tc.method, tc.path, tc.body)
		if res.StatusCode >= 500 || (res.StatusCode >= 200 && res.StatusCode < 300 && tc.method != http.MethodGet) {
			t.Errorf("%s %s %.80s: %d %.300s", tc.method, tc.path, tc.body, res.StatusCode, res.Body)
		}
	}
	if strings.Contains(w.h.logs(), "api request failed") {
		t.Fatalf("bad input logged as a server failure:\n%s", w.h.logs())
	}
}
