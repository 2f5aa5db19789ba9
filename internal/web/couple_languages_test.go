package web_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/worksheet"
)

// spanishInventory is a Spanish stand-in for aftercare-needs-inventory:
// every text changed, every id, type and option value kept.
func spanishInventory(t *testing.T, set worksheet.BuiltinSet) worksheet.Translation {
	t.Helper()
	for _, sc := range set.Schemas {
		if sc.Slug != "aftercare-needs-inventory" {
			continue
		}
		var es worksheet.Schema
		raw, _ := json.Marshal(sc)
		if err := json.Unmarshal(raw, &es); err != nil {
			t.Fatal(err)
		}
		es.Title, es.Summary = "Mis necesidades de cuidados posteriores", "ES "+es.Summary
		for i := range es.Sections {
			for j := range es.Sections[i].Fields {
				f := &es.Sections[i].Fields[j]
				f.Label = "ES " + f.Label
				for k := range f.Options {
					f.Options[k].Label = "ES " + f.Options[k].Label
				}
			}
		}
		if err := worksheet.SameStructure(sc, es); err != nil {
			t.Fatal(err)
		}
		return worksheet.Translation{Language: "es", Schema: es, SourceSHA256: set.FileSHA256[sc.Slug]}
	}
	t.Fatal("no aftercare-needs-inventory")
	return worksheet.Translation{}
}

// Partners who answer the same worksheet in two languages (Sam in Spanish,
// Robin in English) get the same side-by-side comparison: answers are
// compared by field id and option value, never by text.
func TestCoupleCompare_PartnersInTwoLanguages(t *testing.T) {
	t.Parallel()
	p := newCouplePractice(t)
	set, err := worksheet.LoadBuiltins()
	if err != nil {
		t.Fatal(err)
	}
	set.Translations = []worksheet.Translation{spanishInventory(t, set)}
	if err := p.app.Worksheets.SyncBuiltins(context.Background(), set); err != nil {
		t.Fatal(err)
	}
	p.setLocale(p.sam, "es")
	clin := p.signedIn("clin1@example.test")
	couplePath := p.link(clin)
	groupPath, _, robinID, samID := p.assignBoth(clin, couplePath, "aftercare-needs-inventory")
	if a, b := p.pinnedLanguage(robinID), p.pinnedLanguage(samID); a != "en" || b != "es" {
		t.Fatalf("pinned languages: Robin %q, Sam %q; want en and es", a, b)
	}
	if !strings.Contains(p.signedIn("sam@example.test").get("/me").Body, "Mis necesidades de cuidados posteriores") {
		t.Fatal("Sam's copy is not the Spanish one")
	}
	p.submit(p.client1, robinID, inventory("ROBIN", map[string]int{"physical_closeness": 4, "talking_it_through": 4, "rest": 3, "closeness_vs_space": 9},
		[]string{"being_held", "light_touch"}, nil))
	p.submit(p.sam, samID, inventory("SAM", map[string]int{"physical_closeness": 1, "talking_it_through": 2, "rest": 3, "closeness_vs_space": 1},
		[]string{"silence"}, []string{"touch_straight_away", "light_touch", "lots_of_talking"}))
	page := clin.get(groupPath)
	for _, want := range []string{
		"SECRET-ROBIN-hard-to-ask", "SECRET-SAM-hard-to-ask",
		`<span class="badge ok">Agree</span>`,
		`<span class="badge warn">Differ by 3</span>`,
		"Robin rates “Physical closeness, like cuddling, holding hands or lying close” 4 of 4; Sam rates it 1.",
		"Robin ticked “Light, gentle touch” under “Things that feel good to my senses afterwards”; Sam ticked “Light or tickly touch”",
		"Robin rates “Right afterwards, do I usually want closeness or space?” 9 of 10; Sam rates it 1.",
	} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("side-by-side view across languages lacks %q", want)
		}
	}
}
