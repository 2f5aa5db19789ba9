package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

type apiClient struct {
	ID            int64   `json:"id"`
	DisplayName   string  `json:"display_name"`
	Email         string  `json:"email"`
	HasAccount    bool    `json:"has_account"`
	InvitePending bool    `json:"invite_pending"`
	Archived      bool    `json:"archived"`
	ArchivedAt    *string `json:"archived_at"`
}

type apiAssignment struct {
	ID            int64   `json:"id"`
	ClientID      int64   `json:"client_id"`
	ClientName    string  `json:"client_name"`
	ClinicianName string  `json:"clinician_name"`
	Kind          string  `json:"kind"`
	Slug          string  `json:"slug"`
	Title         string  `json:"title"`
	Note          string  `json:"note"`
	DueOn         *string `json:"due_on"`
	Status        string  `json:"status"`
	Recurrence    string  `json:"recurrence"`
	RecurUntil    *string `json:"recur_until"`
	Flagged       *bool   `json:"flagged"`
	CommentCount  int     `json:"comment_count"`
}

type apiComment struct {
	Body       string `json:"body"`
	Private    bool   `json:"private"`
	AuthorRole string `json:"author_role"`
	FieldID    string `json:"field_id"`
}

type apiResponseView struct {
	Answers map[string]any `json:"answers"`
	Version int            `json:"version"`
	State   string         `json:"state"`
	Flags   *[]string      `json:"flags"`
}

type apiAssignmentDetail struct {
	Assignment apiAssignment    `json:"assignment"`
	Module     *apiModule       `json:"module"`
	Worksheet  *apiWorksheet    `json:"worksheet"`
	Response   *apiResponseView `json:"response"`
	Comments   []apiComment     `json:"comments"`
}

func TestAPI_Clients_CreateListGet(t *testing.T) {
	t.Parallel()
	w := newAPIWorld(t)
	h, b := w.h, w.asClin
	res := b.api(http.MethodPost, "/api/v1/clients", `{"display_name": "  Alex  ", "email": "Alex@Example.test"}`)
	created := wantJSON[struct {
		Client    apiClient `json:"client"`
		InviteURL string    `json:"invite_url"`
	}](t, res, http.StatusCreated)
	c := created.Client
	if c.ID == 0 || c.DisplayName != "Alex" || c.Email != "alex@example.test" || c.HasAccount || !c.InvitePending || c.Archived {
		t.Fatalf("created %+v", c)
	}
	if loc := res.Header.Get("Location"); loc != fmt.Sprintf("/api/v1/clients/%d", c.ID) {
		t.Errorf("Location %q", loc)
	}
	prefix := h.app.Config.BaseURL + "/invite/"
	if !strings.HasPrefix(created.InviteURL, prefix) {
		t.Fatalf("invite_url %q, want it under %s", created.InviteURL, prefix)
	}
	inv, err := h.app.Clients.LookupInvite(context.Background(), strings.TrimPrefix(created.InviteURL, prefix))
	if err != nil || inv.ClientID != c.ID {
		t.Fatalf("the invite link does not work: %+v %v", inv, err)
	}

	list := wantJSON[[]apiClient](t, b.api(http.MethodGet, "/api/v1/clients", ""), http.StatusOK)
	if len(list) != 2 || list[0].DisplayName != "Alex" || list[1].ID != w.client.ID || !list[1].HasAccount {
		t.Fatalf("list %+v, want Alex and Robin only", list)
	}
	got := wantJSON[apiClient](t, b.api(http.MethodGet, fmt.Sprintf("/api/v1/clients/%d", c.ID), ""), http.StatusOK)
	if got.ID != c.ID || got.DisplayName != "Alex" {
		t.Fatalf("get %+v", got)
	}

	// Archived clients are listed apart.
	if err := h.app.Clients.SetArchived(context.Background(), w.clin, c.ID, true); err != nil {
		t.Fatal(err)
	}
	archived := wantJSON[[]apiClient](t, b.api(http.MethodGet, "/api/v1/clients?archived=true", ""), http.StatusOK)
	if len(archived) != 1 || archived[0].ID != c.ID || !archived[0].Archived || archived[0].ArchivedAt == nil {
		t.Fatalf("archived list %+v", archived)
	}
	if active := wantJSON[[]apiClient](t, b.api(http.MethodGet, "/api/v1/clients?archived=false", ""), http.StatusOK); len(active) != 1 {
		t.Fatalf("active list %+v", active)
	}
	wantProblem(t, b.api(http.MethodGet, "/api/v1/clients?archived=perhaps", ""), http.StatusBadRequest)

	// The second clinician's roster is their own.
	other := wantJSON[[]apiClient](t, w.asClin2.api(http.MethodGet, "/api/v1/clients", ""), http.StatusOK)
	if len(other) != 1 || other[0].ID != w.client2.ID {
		t.Fatalf("clinician 2 sees %+v", other)
	}
}

