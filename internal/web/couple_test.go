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
	"github.com/tend-practice/tend/internal/worksheet"
)

// couplePractice is newPractice plus a second client of clin1 (Sam), so
// that Robin (client1) and Sam can be linked; Sky (client2) stays clin2's.
type couplePractice struct {
	*practice
	sam auth.Actor
}

func newCouplePractice(t *testing.T) *couplePractice {
	p := newPractice(t)
	return &couplePractice{practice: p, sam: p.clientWithAccount(p.clin1, "Sam", "sam@example.test")}
}

// link links Robin and Sam through the clinician's page and returns the
// couple's path.
func (p *couplePractice) link(clin *browser) string {
	p.t.Helper()
	res := clin.post(fmt.Sprintf("/clinician/clients/%d/partners", p.client1.ClientID), url.Values{"partner_id": {fmt.Sprint(p.sam.ClientID)}})
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/clinician/couples/") {
		p.t.Fatalf("link: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	return res.Header.Get("Location")
}

var groupLinkRe = regexp.MustCompile(`href="(/clinician/couples/\d+/groups/(\d+))"`)

// assignBoth assigns a worksheet to the couple and returns the group's path,
// its id, and Robin's and Sam's assignment ids.
func (p *couplePractice) assignBoth(clin *browser, couplePath, slug string) (string, string, int64, int64) {
	p.t.Helper()
	res := clin.post(couplePath+"/assignments", url.Values{"slug": {slug}, "note": {"Each of you, on your own first."}})
	if res.StatusCode != http.StatusSeeOther {
		p.t.Fatalf("assign to couple: %d %s", res.StatusCode, res.Body)
	}
	m := groupLinkRe.FindStringSubmatch(clin.get(couplePath).Body)
	if m == nil {
		p.t.Fatal("couple page lists no joint worksheet")
	}
	ctx := context.Background()
	robin, err := p.app.Assignments.ForClient(ctx, p.client1, 0)
	if err != nil || len(robin) == 0 {
		p.t.Fatalf("Robin has no assignment: %v", err)
	}
	sam, err := p.app.Assignments.ForClient(ctx, p.sam, 0)
	if err != nil || len(sam) == 0 {
		p.t.Fatalf("Sam has no assignment: %v", err)
	}
	return m[1], m[2], robin[0].ID, sam[0].ID
}

func (p *couplePractice) submit(who auth.Actor, id int64, ans worksheet.Answers) {
	p.t.Helper()
	if _, err := p.app.Assignments.Submit(context.Background(), who, id, ans, 0, fmt.Sprint("k", id)); err != nil {
		p.t.Fatalf("submit %d: %v", id, err)
	}
}

// inventory is a complete aftercare-needs-inventory; each partner's text
// answers carry a marker so a leak is easy to spot.
func inventory(who string, scales map[string]int, likes, dislikes []string) worksheet.Answers {
	a := worksheet.Answers{"hard_to_ask": "SECRET-" + who + "-hard-to-ask", "sensory_notes": "NOTES-" + who,
		"other_helps": "OTHER-" + who, "closeness_vs_space": 5}
	for _, id := range []string{"physical_closeness", "reassurance", "quiet_space", "water_food", "cleaning_up", "rest",
		"talking_it_through", "humour", "ritual"} {
		a[id] = 2
	}
	for k, v := range scales {
		a[k] = v
	}
	if len(likes) > 0 {
		a["sensory_likes"] = likes
	}
	if len(dislikes) > 0 {
		a["sensory_dislikes"] = dislikes
	}
	return a
}

func TestCoupleLink_OwnClientsOnly_SeveralPartners_Unlink(t *testing.T) {
	t.Parallel()
	p := newCouplePractice(t)
	clin := p.signedIn("clin1@example.test")
	clin2 := p.signedIn("clin2@example.test")
	robinPath := fmt.Sprintf("/clinician/clients/%d", p.client1.ClientID)

	// Another clinician's client can be neither partner.
	if res := clin.post(robinPath+"/partners", url.Values{"partner_id": {fmt.Sprint(p.client2.ClientID)}}); res.StatusCode != http.StatusNotFound {
		t.Fatalf("linking another clinician's client: %d, want 404", res.StatusCode)
	}
	if res := clin2.post(robinPath+"/partners", url.Values{"partner_id": {fmt.Sprint(p.client2.ClientID)}}); res.StatusCode != http.StatusNotFound {
		t.Fatalf("another clinician linking my client: %d, want 404", res.StatusCode)
	}
	if res := clin.post(robinPath+"/partners", url.Values{"partner_id": {fmt.Sprint(p.client1.ClientID)}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("linking a client with themself: %d, want 422", res.StatusCode)
	}
	page := clin.get(robinPath)
	if !strings.Contains(page.Body, `id="partners-h"`) || !strings.Contains(page.Body, `<option value="`+fmt.Sprint(p.sam.ClientID)+`">Sam</option>`) ||
		strings.Contains(page.Body, `>Sky</option>`) {
		t.Fatal("partners section missing, or offers another clinician's client")
	}

	couplePath := p.link(clin)
	if res := clin.post(robinPath+"/partners", url.Values{"partner_id": {fmt.Sprint(p.sam.ClientID)}}); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "already linked") {
		t.Fatalf("linking twice: %d", res.StatusCode)
	}
	// A third client of the same clinician: Robin has two partners.
	kit := p.clientWithAccount(p.clin1, "Kit", "kit@example.test")
	if res := clin.post(robinPath+"/partners", url.Values{"partner_id": {fmt.Sprint(kit.ClientID)}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("second partner: %d", res.StatusCode)
	}
	page = clin.get(robinPath)
	if !strings.Contains(page.Body, "Robin and Sam") || !strings.Contains(page.Body, "Robin and Kit") {
		t.Fatal("client page does not list both partners")
	}
	if res := clin.get(couplePath); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Robin and Sam") {
		t.Fatalf("couple page: %d", res.StatusCode)
	}

	// The other clinician gets 404 on every couple route.
	for _, tc := range []struct{ method, path string }{
		{"GET", couplePath}, {"POST", couplePath + "/unlink"}, {"POST", couplePath + "/individual-only"},
		{"POST", couplePath + "/assignments"}, {"GET", couplePath + "/groups/1"}, {"GET", couplePath + "/groups/1/plan.pdf"},
	} {
		var res response
		if tc.method == "GET" {
			res = clin2.get(tc.path)
		} else {
			res = clin2.post(tc.path, url.Values{"individual_only": {"true"}, "slug": {"aftercare-plan"}})
		}
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("%s %s as another clinician: %d, want 404", tc.method, tc.path, res.StatusCode)
		}
	}

	if res := clin.post(couplePath+"/unlink", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("unlink: %d", res.StatusCode)
	}
	if res := clin.get(couplePath); res.StatusCode != http.StatusNotFound {
		t.Fatalf("unlinked couple page: %d, want 404", res.StatusCode)
	}
	var n int64
	p.app.DB.Gorm.Table("audit_events").Where("action IN ('couple_linked', 'couple_unlinked')").Count(&n)
	if n != 6 { // two links and one unlink, each recorded under both partners
		t.Fatalf("%d couple audit events, want 6", n)
	}
}

