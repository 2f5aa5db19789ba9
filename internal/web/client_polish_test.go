package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/worksheet"
)

// Issue 20: the page's Submit button only opens a confirmation; the real
// action=submit button sits inside it and says what submitting means.
func TestClientPolish_SubmitAsksFirst(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	id := p.assign(p.clin1, p.client1, "worksheet", "after-intimacy-reflection")
	body := p.signedIn("client1@example.test").get(fmt.Sprintf("/me/assignments/%d", id)).Body
	i := strings.Index(body, `<details class="confirm submit-confirm">`)
	if i < 0 {
		t.Fatalf("no submit confirmation on the worksheet page:\n%s", body)
	}
	end := strings.Index(body[i:], "</details>")
	confirm := body[i : i+end]
	if strings.Count(body, `value="submit"`) != 1 || !strings.Contains(confirm, `value="submit"`) {
		t.Errorf("the action=submit button is not only inside the confirmation:\n%s", confirm)
	}
	if !strings.Contains(confirm, "You won't be able to change it unless") || !strings.Contains(confirm, "Yes, submit") {
		t.Errorf("the confirmation does not say submitting is final:\n%s", confirm)
	}
}

// Issue 20: repeated items say which week (or which time) they are.
func TestClientPolish_RepeatedItemsSayWhichWeek(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	ctx := context.Background()
	if _, err := p.app.Assignments.Assign(ctx, p.clin1, p.client1.ClientID, []assignment.New{
		{Kind: "worksheet", Slug: "after-intimacy-reflection", Recurrence: "weekly", RecurCount: 6, DueOn: "2030-01-01"}}); err != nil {
		t.Fatal(err)
	}
	ids, err := p.app.Assignments.Assign(ctx, p.clin1, p.client1.ClientID, []assignment.New{
		{Kind: "worksheet", Slug: "after-intimacy-reflection", Recurrence: "after_submit"}})
	if err != nil {
		t.Fatal(err)
	}
	ans := worksheet.Answers{"date": "2026-11-20", "mood_before": 5, "mood_after": 6, "distress": 1}
	if _, err := p.app.Assignments.Submit(ctx, p.client1, ids[0], ans, 0, "k1"); err != nil {
		t.Fatal(err)
	}
	cl := p.signedIn("client1@example.test")
	home := cl.get("/me").Body
	for _, want := range []string{"Week 1 of 6", "2nd time", "1st time"} {
		if !strings.Contains(home, want) {
			t.Errorf("My work does not say %q", want)
		}
	}
	list, _ := p.app.Assignments.ForClient(ctx, p.client1, 0)
	for _, as := range list {
		if as.Recurrence == "after_submit" && as.RepeatIndex == 2 {
			if page := cl.get(fmt.Sprintf("/me/assignments/%d", as.ID)).Body; !strings.Contains(page, "2nd time") {
				t.Errorf("the repeated worksheet's page does not say which time it is")
			}
		}
	}
}

// Issue 20: a reading and a worksheet given together with one note: the
// note shows once and the reading comes first.
func TestClientPolish_GivenTogether_NoteOnceReadingFirst(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	note := "Read this first, then try the reflection this week."
	if _, err := p.app.Assignments.Assign(context.Background(), p.clin1, p.client1.ClientID, []assignment.New{
		{Kind: "worksheet", Slug: "after-intimacy-reflection", Note: note},
		{Kind: "module", Slug: "aftercare-menu", Note: note}}); err != nil {
		t.Fatal(err)
	}
	home := p.signedIn("client1@example.test").get("/me").Body
	if n := strings.Count(home, note); n != 1 {
		t.Errorf("the shared note shows %d times on My work, want once", n)
	}
	r, w := strings.Index(home, ">Reading ·"), strings.Index(home, ">Worksheet ·")
	if r < 0 || w < 0 || r > w {
		t.Errorf("the reading (at %d) is not listed before its worksheet (at %d)", r, w)
	}
}

// Issue 20: "I've read this" suggests the next step, the worksheet given with it.
func TestClientPolish_ReadSuggestsTheWorksheetGivenWithIt(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	ids, err := p.app.Assignments.Assign(context.Background(), p.clin1, p.client1.ClientID, []assignment.New{
		{Kind: "module", Slug: "aftercare-menu", Note: "Together"},
		{Kind: "worksheet", Slug: "after-intimacy-reflection", Note: "Together"}})
	if err != nil {
		t.Fatal(err)
	}
	cl := p.signedIn("client1@example.test")
	page := cl.get(fmt.Sprintf("/me/assignments/%d", ids[1])).Body
	title := page[strings.Index(page, "<h1>")+4 : strings.Index(page, "</h1>")]
	cl.post(fmt.Sprintf("/me/assignments/%d", ids[0]), url.Values{"action": {"read"}})
	home := cl.get("/me").Body
	if !strings.Contains(home, "Marked as read.") || !strings.Contains(home, "Next on your list: the worksheet \u201c"+title+"\u201d") {
		t.Errorf("after reading, My work does not suggest the worksheet %q", title)
	}
}

