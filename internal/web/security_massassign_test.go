package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/client"
)

// extraFields are what an attacker adds to a form, hoping a handler binds
// the whole request onto a row.
func extraFields(p *practice) url.Values {
	other := fmt.Sprint(p.client2.ClientID)
	return url.Values{
		"id": {"1"}, "client_id": {other}, "clinician_id": {fmt.Sprint(p.clin2.UserID)}, "status": {"reviewed"},
		"state": {"submitted"}, "version": {"41"}, "user_id": {fmt.Sprint(p.clin2.UserID)}, "role": {"admin"},
		"flagged": {"true"}, "owner_id": {fmt.Sprint(p.clin2.UserID)}, "visibility": {"builtin"}, "author_id": {fmt.Sprint(p.clin2.UserID)},
		"assignment_id": {"1"}, "archived_at": {"2020-01-01"}, "submitted_at": {"2020-01-01"}, "active": {"false"},
		"answers_sealed": {"x"}, "body_sealed": {"x"}, "created_by": {fmt.Sprint(p.clin2.UserID)},
	}
}

func withExtra(p *practice, form url.Values) url.Values {
	out := extraFields(p)
	for k, v := range form {
		out[k] = v
	}
	return out
}

type assignmentRow struct {
	ClientID, ClinicianID int64
	Status                string
	Flagged               bool
}

func (p *practice) assignmentRow(id int64) assignmentRow {
	p.t.Helper()
	var r assignmentRow
	p.app.DB.Gorm.Raw(`SELECT client_id, clinician_id, status, flagged FROM assignments WHERE id = ?`, id).Scan(&r)
	return r
}

