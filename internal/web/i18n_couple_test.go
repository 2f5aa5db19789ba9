package web_test

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/config"
	"github.com/tend-practice/tend/internal/testkit"
	"github.com/tend-practice/tend/internal/worksheet"
)

// pseudoCouple is Robin and Sam on a practice with the pseudo-locale: both
// inventories (needs and what each can give) and the aftercare plan
// assigned to both and submitted, Robin sharing the needs inventory with
// Sam. content holds what is people's and the worksheets' own words.
func pseudoCouple(t *testing.T) (p *couplePractice, clin *browser, couplePath, needsPath, planPath, needsGID string, robinNeeds, samNeeds int64, content []string) {
	t.Helper()
	k := testkit.New(t, testkit.WithConfig(func(c *config.Config) { c.PseudoLocale = true }))
	p = &couplePractice{practice: practiceOn(kitHarness(t, k))}
	p.sam = p.clientWithAccount(p.clin1, "Sam", "sam@example.test")
	clin = p.signedIn("clin1@example.test")
	couplePath = p.link(clin)
	needsPath, needsGID, robinNeeds, samNeeds = p.assignBoth(clin, couplePath, "aftercare-needs-inventory")
	p.submit(p.client1, robinNeeds, inventory("ROBIN", map[string]int{"physical_closeness": 4, "talking_it_through": 4, "rest": 3, "closeness_vs_space": 9},
		[]string{"being_held", "light_touch"}, nil))
	p.submit(p.sam, samNeeds, inventory("SAM", map[string]int{"physical_closeness": 1, "talking_it_through": 2, "rest": 3, "closeness_vs_space": 1},
		[]string{"silence"}, []string{"touch_straight_away", "light_touch", "lots_of_talking"}))
	// The giving inventory, so the needs beside the offers show too.
	ctx := context.Background()
	give := func(slug string) (int64, int64) {
		res := clin.post(couplePath+"/assignments", url.Values{"slug": {slug}})
		if res.StatusCode != 303 {
			t.Fatalf("assign %s: %d", slug, res.StatusCode)
		}
		robin, err := p.app.Assignments.ForClient(ctx, p.client1, 0)
		if err != nil {
			t.Fatal(err)
		}
		sam, err := p.app.Assignments.ForClient(ctx, p.sam, 0)
		if err != nil {
			t.Fatal(err)
		}
		find := func(list []int64) int64 { return list[len(list)-1] }
		var r, s []int64
		for _, a := range robin {
			if a.Slug == slug {
				r = append(r, a.ID)
			}
		}
		for _, a := range sam {
			if a.Slug == slug {
				s = append(s, a.ID)
			}
		}
		if len(r) == 0 || len(s) == 0 {
			t.Fatalf("no %s for both", slug)
		}
		return find(r), find(s)
	}
	rg, sg := give("aftercare-giving-inventory")
	p.submit(p.client1, rg, worksheet.Answers{"can_give": []string{"quiet_space"}, "energy": 3})
	p.submit(p.sam, sg, worksheet.Answers{"can_give": []string{"reassurance"}, "hard_to_give": []string{"physical_closeness"},
		"sensory_can_offer": []string{"being_held"}, "energy": 2})
	rp, sp := give("aftercare-plan")
	p.submit(p.client1, rp, plan("ROBIN", "2027-03-12"))
	p.submit(p.sam, sp, plan("SAM", "2027-03-12"))
	planPath = planGroup(t, clin, couplePath)

	content = []string{"Test Practice", "Robin", "Sam", "client1@example.test", "clin1@example.test", "sam@example.test",
		"12 March 2027", "Each of you, on your own first."}
	for _, id := range []int64{robinNeeds, rg, rp} {
		as, err := p.app.Assignments.Get(ctx, p.client1, id)
		if err != nil {
			t.Fatal(err)
		}
		wv, err := p.app.Assignments.Worksheet(ctx, as)
		if err != nil {
			t.Fatal(err)
		}
		content = append(content, as.Title, as.ClinicianName)
		content = appendStrings(t, content, wv.Schema)
	}
	list, err := p.app.Worksheets.List(ctx, p.clin1) // the couple page's choice of worksheets
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range list {
		content = append(content, w.Title)
	}
	for _, who := range []string{"ROBIN", "SAM"} {
		content = append(content, "SECRET-"+who+"-hard-to-ask", "NOTES-"+who, "OTHER-"+who, "RIGHT-AFTER-"+who, "PARTNER-NEEDS-"+who, "LOW-PLAN-"+who)
	}
	// Robin shares the needs inventory with Sam.
	robin := p.signedIn("client1@example.test")
	if res := confirmShare(t, robin, fmt.Sprintf("/me/assignments/%d/sharing", robinNeeds), url.Values{"share": {"partner"}}); res.StatusCode != 303 {
		t.Fatalf("Robin shares: %d", res.StatusCode)
	}
	return
}

