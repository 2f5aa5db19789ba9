package assignment

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/worksheet"
)

// Dashboard is what a clinician sees first: what needs them, most urgent first.
type Dashboard struct {
	// Urgent holds work with an urgent flag nobody has acknowledged yet,
	// whatever its status: it stays until a clinician acknowledges it.
	Urgent      []Assignment
	UrgentCount int
	// FlagsByID are the flags to show on each Urgent and Flagged card.
	FlagsByID map[int64][]RaisedFlag
	// Flagged ("Discuss") is flagged work awaiting review without an open
	// urgent flag; FlaggedCount counts every flagged submission.
	FlaggedCount  int
	AwaitingCount int
	OverdueCount  int
	ClientCount   int
	Flagged       []Assignment
	Awaiting      []Assignment
	Overdue       []Assignment
	Recent        []Assignment
	Clients       []ClientActivity
	ClientsPage   int
	MoreClients   bool
}

// ClientActivity is a roster line on the dashboard.
type ClientActivity struct {
	ID             int64
	DisplayName    string
	LastActivityAt *time.Time
	Open           int
	HasAccount     bool
}

const dashboardListLimit = 20
const dashboardClientsPerPage = 50

// Dashboard gathers the clinician's dashboard in a handful of indexed
// queries, whatever the size of the practice: each list is limited, and the
// counts use the partial indexes on status.
func (s *Service) Dashboard(ctx context.Context, actor auth.Actor, clientsPage int) (Dashboard, error) {
	var d Dashboard
	if actor.Role != auth.RoleClinician {
		return d, ErrNotFound
	}
	if clientsPage < 1 {
		clientsPage = 1
	}
	d.ClientsPage = clientsPage
	today := s.now().UTC().Truncate(24 * time.Hour)
	db := s.db.WithContext(ctx)
	var counts struct {
		Flagged, Awaiting, Overdue int
	}
	err := db.Raw(`SELECT
			count(*) FILTER (WHERE a.status = 'submitted' AND a.kind = 'worksheet' AND a.flagged) AS flagged,
			count(*) FILTER (WHERE a.status = 'submitted' AND a.kind = 'worksheet' AND NOT a.flagged) AS awaiting,
			count(*) FILTER (WHERE a.status IN ('assigned', 'in_progress') AND a.due_on < ?) AS overdue
		FROM assignments a
		WHERE a.clinician_id = ?
		  AND a.client_id IN (SELECT c.id FROM clients c WHERE c.clinician_id = ? AND c.archived_at IS NULL)
		  AND ((a.status = 'submitted' AND a.kind = 'worksheet') OR a.status IN ('assigned', 'in_progress'))`,
		today, actor.UserID, actor.UserID).Scan(&counts).Error
	if err != nil {
		return d, fmt.Errorf("dashboard counts: %w", err)
	}
	d.FlaggedCount, d.AwaitingCount, d.OverdueCount = counts.Flagged, counts.Awaiting, counts.Overdue
	active := "c.archived_at IS NULL"
	// Work with an urgent flag nobody has acknowledged: usually none, so
	// the lists below keep their usual statements (and plans) unless there
	// is some.
	var urgentIDs []int64
	if err := db.Raw(`SELECT DISTINCT f.assignment_id FROM flags f
		JOIN assignments a ON a.id = f.assignment_id JOIN clients c ON c.id = a.client_id AND c.archived_at IS NULL
		WHERE a.clinician_id = ? AND f.severity = 'urgent' AND f.acknowledged_at IS NULL`, actor.UserID).Scan(&urgentIDs).Error; err != nil {
		return d, fmt.Errorf("dashboard urgent: %w", err)
	}
	d.UrgentCount = len(urgentIDs)
	flaggedWhere, flaggedArgs := "a.status = 'submitted' AND a.kind = 'worksheet' AND a.flagged", []any(nil)
	if len(urgentIDs) > 0 {
		q := s.base(ctx, actor).Where(active).Where("a.id IN ?", urgentIDs)
		if err := q.Order("a.submitted_at DESC").Limit(dashboardListLimit).Scan(&d.Urgent).Error; err != nil {
			return d, fmt.Errorf("dashboard urgent list: %w", err)
		}
		flaggedWhere, flaggedArgs = flaggedWhere+" AND a.id NOT IN ?", []any{urgentIDs}
	}
	lists := []struct {
		dst   *[]Assignment
		where string
		args  []any
		order string
	}{
		{&d.Flagged, flaggedWhere, flaggedArgs, "a.submitted_at DESC"},
		{&d.Awaiting, "a.status = 'submitted' AND a.kind = 'worksheet' AND NOT a.flagged", nil, "a.submitted_at DESC"},
		// Overdue and recent work are the first rows of a date order, cut at
		// today and at two weeks ago below: the same rows as a date condition
		// in SQL, whose parameter would keep PostgreSQL from reusing the
		// statement's plan (docs/performance.md).
		{&d.Overdue, "a.status IN ('assigned', 'in_progress') AND a.due_on IS NOT NULL", nil, "a.due_on"},
		{&d.Recent, "TRUE", nil, "a.updated_at DESC"},
	}
	for _, l := range lists {
		q := s.base(ctx, actor).Where(active).Where(l.where, l.args...)
		if err := q.Order(l.order).Limit(dashboardListLimit).Scan(l.dst).Error; err != nil {
			return d, fmt.Errorf("dashboard list: %w", err)
		}
	}
	var ids []int64
	for _, a := range append(append([]Assignment{}, d.Urgent...), d.Flagged...) {
		ids = append(ids, a.ID)
	}
	if d.FlagsByID, err = s.flagsOf(ctx, ids); err != nil {
		return d, err
	}
	for i, a := range d.Overdue {
		if !a.DueOn.Before(today) {
			d.Overdue = d.Overdue[:i]
			break
		}
	}
	for i, a := range d.Recent {
		if !a.UpdatedAt.After(today.AddDate(0, 0, -14)) {
			d.Recent = d.Recent[:i]
			break
		}
	}
	if err := db.Raw(`SELECT count(*) FROM clients WHERE clinician_id = ? AND archived_at IS NULL`, actor.UserID).
		Scan(&d.ClientCount).Error; err != nil {
		return d, fmt.Errorf("count clients: %w", err)
	}
	err = db.Raw(`SELECT c.id, tend_client_label(c.display_name, c.pronouns, c.name_to_use) AS display_name, c.last_activity_at, c.user_id IS NOT NULL AS has_account,
			(SELECT count(*) FROM assignments a WHERE a.client_id = c.id AND a.status IN ('assigned', 'in_progress')) AS open
		FROM clients c WHERE c.clinician_id = ? AND c.archived_at IS NULL
		ORDER BY c.last_activity_at DESC NULLS LAST, c.id LIMIT ? OFFSET ?`,
		actor.UserID, dashboardClientsPerPage+1, (clientsPage-1)*dashboardClientsPerPage).Scan(&d.Clients).Error
	if err != nil {
		return d, fmt.Errorf("dashboard clients: %w", err)
	}
	if len(d.Clients) > dashboardClientsPerPage {
		d.Clients, d.MoreClients = d.Clients[:dashboardClientsPerPage], true
	}
	return d, nil
}

