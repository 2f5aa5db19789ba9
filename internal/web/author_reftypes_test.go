package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// A report by a group author and a chapter in an edited book go through the
// module form: saved, stored per version, printed APA 7 on the module page,
// given back in the edit form. Inputs of other types that the form also
// posts (it keeps them all) are not stored.
func TestAuthorModule_ReferenceTypes_SaveShowEdit(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	clin := p.signedIn("clin1@example.test")

	if res := clin.get("/library/modules/new"); res.StatusCode != http.StatusOK ||
		!strings.Contains(res.Body, `<option value="report">Report</option>`) ||
		!strings.Contains(res.Body, `name="ref1_report_number"`) || !strings.Contains(res.Body, `data-ref-types="report"`) {
		t.Fatalf("new module form does not offer the reference types: %d", res.StatusCode)
	}

	form := moduleForm("save")
	for _, k := range []string{"ref1_authors", "ref1_journal", "ref1_volume", "ref1_issue", "ref1_pages", "ref1_doi"} {
		form.Del(k)
	}
	form.Set("ref1_type", "report")
	form.Set("ref1_group_author", "Substance Abuse and Mental Health Services Administration")
	form.Set("ref1_year", "2014")
	form.Set("ref1_title", "SAMHSA’s concept of trauma and guidance for a trauma-informed approach")
	form.Set("ref1_report_number", "HHS Publication No. (SMA) 14-4884")
	form.Set("ref1_journal", "left over from an article") // not part of a report: dropped
	form.Set("ref2_type", "chapter")
	form.Set("ref2_authors", "Aron, L.\r\nBotella, M.\r\nLubart, T.")
	form.Set("ref2_year", "2019")
	form.Set("ref2_title", "Culinary arts: Talent and their development")
	form.Set("ref2_editors", "Subotnik, R. F.\r\nOlszewski-Kubilius, P.\r\nWorrell, F. C.")
	form.Set("ref2_book_title", "The psychology of high performance: Developing human potential into domain-specific talent")
	form.Set("ref2_pages", "345-359")
	form.Set("ref2_publisher", "American Psychological Association")
	form.Set("ref2_doi", "10.1037/0000120-016")

	// A chapter without its book's title: 422 next to that input, nothing lost.
	bad := cloneValues(form)
	bad.Del("ref2_book_title")
	res := clin.post("/library/modules", bad)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="m-ref2_book_title-error"`) ||
		!strings.Contains(res.Body, "Subotnik, R. F.\nOlszewski-Kubilius, P.") || !strings.Contains(res.Body, `<option value="chapter" selected>`) {
		t.Fatalf("chapter without book title: %d", res.StatusCode)
	}

	res = clin.post("/library/modules", form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.StatusCode, res.Body)
	}
	page := clin.get("/library/modules/after-the-scene")
	for _, want := range []string{
		"Substance Abuse and Mental Health Services Administration. (2014). <i>SAMHSA’s concept of trauma and guidance for a trauma-informed approach</i> (HHS Publication No. (SMA) 14-4884).</li>",
		"Aron, L., Botella, M., &amp; Lubart, T. (2019). Culinary arts: Talent and their development. In R. F. Subotnik, P. Olszewski-Kubilius, &amp; F. C. Worrell (Eds.), <i>The psychology of high performance: Developing human potential into domain-specific talent</i> (pp. 345–359). American Psychological Association.",
		`href="https://doi.org/10.1037/0000120-016"`,
	} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("module page lacks %q", want)
		}
	}
	if strings.Contains(page.Body, "left over from an article") {
		t.Error("a journal typed into a report reference was kept")
	}

	edit := clin.get("/library/modules/after-the-scene/edit")
	for _, want := range []string{`<option value="report" selected>`, `value="HHS Publication No. (SMA) 14-4884"`,
		"Subotnik, R. F.\nOlszewski-Kubilius, P.\nWorrell, F. C.", `<option value="chapter" selected>`} {
		if !strings.Contains(edit.Body, want) {
			t.Errorf("edit form lacks %q", want)
		}
	}
	// Saved again unchanged (as the edit form posts it): no new version.
	if res := clin.post("/library/modules/after-the-scene", form); res.StatusCode != http.StatusSeeOther || p.moduleVersions("after-the-scene") != 1 {
		t.Fatalf("unchanged save: %d, %d versions", res.StatusCode, p.moduleVersions("after-the-scene"))
	}
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