// Issue 22: every string of the couples pages comes from the catalogue: the
// clinician's couple page and side-by-side views (with both partners'
// answers, the tensions and the needs beside the offers), the client's
// sharing page and its preview, "Shared with me" and a shared worksheet.
func TestPseudoLocale_CouplePagesHaveNoTextOutsideTheCatalogue(t *testing.T) {
	t.Parallel()
	p, clin, couplePath, needsPath, planPath, gid, robinNeeds, samNeeds, content := pseudoCouple(t)
	robin := p.signedIn("client1@example.test")
	sam := p.signedIn("sam@example.test")
	sharing := fmt.Sprintf("/me/assignments/%d/sharing", robinNeeds)

	needs := clin.get(needsPath).Body
	if !strings.Contains(needs, "[!What one needs beside what the other can give!]") || !strings.Contains(needs, "finds it hard to give.!]") {
		t.Fatalf("the needs inventory's view lacks the offers:\n%s", needs)
	}
	// Attributes are not text nodes: the region labels, said here.
	if !strings.Contains(needs, `aria-label="[!What helps me, side by side!]"`) {
		t.Errorf("the side-by-side regions' labels are not in the catalogue")
	}
	if body := sam.get("/me/shared/" + gid).Body; !strings.Contains(body, `aria-label="[!Your answers beside what Robin shared!]"`) {
		t.Errorf("the shared answers' label is not in the catalogue")
	}
	for _, pg := range []struct {
		name string
		b    *browser
		path string
	}{
		{"couple page", clin, couplePath},
		{"side by side, needs", clin, needsPath},
		{"side by side, plan", clin, planPath},
		{"sharing page", robin, sharing},
		{"shared with me", sam, "/me/shared"},
		{"shared worksheet", sam, "/me/shared/" + gid},
		{"shared worksheet, nothing shared", robin, "/me/shared/" + gid},
		{"joint worksheet with the sharing box", sam, fmt.Sprintf("/me/assignments/%d", samNeeds)},
	} {
		res := pg.b.get(pg.path)
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d", pg.name, res.StatusCode)
		}
		checkPseudo(t, pg.name, res.Body, content)
	}
	// The preview before anything is shared, with some answers kept back.
	prev := robin.post(sharing, url.Values{"share": {"partner"}, "share_hard_to_ask": {"private"}, "share_sensory_notes": {"clinician"}, "step": {"preview"}})
	checkPseudo(t, "sharing preview", prev.Body, content)
	// A refused form: its message in the catalogue too.
	bad := clin.post(couplePath+"/assignments", url.Values{"slug": {""}})
	if bad.StatusCode != 422 {
		t.Fatalf("assign without a worksheet: %d", bad.StatusCode)
	}
	checkPseudo(t, "couple page, refused", bad.Body, content)
	// Individual work only: the couple's notices, and the partners' paused ones.
	clin.post(couplePath+"/individual-only", url.Values{"individual_only": {"true"}})
	checkPseudo(t, "couple page, individual only", clin.get(couplePath).Body, content)
	checkPseudo(t, "side by side, individual only", clin.get(needsPath).Body, content)
	checkPseudo(t, "sharing page, paused", robin.get(sharing).Body, content)
	checkPseudo(t, "shared with me, paused", sam.get("/me/shared").Body, content)
	checkPseudo(t, "shared worksheet, paused", sam.get("/me/shared/"+gid).Body, content)
}