func TestCoupleAssign_EachCompletesPrivately_SideBySide(t *testing.T) {
	t.Parallel()
	p := newCouplePractice(t)
	clin := p.signedIn("clin1@example.test")
	couplePath := p.link(clin)
	groupPath, _, robinID, samID := p.assignBoth(clin, couplePath, "aftercare-needs-inventory")
	if robinID == samID {
		t.Fatal("one assignment for both partners")
	}
	for _, b := range []*browser{p.signedIn("client1@example.test"), p.signedIn("sam@example.test")} {
		if !strings.Contains(b.get("/me").Body, "My aftercare needs") {
			t.Fatal("a partner did not get their own copy")
		}
	}

	// A draft stays private, even from the clinician's side-by-side view.
	if _, err := p.app.Assignments.Save(context.Background(), p.client1, robinID, worksheet.Answers{"hard_to_ask": "DRAFT-ROBIN"}, 0); err != nil {
		t.Fatal(err)
	}
	page := clin.get(groupPath)
	if page.StatusCode != http.StatusOK || strings.Contains(page.Body, "DRAFT-ROBIN") || !strings.Contains(page.Body, "neither partner has submitted") {
		t.Fatalf("partial view before any submission: %d", page.StatusCode)
	}

	// Robin needs closeness and rates talking 4; Sam rates closeness 1,
	// finds being touched straight away and lots of talking too much.
	robin := inventory("ROBIN", map[string]int{"physical_closeness": 4, "talking_it_through": 4, "rest": 3, "closeness_vs_space": 9},
		[]string{"being_held", "light_touch"}, nil)
	sam := inventory("SAM", map[string]int{"physical_closeness": 1, "talking_it_through": 2, "rest": 3, "closeness_vs_space": 1},
		[]string{"silence"}, []string{"touch_straight_away", "light_touch", "lots_of_talking"})
	if _, err := p.app.Assignments.Submit(context.Background(), p.client1, robinID, robin, 1, "k-robin"); err != nil {
		t.Fatal(err)
	}
	page = clin.get(groupPath)
	if !strings.Contains(page.Body, "SECRET-ROBIN-hard-to-ask") || !strings.Contains(page.Body, "one partner has not submitted") ||
		!strings.Contains(page.Body, "Not submitted yet") {
		t.Fatal("partial view does not show the submitted partner beside a pending one")
	}

	p.submit(p.sam, samID, sam)
	page = clin.get(groupPath)
	for _, want := range []string{
		"SECRET-ROBIN-hard-to-ask", "SECRET-SAM-hard-to-ask", // free text side by side
		`<span class="badge ok">Agree</span>`,         // rest 3 and 3
		`<span class="badge warn">Differ by 3</span>`, // closeness 4 and 1
		"Robin rates “Physical closeness, like cuddling, holding hands or lying close” 4 of 4; Sam rates it 1.",
		"Robin ticked “Being held” under “Things that feel good to my senses afterwards”; Sam ticked “Being touched straight away”",
		"Robin ticked “Light, gentle touch” under “Things that feel good to my senses afterwards”; Sam ticked “Light or tickly touch”",
		"Robin rates “Talking about how it felt: what I liked and what I might change” 4 of 4; Sam ticked “A lot of talking”",
		"Robin rates “Right afterwards, do I usually want closeness or space?” 9 of 10; Sam rates it 1.",
	} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("side-by-side view lacks %q", want)
		}
	}
	if strings.Contains(page.Body, "Partial view") {
		t.Error("complete view still says partial")
	}
	var reads int64
	p.app.DB.Gorm.Table("audit_events").Where("action = 'reflection_read'").Count(&reads)
	if reads == 0 {
		t.Error("the clinician's side-by-side read was not audited")
	}
}

