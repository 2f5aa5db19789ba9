package web_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/breakglass"
	"github.com/tend-practice/tend/internal/worksheet"
)

// breakGlassPractice is a practice whose first client has submitted a
// reflection, with an administrator signed in.
type breakGlassPractice struct {
	*practice
	admin     auth.Actor
	adminB    *browser
	submitted int64 // client1's submitted worksheet
	theirs    int64 // client2's worksheet (another clinician's client)
}

func newBreakGlassPractice(t *testing.T) *breakGlassPractice {
	t.Helper()
	p := newPractice(t)
	a := p.user(auth.RoleAdmin, "admin@example.test")
	bp := &breakGlassPractice{practice: p, admin: auth.Actor{UserID: a.ID, Role: a.Role}}
	bp.submitted = p.assign(p.clin1, p.client1, "worksheet", "after-intimacy-reflection")
	bp.theirs = p.assign(p.clin2, p.client2, "worksheet", "after-intimacy-reflection")
	cl := p.signedIn("client1@example.test")
	path := fmt.Sprintf("/me/assignments/%d", bp.submitted)
	form := reflectionForm("3")
	v, key := formState(t, cl.get(path).Body)
	form.Set("version", v)
	form.Set("submission_key", key)
	form.Set("action", "submit")
	if res := cl.post(path, form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d %s", res.StatusCode, res.Body)
	}
	bp.adminB = p.signedIn("admin@example.test")
	return bp
}

func (bp *breakGlassPractice) open(t *testing.T, clientID int64, reason string) response {
	t.Helper()
	return bp.adminB.post("/admin/break-glass", url.Values{"client_id": {fmt.Sprint(clientID)}, "reason": {reason}})
}

// expireGrants moves every grant two hours into the past, as if the time
// had passed. Grants cannot be edited, so the guard is lifted for this.
func (bp *breakGlassPractice) expireGrants(t *testing.T) {
	t.Helper()
	for _, q := range []string{
		`ALTER TABLE break_glass_grants DISABLE TRIGGER break_glass_grants_guard`,
		`UPDATE break_glass_grants SET opened_at = opened_at - interval '2 hours', expires_at = expires_at - interval '2 hours'`,
		`ALTER TABLE break_glass_grants ENABLE TRIGGER break_glass_grants_guard`,
	} {
		if err := bp.app.DB.Gorm.Exec(q).Error; err != nil {
			t.Fatal(err)
		}
	}
}

func (bp *breakGlassPractice) auditCount(action string) int64 {
	var n int64
	bp.app.DB.Gorm.Table("audit_events").Where("action = ? AND client_id = ?", action, bp.client1.ClientID).Count(&n)
	return n
}