func TestMassAssignment_FormsWithExtraFieldsChangeNothingElse(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	ctx := context.Background()
	clin := p.signedIn("clin1@example.test")
	cl := p.signedIn("client1@example.test")

	t.Run("client saves and submits a worksheet", func(t *testing.T) {
		id := p.assign(p.clin1, p.client1, "worksheet", "after-intimacy-reflection")
		path := fmt.Sprintf("/me/assignments/%d", id)
		v, key := formState(t, cl.get(path).Body)
		form := withExtra(p, url.Values{"what_helped": {"draft"}, "action": {"save"}})
		form.Set("version", v) // the real optimistic-lock field, as the form sends it
		if res := cl.post(path, form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d", res.StatusCode)
		}
		want := assignmentRow{ClientID: p.client1.ClientID, ClinicianID: p.clin1.UserID, Status: "in_progress"}
		if got := p.assignmentRow(id); got != want {
			t.Fatalf("after a save with extra fields: %+v, want %+v", got, want)
		}
		sub := withExtra(p, reflectionForm("1"))
		sub.Set("want_to_discuss", "no")
		v, _ = formState(t, cl.get(path).Body)
		sub.Set("version", v)
		sub.Set("submission_key", key)
		sub.Set("action", "submit")
		if res := cl.post(path, sub); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("submit: %d %s", res.StatusCode, res.Body)
		}
		want.Status = "submitted" // distress 1, no discussion: not flagged, whatever "flagged" said
		if got := p.assignmentRow(id); got != want {
			t.Fatalf("after a submit with extra fields: %+v, want %+v", got, want)
		}
		var version int
		p.app.DB.Gorm.Raw(`SELECT version FROM responses WHERE assignment_id = ?`, id).Scan(&version)
		if version != 2 {
			t.Fatalf("response version %d, want 2 (posted: 41)", version)
		}
	})

	t.Run("comments and replies", func(t *testing.T) {
		id := p.assign(p.clin1, p.client1, "worksheet", "after-intimacy-reflection")
		if res := clin.post(fmt.Sprintf("/clinician/assignments/%d/comments", id), withExtra(p, url.Values{"body": {"hello"}})); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("comment: %d", res.StatusCode)
		}
		// A client cannot make a private note, whatever they post.
		reply := withExtra(p, url.Values{"body": {"reply"}, "private": {"true"}})
		if res := cl.post(fmt.Sprintf("/me/assignments/%d/comments", id), reply); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("reply: %d", res.StatusCode)
		}
		var rows []struct {
			AssignmentID, AuthorID int64
			Private                bool
		}
		p.app.DB.Gorm.Raw(`SELECT assignment_id, author_id, private FROM comments WHERE assignment_id = ? ORDER BY id`, id).Scan(&rows)
		if len(rows) != 2 || rows[0].AuthorID != p.clin1.UserID || rows[1].AuthorID != p.client1.UserID || rows[1].Private {
			t.Fatalf("comments stored as %+v", rows)
		}
		if got := p.assignmentRow(id); got.Status != "assigned" || got.ClientID != p.client1.ClientID {
			t.Fatalf("commenting changed the assignment: %+v", got)
		}
	})

	t.Run("clinician adds a client and assigns work", func(t *testing.T) {
		res := clin.post("/clinician/clients", withExtra(p, url.Values{"display_name": {"Mass"}}))
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("create client: %d", res.StatusCode)
		}
		var c struct {
			ClinicianID int64
			UserID      *int64
			Archived    bool
		}
		p.app.DB.Gorm.Raw(`SELECT clinician_id, user_id, archived_at IS NOT NULL AS archived FROM clients WHERE display_name = 'Mass'`).Scan(&c)
		if c.ClinicianID != p.clin1.UserID || c.UserID != nil || c.Archived {
			t.Fatalf("client stored as %+v", c)
		}
		path := fmt.Sprintf("/clinician/clients/%d/assignments", p.client1.ClientID)
		form := withExtra(p, url.Values{"kind": {"worksheet"}, "slug": {"after-intimacy-reflection"}})
		if res := clin.post(path, form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("assign: %d %s", res.StatusCode, res.Body)
		}
		var id int64
		p.app.DB.Gorm.Raw(`SELECT max(id) FROM assignments`).Scan(&id)
		want := assignmentRow{ClientID: p.client1.ClientID, ClinicianID: p.clin1.UserID, Status: "assigned"}
		if got := p.assignmentRow(id); got != want {
			t.Fatalf("assigned with extra fields: %+v, want %+v", got, want)
		}
		if n := p.count("assignments", "client_id = ?", p.client2.ClientID); n != 0 {
			t.Fatal("work landed on the client named in the posted client_id")
		}
	})

	t.Run("authoring", func(t *testing.T) {
		if res := clin.post("/library/modules", withExtra(p, moduleForm("save"))); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("module: %d %s", res.StatusCode, res.Body)
		}
		if res := clin.post("/library/worksheets", withExtra(p, builderForm("save"))); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("worksheet: %d %s", res.StatusCode, res.Body)
		}
		for _, table := range []string{"modules", "worksheets"} {
			var row struct {
				OwnerID    int64
				Visibility string
			}
			p.app.DB.Gorm.Raw(`SELECT owner_id, visibility FROM ` + table + ` WHERE owner_id IS NOT NULL`).Scan(&row)
			if row.OwnerID != p.clin1.UserID || row.Visibility != "private" {
				t.Fatalf("%s stored as %+v", table, row)
			}
		}
	})

	t.Run("invite acceptance", func(t *testing.T) {
		_, token, err := p.app.Clients.Create(ctx, p.clin1, client.NewClient{DisplayName: "Invitee"})
		if err != nil {
			t.Fatal(err)
		}
		form := withExtra(p, url.Values{"email": {"invitee@example.test"}, "password": {testPassword}, "password_confirm": {testPassword}})
		if res := p.browser().post("/invite/"+token, form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("accept: %d %s", res.StatusCode, res.Body)
		}
		var u struct {
			Role   string
			Active bool
		}
		p.app.DB.Gorm.Raw(`SELECT role, active FROM users WHERE email = 'invitee@example.test'`).Scan(&u)
		if u.Role != string(auth.RoleClient) || !u.Active {
			t.Fatalf("invitee stored as %+v", u)
		}
	})

	t.Run("sign-in", func(t *testing.T) {
		b := p.browser()
		res := b.post("/login", withExtra(p, url.Values{"email": {"client1@example.test"}, "password": {testPassword}}))
		if res.StatusCode != http.StatusSeeOther || b.get("/admin/users").StatusCode != http.StatusForbidden {
			t.Fatal("a posted role changed what the session may do")
		}
	})

	t.Run("API refuses unknown fields", func(t *testing.T) {
		id := p.assign(p.clin1, p.client1, "worksheet", "after-intimacy-reflection")
		cases := []struct {
			who          *browser
			method, path string
			body         string
		}{
			{cl, http.MethodPut, fmt.Sprintf("/api/v1/me/assignments/%d/response", id),
				`{"answers": {"what_helped": "x"}, "version": 0, "action": "save", "status": "reviewed", "flagged": true, "client_id": 1}`},
			{clin, http.MethodPost, "/api/v1/clients", `{"display_name": "Api", "clinician_id": 1, "user_id": 1}`},
			{clin, http.MethodPost, fmt.Sprintf("/api/v1/clients/%d/assignments", p.client1.ClientID),
				`{"kind": "worksheet", "slug": "after-intimacy-reflection", "client_id": 1, "clinician_id": 1, "status": "reviewed"}`},
		}
		for _, tc := range cases {
			res := tc.who.api(tc.method, tc.path, tc.body)
			p := wantProblem(t, res, http.StatusBadRequest)
			if !regexp.MustCompile(`(?i)unknown|field`).MatchString(p.Detail) {
				t.Errorf("%s %s: the problem does not name the unknown field: %q", tc.method, tc.path, p.Detail)
			}
		}
		if p.count("responses", "assignment_id = ?", id) != 0 || p.count("clients", "display_name = 'Api'") != 0 {
			t.Fatal("a request with unknown fields changed something")
		}
		if !strings.Contains(p.assignmentRow(id).Status, "assigned") {
			t.Fatal("the assignment's status changed")
		}
	})
}