// sharedCouple sets up Robin and Sam with a submitted inventory each.
func sharedCouple(t *testing.T) (p *couplePractice, clin *browser, couplePath, groupPath, gid string, robinID, samID int64) {
	p = newCouplePractice(t)
	clin = p.signedIn("clin1@example.test")
	couplePath = p.link(clin)
	groupPath, gid, robinID, samID = p.assignBoth(clin, couplePath, "aftercare-needs-inventory")
	p.submit(p.client1, robinID, inventory("ROBIN", map[string]int{"physical_closeness": 4}, []string{"being_held"}, nil))
	p.submit(p.sam, samID, inventory("SAM", map[string]int{"physical_closeness": 1}, nil, []string{"touch_straight_away"}))
	return
}

func TestPartnerSharing_OffByDefault_OnlyByOwnChoice_AfterPreview(t *testing.T) {
	t.Parallel()
	p, clin, _, groupPath, gid, robinID, samID := sharedCouple(t)
	robin := p.signedIn("client1@example.test")
	sam := p.signedIn("sam@example.test")
	sharing := fmt.Sprintf("/me/assignments/%d/sharing", robinID)

	// Off by default: Sam sees none of Robin's answers.
	if res := sam.get("/me/shared/" + gid); res.StatusCode != http.StatusOK || strings.Contains(res.Body, "ROBIN") ||
		!strings.Contains(res.Body, "Robin has not shared answers") {
		t.Fatalf("Sam's view before any sharing: %d", res.StatusCode)
	}
	mine := robin.get(fmt.Sprintf("/me/assignments/%d", robinID))
	if !strings.Contains(mine.Body, "Sharing with Sam") || !strings.Contains(mine.Body, "None of your answers are shared with Sam.") {
		t.Fatal("Robin's page does not say what is shared")
	}

	// The sharing page; the clinician cannot reach it, nor Sam for Robin's work.
	if res := robin.get(sharing); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "My partner too") {
		t.Fatalf("sharing page: %d", res.StatusCode)
	}
	if res := clin.post(sharing, url.Values{"share": {"partner"}, "step": {"confirm"}}); res.StatusCode != http.StatusForbidden {
		t.Fatalf("clinician setting a client's sharing: %d, want 403", res.StatusCode)
	}
	if res := sam.post(sharing, url.Values{"share": {"partner"}, "step": {"confirm"}}); res.StatusCode != http.StatusNotFound {
		t.Fatalf("Sam setting Robin's sharing: %d, want 404", res.StatusCode)
	}

	// Preview: Robin sees exactly what Sam would see; nothing is stored yet.
	choice := url.Values{"share": {"partner"}, "share_hard_to_ask": {"private"}, "share_sensory_notes": {"clinician"}, "step": {"preview"}}
	prev := robin.post(sharing, choice)
	if prev.StatusCode != http.StatusOK || !strings.Contains(prev.Body, "Check before you share") || !strings.Contains(prev.Body, "OTHER-ROBIN") ||
		strings.Contains(prev.Body, "SECRET-ROBIN") || strings.Contains(prev.Body, "NOTES-ROBIN") {
		t.Fatalf("preview: %d", prev.StatusCode)
	}
	if strings.Contains(sam.get("/me/shared/"+gid).Body, "OTHER-ROBIN") {
		t.Fatal("a preview shared something")
	}

	if res := robin.post(sharing, previewConfirm(t, prev.Body)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm: %d %s", res.StatusCode, res.Body)
	}
	view := sam.get("/me/shared/" + gid)
	if !strings.Contains(view.Body, "OTHER-ROBIN") || strings.Contains(view.Body, "SECRET-ROBIN") || strings.Contains(view.Body, "NOTES-ROBIN") {
		t.Fatal("Sam sees the wrong answers of Robin's")
	}
	if !strings.Contains(sam.get(fmt.Sprintf("/me/assignments/%d", samID)).Body, "Robin shared with you") {
		t.Fatal("Sam's own page does not point to what Robin shared")
	}
	// Sharing opens nothing else: Robin's assignment stays Robin's in the
	// JSON API, the handout and the pages, even for what was shared.
	for _, path := range []string{fmt.Sprintf("/api/v1/me/assignments/%d", robinID), fmt.Sprintf("/handouts/assignments/%d.pdf", robinID),
		fmt.Sprintf("/me/assignments/%d", robinID)} {
		if res := sam.get(path); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s after sharing: %d, want 404", path, res.StatusCode)
		}
	}
	if res := sam.get("/api/v1/me/assignments"); strings.Contains(res.Body, "ROBIN") || strings.Contains(res.Body, fmt.Sprintf(`"id":%d,`, robinID)) {
		t.Error("Sam's assignment list in the API holds Robin's work")
	}
	// Sam shared nothing: Robin sees nothing of Sam's.
	if strings.Contains(robin.get("/me/shared/"+gid).Body, "SAM") || strings.Contains(robin.get("/api/v1/me/assignments").Body, "SAM") {
		t.Fatal("Robin sees Sam's unshared answers")
	}
	// "Only in my own worksheet" keeps the answer out of the clinician's side-by-side view too.
	cmp := clin.get(groupPath)
	if strings.Contains(cmp.Body, "SECRET-ROBIN") || !strings.Contains(cmp.Body, "Kept to their own worksheet") || !strings.Contains(cmp.Body, "NOTES-ROBIN") {
		t.Fatal("side-by-side view ignores Robin's private choice")
	}
	var n int64
	p.app.DB.Gorm.Table("audit_events").Where("action = 'couple_sharing_changed'").Count(&n)
	if n != 1 {
		t.Fatalf("%d sharing changes audited, want 1", n)
	}
}

