package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/testkit"
	"github.com/tend-practice/tend/internal/worksheet"
)

// practice is a small practice for tests: two clinicians, each with one
// client who has an account.
type practice struct {
	*harness
	clin1, clin2     auth.Actor
	client1, client2 auth.Actor // client1 belongs to clin1, client2 to clin2
}

func newPractice(t *testing.T) *practice { return practiceOn(newHarness(t)) }

// practiceOn builds the two clinicians and their clients on h.
func practiceOn(h *harness) *practice {
	kp := testkit.NewPractice(h.kit())
	return &practice{harness: h, clin1: kp.Clin1, clin2: kp.Clin2, client1: kp.Client1, client2: kp.Client2}
}

func (p *practice) clientWithAccount(clin auth.Actor, name, email string) auth.Actor {
	p.t.Helper()
	return p.kit().ClientWithAccount(clin, name, email)
}

func (p *practice) assign(clin, cl auth.Actor, kind, slug string) int64 {
	p.t.Helper()
	return p.kit().Assign(clin, cl, kind, slug)
}

func reflectionForm(distress string) url.Values {
	return url.Values{"date": {"2026-11-20"}, "mood_before": {"5"}, "mood_after": {"7"}, "closeness": {"6"},
		"what_helped": {"Tea and a blanket — “quiet” time"}, "distress": {distress}, "want_to_discuss": {"no"}}
}

var versionRe = regexp.MustCompile(`name="version" value="(\d+)"`)
var keyRe = regexp.MustCompile(`name="submission_key" value="([0-9a-f]+)"`)

func formState(t *testing.T, body string) (string, string) {
	t.Helper()
	v, k := versionRe.FindStringSubmatch(body), keyRe.FindStringSubmatch(body)
	if v == nil || k == nil {
		t.Fatalf("form lacks version or submission key:\n%s", body)
	}
	return v[1], k[1]
}

