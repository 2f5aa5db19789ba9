package api_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
)

type apiQueueBody struct {
	Items []struct {
		Group      string        `json:"group"`
		Assignment apiAssignment `json:"assignment"`
		Flags      []struct {
			Severity string `json:"severity"`
			Reason   string `json:"reason"`
			Value    string `json:"value"`
		} `json:"flags"`
	} `json:"items"`
	Counts struct{ Urgent, Review, Overdue, Week int } `json:"counts"`
	Next   *string                                     `json:"next"`
}

func TestAPIQueue_FiltersPagesAndProblems(t *testing.T) {
	t.Parallel()
	p := newQueuePractice(t)
	clin := p.signedIn("clin1@example.test")
	q := apiDecode[apiQueueBody](t, clin.api(http.MethodGet, "/api/v1/queue", ""))
	if len(q.Items) != 6 || q.Items[0].Group != "urgent" || q.Items[0].Assignment.ID != p.urgent || q.Counts.Review != 4 || q.Next != nil {
		t.Fatalf("queue: %+v", q)
	}
	if len(q.Items[0].Flags) == 0 || q.Items[0].Flags[0].Severity != "urgent" || q.Items[0].Flags[0].Value == "" {
		t.Errorf("urgent item lacks its flag: %+v", q.Items[0].Flags)
	}
	page := apiDecode[apiQueueBody](t, clin.api(http.MethodGet, "/api/v1/queue?show=review&limit=3", ""))
	if len(page.Items) != 3 || page.Next == nil {
		t.Fatalf("first page of 3: %+v", page)
	}
	rest := apiDecode[apiQueueBody](t, clin.api(http.MethodGet, "/api/v1/queue?show=review&limit=3&after="+*page.Next, ""))
	if len(rest.Items) != 1 || rest.Items[0].Assignment.ID != p.ashReview || rest.Next != nil {
		t.Fatalf("second page: %+v", rest)
	}
	wantProblem(t, clin.api(http.MethodGet, "/api/v1/queue?show=all", ""), http.StatusUnprocessableEntity)
	wantProblem(t, clin.api(http.MethodGet, "/api/v1/queue?after=1.2", ""), http.StatusUnprocessableEntity)
	wantProblem(t, clin.api(http.MethodGet, "/api/v1/queue?limit=0", ""), http.StatusUnprocessableEntity)
}

func TestAPIAssignmentChanges_OwnerOnly(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	id := p.assign(p.clin1, p.client1, "worksheet", "after-intimacy-reflection")
	path := fmt.Sprintf("/api/v1/assignments/%d", id)
	other := p.signedIn("clin2@example.test")
	wantProblem(t, other.api(http.MethodPatch, path, `{"note": "THEIRS"}`), http.StatusNotFound)
	for _, r := range []string{"/withdraw", "/restore", "/stop-repeat"} {
		wantProblem(t, other.api(http.MethodPost, path+r, ""), http.StatusNotFound)
	}
	if a, _ := p.app.Assignments.Get(context.Background(), p.clin1, id); a.Note != "" || a.WithdrawnAt != nil {
		t.Fatalf("another clinician changed it: %+v", a)
	}
	clin := p.signedIn("clin1@example.test")
	got := apiDecode[apiAssignment](t, clin.api(http.MethodPatch, path, `{"due_on": "2030-05-06", "note": "Gently."}`))
	if got.Note != "Gently." || got.DueOn == nil || *got.DueOn != "2030-05-06" {
		t.Fatalf("after PATCH: %+v", got)
	}
	got = apiDecode[apiAssignment](t, clin.api(http.MethodPatch, path, `{"note": "Only the note."}`))
	if got.Note != "Only the note." || got.DueOn == nil || *got.DueOn != "2030-05-06" {
		t.Fatalf("a PATCH without due_on changed it: %+v", got)
	}
	pr := wantProblem(t, clin.api(http.MethodPatch, path, `{"due_on": "soon"}`), http.StatusUnprocessableEntity)
	if pr.Errors["due_on"] == "" {
		t.Errorf("no field error for a bad date: %+v", pr)
	}
	wantProblem(t, clin.api(http.MethodPatch, path, `{"due": "2030-01-01"}`), http.StatusBadRequest)
	if res := clin.api(http.MethodPost, path+"/withdraw", ""); res.StatusCode != http.StatusOK {
		t.Fatalf("withdraw: %d %s", res.StatusCode, res.Body)
	}
	cl := p.signedIn("client1@example.test")
	wantProblem(t, cl.api(http.MethodGet, fmt.Sprintf("/api/v1/me/assignments/%d", id), ""), http.StatusNotFound)
	if res := clin.api(http.MethodPost, path+"/restore", ""); res.StatusCode != http.StatusOK {
		t.Fatalf("restore: %d %s", res.StatusCode, res.Body)
	}
	if res := cl.api(http.MethodGet, fmt.Sprintf("/api/v1/me/assignments/%d", id), ""); res.StatusCode != http.StatusOK {
		t.Fatalf("client after restore: %d", res.StatusCode)
	}
	wantProblem(t, clin.api(http.MethodPost, path+"/stop-repeat", ""), http.StatusNotFound) // main's StopRepeat: not a repeat
}
