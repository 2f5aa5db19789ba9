package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/auth"
)

// moduleForm is a complete module form as a browser posts it.
func moduleForm(action string) url.Values {
	return url.Values{
		"action": {action}, "slug": {"after-the-scene"}, "title": {"After the scene"},
		"summary": {"What helps once play ends."}, "topics": {"kink", "basics"}, "content_note": {""},
		"body":         {"## Slow down\r\n\r\nDrink water and rest.\r\n"},
		"ref1_authors": {"Sagarin, B. J.\r\nCutler, B."}, "ref1_year": {"2009"},
		"ref1_title":   {"Hormonal changes and couple bonding in consensual sadomasochistic activity"},
		"ref1_journal": {"Archives of Sexual Behavior"}, "ref1_volume": {"38"}, "ref1_issue": {"2"},
		"ref1_pages": {"186-200"}, "ref1_doi": {"https://doi.org/10.1007/s10508-008-9374-5"},
	}
}

func (p *practice) moduleVersions(slug string) int64 {
	p.t.Helper()
	var n int64
	p.app.DB.Gorm.Raw(`SELECT count(*) FROM module_versions v JOIN modules m ON m.id = v.module_id WHERE m.slug = ?`, slug).Scan(&n)
	return n
}

func TestAuthorModule_CreateFixSaveVersionsPinPublish(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	p.user(auth.RoleAdmin, "admin@example.test")
	clin := p.signedIn("clin1@example.test")

	if res := clin.get("/library/modules/new"); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `name="ref6_doi"`) {
		t.Fatalf("new module form: %d", res.StatusCode)
	}

	// A bad DOI: 422, the message next to the field, everything typed kept.
	form := moduleForm("save")
	form.Set("ref1_doi", "10.1007 s10508")
	res := clin.post("/library/modules", form)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad DOI: %d", res.StatusCode)
	}
	for _, want := range []string{`id="m-ref1_doi-error"`, `aria-describedby="m-ref1_doi-help m-ref1_doi-error" aria-invalid="true"`,
		`value="10.1007 s10508"`, "Sagarin, B. J.\nCutler, B.", `value="Archives of Sexual Behavior"`, "## Slow down",
		`value="kink" checked`, `value="After the scene"`, "This does not look like a DOI"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("422 page lacks %q", want)
		}
	}
	if n := p.moduleVersions("after-the-scene"); n != 0 {
		t.Fatalf("an invalid module was stored (%d versions)", n)
	}

	// Fixed: saved as version 1, shown with its formatted reference.
	res = clin.post("/library/modules", moduleForm("save"))
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/library/modules/after-the-scene" {
		t.Fatalf("save: %d %s", res.StatusCode, res.Body)
	}
	page := clin.get("/library/modules/after-the-scene")
	for _, want := range []string{"Drink water and rest.", "<i>Archives of Sexual Behavior, 38</i>(2), 186–200.",
		"https://doi.org/10.1007/s10508-008-9374-5", "Sagarin, B. J., &amp; Cutler, B. (2009).", `href="/library/modules/after-the-scene/edit"`} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("module page lacks %q", want)
		}
	}

	// The edit form comes back filled; saving it unchanged adds no version.
	edit := clin.get("/library/modules/after-the-scene/edit")
	if edit.StatusCode != http.StatusOK || !strings.Contains(edit.Body, "Sagarin, B. J.\nCutler, B.") || !strings.Contains(edit.Body, `value="10.1007/s10508-008-9374-5"`) {
		t.Fatalf("edit form: %d", edit.StatusCode)
	}
	res = clin.post("/library/modules/after-the-scene", moduleForm("save"))
	if res.StatusCode != http.StatusSeeOther || p.moduleVersions("after-the-scene") != 1 {
		t.Fatalf("unchanged save: %d, %d versions", res.StatusCode, p.moduleVersions("after-the-scene"))
	}

	// Assign version 1, then change the body: version 2; the assignment keeps 1.
	assigned := p.assign(p.clin1, p.client1, "module", "after-the-scene")
	changed := moduleForm("save")
	changed.Set("body", "## Slow down\n\nVersion two text.\n")
	if res := clin.post("/library/modules/after-the-scene", changed); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("changed save: %d", res.StatusCode)
	}
	if n := p.moduleVersions("after-the-scene"); n != 2 {
		t.Fatalf("%d versions, want 2", n)
	}
	cl := p.signedIn("client1@example.test")
	mine := cl.get(fmt.Sprintf("/me/assignments/%d", assigned))
	if !strings.Contains(mine.Body, "Drink water and rest.") || strings.Contains(mine.Body, "Version two text.") {
		t.Fatal("the assignment does not show the version it pinned")
	}
	if !strings.Contains(clin.get("/library/modules/after-the-scene").Body, "Version two text.") {
		t.Fatal("the library does not show the new version")
	}

	// Another clinician can neither see nor edit it; a client cannot author at all.
	other := p.signedIn("clin2@example.test")
	for _, r := range []response{other.get("/library/modules/after-the-scene"), other.get("/library/modules/after-the-scene/edit"),
		other.post("/library/modules/after-the-scene", changed), other.post("/library/modules/after-the-scene", moduleForm("preview"))} {
		if r.StatusCode != http.StatusNotFound {
			t.Fatalf("another clinician: %d, want 404", r.StatusCode)
		}
	}
	if strings.Contains(other.get("/library/modules").Body, "After the scene") {
		t.Fatal("another clinician's library lists a private module")
	}
	for _, r := range []response{cl.get("/library/modules/new"), cl.get("/library/modules/after-the-scene/edit"),
		cl.post("/library/modules/after-the-scene", changed), cl.post("/library/modules", moduleForm("save")),
		cl.post("/library/modules/after-the-scene/publish", nil)} {
		if r.StatusCode != http.StatusForbidden {
			t.Fatalf("client: %d, want 403", r.StatusCode)
		}
	}
	if res := clin.post("/library/modules/after-the-scene/publish", nil); res.StatusCode != http.StatusForbidden {
		t.Fatalf("clinician publish: %d, want 403", res.StatusCode)
	}

	// The admin sees a Publish button, publishes, and then everyone can read it.
	admin := p.signedIn("admin@example.test")
	if !strings.Contains(admin.get("/library/modules/after-the-scene").Body, `action="/library/modules/after-the-scene/publish"`) {
		t.Fatal("admin sees no publish button on a private module")
	}
	if res := admin.post("/library/modules/after-the-scene/publish", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", res.StatusCode)
	}
	if res := other.get("/library/modules/after-the-scene"); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Version two text.") {
		t.Fatalf("after publishing, another clinician gets %d", res.StatusCode)
	}
	// ... but still only the owner edits: others are offered a copy.
	if res := other.get("/library/modules/after-the-scene/edit"); res.StatusCode != http.StatusSeeOther ||
		res.Header.Get("Location") != "/library/modules/new?from=after-the-scene" {
		t.Fatalf("non-owner edit of a published module: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	var audits int64
	p.app.DB.Gorm.Raw(`SELECT count(*) FROM audit_events WHERE action IN ('module_saved', 'published')`).Scan(&audits)
	if audits != 3 {
		t.Fatalf("%d audit events, want 2 saves and 1 publish", audits)
	}
}

func TestAuthorModule_PreviewRendersBodyAndReferences(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	clin := p.signedIn("clin1@example.test")
	res := clin.post("/library/modules", moduleForm("preview"))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("preview: %d", res.StatusCode)
	}
	preview := between(t, res.Body, `id="module-preview"`, `id="module-form"`)
	for _, want := range []string{"<h2>Slow down</h2>", "Drink water and rest.", "<i>Archives of Sexual Behavior, 38</i>"} {
		if !strings.Contains(preview, want) {
			t.Errorf("preview lacks %q", want)
		}
	}
	if p.moduleVersions("after-the-scene") != 0 {
		t.Fatal("a preview stored something")
	}
	// The fragment preview.js asks for.
	form := moduleForm("preview")
	form.Set("fragment", "1")
	frag := clin.post("/library/modules", form)
	if frag.StatusCode != http.StatusOK || strings.Contains(frag.Body, "<html") || !strings.Contains(frag.Body, "<h2>Slow down</h2>") {
		t.Fatalf("fragment: %d %s", frag.StatusCode, frag.Body)
	}
}

