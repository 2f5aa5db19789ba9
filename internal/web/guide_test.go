package web_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/module"
)

// guideSecret is a phrase that only the fixture's clinician guide holds
// (internal/module/testdata/guided): wherever a client can look, it must
// not be.
const guideSecret = "CLINICIAN-ONLY-PURPOSE"

// syncGuidedFixture adds two test modules to the library as built-ins:
// guided-fixture, with a clinician guide, and unguided-fixture, without.
func (p *practice) syncGuidedFixture() {
	p.t.Helper()
	defs, refs, err := module.Builtins(os.DirFS("../module/testdata/guided"))
	if err != nil {
		p.t.Fatal(err)
	}
	if err := p.app.Modules.Sync(context.Background(), defs, refs); err != nil {
		p.t.Fatal(err)
	}
}

func TestGuide_StaffSeeItOnTheModulePageAndPrintIt(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	p.syncGuidedFixture()
	p.user(auth.RoleAdmin, "admin@example.test")
	for _, email := range []string{"clin1@example.test", "admin@example.test"} {
		b := p.signedIn(email)
		page := b.get("/library/modules/guided-fixture")
		for _, want := range []string{`<details class="clinician-guide"`, "For clinicians", guideSecret,
			"<h2>Discussion prompts</h2>", "<li>What usually happens for you in the first ten minutes after sex?</li>",
			`href="/handouts/modules/guided-fixture/guide.pdf"`,
			"Substance Abuse and Mental Health Services Administration. (2014). <i>SAMHSA’s concept of trauma and guidance for a trauma-informed approach</i> (HHS Publication No. (SMA) 14-4884).",
		} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("%s: module page lacks %q", email, want)
			}
		}
		res := b.get("/handouts/modules/guided-fixture/guide.pdf")
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" ||
			res.Header.Get("Cache-Control") != "no-store" {
			t.Fatalf("%s: guide PDF %d %s", email, res.StatusCode, res.Header.Get("Content-Type"))
		}
		text := flatText(pdfText(t, []byte(res.Body)))
		for _, want := range append(append([]string{}, module.GuideSections...), guideSecret, "A guided test module",
			"Clinician guide: not for clients", "References",
			"Muise, A., Giang, E., & Impett, E. A. (2014). Post sex affectionate exchanges promote sexual and relationship satisfaction.",
			"Substance Abuse and Mental Health Services Administration. (2014). SAMHSA’s concept of trauma and guidance for a trauma-informed approach (HHS Publication No. (SMA) 14-4884).") {
			if !strings.Contains(text, want) {
				t.Errorf("%s: guide PDF lacks %q", email, want)
			}
		}
	}
	clin := p.signedIn("clin1@example.test")
	// The API is the module as read: typed references with their citation,
	// and no guide for anyone.
	api := clin.get("/api/v1/modules/guided-fixture").Body
	for _, want := range []string{`"type":"article"`, `"citation":"(Muise et al., 2014)"`} {
		if !strings.Contains(api, want) {
			t.Errorf("module JSON lacks %s: %s", want, api)
		}
	}
	if strings.Contains(api, guideSecret) || strings.Contains(api, `"guide":`) {
		t.Errorf("module JSON carries the guide: %s", api)
	}
	// No guide: nothing on the page, 404 for the PDF.
	if page := clin.get("/library/modules/unguided-fixture"); page.StatusCode != http.StatusOK ||
		strings.Contains(page.Body, "clinician-guide") || strings.Contains(page.Body, "guide.pdf") {
		t.Errorf("module without a guide: %d, shows a guide", page.StatusCode)
	}
	if res := clin.get("/handouts/modules/unguided-fixture/guide.pdf"); res.StatusCode != http.StatusNotFound {
		t.Errorf("guide PDF of a module without a guide: %d, want 404", res.StatusCode)
	}
	if res := clin.get("/handouts/modules/no-such-module/guide.pdf"); res.StatusCode != http.StatusNotFound {
		t.Errorf("guide PDF of a missing module: %d, want 404", res.StatusCode)
	}
}