// Series is one scale question's answers over time, for a chart.
type Series struct {
	Worksheet string
	FieldID   string
	Label     string
	Min, Max  int
	MinLabel  string
	MaxLabel  string
	// Thresholds are the worksheet's gte/lte flag rules on this question
	// (of the newest version answered), most pressing first.
	Thresholds []Threshold
	// Better is "higher", "lower" or "" (unknown), derived from Thresholds:
	// a flag at or above a value means lower is better, at or below higher.
	Better string
	// DateLabel is the question whose answer dates the points ("" when
	// every point is dated by its submission).
	DateLabel string
	Points    []Point
}

// Threshold is one flag rule's line on a chart.
type Threshold struct {
	Op       string // worksheet.OpGTE or worksheet.OpLTE
	Value    int
	Severity string
}

// Point is one submitted answer. At is the date the client gave for it when
// the worksheet asks for one (its first date question), else the moment it
// was submitted; ClientDated says which.
type Point struct {
	At          time.Time
	Value       int
	ClientDated bool
	Flagged     bool
}

// Series returns every scale field's submitted answers over time for one
// client (a clinician's client, or the client themself), oldest first.
func (s *Service) Series(ctx context.Context, actor auth.Actor, clientID int64) ([]Series, error) {
	if actor.Role == auth.RoleClient {
		clientID = actor.ClientID
	}
	var rows []struct {
		AssignmentID  int64
		VersionID     int64
		Title         string
		Slug          string
		SchemaJSON    []byte
		Answers       []byte
		AnswersSealed []byte
		SubmittedAt   time.Time
	}
	q := s.db.WithContext(ctx).Table("assignments a").
		// Each version's schema is sent once, with its first answer, not
		// with every one (16 answers of one worksheet carried 16 copies).
		Select(`a.id AS assignment_id, wv.id AS version_id, wv.title, w.slug,
			CASE WHEN row_number() OVER (PARTITION BY wv.id ORDER BY r.submitted_at, a.id) = 1 THEN wv.schema END AS schema_json,
			r.answers, r.answers_sealed, r.submitted_at`).
		Joins("JOIN responses r ON r.assignment_id = a.id AND r.state = 'submitted'").
		Joins("JOIN worksheet_versions wv ON wv.id = a.worksheet_version_id").
		Joins("JOIN worksheets w ON w.id = wv.worksheet_id").
		Where("a.client_id = ?", clientID)
	if err := owned(q, actor).Order("r.submitted_at, a.id").Limit(2000).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("scale series: %w", err)
	}
	if actor.Role != auth.RoleClient && len(rows) > 0 {
		// Charts are answers too: reading them is reading reflections.
		s.audit.Record(ctx, actor, audit.ReflectionRead, "client", clientID, clientID, "scales")
	}
	// Series appear in the order their questions are asked.
	byKey := map[string]*Series{}
	var keys []string
	schemas := map[int64]worksheet.Schema{}
	for _, r := range rows {
		sc, ok := schemas[r.VersionID]
		if !ok {
			if err := json.Unmarshal(r.SchemaJSON, &sc); err != nil {
				return nil, fmt.Errorf("decode schema: %w", err)
			}
			schemas[r.VersionID] = sc
		}
		ans, err := s.openAnswers(r.AssignmentID, r.AnswersSealed, r.Answers)
		if err != nil {
			return nil, err
		}
		scales := worksheet.Scales(sc, ans)
		at, dateLabel, dated := pointDate(sc, ans, r.SubmittedAt)
		for _, f := range sc.Fields() {
			v, ok := scales[f.ID]
			if !ok {
				continue
			}
			id := f.ID
			key := r.Slug + "/" + id
			se, ok := byKey[key]
			if !ok {
				se = &Series{Worksheet: r.Title, FieldID: id, Label: f.Label, MinLabel: f.MinLabel, MaxLabel: f.MaxLabel}
				if f.Min != nil && f.Max != nil {
					se.Min, se.Max = *f.Min, *f.Max
				}
				byKey[key] = se
				keys = append(keys, key)
			}
			// Rows come oldest first, so the newest version's rules win.
			se.Thresholds, se.Better = thresholds(sc, id)
			if dated {
				se.DateLabel = dateLabel
			}
			se.Points = append(se.Points, Point{At: at, Value: v, ClientDated: dated, Flagged: meets(se.Thresholds, v)})
		}
	}
	out := make([]Series, 0, len(keys))
	for _, k := range keys {
		se := *byKey[k]
		// Points are drawn by the date they are about, which need not be
		// the order they were submitted in.
		sort.SliceStable(se.Points, func(i, j int) bool { return se.Points[i].At.Before(se.Points[j].At) })
		out = append(out, se)
	}
	return out, nil
}