func TestAuthorModule_BuiltinCannotBeEdited_CopyPrefills(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	clin := p.signedIn("clin1@example.test")
	page := clin.get("/library/modules/what-is-aftercare")
	if strings.Contains(page.Body, "/library/modules/what-is-aftercare/edit") || !strings.Contains(page.Body, `href="/library/modules/new?from=what-is-aftercare"`) {
		t.Fatal("a built-in module offers Edit instead of Make a copy")
	}
	if res := clin.get("/library/modules/what-is-aftercare/edit"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit built-in: %d", res.StatusCode)
	}
	if res := clin.post("/library/modules/what-is-aftercare", moduleForm("save")); res.StatusCode != http.StatusNotFound {
		t.Fatalf("save over built-in: %d", res.StatusCode)
	}
	cp := clin.get("/library/modules/new?from=what-is-aftercare")
	if cp.StatusCode != http.StatusOK || !strings.Contains(cp.Body, `value="what-is-aftercare-copy"`) || !strings.Contains(cp.Body, `name="ref1_doi"`) {
		t.Fatalf("copy form: %d", cp.StatusCode)
	}
	// Creating with a slug in use is a 422 on the slug, not a new version of it.
	form := moduleForm("save")
	form.Set("slug", "what-is-aftercare")
	res := clin.post("/library/modules", form)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="m-slug-error"`) {
		t.Fatalf("create with a used slug: %d", res.StatusCode)
	}
	form.Set("slug", "new")
	if res := clin.post("/library/modules", form); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("create with a reserved slug: %d", res.StatusCode)
	}
}

func TestAuthorModule_HostileText_EscapedAndSanitised(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	clin := p.signedIn("clin1@example.test")
	form := moduleForm("preview")
	form.Set("title", `<script>alert(1)</script>`)
	form.Set("summary", `" onmouseover="x`)
	form.Set("content_note", `<img src=x onerror=alert(1)>`)
	form.Set("body", "Hello <script>alert(1)</script>\n\n[click me](javascript:alert(1))\n\n<img src=x onerror=alert(1)>\n\n[ok](https://example.org/\" onmouseover=\"x)")
	form.Set("ref1_title", `<b onmouseover="x">bold</b>`)

	check := func(name, html string) {
		t.Helper()
		for _, bad := range []string{"<script>alert(1)", "javascript:", "<img", `" onmouseover="x`, "<b onmouseover"} {
			if strings.Contains(html, bad) {
				t.Errorf("%s contains %q", name, bad)
			}
		}
	}
	res := clin.post("/library/modules", form)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("preview: %d", res.StatusCode)
	}
	preview := between(t, res.Body, `id="module-preview"`, `id="module-form"`)
	check("preview", preview)
	if !strings.Contains(preview, "&lt;script&gt;alert(1)&lt;/script&gt;") || !strings.Contains(preview, "click me") {
		t.Error("preview lost the escaped title or the link text")
	}
	// The form keeps the text, escaped (a textarea shows "javascript:" as text).
	inForm := between(t, res.Body, `id="module-form"`, "</form>")
	for _, bad := range []string{"<script>alert(1)", "<img", `" onmouseover="x`} {
		if strings.Contains(inForm, bad) {
			t.Errorf("form contains %q", bad)
		}
	}
	if !strings.Contains(res.Body, `value="&#34; onmouseover=&#34;x"`) && !strings.Contains(res.Body, `&#34; onmouseover=&#34;x</textarea>`) {
		t.Error("the form did not keep the summary, escaped")
	}

	form.Set("action", "save")
	form.Set("slug", "hostile")
	if res := clin.post("/library/modules", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.StatusCode, res.Body)
	}
	page := clin.get("/library/modules/hostile")
	check("module page", page.Body)
	if !strings.Contains(page.Body, "<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>") {
		t.Error("module page does not show the title escaped")
	}
}