func TestBreakGlass_AdminReadsOnlyWhileGrantOpen(t *testing.T) {
	t.Parallel()
	bp := newBreakGlassPractice(t)
	reflection := fmt.Sprintf("/admin/break-glass/assignments/%d", bp.submitted)
	records := fmt.Sprintf("/admin/break-glass/clients/%d", bp.client1.ClientID)

	// Without a grant: nothing, exactly like a missing record.
	for _, path := range []string{reflection, records} {
		if res := bp.adminB.get(path); res.StatusCode != http.StatusNotFound {
			t.Fatalf("%s without a grant: %d, want 404", path, res.StatusCode)
		}
	}
	if res := bp.adminB.get(fmt.Sprintf("/clinician/assignments/%d", bp.submitted)); res.StatusCode != http.StatusForbidden {
		t.Fatalf("clinician page as admin: %d, want 403", res.StatusCode)
	}

	res := bp.open(t, bp.client1.ClientID, "Client emailed about feeling unsafe; Dr Clin1 unreachable")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != records {
		t.Fatalf("open: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	page := bp.adminB.get(records)
	if page.StatusCode != http.StatusOK || !strings.Contains(page.Body, "Robin") || !strings.Contains(page.Body, reflection) {
		t.Fatalf("client's records with a grant: %d", page.StatusCode)
	}
	page = bp.adminB.get(reflection)
	if page.StatusCode != http.StatusOK || !strings.Contains(page.Body, "Tea and a blanket") || !strings.Contains(page.Body, "read-only") {
		t.Fatalf("reflection with a grant: %d", page.StatusCode)
	}
	if strings.Contains(page.Body, `method="post" action="/clinician`) || strings.Contains(page.Body, "<textarea") {
		t.Fatal("the read-only view offers a form that writes")
	}
	// The grant is for that client only.
	if res := bp.adminB.get(fmt.Sprintf("/admin/break-glass/assignments/%d", bp.theirs)); res.StatusCode != http.StatusNotFound {
		t.Fatalf("another client's reflection: %d, want 404", res.StatusCode)
	}
	// Outside the emergency pages, scoping is as before (no PDF of the reflection).
	if res := bp.adminB.get(fmt.Sprintf("/handouts/assignments/%d.pdf", bp.submitted)); res.StatusCode != http.StatusNotFound {
		t.Fatalf("printing the reflection as admin: %d, want 404", res.StatusCode)
	}

	if n := bp.auditCount("break_glass_opened"); n != 1 {
		t.Errorf("break_glass_opened events: %d, want 1", n)
	}
	if n := bp.auditCount("break_glass_read"); n != 2 {
		t.Errorf("break_glass_read events: %d, want 2", n)
	}
	var detail string
	bp.app.DB.Gorm.Table("audit_events").Select("detail").Where("action = 'break_glass_opened'").Scan(&detail)
	if !strings.Contains(detail, "feeling unsafe") || !strings.Contains(detail, "60 minutes") {
		t.Errorf("opening's audit detail %q lacks the reason or duration", detail)
	}

	// After the grant expires: 404 again.
	bp.expireGrants(t)
	for _, path := range []string{reflection, records} {
		if res := bp.adminB.get(path); res.StatusCode != http.StatusNotFound {
			t.Fatalf("%s after expiry: %d, want 404", path, res.StatusCode)
		}
	}
}

func TestBreakGlass_GrantLastsSixtyMinutes_AndCanEndEarly(t *testing.T) {
	t.Parallel()
	bp := newBreakGlassPractice(t)
	bp.open(t, bp.client1.ClientID, "Safeguarding check")
	var minutes float64
	bp.app.DB.Gorm.Raw(`SELECT extract(epoch FROM expires_at - opened_at) / 60 FROM break_glass_grants`).Scan(&minutes)
	if minutes != 60 {
		t.Fatalf("grant lasts %v minutes, want 60", minutes)
	}
	var id int64
	bp.app.DB.Gorm.Raw(`SELECT id FROM break_glass_grants`).Scan(&id)
	if res := bp.adminB.post(fmt.Sprintf("/admin/break-glass/grants/%d/end", id), nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("end: %d", res.StatusCode)
	}
	if res := bp.adminB.get(fmt.Sprintf("/admin/break-glass/assignments/%d", bp.submitted)); res.StatusCode != http.StatusNotFound {
		t.Fatalf("after ending: %d, want 404", res.StatusCode)
	}
	if n := bp.auditCount("break_glass_ended"); n != 1 {
		t.Fatalf("break_glass_ended events: %d", n)
	}
	// A grant cannot be rewritten or removed afterwards.
	if err := bp.app.DB.Gorm.Exec(`UPDATE break_glass_grants SET reason = 'nothing to see'`).Error; err == nil {
		t.Fatal("a grant's reason was rewritten")
	}
	if err := bp.app.DB.Gorm.Exec(`DELETE FROM break_glass_grants`).Error; err == nil {
		t.Fatal("a grant was deleted")
	}
}

func TestBreakGlass_ReasonRequired(t *testing.T) {
	t.Parallel()
	bp := newBreakGlassPractice(t)
	cases := []struct {
		name     string
		clientID string
		reason   string
		field    string
	}{
		{"no reason", fmt.Sprint(bp.client1.ClientID), "", "Please say why"},
		{"blank reason", fmt.Sprint(bp.client1.ClientID), "  \n\t ", "Please say why"},
		{"reason too long", fmt.Sprint(bp.client1.ClientID), strings.Repeat("x", breakglass.MaxReasonLength+1), "under 1,000 characters"},
		{"no client", "", "Emergency", "enter the client&#39;s number"},
		{"no such client", "999999", "Emergency", "no client with that number"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := bp.adminB.post("/admin/break-glass", url.Values{"client_id": {tc.clientID}, "reason": {tc.reason}})
			if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, tc.field) {
				t.Fatalf("status %d, want 422 with %q", res.StatusCode, tc.field)
			}
		})
	}
	var n int64
	bp.app.DB.Gorm.Table("break_glass_grants").Count(&n)
	if n != 0 {
		t.Fatalf("%d grants opened without a proper reason", n)
	}
}

