package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tend-practice/tend/internal/app"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/handout"
)

// Finding 10: the builder accepted a field called "action" (or "version",
// "submission_key"), which then shadowed the client form's own control so
// the worksheet could never be submitted.
func TestSecurity_BuilderRefusesFieldIDsOfTheFormsOwnControls(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	clin := p.signedIn("clin1@example.test")
	for _, id := range []string{"action", "version", "submission_key", "share", "share_helped", "step", "fragment"} {
		form := builderForm("save")
		form.Set("f0_id", id)
		form.Set("flag1_field", id)
		res := clin.post("/library/worksheets", form)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "reserved") {
			t.Errorf("field id %q: %d, want 422 saying the id is reserved", id, res.StatusCode)
		}
	}
	var n int64
	p.app.DB.Gorm.Raw(`SELECT count(*) FROM worksheets WHERE slug = 'evening-check-in'`).Scan(&n)
	if n != 0 {
		t.Fatalf("%d worksheets saved with a reserved field id", n)
	}
}

// Finding 12: every session that passed the password step before enrolment
// was shown the same secret, so someone who knew the password obtained the
// final second factor. Each attempt now has its own secret, kept in its
// own session; confirming one leaves the others worthless.
func TestSecurity_EnrolmentSecret_IsPerSession(t *testing.T) {
	t.Parallel()
	h, clk := newClockHarness(t)
	admin := h.user(auth.RoleAdmin, "a@example.test")
	h.user(auth.RoleClinician, "c@example.test")
	if err := h.app.MFA.SetRequired(t.Context(), auth.Actor{UserID: admin.ID, Role: admin.Role}, true); err != nil {
		t.Fatal(err)
	}
	victim, attacker := h.browser(), h.browser()
	for _, b := range []*browser{victim, attacker} {
		if to := passwordStep(t, b, "c@example.test"); to != "/login/mfa/enrol" {
			t.Fatalf("after password: %s", to)
		}
	}
	secretOf := func(b *browser) string {
		page := b.get("/login/mfa/enrol")
		m := secretRe.FindStringSubmatch(page.Body)
		if page.StatusCode != http.StatusOK || m == nil {
			t.Fatalf("enrol page: %d", page.StatusCode)
		}
		return m[1]
	}
	mine, theirs := secretOf(victim), secretOf(attacker)
	if mine == theirs {
		t.Fatal("two sessions at the password step were shown the same authenticator secret")
	}
	if again := secretOf(victim); again != mine {
		t.Fatal("reloading the enrol page changed the secret the person may already have scanned")
	}
	if res := victim.post("/login/mfa/enrol", url.Values{"code": {clk.code(t, mine)}}); res.StatusCode != http.StatusOK {
		t.Fatalf("victim confirms: %d", res.StatusCode)
	}
	clk.Add(30 * time.Second)
	// The attacker's secret is worth nothing: not at their enrol page, not
	// at a later sign-in.
	if res := attacker.post("/login/mfa/enrol", url.Values{"code": {clk.code(t, theirs)}}); signedInAs(attacker, "/clinician") {
		t.Fatalf("the attacker confirmed a second secret: %d", res.StatusCode)
	}
	later := h.browser()
	passwordStep(t, later, "c@example.test")
	if res := later.post("/login/mfa", url.Values{"code": {clk.code(t, theirs)}}); res.StatusCode == http.StatusSeeOther || signedInAs(later, "/clinician") {
		t.Fatalf("signed in with the other session's secret: %d", res.StatusCode)
	}
	if res := later.post("/login/mfa", url.Values{"code": {clk.code(t, mine)}}); res.StatusCode != http.StatusSeeOther || !signedInAs(later, "/clinician") {
		t.Fatalf("the confirmed secret does not sign in: %d", res.StatusCode)
	}
	// The account page says when it was set up.
	if page := later.get("/account/mfa"); !strings.Contains(page.Body, "Set up on") {
		t.Errorf("the account page does not say when two-step sign-in was set up")
	}
}

// previewConfirm returns the confirm form of a sharing preview page, as the
// browser would post it with "Share these with ..." pressed.
func previewConfirm(t *testing.T, body string) url.Values {
	t.Helper()
	form := between(t, body, `id="preview-h"`, "</form>")
	v := url.Values{}
	for _, m := range inputRe.FindAllStringSubmatch(form, -1) {
		val := ""
		if vm := valueRe.FindStringSubmatch(m[0]); vm != nil {
			val = vm[1]
		}
		v.Add(m[1], unescape(val))
	}
	v.Set("step", "confirm")
	return v
}