// between returns the part of s from the first start to the next end after it.
func between(t *testing.T, s, start, end string) string {
	t.Helper()
	i := strings.Index(s, start)
	if i < 0 {
		t.Fatalf("page lacks %q", start)
	}
	j := strings.Index(s[i:], end)
	if j < 0 {
		t.Fatalf("page lacks %q after %q", end, start)
	}
	return s[i : i+j]
}

// builderForm is a two-field worksheet as the builder posts it.
func builderForm(action string) url.Values {
	return url.Values{
		"action": {action}, "slug": {"evening-check-in"}, "title": {"Evening check-in"},
		"summary": {"A short look back at the evening."}, "intro": {"Take a minute."},
		"field_count": {"2"}, "flag_count": {"4"},
		"f0_id": {"tension"}, "f0_type": {"scale"}, "f0_label": {"How tense do you feel?"}, "f0_required": {"1"},
		"f0_min": {"0"}, "f0_max": {"10"}, "f0_min_label": {"Not at all"}, "f0_max_label": {"Very"},
		"f1_id": {"helped"}, "f1_type": {"multiple_choice"}, "f1_label": {"What helped?"},
		"f1_options":  {"tea: A cup of tea\r\nblanket: A warm blanket\r\nTalking it through"},
		"flag1_field": {"tension"}, "flag1_op": {"gte"}, "flag1_value": {"8"}, "flag1_message": {"High tension"},
	}
}