func TestBreakGlass_ShownToTheClientsClinician(t *testing.T) {
	t.Parallel()
	bp := newBreakGlassPractice(t)
	bp.open(t, bp.client1.ClientID, "Client at risk <b>tonight</b>")
	clin1 := bp.signedIn("clin1@example.test")
	page := clin1.get(fmt.Sprintf("/clinician/clients/%d", bp.client1.ClientID))
	if !strings.Contains(page.Body, "An administrator accessed this client's records on") ||
		!strings.Contains(page.Body, "Client at risk &lt;b&gt;tonight&lt;/b&gt;") {
		t.Fatalf("clinician's client page lacks the notice (escaped):\n%s", page.Body)
	}
	clin2 := bp.signedIn("clin2@example.test")
	if page := clin2.get(fmt.Sprintf("/clinician/clients/%d", bp.client2.ClientID)); strings.Contains(page.Body, "An administrator accessed") {
		t.Fatal("another clinician's client shows the notice")
	}
	// Still shown after the grant has expired.
	bp.expireGrants(t)
	if page := clin1.get(fmt.Sprintf("/clinician/clients/%d", bp.client1.ClientID)); !strings.Contains(page.Body, "An administrator accessed") {
		t.Fatal("the notice disappeared when the grant expired")
	}
}

func TestBreakGlass_AdminNeverWrites(t *testing.T) {
	t.Parallel()
	bp := newBreakGlassPractice(t)
	bp.open(t, bp.client1.ClientID, "Emergency")
	id := bp.submitted
	// Every route that writes a client's records is closed to admins by policy.
	for _, tc := range []struct{ method, path string }{
		{"POST", fmt.Sprintf("/clinician/assignments/%d/comments", id)},
		{"POST", fmt.Sprintf("/clinician/assignments/%d/review", id)},
		{"POST", fmt.Sprintf("/clinician/assignments/%d/reopen", id)},
		{"POST", fmt.Sprintf("/clinician/clients/%d/assignments", bp.client1.ClientID)},
		{"POST", fmt.Sprintf("/clinician/clients/%d/archive", bp.client1.ClientID)},
		{"POST", fmt.Sprintf("/me/assignments/%d", id)},
		{"POST", fmt.Sprintf("/me/assignments/%d/comments", id)},
		{"PUT", fmt.Sprintf("/api/v1/me/assignments/%d/response", id)},
		{"GET", fmt.Sprintf("/api/v1/assignments/%d", id)},
	} {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			req, _ := http.NewRequest(tc.method, bp.srv.URL+tc.path, strings.NewReader("body=x&action=submit&archived=true"))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if strings.HasPrefix(tc.path, "/api/") {
				req.Header.Set("Content-Type", "application/json")
				req.Body = http.NoBody
			}
			req.Header.Set("Origin", bp.srv.URL)
			if res := bp.adminB.do(req); res.StatusCode != http.StatusForbidden {
				t.Fatalf("status %d, want 403", res.StatusCode)
			}
		})
	}
	// And the services refuse an emergency reader too, whatever the route.
	ctx := context.Background()
	reader := breakglass.Reader(bp.admin)
	writes := map[string]error{
		"comment": bp.app.Assignments.AddComment(ctx, reader, id, "", "admin was here", false),
		"review":  bp.app.Assignments.Review(ctx, reader, id),
		"reopen":  bp.app.Assignments.Reopen(ctx, reader, id),
	}
	_, writes["save"] = bp.app.Assignments.Save(ctx, reader, id, worksheet.Answers{}, 1)
	_, writes["assign"] = bp.app.Assignments.Assign(ctx, reader, bp.client1.ClientID, []assignment.New{{Kind: "module", Slug: "aftercare-menu"}})
	for name, err := range writes {
		if !errors.Is(err, assignment.ErrNotFound) {
			t.Errorf("%s as an emergency reader: %v, want ErrNotFound", name, err)
		}
	}
	var comments, changed int64
	bp.app.DB.Gorm.Table("comments").Count(&comments)
	bp.app.DB.Gorm.Table("assignments").Where("id = ? AND status <> 'submitted'", id).Count(&changed)
	if comments != 0 || changed != 0 {
		t.Fatalf("an administrator changed a client's records: %d comments, %d status changes", comments, changed)
	}
}