func TestAPI_Clients_Create_Invalid_422AndNothingStored(t *testing.T) {
	t.Parallel()
	w := newAPIWorld(t)
	before := w.h.count("clients", "true")
	p := wantProblem(t, w.asClin.api(http.MethodPost, "/api/v1/clients", `{"display_name": "   ", "email": "not-an-email"}`),
		http.StatusUnprocessableEntity)
	if p.Errors["display_name"] == "" || p.Errors["email"] == "" {
		t.Fatalf("errors %v, want display_name and email", p.Errors)
	}
	if after := w.h.count("clients", "true"); after != before {
		t.Fatalf("clients %d -> %d after a rejected create", before, after)
	}
}

func TestAPI_Assign_SingleObjectAndItems(t *testing.T) {
	t.Parallel()
	w := newAPIWorld(t)
	b := w.asClin
	fresh := w.h.clientWithoutAccount(w.clin, "Jo")
	path := fmt.Sprintf("/api/v1/clients/%d/assignments", fresh.ID)

	one := wantJSON[struct {
		IDs []int64 `json:"ids"`
	}](t, b.api(http.MethodPost, path, `{"kind": "module", "slug": "what-is-aftercare", "due_on": "2030-01-15", "note": "Take your time."}`),
		http.StatusCreated)
	if len(one.IDs) != 1 {
		t.Fatalf("ids %v", one.IDs)
	}
	two := wantJSON[struct {
		IDs []int64 `json:"ids"`
	}](t, b.api(http.MethodPost, path, `{"items": [
		{"kind": "module", "slug": "feeling-low-after-sex"},
		{"kind": "worksheet", "slug": "feelings-after-intimacy", "recurrence": "weekly", "recur_until": "2030-06-30"}]}`),
		http.StatusCreated)
	if len(two.IDs) != 2 {
		t.Fatalf("ids %v", two.IDs)
	}

	list := wantJSON[[]apiAssignment](t, b.api(http.MethodGet, path, ""), http.StatusOK)
	if len(list) != 3 {
		t.Fatalf("list %+v", list)
	}
	byID := map[int64]apiAssignment{}
	for _, a := range list {
		byID[a.ID] = a
	}
	m := byID[one.IDs[0]]
	if m.Kind != "module" || m.Slug != "what-is-aftercare" || m.Title == "" || m.Note != "Take your time." ||
		m.DueOn == nil || *m.DueOn != "2030-01-15" || m.Status != "assigned" || m.Flagged == nil || m.ClientName != "Jo" {
		t.Fatalf("module assignment %+v", m)
	}
	ws := byID[two.IDs[1]]
	if ws.Kind != "worksheet" || ws.Recurrence != "weekly" || ws.RecurUntil == nil || *ws.RecurUntil != "2030-06-30" {
		t.Fatalf("worksheet assignment %+v", ws)
	}
	if list[0].ID != two.IDs[1] {
		t.Errorf("list not newest first: %d first", list[0].ID)
	}
}

func TestAPI_Assign_Invalid_422AndNothingStored(t *testing.T) {
	t.Parallel()
	w := newAPIWorld(t)
	path := fmt.Sprintf("/api/v1/clients/%d/assignments", w.client.ID)
	before := w.h.count("assignments", "true")
	for name, tc := range map[string]struct {
		body, field string
	}{
		"unknown slug":     {`{"items": [{"kind": "module", "slug": "what-is-aftercare"}, {"kind": "module", "slug": "nope"}]}`, "slug"},
		"bad kind":         {`{"kind": "video", "slug": "what-is-aftercare"}`, "kind"},
		"bad date":         {`{"kind": "module", "slug": "what-is-aftercare", "due_on": "15/01/2030"}`, "due_on"},
		"module repeats":   {`{"kind": "module", "slug": "what-is-aftercare", "recurrence": "weekly"}`, "recurrence"},
		"no items":         {`{"items": []}`, "slug"},
		"too many items":   {`{"items": [` + strings.Repeat(`{"kind": "module", "slug": "what-is-aftercare"},`, 50) + `{}]}`, "items"},
		"worksheet recurs": {`{"kind": "worksheet", "slug": "feelings-after-intimacy", "recurrence": "daily"}`, "recurrence"},
	} {
		t.Run(name, func(t *testing.T) {
			p := wantProblem(t, w.asClin.api(http.MethodPost, path, tc.body), http.StatusUnprocessableEntity)
			if p.Errors[tc.field] == "" {
				t.Fatalf("errors %v, want %s", p.Errors, tc.field)
			}
		})
	}
	if after := w.h.count("assignments", "true"); after != before {
		t.Fatalf("assignments %d -> %d after rejected requests", before, after)
	}
}