var fieldIDRe = regexp.MustCompile(`name="f(\d+)_id"[^>]*value="([^"]*)"`)

// builderIDs lists the field ids in the builder's order.
func builderIDs(body string) []string {
	var ids []string
	for _, m := range fieldIDRe.FindAllStringSubmatch(body, -1) {
		ids = append(ids, m[2])
	}
	return ids
}

// resubmit posts the builder back as it was rendered, with one button pressed.
func resubmit(t *testing.T, b *browser, path, body, action string) response {
	t.Helper()
	next := formFromPage(t, body)
	next.Set("action", action)
	return b.post(path, next)
}

var inputRe = regexp.MustCompile(`<input [^>]*name="([^"]+)"[^>]*>`)
var valueRe = regexp.MustCompile(`value="([^"]*)"`)
var textareaRe = regexp.MustCompile(`(?s)<textarea [^>]*name="([^"]+)"[^>]*>(.*?)</textarea>`)
var selectRe = regexp.MustCompile(`(?s)<select [^>]*name="([^"]+)"[^>]*>(.*?)</select>`)
var selectedRe = regexp.MustCompile(`<option value="([^"]*)" selected>`)

// formFromPage reads the builder form's state from a rendered page: text
// inputs, ticked checkboxes, textareas and selected options.
func formFromPage(t *testing.T, body string) url.Values {
	t.Helper()
	form := between(t, body, `id="worksheet-form"`, "</form>")
	v := url.Values{}
	for _, m := range inputRe.FindAllStringSubmatch(form, -1) {
		if strings.Contains(m[0], `type="checkbox"`) && !strings.Contains(m[0], " checked") {
			continue
		}
		val := ""
		if vm := valueRe.FindStringSubmatch(m[0]); vm != nil {
			val = vm[1]
		}
		v.Add(m[1], unescape(val))
	}
	for _, m := range textareaRe.FindAllStringSubmatch(form, -1) {
		v.Add(m[1], unescape(m[2]))
	}
	for _, m := range selectRe.FindAllStringSubmatch(form, -1) {
		if sm := selectedRe.FindStringSubmatch(m[2]); sm != nil {
			v.Add(m[1], unescape(sm[1]))
		} else if first := regexp.MustCompile(`<option value="([^"]*)"`).FindStringSubmatch(m[2]); first != nil {
			v.Add(m[1], unescape(first[1]))
		}
	}
	return v
}