// Every way Sam could reach Robin's unshared answers: Robin's own pages, the
// JSON API, the handout PDF, the sharing page and the clinician's views.
func TestPartner_NeverSeesUnsharedAnswers_ByPageAPIOrPDF(t *testing.T) {
	t.Parallel()
	p, _, couplePath, groupPath, gid, robinID, _ := sharedCouple(t)
	sam := p.signedIn("sam@example.test")
	sky := p.signedIn("client2@example.test") // not in this couple, another clinician's client
	for _, tc := range []struct {
		who    *browser
		method string
		path   string
		want   int
	}{
		{sam, "GET", fmt.Sprintf("/me/assignments/%d", robinID), http.StatusNotFound},
		{sam, "GET", fmt.Sprintf("/me/assignments/%d/sharing", robinID), http.StatusNotFound},
		{sam, "POST", fmt.Sprintf("/me/assignments/%d/sharing", robinID), http.StatusNotFound},
		{sam, "GET", fmt.Sprintf("/api/v1/me/assignments/%d", robinID), http.StatusNotFound},
		{sam, "GET", fmt.Sprintf("/handouts/assignments/%d.pdf", robinID), http.StatusNotFound},
		{sam, "GET", groupPath, http.StatusForbidden},
		{sam, "GET", groupPath + "/plan.pdf", http.StatusForbidden},
		{sam, "GET", couplePath, http.StatusForbidden},
		{sky, "GET", "/me/shared/" + gid, http.StatusNotFound},
		{sky, "GET", fmt.Sprintf("/api/v1/me/assignments/%d", robinID), http.StatusNotFound},
	} {
		var res response
		if tc.method == "GET" {
			res = tc.who.get(tc.path)
		} else {
			res = tc.who.post(tc.path, url.Values{"share": {"partner"}, "step": {"confirm"}})
		}
		if res.StatusCode != tc.want || strings.Contains(res.Body, "ROBIN") {
			t.Errorf("%s %s: %d, want %d without Robin's answers", tc.method, tc.path, res.StatusCode, tc.want)
		}
	}
	for _, path := range []string{"/me/shared", "/me/shared/" + gid, "/api/v1/me/assignments", fmt.Sprintf("/api/v1/me/assignments/%d", robinID+1),
		fmt.Sprintf("/me/assignments/%d", robinID+1), fmt.Sprintf("/handouts/assignments/%d.pdf", robinID+1)} {
		if res := sam.get(path); strings.Contains(res.Body, "ROBIN") {
			t.Errorf("%s shows Robin's unshared answers", path)
		}
	}
}