// pointDate dates an answer: the rule is the worksheet's FIRST date
// question (in the order asked), when the client answered it with a valid
// date; otherwise the submission moment. It returns the date, the
// question's label and whether the client's date was used.
func pointDate(sc worksheet.Schema, ans worksheet.Answers, submitted time.Time) (time.Time, string, bool) {
	for _, f := range sc.Fields() {
		if f.Type != worksheet.Date {
			continue
		}
		d, err := time.Parse(worksheet.DateLayout, ans.Text(f.ID))
		if err != nil {
			return submitted, "", false
		}
		// Noon UTC keeps the calendar day in any viewer's zone.
		return d.Add(12 * time.Hour), f.Label, true
	}
	return submitted, "", false
}

// thresholds returns the gte/lte flag rules on one field, most pressing
// first, and the direction of "better" they imply ("" when there are none
// or they disagree).
func thresholds(sc worksheet.Schema, fieldID string) ([]Threshold, string) {
	var out []Threshold
	gte, lte := false, false
	for _, r := range sc.FlagRules {
		if r.Field != fieldID || (r.Op != worksheet.OpGTE && r.Op != worksheet.OpLTE) {
			continue
		}
		var v int
		if err := json.Unmarshal(r.Value, &v); err != nil {
			continue
		}
		out = append(out, Threshold{Op: r.Op, Value: v, Severity: r.Level()})
		if r.Op == worksheet.OpGTE {
			gte = true
		} else {
			lte = true
		}
	}
	rank := map[string]int{worksheet.SeverityUrgent: 0, worksheet.SeverityDiscuss: 1, worksheet.SeverityNote: 2}
	sort.SliceStable(out, func(i, j int) bool { return rank[out[i].Severity] < rank[out[j].Severity] })
	switch {
	case gte && !lte:
		return out, "lower"
	case lte && !gte:
		return out, "higher"
	}
	return out, ""
}

// meets reports whether v crosses any threshold.
func meets(ts []Threshold, v int) bool {
	for _, t := range ts {
		if (t.Op == worksheet.OpGTE && v >= t.Value) || (t.Op == worksheet.OpLTE && v <= t.Value) {
			return true
		}
	}
	return false
}
