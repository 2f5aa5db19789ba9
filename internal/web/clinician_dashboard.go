package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/i18n"
)

type queueChip struct {
	Label   string
	Count   int
	URL     string
	Current bool
}

// queueGroup is one run of rows with the same rank, under its heading.
type queueGroup struct {
	ID, Title, Empty string
	Items            []assignment.QueueItem
}

// queueGroups are the ranks in order; the page says their titles through
// queueGroupKeys in the viewer's language.
var queueGroups = []queueGroup{
	{ID: "urgent-h", Title: "Urgent", Empty: "Nothing urgent."},
	{ID: "flagged-h", Title: "Discuss", Empty: "Nothing flagged to discuss."},
	{ID: "new-h", Title: "To review", Empty: "You are all caught up."},
	{ID: "overdue-h", Title: "Overdue", Empty: "Nothing overdue."},
	{ID: "week-h", Title: "Due this week", Empty: "Nothing else due this week."},
}

// queueGroupKeys are each group's heading and empty-state keys.
var queueGroupKeys = map[string][2]string{
	"urgent-h":  {"clinician.queue.group.urgent", "clinician.queue.group.urgent_empty"},
	"flagged-h": {"clinician.queue.group.discuss", "clinician.queue.group.discuss_empty"},
	"new-h":     {"clinician.queue.group.review", "clinician.queue.group.review_empty"},
	"overdue-h": {"clinician.queue.group.overdue", "clinician.queue.group.overdue_empty"},
	"week-h":    {"clinician.queue.group.week", "clinician.queue.group.week_empty"},
}

// agoIn says how long before now t was, roughly ("2 h ago"), in l's
// language: the "ago" template function of every language (locale.go).
func agoIn(l *i18n.Localizer, now, t time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return l.T("clinician.ago.just_now")
	case d < time.Hour:
		return l.T("clinician.ago.minutes", "Count", int(d.Minutes()))
	case d < 48*time.Hour:
		return l.T("clinician.ago.hours", "Count", int(d.Hours()))
	}
	return l.T("clinician.ago.days", "Count", int(d.Hours()/24))
}

// groupQueue splits a page into its ranks. The first page of the whole
// queue shows every heading, empty ones saying so ("Nothing urgent."),
// except those after its last row when more pages follow (their rows are
// there); a filtered or later page shows only the headings it has rows for.
func groupQueue(items []assignment.QueueItem, all, more bool) []queueGroup {
	gs := make([]queueGroup, len(queueGroups))
	copy(gs, queueGroups)
	last := -1
	for _, it := range items {
		gs[it.Rank].Items = append(gs[it.Rank].Items, it)
		last = it.Rank
	}
	var out []queueGroup
	for i, g := range gs {
		if len(g.Items) > 0 || (all && (!more || i < last)) {
			out = append(out, g)
		}
	}
	return out
}

type dashboardPage struct {
	Page
	Groups     []queueGroup
	Q          assignment.Queue
	Filter     assignment.QueueFilter
	Chips      []queueChip
	Clients    []assignment.QueueOption
	Worksheets []assignment.QueueOption
	// Query is the filter as a query string, carried to each reflection so
	// that "Mark reviewed and open next" walks the same queue.
	Query    string
	NextURL  string
	FirstURL string
	Now      time.Time
	Jobs     *dashboardJobsBox // issue 17: adherence and the digest (its "due this week" is the queue's)
}

// queueFilter reads the queue's filter from the URL (or a form): show,
// client, worksheet and after. ok is false (and a 400 sent) for a filter
// that is not one.
func (s *Server) queueFilter(c *gin.Context, get func(string) string) (assignment.QueueFilter, bool) {
	f := assignment.QueueFilter{Show: get("show"), Worksheet: get("worksheet"), After: get("after")}
	if v := get("client"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			s.renderError(c, http.StatusBadRequest)
			return f, false
		}
		f.ClientID = id
	}
	if !assignment.ValidShow(f.Show) || len(f.Worksheet) > 200 || len(f.After) > 100 {
		s.renderError(c, http.StatusBadRequest)
		return f, false
	}
	return f, true
}