func unescape(s string) string {
	return strings.NewReplacer("&#34;", `"`, "&#39;", "'", "&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(s)
}

func TestAuthorWorksheet_BuilderAddMoveRemove_RoundTrips(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	clin := p.signedIn("clin1@example.test")
	res := clin.get("/library/worksheets/new")
	if res.StatusCode != http.StatusOK || len(builderIDs(res.Body)) != 1 {
		t.Fatalf("new worksheet: %d, fields %v", res.StatusCode, builderIDs(res.Body))
	}

	res = clin.post("/library/worksheets", builderForm("add"))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("add: %d", res.StatusCode)
	}
	if got := strings.Join(builderIDs(res.Body), ","); got != "tension,helped," {
		t.Fatalf("after add: %s", got)
	}
	// Everything typed survives the round trip.
	for _, want := range []string{`value="How tense do you feel?"`, "tea: A cup of tea\nblanket: A warm blanket\nTalking it through",
		`<option value="multiple_choice" selected>`, `value="High tension"`, `name="f0_required" value="1" checked`, `value="Not at all"`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("after add, the builder lost %q", want)
		}
	}

	res = resubmit(t, clin, "/library/worksheets", res.Body, "up-2")
	if got := strings.Join(builderIDs(res.Body), ","); got != "tension,,helped" {
		t.Fatalf("after moving field 3 up: %s", got)
	}
	res = resubmit(t, clin, "/library/worksheets", res.Body, "down-0")
	if got := strings.Join(builderIDs(res.Body), ","); got != ",tension,helped" {
		t.Fatalf("after moving field 1 down: %s", got)
	}
	res = resubmit(t, clin, "/library/worksheets", res.Body, "remove-0")
	if got := strings.Join(builderIDs(res.Body), ","); got != "tension,helped" {
		t.Fatalf("after removing field 1: %s", got)
	}
	if !strings.Contains(res.Body, `value="How tense do you feel?"`) || !strings.Contains(res.Body, `<option value="tension" selected>`) {
		t.Fatal("the builder lost a label or the flag rule's field after moving")
	}
	// Nonsense indexes change nothing.
	res = resubmit(t, clin, "/library/worksheets", res.Body, "remove-99")
	if got := strings.Join(builderIDs(res.Body), ","); got != "tension,helped" {
		t.Fatalf("after a bad remove: %s", got)
	}
	var n int64
	p.app.DB.Gorm.Raw(`SELECT count(*) FROM worksheets WHERE owner_id IS NOT NULL`).Scan(&n)
	if n != 0 {
		t.Fatal("builder changes stored something")
	}
}