// Issue 20: an administrator finds the client to open by part of their
// name or their clinician's, sees roster data only, and opens from the
// result. The search is recorded and bounded; nobody else may search.
func TestBreakGlass_SearchByNameAndClinician(t *testing.T) {
	t.Parallel()
	bp := newBreakGlassPractice(t)
	secret := "a-sentence-only-the-reflection-holds"
	if err := bp.app.Assignments.AddComment(context.Background(), bp.client1, bp.submitted, "", secret, false); err != nil {
		t.Fatal(err)
	}
	res := bp.adminB.get("/admin/break-glass?q=ROB")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("search: %d", res.StatusCode)
	}
	if !strings.Contains(res.Body, "<strong>Robin</strong>") || strings.Contains(res.Body, "<strong>Sky</strong>") {
		t.Errorf("a search for part of a name does not find just that client:\n%s", res.Body)
	}
	if !strings.Contains(res.Body, fmt.Sprintf(`name="client_id" value="%d"`, bp.client1.ClientID)) ||
		!strings.Contains(res.Body, "clinician clin1@example.test") {
		t.Errorf("the match has no open form or does not name the clinician")
	}
	if strings.Contains(res.Body, secret) {
		t.Errorf("the search page shows what a client wrote")
	}
	if body := bp.adminB.get("/admin/break-glass?q=clin2").Body; !strings.Contains(body, "<strong>Sky</strong>") || strings.Contains(body, "<strong>Robin</strong>") {
		t.Errorf("a search by clinician does not find that clinician's client")
	}
	if body := bp.adminB.get("/admin/break-glass?q=%25").Body; !strings.Contains(body, "No client matches") {
		t.Errorf("a %% is taken as a wildcard, not as text")
	}
	if n := bp.auditCount(audit.BreakGlassSearch); n != 0 {
		t.Errorf("searches are recorded against a client: %d", n)
	}
	var searches int64
	bp.app.DB.Gorm.Table("audit_events").Where("action = ? AND actor_id = ?", audit.BreakGlassSearch, bp.admin.UserID).Count(&searches)
	if searches != 3 {
		t.Errorf("%d searches recorded, want 3", searches)
	}
	long := strings.Repeat("r", breakglass.MaxQueryLength+1)
	if res := bp.adminB.get("/admin/break-glass?q=" + long); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "fewer than 100 characters") || !strings.Contains(res.Body, long) {
		t.Errorf("an over-long search: %d, want 422 with the message and the text kept", res.StatusCode)
	}
	// Opening from a result without a reason keeps the search and says why.
	res = bp.adminB.post("/admin/break-glass", url.Values{"client_id": {fmt.Sprint(bp.client1.ClientID)}, "q": {"rob"}, "reason": {" "}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "<strong>Robin</strong>") ||
		!strings.Contains(res.Body, fmt.Sprintf(`id="reason-%d-error"`, bp.client1.ClientID)) {
		t.Errorf("a reasonless opening from a result: %d, want 422 beside that result", res.StatusCode)
	}
	if res := bp.open(t, bp.client1.ClientID, "Robin may be at risk and Sam is away"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("open from a result: %d", res.StatusCode)
	}
	for _, who := range []string{"clin1@example.test", "client1@example.test"} {
		if res := bp.signedIn(who).get("/admin/break-glass?q=rob"); res.StatusCode != http.StatusForbidden || strings.Contains(res.Body, "<strong>Robin</strong>") {
			t.Errorf("%s searching: %d, want 403", who, res.StatusCode)
		}
	}
}