// confirmShare previews a sharing choice and confirms it from the preview
// page, as a client does.
func confirmShare(t *testing.T, b *browser, path string, choice url.Values) response {
	t.Helper()
	prev := url.Values{}
	for k, vs := range choice {
		prev[k] = vs
	}
	prev.Set("step", "preview")
	res := b.post(path, prev)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("sharing preview: %d", res.StatusCode)
	}
	return b.post(path, previewConfirm(t, res.Body))
}

// Finding 6: a "Share these with ..." page left open while the worksheet
// was reopened and submitted again shared the new answers, which the
// client never saw on the preview. The confirmation is now bound to the
// previewed response version; a stale one is refused with the new preview.
func TestSecurity_StaleSharingConfirmation_RefusedWithTheNewPreview(t *testing.T) {
	t.Parallel()
	p, clin, _, _, gid, robinID, _ := sharedCouple(t)
	robin := p.signedIn("client1@example.test")
	sam := p.signedIn("sam@example.test")
	sharing := fmt.Sprintf("/me/assignments/%d/sharing", robinID)

	prev := robin.post(sharing, url.Values{"share": {"partner"}, "step": {"preview"}})
	if prev.StatusCode != http.StatusOK || !strings.Contains(prev.Body, "SECRET-ROBIN-hard-to-ask") {
		t.Fatalf("preview: %d", prev.StatusCode)
	}
	stale := previewConfirm(t, prev.Body)

	// Meanwhile the worksheet is reopened and Robin submits a new answer.
	if res := clin.post(fmt.Sprintf("/clinician/assignments/%d/reopen", robinID), nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reopen: %d", res.StatusCode)
	}
	as, err := p.app.Assignments.Get(t.Context(), p.client1, robinID)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := p.app.Assignments.Response(t.Context(), p.client1, as)
	if err != nil {
		t.Fatal(err)
	}
	ans := inventory("ROBIN", map[string]int{"physical_closeness": 4}, []string{"being_held"}, nil)
	ans["hard_to_ask"] = "NEW-SECRET never previewed for sharing"
	if _, err := p.app.Assignments.Submit(t.Context(), p.client1, robinID, ans, resp.Version, "resubmit-key"); err != nil {
		t.Fatal(err)
	}

	res := robin.post(sharing, stale)
	if res.StatusCode == http.StatusSeeOther {
		t.Fatal("a stale confirmation was accepted")
	}
	if strings.Contains(sam.get("/me/shared/"+gid).Body, "NEW-SECRET") {
		t.Fatal("the partner sees an answer the client never previewed for sharing")
	}
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, "NEW-SECRET never previewed") || !strings.Contains(res.Body, "changed since") {
		t.Fatalf("stale confirmation: %d, want 409 with the new preview and why", res.StatusCode)
	}
	var stored int64
	p.app.DB.Gorm.Raw(`SELECT count(*) FROM couple_sharing WHERE assignment_id = ?`, robinID).Scan(&stored)
	if stored != 0 {
		t.Fatal("a stale confirmation stored a sharing choice")
	}
	// Confirming the new preview shares what it showed.
	if res := robin.post(sharing, previewConfirm(t, res.Body)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirming the new preview: %d", res.StatusCode)
	}
	if !strings.Contains(sam.get("/me/shared/"+gid).Body, "NEW-SECRET") {
		t.Fatal("the confirmed new preview was not shared")
	}
}