func TestAPI_Assignment_ClinicianView(t *testing.T) {
	t.Parallel()
	w := newAPIWorld(t)
	ctx := context.Background()
	h := w.h
	path := fmt.Sprintf("/api/v1/assignments/%d", w.sheet)

	// Before anything is written there is no response.
	d := wantJSON[apiAssignmentDetail](t, w.asClin.api(http.MethodGet, path, ""), http.StatusOK)
	if d.Assignment.ID != w.sheet || d.Worksheet == nil || d.Worksheet.Slug != apiSheetSlug || d.Response != nil || d.Module != nil ||
		d.Comments == nil {
		t.Fatalf("fresh worksheet assignment %+v", d)
	}

	// A draft is not the clinician's to read yet: state and version only.
	w.clientPut(t, w.asClient, w.sheet, `{"answers": {"what_helped": "a private first thought"}, "version": 0, "action": "save"}`, http.StatusOK)
	d = wantJSON[apiAssignmentDetail](t, w.asClin.api(http.MethodGet, path, ""), http.StatusOK)
	if d.Response == nil || d.Response.State != "draft" || d.Response.Version != 1 || d.Response.Answers != nil {
		t.Fatalf("draft as seen by the clinician %+v", d.Response)
	}

	w.clientPut(t, w.asClient, w.sheet, `{"answers": {"date": "2026-11-20", "feelings": ["sad", "numb"], "intensity": 9, "how_long": "minutes"},
		"version": 1, "action": "submit", "submission_key": "7d1c6a52-5b0e-4c1e-9a55-0b8e3e1f2a10"}`, http.StatusOK)
	if err := h.app.Assignments.AddComment(ctx, w.clin, w.sheet, "intensity", "Thank you for writing this down.", false); err != nil {
		t.Fatal(err)
	}
	if err := h.app.Assignments.AddComment(ctx, w.clin, w.sheet, "", "Follow up next session.", true); err != nil {
		t.Fatal(err)
	}

	d = wantJSON[apiAssignmentDetail](t, w.asClin.api(http.MethodGet, path, ""), http.StatusOK)
	r := d.Response
	if r == nil || r.State != "submitted" || r.Version != 2 || r.Answers["intensity"] != float64(9) || r.Flags == nil || len(*r.Flags) != 3 {
		t.Fatalf("submitted response %+v", r)
	}
	if d.Assignment.Status != "submitted" || d.Assignment.Flagged == nil || !*d.Assignment.Flagged {
		t.Fatalf("assignment %+v, want submitted and flagged", d.Assignment)
	}
	if len(d.Comments) != 2 || !d.Comments[1].Private || d.Comments[0].FieldID != "intensity" {
		t.Fatalf("clinician comments %+v", d.Comments)
	}
	if n := h.count("audit_events", "action = 'reflection_read' AND object_id = ?", w.sheet); n == 0 {
		t.Error("reading a submitted reflection left no audit event")
	}

	// The client sees the shared comment only, and no flags.
	mine := w.asClient.api(http.MethodGet, fmt.Sprintf("/api/v1/me/assignments/%d", w.sheet), "")
	cd := wantJSON[apiAssignmentDetail](t, mine, http.StatusOK)
	if len(cd.Comments) != 1 || cd.Comments[0].Private || cd.Comments[0].Body != "Thank you for writing this down." {
		t.Fatalf("client comments %+v", cd.Comments)
	}
	if cd.Response == nil || cd.Response.Flags != nil || cd.Assignment.Flagged != nil || strings.Contains(mine.Body, "flag") {
		t.Fatalf("flags reached the client: %s", mine.Body)
	}

	// A module assignment carries the pinned module.
	md := wantJSON[apiAssignmentDetail](t, w.asClin.api(http.MethodGet, fmt.Sprintf("/api/v1/assignments/%d", w.module), ""), http.StatusOK)
	if md.Module == nil || md.Module.Slug != apiModuleSlug || md.Module.Body == "" || md.Worksheet != nil || md.Response != nil {
		t.Fatalf("module assignment %+v", md)
	}
}