func TestAuthorWorksheet_BadSchema_PreciseProblem_ThenSaveAssignComplete(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	clin := p.signedIn("clin1@example.test")

	bad := builderForm("save")
	bad.Set("f0_min", "10")
	bad.Set("f0_max", "10")
	bad.Set("f1_options", "Only one")
	res := clin.post("/library/worksheets", bad)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad schema: %d", res.StatusCode)
	}
	for _, want := range []string{
		`Field 1 “How tense do you feel?”: Scale needs min &lt; max`, // in the summary
		`id="wb-f0-bounds-error">Scale needs min &lt; max</p>`,       // next to the inputs
		`aria-describedby=" wb-f0-bounds-error"`,
		`id="wb-f1-options-error">Multiple_choice needs at least 2 options</p>`,
		`value="Evening check-in"`, `value="High tension"`,
	} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("422 page lacks %q", want)
		}
	}
	// A flag rule on a field that does not exist, and a value that is no number.
	bad = builderForm("save")
	bad.Set("flag2_field", "nowhere")
	bad.Set("flag2_message", "x")
	bad.Set("flag1_value", "lots")
	res = clin.post("/library/worksheets", bad)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="wb-flag2-field-error">Field &#34;nowhere&#34; does not exist</p>`) ||
		!strings.Contains(res.Body, `id="wb-flag1-value-error">Please enter a whole number.</p>`) {
		t.Fatalf("bad flags: %d", res.StatusCode)
	}

	// The preview is the client's form.
	res = clin.post("/library/worksheets", builderForm("preview"))
	preview := between(t, res.Body, `id="worksheet-preview"`, `id="worksheet-form"`)
	for _, want := range []string{`name="tension" value="10"`, `name="helped" value="talking_it_through"`, "A warm blanket", "Take a minute."} {
		if !strings.Contains(preview, want) {
			t.Errorf("preview lacks %q", want)
		}
	}

	res = clin.post("/library/worksheets", builderForm("save"))
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/library/worksheets/evening-check-in" {
		t.Fatalf("save: %d %s", res.StatusCode, res.Body)
	}
	page := clin.get("/library/worksheets/evening-check-in")
	if page.StatusCode != http.StatusOK || !strings.Contains(page.Body, "How tense do you feel?") || !strings.Contains(page.Body, "/library/worksheets/evening-check-in/edit") {
		t.Fatalf("library page: %d", page.StatusCode)
	}
	// Unchanged: still one version; the edit form round-trips the schema.
	edit := clin.get("/library/worksheets/evening-check-in/edit")
	again := formFromPage(t, edit.Body)
	again.Set("action", "save")
	if res := clin.post("/library/worksheets/evening-check-in", again); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("unchanged save: %d %s", res.StatusCode, res.Body)
	}
	var versions int64
	p.app.DB.Gorm.Raw(`SELECT count(*) FROM worksheet_versions v JOIN worksheets w ON w.id = v.worksheet_id WHERE w.slug = 'evening-check-in'`).Scan(&versions)
	if versions != 1 {
		t.Fatalf("%d versions after an unchanged save", versions)
	}
	if res := p.signedIn("clin2@example.test").get("/library/worksheets/evening-check-in"); res.StatusCode != http.StatusNotFound {
		t.Fatalf("another clinician sees a private worksheet: %d", res.StatusCode)
	}

	// Assign and complete it; a high tension is flagged.
	id := p.assign(p.clin1, p.client1, "worksheet", "evening-check-in")
	cl := p.signedIn("client1@example.test")
	path := fmt.Sprintf("/me/assignments/%d", id)
	v, key := formState(t, cl.get(path).Body)
	answers := url.Values{"tension": {"9"}, "helped": {"tea", "blanket"}, "version": {v}, "submission_key": {key}, "action": {"submit"}}
	if res := cl.post(path, answers); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d %s", res.StatusCode, res.Body)
	}
	dash := clin.get("/clinician")
	flagged := between(t, dash.Body, `id="flagged-h"`, `id="new-h"`)
	if !strings.Contains(flagged, fmt.Sprintf("/clinician/assignments/%d", id)) {
		t.Fatal("a submission with tension 9 is not flagged on the dashboard")
	}
	// Answers are sealed at rest: read them back through the service.
	as, _ := p.app.Assignments.Get(t.Context(), p.client1, id)
	resp, _ := p.app.Assignments.Response(t.Context(), p.client1, as)
	if stored := strings.Join(resp.Answers.List("helped"), ","); stored != "tea,blanket" {
		t.Fatalf("stored answers: %s", stored)
	}

	// An admin publishes it; then another clinician sees it.
	p.user(auth.RoleAdmin, "admin@example.test")
	admin := p.signedIn("admin@example.test")
	if res := admin.post("/library/worksheets/evening-check-in/publish", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", res.StatusCode)
	}
	if res := admin.post("/library/worksheets/evening-check-in/publish", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish again: %d", res.StatusCode)
	}
	if res := p.signedIn("clin2@example.test").get("/library/worksheets/evening-check-in"); res.StatusCode != http.StatusOK {
		t.Fatalf("after publishing, another clinician gets %d", res.StatusCode)
	}
}