// Finding 13: after an admin published a module or worksheet practice-wide,
// its owner could still change it and the change went live for every
// clinician without review. A change is now a draft that other clinicians
// do not see, and do not assign, until an admin publishes it again.
func TestSecurity_PublishedContent_ChangesWaitForTheAdmin(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	p.user(auth.RoleAdmin, "admin@example.test")
	owner, other, admin := p.signedIn("clin1@example.test"), p.signedIn("clin2@example.test"), p.signedIn("admin@example.test")
	versionOf := func(table string, id int64) int {
		var v int
		p.app.DB.Gorm.Raw(`SELECT v.version FROM assignments a JOIN `+table+`_versions v ON v.id = a.`+table+`_version_id WHERE a.id = ?`, id).Scan(&v)
		return v
	}

	t.Run("module", func(t *testing.T) {
		if res := owner.post("/library/modules", moduleForm("save")); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("create: %d", res.StatusCode)
		}
		if res := admin.post("/library/modules/after-the-scene/publish", nil); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("publish: %d", res.StatusCode)
		}
		changed := moduleForm("save")
		changed.Set("body", "## Slow down\n\nUNREVIEWED text with a [link](https://evil.example/phish).\n")
		if res := owner.post("/library/modules/after-the-scene", changed); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("owner saves a change: %d", res.StatusCode)
		}
		page := other.get("/library/modules/after-the-scene")
		if page.StatusCode != http.StatusOK || strings.Contains(page.Body, "UNREVIEWED") || !strings.Contains(page.Body, "Drink water and rest.") {
			t.Fatalf("another clinician sees the unreviewed change (%d)", page.StatusCode)
		}
		if strings.Contains(other.get("/api/v1/modules/after-the-scene").Body, "UNREVIEWED") {
			t.Fatal("the API shows another clinician the unreviewed change")
		}
		if res := other.get("/handouts/modules/after-the-scene.pdf"); res.StatusCode != http.StatusOK || strings.Contains(pdfText(t, []byte(res.Body)), "UNREVIEWED") {
			t.Fatalf("the handout shows another clinician the unreviewed change (%d)", res.StatusCode)
		}
		if id := p.assign(p.clin2, p.client2, "module", "after-the-scene"); versionOf("module", id) != 1 {
			t.Fatalf("another clinician assigned version %d, want the published 1", versionOf("module", id))
		}
		// The owner and the admin see the draft; the admin can publish it.
		if !strings.Contains(owner.get("/library/modules/after-the-scene").Body, "UNREVIEWED") {
			t.Fatal("the owner does not see their own change")
		}
		if page := admin.get("/library/modules/after-the-scene").Body; !strings.Contains(page, "UNREVIEWED") ||
			!strings.Contains(page, `action="/library/modules/after-the-scene/publish"`) {
			t.Fatal("the admin cannot review and publish the change")
		}
		if res := admin.post("/library/modules/after-the-scene/publish", nil); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("publish the change: %d", res.StatusCode)
		}
		if !strings.Contains(other.get("/library/modules/after-the-scene").Body, "UNREVIEWED") {
			t.Fatal("the published change is not live")
		}
	})

	t.Run("worksheet", func(t *testing.T) {
		if res := owner.post("/library/worksheets", builderForm("save")); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("create: %d", res.StatusCode)
		}
		if res := admin.post("/library/worksheets/evening-check-in/publish", nil); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("publish: %d", res.StatusCode)
		}
		changed := builderForm("save")
		changed.Set("f0_label", "UNREVIEWED question")
		if res := owner.post("/library/worksheets/evening-check-in", changed); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("owner saves a change: %d %s", res.StatusCode, res.Body)
		}
		for _, path := range []string{"/library/worksheets/evening-check-in", "/api/v1/worksheets/evening-check-in"} {
			if res := other.get(path); res.StatusCode != http.StatusOK || strings.Contains(res.Body, "UNREVIEWED") {
				t.Fatalf("%s: another clinician sees the unreviewed change (%d)", path, res.StatusCode)
			}
		}
		if id := p.assign(p.clin2, p.client2, "worksheet", "evening-check-in"); versionOf("worksheet", id) != 1 {
			t.Fatalf("another clinician assigned version %d, want the published 1", versionOf("worksheet", id))
		}
		if page := admin.get("/library/worksheets/evening-check-in").Body; !strings.Contains(page, "UNREVIEWED") ||
			!strings.Contains(page, `action="/library/worksheets/evening-check-in/publish"`) {
			t.Fatal("the admin cannot review and publish the change")
		}
		if res := admin.post("/library/worksheets/evening-check-in/publish", nil); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("publish the change: %d", res.StatusCode)
		}
		if !strings.Contains(other.get("/library/worksheets/evening-check-in").Body, "UNREVIEWED") {
			t.Fatal("the published change is not live")
		}
	})
}