// Issue 20: the clinician's "on one answer" names the answer; the client's own reply says "You".
func TestClientPolish_CommentNamesItsAnswer_ClientReplyIsYou(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	id := p.assign(p.clin1, p.client1, "worksheet", "after-intimacy-reflection")
	ans := worksheet.Answers{"date": "2026-11-20", "mood_before": 5, "mood_after": 6, "distress": 1}
	if _, err := p.app.Assignments.Submit(context.Background(), p.client1, id, ans, 0, "k1"); err != nil {
		t.Fatal(err)
	}
	clin := p.signedIn("clin1@example.test")
	path := fmt.Sprintf("/clinician/assignments/%d", id)
	clin.post(path+"/comments", url.Values{"body": {"Thank you for this."}, "field_id": {"distress"}})
	page := clin.get(path).Body
	if !strings.Contains(page, "on the answer to \u201c") || strings.Contains(page, "on one answer") {
		t.Errorf("the comment does not name its answer:\n%s", page)
	}
	cl := p.signedIn("client1@example.test")
	cl.post(fmt.Sprintf("/me/assignments/%d/comments", id), url.Values{"body": {"Thanks, it helped."}})
	if mine := cl.get(fmt.Sprintf("/me/assignments/%d", id)).Body; !strings.Contains(mine, "<strong>You</strong>") {
		t.Errorf("the client's own reply is not marked You")
	}
}

// Issue 20: comments the client has not yet seen carry a "New" badge (in
// words) on My work and on the assignment page, until the client opens
// that page; the clinician likewise sees the client's reply as new once.
func TestClientPolish_NewMarkerOnUnreadComments(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	ctx := context.Background()
	id := p.assign(p.clin1, p.client1, "worksheet", "after-intimacy-reflection")
	ans := worksheet.Answers{"date": "2026-11-20", "mood_before": 5, "mood_after": 6, "distress": 1}
	if _, err := p.app.Assignments.Submit(ctx, p.client1, id, ans, 0, "k-new"); err != nil {
		t.Fatal(err)
	}
	page := fmt.Sprintf("/me/assignments/%d", id)
	cl := p.signedIn("client1@example.test")
	if home := cl.get("/me").Body; strings.Contains(home, ">New") {
		t.Fatalf("My work shows a New marker before any comment")
	}
	if err := p.app.Assignments.AddComment(ctx, p.clin1, id, "", "Thank you for writing this down.", false); err != nil {
		t.Fatal(err)
	}
	if err := p.app.Assignments.AddComment(ctx, p.clin1, id, "", "A private thought.", true); err != nil {
		t.Fatal(err)
	}
	if home := cl.get("/me").Body; !strings.Contains(home, `<span class="badge ok">New: 1 comment</span>`) {
		t.Errorf("My work does not mark the unread comment as new (private notes never count):\n%s", home)
	}
	first := cl.get(page).Body
	if strings.Count(first, `<span class="badge ok">New</span>`) != 1 {
		t.Errorf("the assignment page does not mark the one unread comment New")
	}
	if again := cl.get(page).Body; strings.Contains(again, `<span class="badge ok">New</span>`) {
		t.Errorf("the comment is still New after the client opened the page")
	}
	if home := cl.get("/me").Body; strings.Contains(home, "New: ") {
		t.Errorf("My work still shows New after the client opened the page")
	}
	// The client's own reply is never new to them, but is to the clinician.
	if err := p.app.Assignments.AddComment(ctx, p.client1, id, "", "It helped to say it.", false); err != nil {
		t.Fatal(err)
	}
	if again := cl.get(page).Body; strings.Contains(again, `<span class="badge ok">New</span>`) {
		t.Errorf("the client's own reply shows as New to them")
	}
	cn := p.signedIn("clin1@example.test")
	review := fmt.Sprintf("/clinician/assignments/%d", id)
	if body := cn.get(review).Body; strings.Count(body, `<span class="badge ok">New</span>`) != 1 {
		t.Errorf("the clinician does not see the client's reply as New (and only it)")
	}
	if body := cn.get(review).Body; strings.Contains(body, `<span class="badge ok">New</span>`) {
		t.Errorf("the reply is still New after the clinician opened the page")
	}
}
