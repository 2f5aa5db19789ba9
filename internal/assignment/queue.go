package assignment

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/tend-practice/tend/internal/auth"
)

// Queue filters: each is a link on the review queue (?show=).
const (
	ShowAll     = ""
	ShowUrgent  = "urgent"
	ShowReview  = "review"
	ShowOverdue = "overdue"
	ShowWeek    = "week"
)

// Queue ranks, in the order the queue is worked.
const (
	RankUrgent  = 0 // an urgent flag nobody has acknowledged, whatever the status
	RankDiscuss = 1 // submitted, flagged
	RankReview  = 2 // submitted
	RankOverdue = 3 // open, past its due date
	RankWeek    = 4 // open, due in the next seven days
)

// QueuePageSize is how many rows one page of the queue holds.
const QueuePageSize = 25

// QueueFilter is what the clinician asked to see; it lives in the URL.
type QueueFilter struct {
	Show      string // ShowAll, ShowUrgent, ...
	ClientID  int64  // 0: every client
	Worksheet string // a worksheet slug; "": every item
	After     string // keyset cursor from Queue.Next; "": the first page
	Limit     int    // 0: QueuePageSize
	only      int64  // one assignment (QueueCursor)
}

// QueueItem is one row of the queue.
type QueueItem struct {
	Assignment
	Rank int
	// Cursor places the row in the queue's order (for "open next").
	Cursor string
}

// QueueCounts count each filter's rows, with the client and worksheet
// filters applied.
type QueueCounts struct {
	Urgent, Review, Overdue, Week int
}

// Queue is one page of the clinician's review queue.
type Queue struct {
	Items  []QueueItem
	Flags  map[int64][]RaisedFlag
	Counts QueueCounts
	// Next is the cursor of the next page; "" on the last one.
	Next string
}

// The queue's predicates over assignments a (clients c joined), with
// today's date as the only parameter of the date ones.
const (
	qUrgent = `EXISTS (SELECT 1 FROM flags f WHERE f.assignment_id = a.id AND f.severity = 'urgent' AND f.acknowledged_at IS NULL)`
	qReview = `(a.status = 'submitted' AND a.kind = 'worksheet')`
	qOpen   = `a.status IN ('assigned', 'in_progress')`
)

// ValidShow reports whether show names a queue filter.
func ValidShow(show string) bool {
	switch show {
	case ShowAll, ShowUrgent, ShowReview, ShowOverdue, ShowWeek:
		return true
	}
	return false
}

// Queue returns one page of the clinician's work in the order it is worked:
// urgent first, then flagged and other submissions to review (oldest
// first), then overdue and due-this-week work. Paging is by keyset, so a
// page costs the same wherever it starts.
func (s *Service) Queue(ctx context.Context, actor auth.Actor, f QueueFilter) (Queue, error) {
	var out Queue
	if actor.Role != auth.RoleClinician {
		return out, ErrNotFound
	}
	if !ValidShow(f.Show) {
		return out, &ValidationError{Fields: map[string]string{"show": "Please choose one of the filters."}}
	}
	limit := f.Limit
	if limit <= 0 || limit > 200 {
		limit = QueuePageSize
	}
	today := s.now().UTC().Truncate(24 * time.Hour)
	week := today.AddDate(0, 0, 7)
	scope := `a.clinician_id = ? AND a.withdrawn_at IS NULL AND c.archived_at IS NULL`
	args := []any{actor.UserID}
	if f.ClientID != 0 {
		scope += ` AND a.client_id = ?`
		args = append(args, f.ClientID)
	}
	if f.Worksheet != "" {
		scope += ` AND a.worksheet_version_id IN (SELECT wv.id FROM worksheet_versions wv JOIN worksheets w ON w.id = wv.worksheet_id WHERE w.slug = ?)`
		args = append(args, f.Worksheet)
	}
	if f.only != 0 {
		scope += ` AND a.id = ?`
		args = append(args, f.only)
	}
	overdue := qOpen + ` AND a.due_on < ?`
	dueWeek := qOpen + ` AND a.due_on >= ? AND a.due_on < ?`
	var counts QueueCounts
	err := s.db.WithContext(ctx).Raw(`SELECT
			count(*) FILTER (WHERE `+qUrgent+`) AS urgent,
			count(*) FILTER (WHERE `+qReview+`) AS review,
			count(*) FILTER (WHERE `+overdue+`) AS overdue,
			count(*) FILTER (WHERE `+dueWeek+`) AS week
		FROM assignments a JOIN clients c ON c.id = a.client_id
		WHERE `+scope+` AND (`+qReview+` OR `+qOpen+` OR `+qUrgent+`)`,
		append([]any{today, today, week}, args...)...).Scan(&counts).Error
	if err != nil {
		return out, fmt.Errorf("queue counts: %w", err)
	}
	out.Counts = counts

	var where string
	var wargs []any
	switch f.Show {
	case ShowUrgent:
		where = qUrgent
	case ShowReview:
		where = qReview
	case ShowOverdue:
		where, wargs = overdue, []any{today}
	case ShowWeek:
		where, wargs = dueWeek, []any{today, week}
	default:
		where, wargs = `(`+qUrgent+` OR `+qReview+` OR (`+overdue+`) OR (`+dueWeek+`))`, []any{today, today, week}
	}
	rankExpr := `CASE WHEN ` + qUrgent + ` THEN 0 WHEN ` + qReview + ` AND a.flagged THEN 1 WHEN ` + qReview + ` THEN 2
		WHEN a.due_on < ? THEN 3 ELSE 4 END`
	atExpr := `COALESCE(CASE WHEN a.status IN ('submitted', 'reviewed') THEN a.submitted_at END, a.due_on::timestamp AT TIME ZONE 'UTC', a.created_at)`
	inner := `SELECT a.id, ` + rankExpr + ` AS rank, ` + atExpr + ` AS at
		FROM assignments a JOIN clients c ON c.id = a.client_id WHERE ` + scope + ` AND ` + where
	qargs := append(append([]any{today}, args...), wargs...)
	outer := `SELECT id, rank, at FROM (` + inner + `) q`
	if f.After != "" {
		rank, at, id, ok := parseCursor(f.After)
		if !ok {
			return out, &ValidationError{Fields: map[string]string{"after": "That page link is not valid. Start again from the first page."}}
		}
		outer += ` WHERE (rank, at, id) > (?, ?, ?)`
		qargs = append(qargs, rank, at, id)
	}
	outer += ` ORDER BY rank, at, id LIMIT ?`
	qargs = append(qargs, limit+1)
	var keys []struct {
		ID   int64
		Rank int
		At   time.Time
	}
	if err := s.db.WithContext(ctx).Raw(outer, qargs...).Scan(&keys).Error; err != nil {
		return out, fmt.Errorf("queue page: %w", err)
	}
	if len(keys) > limit {
		keys = keys[:limit]
		k := keys[limit-1]
		out.Next = cursor(k.Rank, k.At, k.ID)
	}
	if len(keys) == 0 {
		return out, nil
	}
	ids := make([]int64, len(keys))
	for i, k := range keys {
		ids[i] = k.ID
	}
	var rows []Assignment
	if err := s.base(ctx, actor).Where("a.id IN ?", ids).Scan(&rows).Error; err != nil {
		return out, fmt.Errorf("queue rows: %w", err)
	}
	byID := make(map[int64]Assignment, len(rows))
	for _, r := range rows {
		byID[r.ID] = r
	}
	for _, k := range keys {
		if a, ok := byID[k.ID]; ok {
			out.Items = append(out.Items, QueueItem{Assignment: a, Rank: k.Rank, Cursor: cursor(k.Rank, k.At, k.ID)})
		}
	}
	if out.Flags, err = s.flagsOf(ctx, ids); err != nil {
		return out, err
	}
	return out, nil
}