// Finding 11: the admin audit log, which needs no break-glass, showed
// clinical metadata: which module or worksheet a client was given, how many
// answers they share with a partner, and the client's email beside it. An
// admin now sees who did what to which record and when; the detail of a
// client's events only under break-glass for that client.
func TestSecurity_AdminAuditLog_HidesClinicalMetadata(t *testing.T) {
	t.Parallel()
	p, _, _, _, _, robinID, _ := sharedCouple(t)
	adminUser := p.user(auth.RoleAdmin, "admin@example.test")
	robin := p.signedIn("client1@example.test")
	if res := confirmShare(t, robin, fmt.Sprintf("/me/assignments/%d/sharing", robinID), url.Values{"share": {"partner"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("share: %d", res.StatusCode)
	}
	assigned := p.assign(p.clin1, p.client1, "worksheet", "after-intimacy-reflection")
	admin := p.signedIn("admin@example.test")
	page := admin.get("/admin/audit?action=assignment_created").Body
	if !strings.Contains(page, fmt.Sprintf("assignment #%d", assigned)) {
		t.Fatal("the admin does not see which record was created")
	}
	leaks := []string{"after-intimacy-reflection", "aftercare-needs-inventory", "worksheet:", "module:"}
	for _, leak := range leaks {
		if strings.Contains(page, leak) {
			t.Errorf("the admin audit log shows %q", leak)
		}
	}
	sharing := admin.get("/admin/audit?action=couple_sharing_changed").Body
	if !strings.Contains(sharing, fmt.Sprintf("assignment #%d", robinID)) {
		t.Fatal("the admin does not see the sharing event")
	}
	for _, leak := range []string{"partner 1", "clinician 0", "private 0", "client1@example.test"} {
		if strings.Contains(sharing, leak) {
			t.Errorf("the admin audit log shows %q on a sharing event", leak)
		}
	}
	// Under break-glass for that client, the detail is there.
	if _, err := p.app.BreakGlass.Open(t.Context(), auth.Actor{UserID: adminUser.ID, Role: auth.RoleAdmin}, p.client1.ClientID, "client at risk, clinician unreachable"); err != nil {
		t.Fatal(err)
	}
	if page := admin.get("/admin/audit?action=assignment_created").Body; !strings.Contains(page, "after-intimacy-reflection") {
		t.Error("under break-glass the admin does not see the client's event detail")
	}
}

// waitFor polls cond until it holds; it fails the test after a generous
// deadline. It waits for a state, it does not time anything.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("never reached: %s", what)
		}
	}
}

// Finding 7: any number of PDFs rendered at once, so 100 concurrent long
// handouts took 800 MB and the dashboard seconds. Renders now take one of a
// bounded number of slots; the test holds renders in their slots and counts
// them, then shows that a request finding no slot for the wait gets 503
// with Retry-After.
func TestSecurity_PDFRenders_BoundedBySlots_ThenRefusedWithRetryAfter(t *testing.T) {
	t.Parallel()
	const pdf = "/handouts/modules/what-is-aftercare.pdf"
	t.Run("bounded", func(t *testing.T) {
		hold := make(chan struct{})
		lim := handout.NewLimit(2, time.Minute)
		lim.OnStart = func() { <-hold }
		h := newHarnessOpts(t, app.Options{PDFLimit: lim})
		h.user(auth.RoleClinician, "c@example.test")
		b := h.signedIn("c@example.test")
		const n = 6
		codes := make(chan int, n)
		for range n {
			go func() { codes <- b.get(pdf).StatusCode }()
		}
		waitFor(t, "2 renders in flight and 4 waiting", func() bool { return lim.InFlight() == 2 && lim.Waiting() == n-2 })
		// Others' pages do not wait for a slot.
		if res := b.get("/clinician"); res.StatusCode != http.StatusOK {
			t.Fatalf("dashboard while the slots are full: %d", res.StatusCode)
		}
		close(hold)
		for range n {
			if code := <-codes; code != http.StatusOK {
				t.Errorf("a waiting print got %d, want 200 once a slot was free", code)
			}
		}
		if lim.Peak() != 2 || lim.InFlight() != 0 {
			t.Fatalf("peak %d renders at once (want 2), %d still in flight", lim.Peak(), lim.InFlight())
		}
	})
	t.Run("refused", func(t *testing.T) {
		hold := make(chan struct{})
		lim := handout.NewLimit(1, 0) // no wait: refused at once
		lim.OnStart = func() { <-hold }
		h := newHarnessOpts(t, app.Options{PDFLimit: lim})
		h.user(auth.RoleClinician, "c@example.test")
		b := h.signedIn("c@example.test")
		first := make(chan int, 1)
		go func() { first <- b.get(pdf).StatusCode }()
		waitFor(t, "1 render in flight", func() bool { return lim.InFlight() == 1 })
		for _, path := range []string{pdf, "/handouts/worksheets/after-intimacy-reflection.pdf"} {
			res := b.get(path)
			if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" || !strings.Contains(res.Body, "try again") {
				t.Errorf("%s with every slot taken: %d, Retry-After %q; want 503 with Retry-After", path, res.StatusCode, res.Header.Get("Retry-After"))
			}
		}
		close(hold)
		if code := <-first; code != http.StatusOK {
			t.Fatalf("the held print: %d", code)
		}
		if res := b.get(pdf); res.StatusCode != http.StatusOK {
			t.Fatalf("a print once the slot is free: %d", res.StatusCode)
		}
	})
}
