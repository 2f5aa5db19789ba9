package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/worksheet"
)

// privateLabels are the questions of the built-in safety screens. A
// partner's pages and the joint plan must not even ask them.
var privateLabels = []string{"Is it safe to raise this with my partner?", "pressured to agree", "if the talk doesn"}

// TestCouplePrivateAnswers_NeverReachThePartner: a field marked private in
// the schema stays between the client and their clinician even when the
// client chose "share everything" and asked for the private answer by name:
// the sharing page does not offer it, the partner's pages and the joint plan
// (both copies) never hold it, the comparison has no row for it, and the
// clinician still reads it on the client's own reflection.
func TestCouplePrivateAnswers_NeverReachThePartner(t *testing.T) {
	t.Parallel()
	p := newCouplePractice(t)
	clin := p.signedIn("clin1@example.test")
	robin := p.signedIn("client1@example.test")
	sam := p.signedIn("sam@example.test")
	couplePath := p.link(clin)

	t.Run("conversation planner", func(t *testing.T) {
		groupPath, gid, robinID, samID := p.assignBoth(clin, couplePath, "aftercare-conversation-planner")
		ans := func(who string) worksheet.Answers {
			return worksheet.Answers{"ask_for": "ASK-" + who, "i_statement": "I-" + who, "listening": "LISTEN-" + who,
				"safe_to_raise": "not_sure", "if_it_goes_badly": "PRIVATE-" + who + "-PLAN-B"}
		}
		p.submit(p.client1, robinID, ans("ROBIN"))
		p.submit(p.sam, samID, ans("SAM"))
		sharing := fmt.Sprintf("/me/assignments/%d/sharing", robinID)
		page := robin.get(sharing)
		if page.StatusCode != http.StatusOK || strings.Contains(page.Body, "share_safe_to_raise") || strings.Contains(page.Body, "share_if_it_goes_badly") ||
			strings.Contains(page.Body, "PRIVATE-ROBIN") || !strings.Contains(page.Body, "share_ask_for") {
			t.Fatalf("sharing page %d offers a private answer (or not the others)", page.StatusCode)
		}
		everything := url.Values{"share": {"partner"}, "share_safe_to_raise": {"partner"}, "share_if_it_goes_badly": {"partner"}, "step": {"preview"}}
		prev := robin.post(sharing, everything)
		if prev.StatusCode != http.StatusOK || strings.Contains(prev.Body, "PRIVATE-ROBIN") {
			t.Fatalf("preview %d shows a private answer as shared", prev.StatusCode)
		}
		// Confirmed from the preview page, as a browser does (it carries
		// the previewed version), with the private answers' levels added by hand.
		confirm := previewConfirm(t, prev.Body)
		confirm.Set("share_safe_to_raise", "partner")
		confirm.Set("share_if_it_goes_badly", "partner")
		if res := robin.post(sharing, confirm); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("share everything: %d", res.StatusCode)
		}
		shared := sam.get("/me/shared/" + gid)
		if !strings.Contains(shared.Body, "ASK-ROBIN") {
			t.Fatal("sharing everything shared nothing")
		}
		for _, path := range []string{"/me/shared/" + gid, "/me/shared", fmt.Sprintf("/me/assignments/%d", samID), "/api/v1/me/assignments",
			fmt.Sprintf("/api/v1/me/assignments/%d", samID)} {
			body := sam.get(path).Body
			if strings.Contains(body, "PRIVATE-ROBIN") {
				t.Errorf("Sam's %s holds Robin's private answer", path)
			}
		}
		for _, l := range privateLabels {
			if strings.Contains(shared.Body, l) {
				t.Errorf("Sam's view of Robin's shared answers asks %q", l)
			}
		}
		cmp := clin.get(groupPath).Body
		if strings.Contains(cmp, "PRIVATE-") || strings.Contains(cmp, privateLabels[0]) || !strings.Contains(cmp, "ASK-ROBIN") {
			t.Error("the side-by-side view shows a private answer")
		}
		own := clin.get(fmt.Sprintf("/clinician/assignments/%d", robinID)).Body
		if !strings.Contains(own, "PRIVATE-ROBIN-PLAN-B") || !strings.Contains(own, privateLabels[0]) {
			t.Error("the clinician cannot read the private answer on Robin's own reflection")
		}
	})

	t.Run("joint plan", func(t *testing.T) {
		groupPath, _, robinID, samID := p.assignBoth(clin, couplePath, "aftercare-plan")
		for _, side := range []struct {
			who string
			id  int64
		}{{"ROBIN", robinID}, {"SAM", samID}} {
			a := plan(side.who, "2027-03-12")
			a["safe_to_raise"], a["pressured"] = "no", "yes"
			who := p.client1
			if side.who == "SAM" {
				who = p.sam
			}
			p.submit(who, side.id, a)
		}
		for _, c := range []struct {
			b  *browser
			id int64
		}{{robin, robinID}, {sam, samID}} {
			path := fmt.Sprintf("/me/assignments/%d/sharing", c.id)
			all := url.Values{"share": {"partner"}, "share_safe_to_raise": {"partner"}, "share_pressured": {"partner"}, "step": {"preview"}}
			confirm := previewConfirm(t, c.b.post(path, all).Body)
			confirm.Set("share_safe_to_raise", "partner")
			confirm.Set("share_pressured", "partner")
			if res := c.b.post(path, confirm); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("share everything: %d", res.StatusCode)
			}
		}
		for _, path := range []string{groupPath + "/plan.pdf", groupPath + "/plan.pdf?copy=clinician"} {
			res := clin.get(path)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d", path, res.StatusCode)
			}
			flat := strings.Join(strings.Fields(pdfText(t, []byte(res.Body))), " ")
			if !strings.Contains(flat, "RIGHT-AFTER-SAM") || !strings.Contains(flat, "RIGHT-AFTER-ROBIN") {
				t.Fatalf("%s does not hold the shared plans:\n%s", path, flat)
			}
			for _, l := range append(privateLabels, "Just for me and my clinician") {
				if strings.Contains(flat, l) {
					t.Errorf("%s holds the private %q", path, l)
				}
			}
		}
		if body := sam.get(fmt.Sprintf("/me/shared/%s", groupPath[strings.LastIndex(groupPath, "/")+1:])).Body; strings.Contains(body, privateLabels[0]) ||
			strings.Contains(body, privateLabels[1]) || !strings.Contains(body, "RIGHT-AFTER-ROBIN") {
			t.Error("Sam's view of Robin's plan holds a private answer, or not the shared ones")
		}
	})
}

// On paper nothing keeps a secret, so a printed plan tells the client, at
// each private question, to fill it in on their own; other questions carry
// no such note.
func TestHandout_PrivateQuestionsSayKeepThisPageToYourself(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	clin := p.signedIn("clin1@example.test")
	res := clin.get("/handouts/worksheets/aftercare-plan.pdf")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("blank plan: %d", res.StatusCode)
	}
	flat := strings.Join(strings.Fields(pdfText(t, []byte(res.Body))), " ")
	if n := strings.Count(flat, "Only you and your clinician should see this answer. Fill it in on your own"); n != 2 {
		t.Errorf("%d private notes on the printed plan, want 2:\n%s", n, flat)
	}
	if !strings.Contains(flat, "Is it safe to raise this with my partner?") {
		t.Error("the printed plan lacks its safety screen")
	}
}