// A client with the module assigned reads it on the page, in the API and
// on paper: the clinician guide is in none of them, and its PDF is refused.
func TestGuide_HiddenFromClients(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	p.syncGuidedFixture()
	id := p.assign(p.clin1, p.client1, "module", "guided-fixture")
	client := p.signedIn("client1@example.test")

	looks := map[string]string{}
	for _, path := range []string{"/library/modules/guided-fixture", fmt.Sprintf("/me/assignments/%d", id), "/me",
		"/api/v1/modules/guided-fixture", fmt.Sprintf("/api/v1/me/assignments/%d", id), "/api/v1/modules",
		"/library/modules?q=stabilisation", "/api/v1/modules?q=stabilisation"} {
		res := client.get(path)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("client %s: %d", path, res.StatusCode)
		}
		looks[path] = res.Body
	}
	for _, path := range []string{"/handouts/modules/guided-fixture.pdf", fmt.Sprintf("/handouts/assignments/%d.pdf", id)} {
		res := client.get(path)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("client %s: %d", path, res.StatusCode)
		}
		looks[path] = flatText(pdfText(t, []byte(res.Body)))
	}
	if !strings.Contains(looks["/library/modules/guided-fixture"], "What clients read.") {
		t.Fatal("the client cannot read the module itself")
	}
	for path, body := range looks {
		for _, leak := range []string{guideSecret, "For clinicians", "Clinician guide", "guide.pdf", "Discussion prompts",
			"Who it may not suit yet", "SAMHSA"} {
			if strings.Contains(body, leak) {
				t.Errorf("client sees %q at %s", leak, path)
			}
		}
	}
	// Search finds nothing by words only the guide holds.
	if strings.Contains(looks["/library/modules?q=stabilisation"], "guided-fixture") ||
		strings.Contains(looks["/api/v1/modules?q=stabilisation"], "guided-fixture") {
		t.Error("a client's search matches words from the clinician guide")
	}
	// The guide PDF: refused for the assigned module, as for any other.
	for _, slug := range []string{"guided-fixture", "unguided-fixture", "what-is-aftercare"} {
		if res := client.get("/handouts/modules/" + slug + "/guide.pdf"); res.StatusCode != http.StatusForbidden {
			t.Errorf("client guide PDF of %s: %d, want 403", slug, res.StatusCode)
		}
	}
	// Anonymous visitors are sent to sign in.
	if res := p.browser().get("/handouts/modules/guided-fixture/guide.pdf"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("anonymous guide PDF: %d, want 303", res.StatusCode)
	}
}