// QueueNext returns the first queue item after the one at cursor (as it was
// before the clinician acted on it), with the same filter; ok is false at
// the end of the queue.
func (s *Service) QueueNext(ctx context.Context, actor auth.Actor, f QueueFilter, after string) (QueueItem, bool, error) {
	f.After, f.Limit = after, 1
	q, err := s.Queue(ctx, actor, f)
	if err != nil || len(q.Items) == 0 {
		return QueueItem{}, false, err
	}
	return q.Items[0], true, nil
}

// QueueCursor is an assignment's place in the queue now (before it is
// reviewed), for QueueNext. An assignment not in the queue gives "".
func (s *Service) QueueCursor(ctx context.Context, actor auth.Actor, f QueueFilter, id int64) (string, error) {
	f.After, f.Limit, f.only = "", 1, id
	q, err := s.Queue(ctx, actor, f)
	if err != nil || len(q.Items) == 0 {
		return "", err
	}
	return q.Items[0].Cursor, nil
}

func cursor(rank int, at time.Time, id int64) string {
	return fmt.Sprintf("%d.%d.%d", rank, at.UnixMicro(), id)
}

func parseCursor(c string) (int, time.Time, int64, bool) {
	parts := strings.Split(c, ".")
	if len(parts) != 3 {
		return 0, time.Time{}, 0, false
	}
	rank, err1 := strconv.Atoi(parts[0])
	us, err2 := strconv.ParseInt(parts[1], 10, 64)
	id, err3 := strconv.ParseInt(parts[2], 10, 64)
	if err1 != nil || err2 != nil || err3 != nil || rank < 0 || rank > 4 || id <= 0 {
		return 0, time.Time{}, 0, false
	}
	return rank, time.UnixMicro(us).UTC(), id, true
}

// QueueOption is one choice of the queue's client or worksheet filter.
type QueueOption struct {
	Value string
	Label string
}

// QueueOptions lists the clinician's current clients and the worksheets
// they have assigned, for the queue's "by client" and "by worksheet" filters.
func (s *Service) QueueOptions(ctx context.Context, actor auth.Actor) (clients, worksheets []QueueOption, err error) {
	if actor.Role != auth.RoleClinician {
		return nil, nil, ErrNotFound
	}
	db := s.db.WithContext(ctx)
	if err := db.Raw(`SELECT id::text AS value, tend_client_label(display_name, pronouns, name_to_use) AS label FROM clients
		WHERE clinician_id = ? AND archived_at IS NULL ORDER BY lower(display_name), id LIMIT 1000`, actor.UserID).Scan(&clients).Error; err != nil {
		return nil, nil, fmt.Errorf("queue clients: %w", err)
	}
	if err := db.Raw(`SELECT w.slug AS value, min(wv.title) AS label FROM worksheets w
		JOIN worksheet_versions wv ON wv.worksheet_id = w.id
		WHERE wv.id IN (SELECT DISTINCT a.worksheet_version_id FROM assignments a WHERE a.clinician_id = ? AND a.kind = 'worksheet')
		GROUP BY w.slug ORDER BY 2 LIMIT 500`, actor.UserID).Scan(&worksheets).Error; err != nil {
		return nil, nil, fmt.Errorf("queue worksheets: %w", err)
	}
	return clients, worksheets, nil
}