func TestCoupleSafetySwitch_StopsJointWorkAndHidesSharedAnswers(t *testing.T) {
	t.Parallel()
	p, clin, couplePath, _, gid, robinID, samID := sharedCouple(t)
	robin := p.signedIn("client1@example.test")
	sam := p.signedIn("sam@example.test")
	sharing := fmt.Sprintf("/me/assignments/%d/sharing", robinID)
	if res := confirmShare(t, robin, sharing, url.Values{"share": {"partner"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("share: %d", res.StatusCode)
	}
	if !strings.Contains(sam.get("/me/shared/"+gid).Body, "SECRET-ROBIN") {
		t.Fatal("sharing did not work before the switch")
	}

	if res := clin.post(couplePath+"/individual-only", url.Values{"individual_only": {"maybe"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("safety switch without a clear choice: %d, want 422", res.StatusCode)
	}
	if res := clin.post(couplePath+"/individual-only", url.Values{"individual_only": {"true"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("safety switch: %d", res.StatusCode)
	}
	// Previously shared answers are hidden at once, by page and API.
	for _, path := range []string{"/me/shared/" + gid, "/me/shared", fmt.Sprintf("/me/assignments/%d", samID)} {
		res := sam.get(path)
		if res.StatusCode != http.StatusOK || strings.Contains(res.Body, "ROBIN") {
			t.Errorf("%s after the switch: %d, or still shows Robin's answers", path, res.StatusCode)
		}
	}
	// Both partners see the same neutral notice, which does not say why.
	samPage := sam.get(fmt.Sprintf("/me/assignments/%d", samID)).Body
	robinPage := robin.get(fmt.Sprintf("/me/assignments/%d", robinID)).Body
	for _, body := range []string{samPage, robinPage} {
		if !strings.Contains(body, "Sharing between partners is paused for now.") {
			t.Error("a partner is not told that sharing is paused")
		}
		for _, why := range []string{"ndividual work only", "safety", "coercion", "violence", "clinician paused"} {
			if strings.Contains(body, why) {
				t.Errorf("a partner's page says %q", why)
			}
		}
	}
	// No sharing and no joint work while it is on.
	if res := robin.post(sharing, url.Values{"share": {"partner"}, "step": {"confirm"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("sharing while paused: %d, want 422", res.StatusCode)
	}
	if res := clin.post(couplePath+"/assignments", url.Values{"slug": {"aftercare-plan"}}); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "Individual work only is on") {
		t.Fatalf("joint assignment while individual only: %d", res.StatusCode)
	}
	var audits []struct{ Detail string }
	p.app.DB.Gorm.Table("audit_events").Where("action = 'couple_individual_only'").Select("detail").Scan(&audits)
	if len(audits) != 2 || audits[0].Detail != "on" {
		t.Fatalf("safety switch audit: %+v", audits)
	}

	// Turning it off does not share again by itself.
	if res := clin.post(couplePath+"/individual-only", url.Values{"individual_only": {"false"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("switch off: %d", res.StatusCode)
	}
	if strings.Contains(sam.get("/me/shared/"+gid).Body, "ROBIN") {
		t.Fatal("turning the switch off re-shared Robin's answers without Robin")
	}
	if !strings.Contains(robin.get(fmt.Sprintf("/me/assignments/%d", robinID)).Body, "not shared until you confirm") {
		t.Error("Robin is not told the earlier choice needs confirming again")
	}
	if res := confirmShare(t, robin, sharing, url.Values{"share": {"partner"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("share again: %d", res.StatusCode)
	}
	if !strings.Contains(sam.get("/me/shared/"+gid).Body, "SECRET-ROBIN") {
		t.Fatal("Robin's own new confirmation did not share")
	}
}

func plan(who, review string) worksheet.Answers {
	return worksheet.Answers{"right_after": "RIGHT-AFTER-" + who, "partner_needs": "PARTNER-NEEDS-" + who,
		"low_plan": "LOW-PLAN-" + who, "review_on": review, "not_agreed_yet": "no", "check_in_how": "message"}
}

func TestCoupleJointPlan_PDFSideBySide_CoupleCopyOnlyShared(t *testing.T) {
	t.Parallel()
	p := newCouplePractice(t)
	clin := p.signedIn("clin1@example.test")
	couplePath := p.link(clin)
	groupPath, _, robinID, samID := p.assignBoth(clin, couplePath, "aftercare-plan")
	pdfPath := groupPath + "/plan.pdf"

	p.submit(p.client1, robinID, plan("ROBIN", "2027-03-12"))
	if res := clin.get(pdfPath); res.StatusCode != http.StatusSeeOther || !strings.Contains(clin.get(groupPath).Body, "once both partners have submitted") {
		t.Fatalf("joint plan before both submitted: %d", res.StatusCode)
	}
	p.submit(p.sam, samID, plan("SAM", "2027-03-12"))
	robin := p.signedIn("client1@example.test")
	if res := confirmShare(t, robin, fmt.Sprintf("/me/assignments/%d/sharing", robinID), url.Values{"share": {"partner"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("Robin shares: %d", res.StatusCode)
	}

	res := clin.get(pdfPath)
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("joint plan: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	text := pdfText(t, []byte(res.Body))
	flat := strings.Join(strings.Fields(text), " ")
	// Sam did not share a review date, so the couple's copy cannot say it was agreed.
	for _, want := range []string{"Our aftercare plan", "Robin and Sam", "Robin chose 12 March 2027", "RIGHT-AFTER-ROBIN", "Not shared",
		"only the answers each of you chose to share"} {
		if !strings.Contains(flat, want) {
			t.Errorf("couple's copy lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "SAM") {
		t.Error("the couple's copy holds Sam's unshared plan")
	}
	// Side by side: Robin's answer and Sam's "Not shared" on one line.
	if !regexp.MustCompile(`RIGHT-AFTER-ROBIN\s+Not shared`).MatchString(text) {
		t.Errorf("plans not side by side:\n%s", text)
	}

	clinCopy := pdfText(t, []byte(clin.get(pdfPath+"?copy=clinician").Body))
	if !strings.Contains(clinCopy, "RIGHT-AFTER-SAM") || !strings.Contains(clinCopy, "RIGHT-AFTER-ROBIN") || !strings.Contains(clinCopy, "Clinician’s copy") ||
		!strings.Contains(clinCopy, "Agreed review date: 12 March 2027") {
		t.Errorf("clinician's copy lacks both plans:\n%s", clinCopy)
	}
	if res := robin.get(pdfPath); res.StatusCode != http.StatusForbidden {
		t.Fatalf("a partner printing the joint plan: %d, want 403", res.StatusCode)
	}
	var n int64
	p.app.DB.Gorm.Table("audit_events").Where("action = 'couple_joint_printed'").Count(&n)
	if n != 4 {
		t.Fatalf("%d joint prints audited, want 4 (two prints, both partners)", n)
	}
	// With the safety switch on, no joint handout is made.
	clin.post(couplePath+"/individual-only", url.Values{"individual_only": {"true"}})
	if res := clin.get(pdfPath); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("joint plan while individual only: %d, want 303", res.StatusCode)
	}
}
