package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/worksheet"
)

// queuePractice is newPractice with known work for clin1: one of each kind
// of queue row for Robin, one submission for a second client (Ash), work
// not due for weeks, and clin2's work that must never show.
type queuePractice struct {
	*practice
	ash                                           auth.Actor
	urgent, discuss, review, overdue, week, later int64
	ashReview, theirs                             int64
}

func newQueuePractice(t *testing.T) *queuePractice {
	p := &queuePractice{practice: newPractice(t)}
	ctx := context.Background()
	p.ash = p.clientWithAccount(p.clin1, "Ash", "ash@example.test")
	submit := func(cl auth.Actor, distress int) int64 {
		id := p.assign(p.clin1, cl, "worksheet", "after-intimacy-reflection")
		ans := worksheet.Answers{"date": "2026-11-20", "mood_before": 5, "mood_after": 6, "distress": distress}
		if _, err := p.app.Assignments.Submit(ctx, cl, id, ans, 0, fmt.Sprint("k", id)); err != nil {
			t.Fatal(err)
		}
		return id
	}
	p.review = submit(p.client1, 2)
	p.discuss = submit(p.client1, 7)
	p.urgent = submit(p.client1, 9)
	p.ashReview = submit(p.ash, 3)
	today := time.Now().UTC()
	due := func(days int) int64 {
		ids, err := p.app.Assignments.Assign(ctx, p.clin1, p.client1.ClientID,
			[]assignment.New{{Kind: "module", Slug: "aftercare-menu", DueOn: today.AddDate(0, 0, days).Format("2006-01-02")}})
		if err != nil {
			t.Fatal(err)
		}
		return ids[0]
	}
	p.overdue, p.week, p.later = due(-3), due(3), due(30)
	p.theirs = p.assign(p.clin2, p.client2, "module", "aftercare-menu")
	return p
}

var queueRowRe = regexp.MustCompile(`href="/clinician/assignments/(\d+)[?"]`)

// queueIDs are the assignments linked from a queue page, in page order.
func queueIDs(body string) []int64 {
	var ids []int64
	for _, m := range queueRowRe.FindAllStringSubmatch(body, -1) {
		var id int64
		fmt.Sscan(m[1], &id)
		ids = append(ids, id)
	}
	return ids
}

func TestQueue_EachFilterShowsItsRows(t *testing.T) {
	t.Parallel()
	p := newQueuePractice(t)
	clin := p.signedIn("clin1@example.test")
	ash := fmt.Sprint(p.ash.ClientID)
	cases := []struct {
		query string
		want  []int64
	}{
		{"", []int64{p.urgent, p.discuss, p.review, p.ashReview, p.overdue, p.week}},
		{"show=urgent", []int64{p.urgent}},
		{"show=review", []int64{p.urgent, p.discuss, p.review, p.ashReview}},
		{"show=overdue", []int64{p.overdue}},
		{"show=week", []int64{p.week}},
		{"client=" + ash, []int64{p.ashReview}},
		{"show=review&client=" + fmt.Sprint(p.client1.ClientID), []int64{p.urgent, p.discuss, p.review}},
		{"worksheet=after-intimacy-reflection", []int64{p.urgent, p.discuss, p.review, p.ashReview}},
		{"worksheet=after-intimacy-reflection&show=overdue", nil},
	}
	for _, c := range cases {
		t.Run(c.query, func(t *testing.T) {
			res := clin.get("/clinician?" + c.query)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status %d", res.StatusCode)
			}
			got := queueIDs(res.Body)
			if !slices.Equal(got, c.want) {
				t.Errorf("rows %v, want %v", got, c.want)
			}
			if strings.Contains(res.Body, fmt.Sprintf("/clinician/assignments/%d", p.theirs)) || strings.Contains(res.Body, "Sky") {
				t.Error("another clinician's work is in the queue")
			}
		})
	}
}