func TestLoop_CreateInviteAcceptAssignCompleteReviewComment(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.user(auth.RoleClinician, "clin@example.test")
	clin := h.signedIn("clin@example.test")

	res := clin.post("/clinician/clients", url.Values{"display_name": {"Avery"}, "email": {""}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create client: %d %s", res.StatusCode, res.Body)
	}
	clientPath := res.Header.Get("Location")
	page := clin.get(clientPath)
	m := regexp.MustCompile(`value="(http[^"]+/invite/[A-Za-z0-9_-]+)"`).FindStringSubmatch(page.Body)
	if m == nil {
		t.Fatalf("invite link not shown on the client page")
	}
	invitePath := strings.TrimPrefix(m[1], "http://127.0.0.1")
	if again := clin.get(clientPath); strings.Contains(again.Body, invitePath) {
		t.Fatal("invite link shown twice; it should be shown once")
	}

	// The client accepts in another browser, giving an email since none was set.
	cl := h.browser()
	if res := cl.get(invitePath); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Welcome, Avery") {
		t.Fatalf("invite page: %d", res.StatusCode)
	}
	res = cl.post(invitePath, url.Values{"email": {"avery@example.test"}, "password": {testPassword}, "password_confirm": {testPassword}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/me" {
		t.Fatalf("accept invite: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if res := h.browser().get(invitePath); res.StatusCode != http.StatusNotFound {
		t.Fatalf("used invite still works: %d", res.StatusCode)
	}

	// Assign a module and a worksheet at once.
	res = clin.post(clientPath+"/assignments", url.Values{"kind": {"module"}, "slug": {"what-is-aftercare"},
		"worksheet_slug": {"after-intimacy-reflection"}, "note": {"Read this first, then try the log."}, "due_on": {"2030-01-01"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("assign: %d %s", res.StatusCode, res.Body)
	}
	home := cl.get("/me")
	ids := regexp.MustCompile(`href="/me/assignments/(\d+)"`).FindAllStringSubmatch(home.Body, -1)
	if len(ids) != 2 || !strings.Contains(home.Body, "Read this first") {
		t.Fatalf("client home shows %d assignments", len(ids))
	}
	var moduleID, worksheetID string
	for _, id := range ids {
		if strings.Contains(cl.get("/me/assignments/"+id[1]).Body, `name="action" value="read"`) {
			moduleID = id[1]
		} else {
			worksheetID = id[1]
		}
	}
	if res := cl.post("/me/assignments/"+moduleID, url.Values{"action": {"read"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("mark read: %d", res.StatusCode)
	}

	// Complete the worksheet with distress 8: flagged on the dashboard.
	form := reflectionForm("8")
	v, key := formState(t, cl.get("/me/assignments/"+worksheetID).Body)
	form.Set("version", v)
	form.Set("submission_key", key)
	form.Set("action", "submit")
	if res := cl.post("/me/assignments/"+worksheetID, form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d %s", res.StatusCode, res.Body)
	}
	dash := clin.get("/clinician")
	flagged := dash.Body[strings.Index(dash.Body, `id="flagged-h"`):strings.Index(dash.Body, `id="new-h"`)]
	if !strings.Contains(flagged, "/clinician/assignments/"+worksheetID) {
		t.Fatalf("flagged submission not first on the dashboard")
	}
	review := clin.get("/clinician/assignments/" + worksheetID)
	if !strings.Contains(review.Body, "Tea and a blanket — “quiet” time") || !strings.Contains(review.Body, `id="flags-h"`) {
		t.Fatalf("review page lacks the answers or the flag")
	}
	if !strings.Contains(review.Body, `class="flagged-answer">How upset`) {
		t.Fatalf("the flagged answer is not highlighted on the review page")
	}
	clin.post("/clinician/assignments/"+worksheetID+"/comments", url.Values{"body": {"Thank you for sharing this."}})
	clin.post("/clinician/assignments/"+worksheetID+"/comments", url.Values{"body": {"Private: explore next time."}, "private": {"true"}})
	if res := clin.post("/clinician/assignments/"+worksheetID+"/review", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("review: %d", res.StatusCode)
	}
	mine := cl.get("/me/assignments/" + worksheetID)
	if !strings.Contains(mine.Body, "Thank you for sharing this.") || strings.Contains(mine.Body, "explore next time") {
		t.Fatalf("client sees wrong comments")
	}
	if strings.Contains(mine.Body, "flagged-answer") {
		t.Fatal("the client's own page shows clinician flags")
	}
	if !strings.Contains(mine.Body, "Reviewed") {
		t.Fatal("client does not see the reviewed status")
	}
	// Reopen: the client can revise.
	clin.post("/clinician/assignments/"+worksheetID+"/reopen", nil)
	if !strings.Contains(cl.get("/me/assignments/"+worksheetID).Body, `name="submission_key"`) {
		t.Fatal("reopened worksheet is not editable")
	}
	var audits int64
	h.app.DB.Gorm.Table("audit_events").Where("action = 'reflection_read'").Count(&audits)
	if audits == 0 {
		t.Fatal("reading a reflection was not audited")
	}
}

func TestSubmit_RequiredFieldEmpty_KeepsAnswers(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	id := p.assign(p.clin1, p.client1, "worksheet", "after-intimacy-reflection")
	cl := p.signedIn("client1@example.test")
	path := fmt.Sprintf("/me/assignments/%d", id)
	v, key := formState(t, cl.get(path).Body)
	form := reflectionForm("")
	form.Set("what_was_missing", "Words — I’d love to hear them <b>out loud</b>")
	form.Set("version", v)
	form.Set("submission_key", key)
	form.Set("action", "submit")
	res := cl.post(path, form)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("submit with distress empty: %d", res.StatusCode)
	}
	for _, want := range []string{"This question needs an answer", "Tea and a blanket — “quiet” time",
		"Words — I’d love to hear them &lt;b&gt;out loud&lt;/b&gt;", `value="5" checked`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("error page lost %q", want)
		}
	}
	var n int64
	p.app.DB.Gorm.Table("responses").Where("state = 'submitted'").Count(&n)
	if n != 0 {
		t.Fatal("an invalid submission was stored")
	}
}

func TestSaveDraft_ReloadFindsIt_ThenSecondTabConflicts(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	id := p.assign(p.clin1, p.client1, "worksheet", "after-intimacy-reflection")
	tab1 := p.signedIn("client1@example.test")
	path := fmt.Sprintf("/me/assignments/%d", id)
	v, _ := formState(t, tab1.get(path).Body) // both tabs open the form at version 0
	form := url.Values{"what_helped": {"first tab text"}, "version": {v}, "action": {"save"}}
	if res := tab1.post(path, form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.StatusCode, res.Body)
	}
	if !strings.Contains(tab1.get(path).Body, "first tab text") {
		t.Fatal("reload did not find the draft")
	}
	// The second tab still has version 0.
	res := tab1.post(path, url.Values{"what_helped": {"second tab text"}, "version": {v}, "action": {"save"}})
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, "second tab text") || !strings.Contains(res.Body, "changed in another window") {
		t.Fatalf("conflict: %d", res.StatusCode)
	}
	// Saving again from the conflict page keeps the second tab's text deliberately.
	v2, _ := formState(t, res.Body)
	if res := tab1.post(path, url.Values{"what_helped": {"second tab text"}, "version": {v2}, "action": {"save"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save after conflict: %d", res.StatusCode)
	}
	if !strings.Contains(tab1.get(path).Body, "second tab text") {
		t.Fatal("second save lost")
	}
}

func TestSubmit_DoubleSubmit_OneSubmission_ThenReadOnly(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	id := p.assign(p.clin1, p.client1, "worksheet", "after-intimacy-reflection")
	cl := p.signedIn("client1@example.test")
	path := fmt.Sprintf("/me/assignments/%d", id)
	v, key := formState(t, cl.get(path).Body)
	form := reflectionForm("2")
	form.Set("version", v)
	form.Set("submission_key", key)
	form.Set("action", "submit")
	for i := 0; i < 2; i++ {
		if res := cl.post(path, form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("submit %d: %d %s", i, res.StatusCode, res.Body)
		}
	}
	var n int64
	p.app.DB.Gorm.Table("audit_events").Where("action = 'reflection_submitted'").Count(&n)
	if n != 1 {
		t.Fatalf("%d submissions recorded, want 1", n)
	}
	page := cl.get(path)
	if strings.Contains(page.Body, `name="submission_key"`) || !strings.Contains(page.Body, "Submitted on") {
		t.Fatal("submitted worksheet still editable")
	}
	form.Set("what_helped", "changed later")
	form.Set("submission_key", "another-key")
	cl.post(path, form)
	resp, _ := p.app.Assignments.Response(context.Background(), p.client1, assignment.Assignment{ID: id})
	if resp.Answers.Text("what_helped") == "changed later" {
		t.Fatal("a submitted worksheet was changed")
	}
}

func TestDraftRecovery_AfterSessionExpiry(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	id := p.assign(p.clin1, p.client1, "worksheet", "after-intimacy-reflection")
	cl := p.signedIn("client1@example.test")
	path := fmt.Sprintf("/me/assignments/%d", id)
	v, _ := formState(t, cl.get(path).Body)
	// The session expires while the client types.
	if _, err := p.app.DB.Pool.Exec(context.Background(), `DELETE FROM sessions`); err != nil {
		t.Fatal(err)
	}
	res := cl.post(path, url.Values{"what_helped": {"typed while signed out"}, "version": {v}, "action": {"save"}})
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Fatalf("expired post: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	res = cl.post("/login", url.Values{"email": {"client1@example.test"}, "password": {testPassword}, "next": {path}})
	if res.Header.Get("Location") != path {
		t.Fatalf("after sign-in went to %q", res.Header.Get("Location"))
	}
	page := cl.get(path)
	if !strings.Contains(page.Body, "typed while signed out") || !strings.Contains(page.Body, "We kept what you typed") {
		t.Fatal("the text typed before expiry was lost")
	}
}

func TestRecurrence_AfterSubmit_CreatesNextInstance(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	ctx := context.Background()
	ids, err := p.app.Assignments.Assign(ctx, p.clin1, p.client1.ClientID, []assignment.New{{Kind: "worksheet", Slug: "after-intimacy-reflection", Recurrence: "after_submit"}})
	if err != nil {
		t.Fatal(err)
	}
	ans := worksheet.Answers{"date": "2026-11-20", "mood_before": 5, "mood_after": 6, "distress": 1}
	if _, err := p.app.Assignments.Submit(ctx, p.client1, ids[0], ans, 0, "k1"); err != nil {
		t.Fatal(err)
	}
	list, _ := p.app.Assignments.ForClient(ctx, p.client1, 0)
	if len(list) != 2 || list[0].Status != assignment.StatusAssigned || list[0].PreviousID == nil || *list[0].PreviousID != ids[0] {
		t.Fatalf("next instance not created: %+v", list)
	}
}

func TestArchivedClient_HiddenFromDashboard_NoNewAssignments(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	clin := p.signedIn("clin1@example.test")
	id := p.client1.ClientID
	// Overdue work puts the client in the review queue.
	if _, err := p.app.Assignments.Assign(t.Context(), p.clin1, id, []assignment.New{{Kind: "module", Slug: "aftercare-menu", DueOn: "2020-01-01"}}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(clin.get("/clinician").Body, "Robin") {
		t.Fatal("client not on dashboard")
	}
	clin.post(fmt.Sprintf("/clinician/clients/%d/archive", id), url.Values{"archived": {"true"}})
	if strings.Contains(clin.get("/clinician").Body, "Robin") {
		t.Fatal("archived client still on the dashboard")
	}
	res := clin.post(fmt.Sprintf("/clinician/clients/%d/assignments", id), url.Values{"kind": {"module"}, "slug": {"what-is-aftercare"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "archived") {
		t.Fatalf("assigning to an archived client: %d", res.StatusCode)
	}
	if !strings.Contains(clin.get("/clinician/clients?archived=1").Body, "Robin") {
		t.Fatal("archived client not listed under archived")
	}
}

func TestDashboard_CountsMatchKnownData(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	ctx := context.Background()
	submit := func(distress int) {
		id := p.assign(p.clin1, p.client1, "worksheet", "after-intimacy-reflection")
		ans := worksheet.Answers{"date": "2026-11-20", "mood_before": 5, "mood_after": 6, "distress": distress}
		if _, err := p.app.Assignments.Submit(ctx, p.client1, id, ans, 0, fmt.Sprint("k", id)); err != nil {
			t.Fatal(err)
		}
	}
	submit(9)
	submit(7)
	submit(2)
	if _, err := p.app.Assignments.Assign(ctx, p.clin1, p.client1.ClientID, []assignment.New{{Kind: "module", Slug: "aftercare-menu", DueOn: "2020-01-01"}}); err != nil {
		t.Fatal(err)
	}
	p.assign(p.clin2, p.client2, "worksheet", "after-intimacy-reflection") // another clinician's: not counted
	d, err := p.app.Assignments.Dashboard(ctx, p.clin1, 1)
	if err != nil {
		t.Fatal(err)
	}
	if d.FlaggedCount != 2 || d.AwaitingCount != 1 || d.OverdueCount != 1 || d.ClientCount != 1 {
		t.Fatalf("counts flagged=%d awaiting=%d overdue=%d clients=%d, want 2 1 1 1", d.FlaggedCount, d.AwaitingCount, d.OverdueCount, d.ClientCount)
	}
}

// Every route that takes an id answers 404 for another clinician's or
// another client's record, exactly like a missing one.
func TestOwnership_OtherPeoplesIDsAnswer404(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	theirs := p.assign(p.clin2, p.client2, "worksheet", "after-intimacy-reflection")
	theirModule := p.assign(p.clin2, p.client2, "module", "aftercare-myths")
	clin1 := p.signedIn("clin1@example.test")
	client1 := p.signedIn("client1@example.test")
	cid := p.client2.ClientID
	cases := []struct {
		who    *browser
		method string
		path   string
	}{
		{clin1, "GET", fmt.Sprintf("/clinician/clients/%d", cid)},
		{clin1, "POST", fmt.Sprintf("/clinician/clients/%d/archive", cid)},
		{clin1, "POST", fmt.Sprintf("/clinician/clients/%d/invite", cid)},
		{clin1, "POST", fmt.Sprintf("/clinician/clients/%d/assignments", cid)},
		{clin1, "GET", fmt.Sprintf("/clinician/assignments/%d", theirs)},
		{clin1, "POST", fmt.Sprintf("/clinician/assignments/%d/comments", theirs)},
		{clin1, "POST", fmt.Sprintf("/clinician/assignments/%d/review", theirs)},
		{clin1, "POST", fmt.Sprintf("/clinician/assignments/%d/reopen", theirs)},
		{client1, "GET", fmt.Sprintf("/me/assignments/%d", theirs)},
		{client1, "POST", fmt.Sprintf("/me/assignments/%d", theirs)},
		{client1, "POST", fmt.Sprintf("/me/assignments/%d", theirModule)},
		{client1, "POST", fmt.Sprintf("/me/assignments/%d/comments", theirs)},
		{client1, "GET", "/library/modules/aftercare-myths"},
	}
	for _, tc := range cases {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			var res response
			if tc.method == "GET" {
				res = tc.who.get(tc.path)
			} else {
				res = tc.who.post(tc.path, url.Values{"body": {"x"}, "action": {"read"}, "kind": {"module"}, "slug": {"aftercare-menu"}, "archived": {"true"}})
			}
			if res.StatusCode != http.StatusNotFound {
				t.Fatalf("status %d, want 404", res.StatusCode)
			}
		})
	}
	var n int64
	p.app.DB.Gorm.Table("comments").Count(&n)
	if n != 0 {
		t.Fatal("a comment was written on someone else's assignment")
	}
}

func TestLibrary_EveryBuiltinRenders(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.user(auth.RoleClinician, "clin@example.test")
	b := h.signedIn("clin@example.test")
	mods := b.get("/library/modules")
	slugs := regexp.MustCompile(`href="/library/modules/([a-z-]+)"`).FindAllStringSubmatch(strings.ReplaceAll(mods.Body, `href="/library/modules/new"`, ""), -1)
	if len(slugs) != 11 {
		t.Fatalf("library lists %d modules, want 11", len(slugs))
	}
	for _, s := range slugs {
		res := b.get("/library/modules/" + s[1])
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `class="try"`) || !strings.Contains(res.Body, `class="questions"`) {
			t.Errorf("module %s: %d, or lacks its Try this / Questions sections", s[1], res.StatusCode)
		}
	}
	ws := b.get("/library/worksheets")
	wslugs := regexp.MustCompile(`href="/library/worksheets/([a-z-]+)"`).FindAllStringSubmatch(strings.ReplaceAll(ws.Body, `href="/library/worksheets/new"`, ""), -1)
	if len(wslugs) != 9 {
		t.Fatalf("library lists %d worksheets, want 9", len(wslugs))
	}
	for _, s := range wslugs {
		if res := b.get("/library/worksheets/" + s[1]); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "<label") {
			t.Errorf("worksheet %s: %d", s[1], res.StatusCode)
		}
	}
	if res := b.get("/library/modules?q=cuddling"); !strings.Contains(res.Body, "/library/modules/") {
		t.Error("full-text search found nothing for 'cuddling'")
	}
}

func TestReflection_ChoiceAnswersShowTheirLabels(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	ctx := context.Background()
	id := p.assign(p.clin1, p.client1, "worksheet", "aftercare-needs-inventory")
	ans := worksheet.Answers{"sensory_likes": []string{"soft_blanket", "dim_light"}, "closeness_vs_space": 2}
	wv, err := p.app.Worksheets.Get(ctx, p.clin1, "aftercare-needs-inventory")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range wv.Schema.Fields() {
		if _, ok := ans[f.ID]; ok || !f.Required {
			continue
		}
		if f.Type == worksheet.Scale {
			ans[f.ID] = *f.Min
		} else {
			ans[f.ID] = "Asking for quiet."
		}
	}
	if _, err := p.app.Assignments.Submit(ctx, p.client1, id, ans, 0, "k"); err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{"clin1@example.test", "client1@example.test"} {
		path := fmt.Sprintf("/clinician/assignments/%d", id)
		if who == "client1@example.test" {
			path = fmt.Sprintf("/me/assignments/%d", id)
		}
		res := p.signedIn(who).get(path)
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "<li>") || strings.Contains(res.Body, "<li>soft_blanket</li>") {
			t.Fatalf("%s: %d; checklist answers not shown with their labels", who, res.StatusCode)
		}
	}
}