func TestAPI_Me_ListGetAndRead(t *testing.T) {
	t.Parallel()
	w := newAPIWorld(t)
	list := wantJSON[[]apiAssignment](t, w.asClient.api(http.MethodGet, "/api/v1/me/assignments", ""), http.StatusOK)
	if len(list) != 2 || list[0].ID != w.sheet || list[1].ID != w.module {
		t.Fatalf("client 1's list %+v", list)
	}
	for _, a := range list {
		if a.ClientID != w.client.ID || a.Flagged != nil || a.ClientName != "" || a.ClinicianName == "" {
			t.Errorf("client's view of %+v", a)
		}
	}

	d := wantJSON[apiAssignmentDetail](t, w.asClient.api(http.MethodGet, fmt.Sprintf("/api/v1/me/assignments/%d", w.module), ""), http.StatusOK)
	if d.Module == nil || d.Module.Body == "" || len(d.Module.References) == 0 || d.Assignment.Status != "assigned" {
		t.Fatalf("module view %+v", d)
	}
	sheet := wantJSON[apiAssignmentDetail](t, w.asClient.api(http.MethodGet, fmt.Sprintf("/api/v1/me/assignments/%d", w.sheet), ""), http.StatusOK)
	if sheet.Worksheet == nil || len(sheet.Worksheet.Schema.Sections) == 0 || sheet.Response != nil {
		t.Fatalf("worksheet view %+v", sheet)
	}

	for i := 0; i < 2; i++ { // reading twice is fine
		read := wantJSON[apiAssignment](t, w.asClient.api(http.MethodPost, fmt.Sprintf("/api/v1/me/assignments/%d/read", w.module), ""), http.StatusOK)
		if read.Status != "submitted" {
			t.Fatalf("after read: %+v", read)
		}
	}
	p := wantProblem(t, w.asClient.api(http.MethodPost, fmt.Sprintf("/api/v1/me/assignments/%d/read", w.sheet), ""), http.StatusUnprocessableEntity)
	if p.Errors["kind"] == "" {
		t.Fatalf("read on a worksheet: %+v", p)
	}
	// A module has no response to write.
	w.clientPut(t, w.asClient, w.module, `{"answers": {}, "version": 0, "action": "save"}`, http.StatusNotFound)
}

// TestAPI_Ownership_OthersRecordsAnswer404LikeMissing walks every endpoint
// that takes an id: someone else's id must answer exactly like an id that
// does not exist.
func TestAPI_Ownership_OthersRecordsAnswer404LikeMissing(t *testing.T) {
	t.Parallel()
	w := newAPIWorld(t)
	const missing = 987654321
	assignBody := `{"kind": "module", "slug": "what-is-aftercare"}`
	putBody := `{"answers": {}, "version": 0, "action": "save"}`
	cases := []struct {
		who          *browser
		method, path string
		other        int64
		body         string
	}{
		// Clinician 2 reaching for clinician 1's client and assignments.
		{w.asClin2, http.MethodGet, "/api/v1/clients/%d", w.client.ID, ""},
		{w.asClin2, http.MethodGet, "/api/v1/clients/%d/assignments", w.client.ID, ""},
		{w.asClin2, http.MethodPost, "/api/v1/clients/%d/assignments", w.client.ID, assignBody},
		{w.asClin2, http.MethodGet, "/api/v1/assignments/%d", w.sheet, ""},
		{w.asClin2, http.MethodGet, "/api/v1/assignments/%d", w.module, ""},
		// Client 2 reaching for client 1's assignments.
		{w.asClient2, http.MethodGet, "/api/v1/me/assignments/%d", w.sheet, ""},
		{w.asClient2, http.MethodGet, "/api/v1/me/assignments/%d", w.module, ""},
		{w.asClient2, http.MethodPost, "/api/v1/me/assignments/%d/read", w.module, ""},
		{w.asClient2, http.MethodPut, "/api/v1/me/assignments/%d/response", w.sheet, putBody},
	}
	for _, tc := range cases {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			theirs := tc.who.api(tc.method, fmt.Sprintf(tc.path, tc.other), tc.body)
			none := tc.who.api(tc.method, fmt.Sprintf(tc.path, missing), tc.body)
			wantProblem(t, theirs, http.StatusNotFound)
			wantProblem(t, none, http.StatusNotFound)
			if theirs.Body != none.Body {
				t.Fatalf("someone else's record %q and a missing one %q answer differently", theirs.Body, none.Body)
			}
		})
	}
	// Nothing was written through any of it.
	if n := w.h.count("assignments", "client_id = ?", w.client.ID); n != 2 {
		t.Fatalf("client 1 has %d assignments, want 2", n)
	}
	if n := w.h.count("responses", "true"); n != 0 {
		t.Fatalf("%d responses written", n)
	}
	if n := w.h.count("assignments", "id = ? AND read_at IS NOT NULL", w.module); n != 0 {
		t.Fatal("client 2 marked client 1's module read")
	}
	// An archived client cannot be given new work.
	if err := w.h.app.Clients.SetArchived(context.Background(), w.clin, w.client.ID, true); err != nil {
		t.Fatal(err)
	}
	p := wantProblem(t, w.asClin.api(http.MethodPost, fmt.Sprintf("/api/v1/clients/%d/assignments", w.client.ID), assignBody),
		http.StatusUnprocessableEntity)
	if p.Errors["client"] == "" {
		t.Fatalf("assign to archived client: %+v", p)
	}
}