// queueFilterQuiet reads the filter a page was opened with, dropping what is
// not valid instead of answering 400 (the page is not the queue itself).
func (s *Server) queueFilterQuiet(get func(string) string) (assignment.QueueFilter, bool) {
	f := assignment.QueueFilter{Show: get("show"), Worksheet: get("worksheet")}
	if !assignment.ValidShow(f.Show) {
		f.Show = ""
	}
	if len(f.Worksheet) > 200 {
		f.Worksheet = ""
	}
	if id, err := strconv.ParseInt(get("client"), 10, 64); err == nil && id > 0 {
		f.ClientID = id
	}
	return f, true
}

// queueQuery is f as a query string, without the page cursor.
func queueQuery(f assignment.QueueFilter) url.Values {
	v := url.Values{}
	if f.Show != "" {
		v.Set("show", f.Show)
	}
	if f.ClientID != 0 {
		v.Set("client", strconv.FormatInt(f.ClientID, 10))
	}
	if f.Worksheet != "" {
		v.Set("worksheet", f.Worksheet)
	}
	return v
}

func queueURL(v url.Values) string {
	if len(v) == 0 {
		return "/clinician"
	}
	return "/clinician?" + v.Encode()
}

// GET /clinician (?show=urgent|review|overdue|week, client=, worksheet=,
// after=): the review queue, one table in the order work is done: urgent
// flags first (until acknowledged), then flagged and other submissions to
// review, then overdue and due-this-week work. Keyset pages of 25.
func (s *Server) clinicianDashboard(c *gin.Context) {
	f, ok := s.queueFilter(c, c.Query)
	if !ok {
		return
	}
	ctx, a := c.Request.Context(), actor(c)
	q, err := s.Assignments.Queue(ctx, a, f)
	if fe := fieldErrors(err); fe != nil {
		s.renderError(c, http.StatusBadRequest)
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	clients, worksheets, err := s.Assignments.QueueOptions(ctx, a)
	if err != nil {
		s.fail(c, err)
		return
	}
	tr := s.tr(c)
	p := dashboardPage{Page: s.page(c, tr.T("clinician.queue.title")), Q: q, Filter: f, Clients: clients, Worksheets: worksheets, Now: s.Now(),
		Jobs: s.dashboardJobsBoxFor(c)}
	p.Groups = groupQueue(q.Items, f.Show == "" && f.ClientID == 0 && f.Worksheet == "" && f.After == "", q.Next != "")
	for i, g := range p.Groups {
		if k, ok := queueGroupKeys[g.ID]; ok {
			p.Groups[i].Title, p.Groups[i].Empty = tr.T(k[0]), tr.T(k[1])
		}
	}
	base := queueQuery(f)
	p.Query = base.Encode()
	for _, ch := range []struct {
		key, show string
		count     int
	}{
		{"clinician.queue.chip.all", assignment.ShowAll, -1},
		{"clinician.queue.chip.urgent", assignment.ShowUrgent, q.Counts.Urgent},
		{"clinician.queue.chip.review", assignment.ShowReview, q.Counts.Review},
		{"clinician.queue.chip.overdue", assignment.ShowOverdue, q.Counts.Overdue},
		{"clinician.queue.chip.week", assignment.ShowWeek, q.Counts.Week},
	} {
		v := queueQuery(f)
		v.Del("show")
		if ch.show != "" {
			v.Set("show", ch.show)
		}
		p.Chips = append(p.Chips, queueChip{Label: tr.T(ch.key), Count: ch.count, URL: queueURL(v), Current: ch.show == f.Show})
	}
	if f.After != "" {
		p.FirstURL = queueURL(base)
	}
	if q.Next != "" {
		v := queueQuery(f)
		v.Set("after", q.Next)
		p.NextURL = queueURL(v)
	}
	s.render(c, http.StatusOK, "clinician/dashboard", p)
}