// A clinician's private module is another clinician's 404, guide and all.
func TestGuide_OtherCliniciansPrivateModule_NotFound(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	clin2 := p.signedIn("clin2@example.test")
	if res := clin2.post("/library/modules", moduleForm("save")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	clin1 := p.signedIn("clin1@example.test")
	if res := clin1.get("/handouts/modules/after-the-scene/guide.pdf"); res.StatusCode != http.StatusNotFound {
		t.Errorf("another clinician's module guide: %d, want 404", res.StatusCode)
	}
}

// A changed built-in lands as a new version; the client's assignment keeps
// the version it pinned, and syncing again changes nothing.
func TestGuide_BuiltinChange_NewVersion_AssignmentKeepsItsOwn(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	p.syncGuidedFixture()
	id := p.assign(p.clin1, p.client1, "module", "guided-fixture")
	defs, refs, err := module.Builtins(os.DirFS("../module/testdata/guided"))
	if err != nil {
		t.Fatal(err)
	}
	defs[0].Body = strings.Replace(defs[0].Body, "What clients read.", "What clients read in version two.", 1)
	defs[0].Guide.Body = strings.Replace(defs[0].Guide.Body, guideSecret, "REVISED-GUIDE", 1)
	for i := 0; i < 2; i++ {
		if err := p.app.Modules.Sync(context.Background(), defs, refs); err != nil {
			t.Fatal(err)
		}
	}
	if n := p.moduleVersions("guided-fixture"); n != 2 {
		t.Fatalf("%d versions, want 2", n)
	}
	client := p.signedIn("client1@example.test")
	if got := client.get(fmt.Sprintf("/me/assignments/%d", id)).Body; !strings.Contains(got, "What clients read.") || strings.Contains(got, "version two") {
		t.Error("the assignment does not keep the version it pinned")
	}
	clin := p.signedIn("clin1@example.test")
	page := clin.get("/library/modules/guided-fixture")
	if !strings.Contains(page.Body, "version two") || !strings.Contains(page.Body, "REVISED-GUIDE") || strings.Contains(page.Body, guideSecret) {
		t.Error("staff do not see the new version with its guide")
	}
}

func flatText(s string) string { return strings.Join(strings.Fields(s), " ") }

// A clinician's own module may carry a guide too: typed in the module form,
// kept with the version, shown to staff, hidden from the client it is
// assigned to, and given back in the edit form.
func TestGuide_ClinicianAuthored(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	clin := p.signedIn("clin1@example.test")
	if res := clin.get("/library/modules/new"); !strings.Contains(res.Body, `name="guide"`) {
		t.Fatal("the module form has no guide input")
	}
	form := moduleForm("save")
	form.Set("guide", "## Discussion prompts\r\n\r\n1. OWN-GUIDE-SECRET: what helps you land?\r\n")
	if res := clin.post("/library/modules", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.StatusCode, res.Body)
	}
	if page := clin.get("/library/modules/after-the-scene"); !strings.Contains(page.Body, "OWN-GUIDE-SECRET") {
		t.Error("the clinician does not see their guide")
	}
	if res := clin.get("/handouts/modules/after-the-scene/guide.pdf"); res.StatusCode != http.StatusOK ||
		!strings.Contains(flatText(pdfText(t, []byte(res.Body))), "OWN-GUIDE-SECRET") {
		t.Errorf("own guide PDF: %d", res.StatusCode)
	}
	edit := clin.get("/library/modules/after-the-scene/edit")
	if !strings.Contains(edit.Body, "## Discussion prompts\n\n1. OWN-GUIDE-SECRET") {
		t.Error("the edit form does not give the guide back")
	}
	if res := clin.post("/library/modules/after-the-scene", form); res.StatusCode != http.StatusSeeOther || p.moduleVersions("after-the-scene") != 1 {
		t.Errorf("unchanged save made a version: %d versions", p.moduleVersions("after-the-scene"))
	}
	form.Set("guide", "## Discussion prompts\r\n\r\n1. OWN-GUIDE-SECRET, revised\r\n")
	if res := clin.post("/library/modules/after-the-scene", form); res.StatusCode != http.StatusSeeOther || p.moduleVersions("after-the-scene") != 2 {
		t.Errorf("changed guide: %d versions, want 2", p.moduleVersions("after-the-scene"))
	}

	id := p.assign(p.clin1, p.client1, "module", "after-the-scene")
	client := p.signedIn("client1@example.test")
	for _, path := range []string{"/library/modules/after-the-scene", fmt.Sprintf("/me/assignments/%d", id),
		"/api/v1/modules/after-the-scene"} {
		if res := client.get(path); res.StatusCode != http.StatusOK || strings.Contains(res.Body, "OWN-GUIDE-SECRET") {
			t.Errorf("client %s: %d, or shows the guide", path, res.StatusCode)
		}
	}
	if res := client.get(fmt.Sprintf("/handouts/assignments/%d.pdf", id)); strings.Contains(flatText(pdfText(t, []byte(res.Body))), "OWN-GUIDE-SECRET") {
		t.Error("the client's handout prints the guide")
	}
}