func TestQueue_CountsAreLinksToTheirFilter(t *testing.T) {
	t.Parallel()
	p := newQueuePractice(t)
	body := p.signedIn("clin1@example.test").get("/clinician").Body
	for _, want := range []string{
		`href="/clinician?show=urgent" class="chip">Urgent <span class="count">1</span>`,
		`href="/clinician?show=review" class="chip">To review <span class="count">4</span>`,
		`href="/clinician?show=overdue" class="chip">Overdue <span class="count">1</span>`,
		`href="/clinician?show=week" class="chip">Due this week <span class="count">1</span>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("queue lacks %s", want)
		}
	}
	// A client filter stays in every chip.
	body = p.signedIn("clin1@example.test").get(fmt.Sprintf("/clinician?client=%d", p.ash.ClientID)).Body
	if !strings.Contains(body, fmt.Sprintf(`href="/clinician?client=%d&amp;show=review" class="chip">To review <span class="count">1</span>`, p.ash.ClientID)) {
		t.Errorf("the client filter is not kept in the chips")
	}
}

func TestQueue_BadFilterIs400(t *testing.T) {
	t.Parallel()
	p := newQueuePractice(t)
	clin := p.signedIn("clin1@example.test")
	for _, q := range []string{"show=everything", "client=abc", "client=-1", "after=garbage", "after=9.1.1"} {
		if res := clin.get("/clinician?" + q); res.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", q, res.StatusCode)
		}
	}
	// Another clinician's client as a filter shows nothing of theirs.
	if ids := queueIDs(clin.get(fmt.Sprintf("/clinician?client=%d", p.client2.ClientID)).Body); len(ids) != 0 {
		t.Errorf("another clinician's client filter shows %v", ids)
	}
}

func TestQueue_PagesAcross120ItemsWithoutGapsOrRepeats(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	ctx := context.Background()
	var items []assignment.New
	for i := range 120 {
		items = append(items, assignment.New{Kind: "module", Slug: "aftercare-menu", DueOn: time.Date(2025, 1, 1+i%20, 0, 0, 0, 0, time.UTC).Format("2006-01-02")})
	}
	want, err := p.app.Assignments.Assign(ctx, p.clin1, p.client1.ClientID, items)
	if err != nil {
		t.Fatal(err)
	}
	clin := p.signedIn("clin1@example.test")
	next := "/clinician?show=overdue"
	var got []int64
	pages := 0
	nextRe := regexp.MustCompile(`<a href="([^"]+)" rel="next">`)
	for next != "" {
		pages++
		if pages > 10 {
			t.Fatal("more pages than expected")
		}
		res := clin.get(strings.ReplaceAll(next, "&amp;", "&"))
		if res.StatusCode != http.StatusOK {
			t.Fatalf("page %d: %d", pages, res.StatusCode)
		}
		ids := queueIDs(res.Body)
		if len(ids) > assignment.QueuePageSize {
			t.Fatalf("page of %d rows", len(ids))
		}
		got = append(got, ids...)
		next = ""
		if m := nextRe.FindStringSubmatch(res.Body); m != nil {
			next = m[1]
		}
	}
	if pages != 5 || len(got) != 120 {
		t.Fatalf("%d pages, %d rows; want 5 pages, 120 rows", pages, len(got))
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatal("paging lost or repeated rows")
	}
}

func TestQueue_MarkReviewedAndOpenNext_WalksTheQueueInOrder(t *testing.T) {
	t.Parallel()
	p := newQueuePractice(t)
	clin := p.signedIn("clin1@example.test")
	// The whole queue: urgent, discuss, review, Ash's review, then work not submitted.
	at := p.urgent
	for _, want := range []int64{p.discuss, p.review, p.ashReview} {
		page := clin.get(fmt.Sprintf("/clinician/assignments/%d", at)).Body
		if !strings.Contains(page, "Mark reviewed and open next") {
			t.Fatalf("reflection %d lacks Mark reviewed and open next", at)
		}
		res := clin.post(fmt.Sprintf("/clinician/assignments/%d/review", at), url.Values{"next": {"1"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("review %d: %d", at, res.StatusCode)
		}
		if loc := res.Header.Get("Location"); loc != fmt.Sprintf("/clinician/assignments/%d", want) {
			t.Fatalf("after %d: next is %s, want %d", at, loc, want)
		}
		at = want
	}
	// Within one client's queue, the walk stays with that client and ends on the queue.
	q := newQueuePractice(t)
	clin = q.signedIn("clin1@example.test")
	form := url.Values{"next": {"1"}, "show": {"review"}, "client": {fmt.Sprint(q.client1.ClientID)}}
	res := clin.post(fmt.Sprintf("/clinician/assignments/%d/review", q.discuss), form)
	if loc := res.Header.Get("Location"); loc != fmt.Sprintf("/clinician/assignments/%d?client=%d&show=review", q.review, q.client1.ClientID) {
		t.Fatalf("next in Robin's review queue: %s", loc)
	}
	res = clin.post(fmt.Sprintf("/clinician/assignments/%d/review", q.review), form)
	if loc := res.Header.Get("Location"); loc != fmt.Sprintf("/clinician?client=%d&show=review", q.client1.ClientID) {
		t.Fatalf("end of Robin's review queue: %s", loc)
	}
	// Another clinician's reflection: 404 and nothing changes.
	other := q.signedIn("clin2@example.test")
	if res := other.post(fmt.Sprintf("/clinician/assignments/%d/review", q.ashReview), url.Values{"next": {"1"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("another clinician's review: %d", res.StatusCode)
	}
	if a, _ := q.app.Assignments.Get(context.Background(), q.clin1, q.ashReview); a.Status != assignment.StatusSubmitted {
		t.Errorf("status after another clinician's review: %s", a.Status)
	}
}