func TestAuthorWorksheet_HostileText_Escaped(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	clin := p.signedIn("clin1@example.test")
	form := builderForm("preview")
	form.Set("title", `<script>alert(1)</script>`)
	form.Set("f0_label", `" onmouseover="x`)
	form.Set("f1_options", "tea: <img src=x onerror=alert(1)>\nx: javascript:alert(1)")
	res := clin.post("/library/worksheets", form)
	preview := between(t, res.Body, `id="worksheet-preview"`, `id="worksheet-form"`)
	for _, bad := range []string{"<script>alert(1)", `" onmouseover="x`, "<img"} {
		if strings.Contains(res.Body, bad) {
			t.Errorf("builder page contains %q", bad)
		}
	}
	if !strings.Contains(preview, "&lt;script&gt;alert(1)&lt;/script&gt;") || !strings.Contains(preview, "&#34; onmouseover=&#34;x") {
		t.Error("preview does not show the hostile text escaped")
	}
}

func TestAuthorWorksheet_OthersAndBuiltins(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	clin := p.signedIn("clin1@example.test")
	if res := clin.post("/library/worksheets", builderForm("save")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	other := p.signedIn("clin2@example.test")
	if res := other.get("/library/worksheets/evening-check-in/edit"); res.StatusCode != http.StatusNotFound {
		t.Fatalf("other's edit: %d", res.StatusCode)
	}
	if res := other.post("/library/worksheets/evening-check-in", builderForm("save")); res.StatusCode != http.StatusNotFound {
		t.Fatalf("other's save: %d", res.StatusCode)
	}
	// Creating over someone else's slug is a slug problem, not a 404 or an overwrite.
	if res := other.post("/library/worksheets", builderForm("save")); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="wb-slug-error"`) {
		t.Fatalf("create over another's slug: %d", res.StatusCode)
	}
	if res := clin.post("/library/worksheets", builderForm("save")); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("create over my own slug: %d", res.StatusCode)
	}
	if res := clin.get("/library/worksheets/after-intimacy-reflection/edit"); res.StatusCode != http.StatusSeeOther ||
		res.Header.Get("Location") != "/library/worksheets/new?from=after-intimacy-reflection" {
		t.Fatalf("edit built-in: %d", res.StatusCode)
	}
	cp := clin.get("/library/worksheets/new?from=aftercare-needs-inventory")
	if cp.StatusCode != http.StatusOK || !strings.Contains(cp.Body, `value="aftercare-needs-inventory-copy"`) {
		t.Fatalf("copy: %d", cp.StatusCode)
	}
	// A copy of a built-in with sections, intros and lengths saves as it was.
	copyForm := formFromPage(t, cp.Body)
	copyForm.Set("action", "save")
	if res := clin.post("/library/worksheets", copyForm); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save copy: %d %s", res.StatusCode, res.Body)
	}
	var same bool
	p.app.DB.Gorm.Raw(`SELECT (a.schema - 'slug') = (b.schema - 'slug') FROM worksheet_versions a, worksheet_versions b
		WHERE a.id = (SELECT current_version_id FROM worksheets WHERE slug = 'aftercare-needs-inventory')
		AND b.id = (SELECT current_version_id FROM worksheets WHERE slug = 'aftercare-needs-inventory-copy')`).Scan(&same)
	if !same {
		t.Fatal("the copy's schema differs from the built-in's")
	}
}