// The comparison and the sharing page in Spanish and in Greek: the page's
// own words follow the viewer's language, the worksheet's stay its own,
// and dates take the language's form.
func TestLocale_CouplePagesInSpanishAndGreek(t *testing.T) {
	t.Parallel()
	p, clin, _, groupPath, _, robinID, _ := sharedCoupleFull(t)
	robin := p.signedIn("client1@example.test")
	sharing := fmt.Sprintf("/me/assignments/%d/sharing", robinID)
	cases := []struct {
		lang           string
		compare, share []string
		notCompare     []string
		notShare       []string
	}{
		{"es",
			[]string{`<html lang="es">`, `<span class="badge ok">Coinciden</span>`, `<span class="badge warn">Difieren en 3</span>`,
				"Robin puntúa «Physical closeness, like cuddling, holding hands or lying close» con 4 de 4; Sam, con 1.",
				"Robin puntúa «Talking about how it felt: what I liked and what I might change» con 4 de 4; Sam marcó «A lot of talking» en «Things that feel like too much afterwards»",
				"<th scope=\"col\">Pregunta</th>", "Cómo se comparan las respuestas", "SECRET-ROBIN-hard-to-ask"},
			[]string{`<html lang="es">`, "<h1>Compartir con Sam</h1>", "También mi pareja", "Quién puede ver mis respuestas", "Ver lo que vería Sam"},
			[]string{"How answers are compared", ">Agree<", "rates it"},
			[]string{"My partner too", "Who may see my answers"}},
		{"el",
			[]string{`<html lang="el">`, `<span class="badge ok">Συμφωνούν</span>`, `<span class="badge warn">Διαφέρουν κατά 3</span>`,
				"Robin βαθμολογεί «Physical closeness, like cuddling, holding hands or lying close» με 4 στα 4· Sam με 1.",
				"<th scope=\"col\">Ερώτηση</th>", "Πώς συγκρίνονται οι απαντήσεις"},
			[]string{`<html lang="el">`, "<h1>Κοινοποίηση σε Sam</h1>", "Και το άλλο πρόσωπο", "Ποια άτομα μπορούν να δουν τις απαντήσεις μου"},
			[]string{"How answers are compared", ">Agree<"},
			[]string{"My partner too", "Who may see my answers"}},
	}
	for _, tc := range cases {
		p.setLocale(p.clin1, tc.lang)
		p.setLocale(p.client1, tc.lang)
		cmp, sh := clin.get(groupPath).Body, robin.get(sharing).Body
		for _, want := range tc.compare {
			if !strings.Contains(cmp, want) {
				t.Errorf("%s side-by-side view lacks %q", tc.lang, want)
			}
		}
		for _, not := range tc.notCompare {
			if strings.Contains(cmp, not) {
				t.Errorf("%s side-by-side view still has %q", tc.lang, not)
			}
		}
		for _, want := range tc.share {
			if !strings.Contains(sh, want) {
				t.Errorf("%s sharing page lacks %q", tc.lang, want)
			}
		}
		for _, not := range tc.notShare {
			if strings.Contains(sh, not) {
				t.Errorf("%s sharing page still has %q", tc.lang, not)
			}
		}
	}
	// A date answer in the viewer's language: the plan's review date.
	couplePath := groupPath[:strings.Index(groupPath, "/groups/")]
	p.setLocale(p.clin1, "")
	robinPlan, samPlan := assignPlan(t, p, clin, couplePath)
	p.submit(p.client1, robinPlan, plan("ROBIN", "2027-03-12"))
	p.submit(p.sam, samPlan, plan("SAM", "2027-03-12"))
	planPath := planGroup(t, clin, couplePath)
	if body := clin.get(planPath).Body; !strings.Contains(body, "both chose 12 March 2027.") {
		t.Errorf("English review date changed")
	}
	p.setLocale(p.clin1, "es")
	if body := clin.get(planPath).Body; !strings.Contains(body, "las dos personas eligieron el 12 mar 2027.") {
		t.Errorf("Spanish review date not in Spanish")
	}
	// The joint plan's own words in the clinician's language too.
	res := clin.get(planPath + "/plan.pdf?copy=clinician")
	if res.StatusCode != 200 {
		t.Fatalf("joint plan in Spanish: %d", res.StatusCode)
	}
	if text := strings.Join(strings.Fields(pdfText(t, []byte(res.Body))), " "); !strings.Contains(text, "Copia para terapeuta, no para la pareja") {
		t.Errorf("the Spanish clinician's joint plan lacks its Spanish audience line:\n%s", text)
	}
	p.setLocale(p.clin1, "el")
	if body := clin.get(planPath).Body; !strings.Contains(body, "και τα δύο άτομα διάλεξαν 12 Μαρ 2027.") {
		t.Errorf("Greek review date not in Greek")
	}
}

