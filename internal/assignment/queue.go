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
	counts    bool   // the counts only (QueueCounts)
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
	// The filter, applied inside each branch of the candidates below (so
	// that each branch is one index range), and archived clients left out
	// by the join.
	filter := `a.clinician_id = ? AND a.withdrawn_at IS NULL`
	fargs := []any{actor.UserID}
	if f.ClientID != 0 {
		filter += ` AND a.client_id = ?`
		fargs = append(fargs, f.ClientID)
	}
	if f.Worksheet != "" {
		filter += ` AND a.worksheet_version_id IN (SELECT wv.id FROM worksheet_versions wv JOIN worksheets w ON w.id = wv.worksheet_id WHERE w.slug = ?)`
		fargs = append(fargs, f.Worksheet)
	}
	if f.only != 0 {
		filter += ` AND a.id = ?`
		fargs = append(fargs, f.only)
	}
	// Every row of the queue is work to review, open work, or work with an
	// open urgent flag: three disjoint branches, each read through its own
	// index (assignments_queue_idx, assignments_due_idx, the flags' open
	// urgent index) instead of every assignment the clinician ever gave.
	// A client's assignments carry the client's clinician, so the join on
	// both columns keeps the same rows and reads only this roster.
	cand := `(SELECT a.* FROM assignments a WHERE ` + filter + ` AND ` + qReview + `
		UNION ALL SELECT a.* FROM assignments a WHERE ` + filter + ` AND ` + qOpen + `
		UNION ALL SELECT a.* FROM assignments a WHERE ` + filter + ` AND NOT ` + qReview + ` AND NOT ` + qOpen + `
			AND a.id IN (SELECT f.assignment_id FROM flags f WHERE f.severity = 'urgent' AND f.acknowledged_at IS NULL)) a
		JOIN clients c ON c.id = a.client_id AND c.clinician_id = ? AND c.archived_at IS NULL`
	cargs := append(append(append(append([]any{}, fargs...), fargs...), fargs...), actor.UserID)
	overdue := qOpen + ` AND a.due_on < ?`
	dueWeek := qOpen + ` AND a.due_on >= ? AND a.due_on < ?`
	countsSQL := `SELECT
			count(*) FILTER (WHERE ` + qUrgent + `) AS urgent,
			count(*) FILTER (WHERE ` + qReview + `) AS review,
			count(*) FILTER (WHERE ` + overdue + `) AS overdue,
			count(*) FILTER (WHERE ` + dueWeek + `) AS week
		FROM ` + cand
	countsArgs := append([]any{today, today, week}, cargs...)
	if f.counts {
		if err := s.db.WithContext(ctx).Raw(countsSQL, countsArgs...).Scan(&out.Counts).Error; err != nil {
			return out, fmt.Errorf("queue counts: %w", err)
		}
		return out, nil
	}

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
	inner := `SELECT a.id, ` + rankExpr + ` AS rank, ` + atExpr + ` AS at FROM ` + cand + ` WHERE ` + where
	kargs := append(append([]any{today}, cargs...), wargs...)
	keys := `SELECT id, rank, at FROM (` + inner + `) q`
	if f.After != "" {
		rank, at, id, ok := parseCursor(f.After)
		if !ok {
			return out, &ValidationError{Fields: map[string]string{"after": "That page link is not valid. Start again from the first page."}}
		}
		keys += ` WHERE (rank, at, id) > (?, ?, ?)`
		kargs = append(kargs, rank, at, id)
	}
	keys += ` ORDER BY rank, at, id LIMIT ?`
	kargs = append(kargs, limit+1)
	// One statement for the page and the counts: the page's keys, its rows
	// (with the ownership rule) and the counts beside each row. The counts
	// are MATERIALIZED so that they are made once, not once per row.
	owner, oargs := ownerRule(actor)
	page := `WITH n AS MATERIALIZED (` + countsSQL + `), k AS (` + keys + `)
		SELECT ` + listCols + `, k.rank AS queue_rank, k.at AS queue_at,
			n.urgent AS n_urgent, n.review AS n_review, n.overdue AS n_overdue, n.week AS n_week
		FROM k JOIN assignments a ON a.id = k.id ` + listJoins + ` CROSS JOIN n
		WHERE ` + owner + ` ORDER BY k.rank, k.at, k.id`
	var rows []struct {
		Assignment
		QueueRank                         int
		QueueAt                           time.Time
		NUrgent, NReview, NOverdue, NWeek int
	}
	db := s.db.WithContext(ctx)
	if err := db.Raw(page, append(append(countsArgs, kargs...), oargs...)...).Scan(&rows).Error; err != nil {
		return out, fmt.Errorf("queue page: %w", err)
	}
	if len(rows) == 0 {
		// Nothing on this page: the counts alone (they may still count
		// rows of another filter).
		if err := db.Raw(countsSQL, countsArgs...).Scan(&out.Counts).Error; err != nil {
			return out, fmt.Errorf("queue counts: %w", err)
		}
		return out, nil
	}
	r0 := rows[0]
	out.Counts = QueueCounts{Urgent: r0.NUrgent, Review: r0.NReview, Overdue: r0.NOverdue, Week: r0.NWeek}
	if len(rows) > limit {
		rows = rows[:limit]
		k := rows[limit-1]
		out.Next = cursor(k.QueueRank, k.QueueAt, k.ID)
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
		out.Items = append(out.Items, QueueItem{Assignment: r.Assignment, Rank: r.QueueRank, Cursor: cursor(r.QueueRank, r.QueueAt, r.ID)})
	}
	var err error
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

// QueueCounts counts each filter's rows of the queue (with f's client and
// worksheet filters) in one statement, without a page.
func (s *Service) QueueCounts(ctx context.Context, actor auth.Actor, f QueueFilter) (QueueCounts, error) {
	f.counts, f.After = true, ""
	q, err := s.Queue(ctx, actor, f)
	return q.Counts, err
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
	// One statement for both lists; n keeps each list's own order.
	var rows []struct {
		List         string
		Value, Label string
	}
	if err := s.db.WithContext(ctx).Raw(`SELECT list, value, label FROM (
			(SELECT 'c' AS list, id::text AS value, tend_client_label(display_name, pronouns, name_to_use) AS label,
				row_number() OVER (ORDER BY lower(display_name), id) AS n
			FROM clients WHERE clinician_id = ? AND archived_at IS NULL ORDER BY lower(display_name), id LIMIT 1000)
			UNION ALL
			(SELECT 'w', w.slug, min(wv.title), row_number() OVER (ORDER BY min(wv.title)) FROM worksheets w
			JOIN worksheet_versions wv ON wv.worksheet_id = w.id
			WHERE wv.id IN (SELECT DISTINCT a.worksheet_version_id FROM assignments a WHERE a.clinician_id = ? AND a.kind = 'worksheet')
			GROUP BY w.slug ORDER BY min(wv.title) LIMIT 500)) o
		ORDER BY list, n`, actor.UserID, actor.UserID).Scan(&rows).Error; err != nil {
		return nil, nil, fmt.Errorf("queue options: %w", err)
	}
	for _, r := range rows {
		o := QueueOption{Value: r.Value, Label: r.Label}
		if r.List == "c" {
			clients = append(clients, o)
		} else {
			worksheets = append(worksheets, o)
		}
	}
	return clients, worksheets, nil
}