// sharedCoupleFull is sharedCouple with the answers of the side-by-side test.
func sharedCoupleFull(t *testing.T) (p *couplePractice, clin *browser, couplePath, groupPath, gid string, robinID, samID int64) {
	p = newCouplePractice(t)
	clin = p.signedIn("clin1@example.test")
	couplePath = p.link(clin)
	groupPath, gid, robinID, samID = p.assignBoth(clin, couplePath, "aftercare-needs-inventory")
	p.submit(p.client1, robinID, inventory("ROBIN", map[string]int{"physical_closeness": 4, "talking_it_through": 4, "rest": 3, "closeness_vs_space": 9},
		[]string{"being_held", "light_touch"}, nil))
	p.submit(p.sam, samID, inventory("SAM", map[string]int{"physical_closeness": 1, "talking_it_through": 2, "rest": 3, "closeness_vs_space": 1},
		[]string{"silence"}, []string{"touch_straight_away", "light_touch", "lots_of_talking"}))
	return
}

// assignPlan assigns the aftercare plan to the couple and returns both
// partners' assignment ids.
func assignPlan(t *testing.T, p *couplePractice, clin *browser, couplePath string) (int64, int64) {
	t.Helper()
	if res := clin.post(couplePath+"/assignments", url.Values{"slug": {"aftercare-plan"}}); res.StatusCode != 303 {
		t.Fatalf("assign the plan: %d", res.StatusCode)
	}
	ctx := context.Background()
	ids := [2]int64{}
	for i, who := range []int64{p.client1.ClientID, p.sam.ClientID} {
		actor := p.client1
		if who == p.sam.ClientID {
			actor = p.sam
		}
		list, err := p.app.Assignments.ForClient(ctx, actor, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range list {
			if a.Slug == "aftercare-plan" {
				ids[i] = a.ID
			}
		}
	}
	return ids[0], ids[1]
}

var planGroupRe = regexp.MustCompile(`href="(/clinician/couples/\d+/groups/\d+)/plan\.pdf"`)

// planGroup is the side-by-side path of the couple's joint plan, once both
// partners have submitted it.
func planGroup(t *testing.T, clin *browser, couplePath string) string {
	t.Helper()
	m := planGroupRe.FindStringSubmatch(clin.get(couplePath).Body)
	if m == nil {
		t.Fatal("the couple page offers no joint plan")
	}
	return m[1]
}
