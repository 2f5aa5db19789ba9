package client

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/tend-practice/tend/internal/auth"
)

// Roster sorts.
const (
	SortName     = "name"
	SortActivity = "activity"
	SortOpen     = "open"
)

// RosterPageSize is how many clients one page of the list holds.
const RosterPageSize = 50

// RosterFilter is the client list's search, sort, tab and page (all in the URL).
type RosterFilter struct {
	Q        string // part of a name or email; "": everyone
	Sort     string // SortName (default), SortActivity, SortOpen
	Archived bool
	Page     int // from 1
}

// RosterRow is one client with the counts behind their badges.
type RosterRow struct {
	Client
	Urgent  int // unacknowledged urgent flags
	Review  int // submitted worksheets to review
	Due     int // open work due within seven days or overdue
	Open    int // open work
	Overdue int
}

// Roster is one page of the client list.
type Roster struct {
	Rows  []RosterRow
	Total int // clients matching the search in this tab
	More  bool
	// Counts per tab, whatever the search.
	Current, ArchivedCount int
}

// ValidSort reports whether sort names a roster sort.
func ValidSort(sort string) bool {
	switch sort {
	case "", SortName, SortActivity, SortOpen:
		return true
	}
	return false
}

// Roster returns one page of the clinician's clients, searched and sorted,
// with each row's urgent, review and due counts.
func (s *Service) Roster(ctx context.Context, a auth.Actor, f RosterFilter) (Roster, error) {
	var out Roster
	if a.Role != auth.RoleClinician {
		return out, ErrNotFound
	}
	if !ValidSort(f.Sort) {
		return out, &ValidationError{Fields: map[string]string{"sort": "Please choose how to sort."}}
	}
	if f.Page < 1 {
		f.Page = 1
	}
	db := s.db.WithContext(ctx)
	var tabs struct{ Current, ArchivedCount int }
	if err := db.Raw(`SELECT count(*) FILTER (WHERE archived_at IS NULL) AS current,
			count(*) FILTER (WHERE archived_at IS NOT NULL) AS archived_count
		FROM clients WHERE clinician_id = ?`, a.UserID).Scan(&tabs).Error; err != nil {
		return out, fmt.Errorf("roster tabs: %w", err)
	}
	out.Current, out.ArchivedCount = tabs.Current, tabs.ArchivedCount
	where := `c.clinician_id = ? AND c.archived_at IS NULL`
	if f.Archived {
		where = `c.clinician_id = ? AND c.archived_at IS NOT NULL`
	}
	args := []any{a.UserID}
	if q := strings.TrimSpace(f.Q); q != "" {
		like := "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(strings.ToLower(q)) + "%"
		where += ` AND (lower(c.display_name) LIKE ? OR lower(c.name_to_use) LIKE ? OR lower(c.email) LIKE ?)`
		args = append(args, like, like, like)
	}
	if err := db.Raw(`SELECT count(*) FROM clients c WHERE `+where, args...).Scan(&out.Total).Error; err != nil {
		return out, fmt.Errorf("roster count: %w", err)
	}
	order := `lower(c.display_name), c.id`
	switch f.Sort {
	case SortActivity:
		order = `c.last_activity_at DESC NULLS LAST, lower(c.display_name), c.id`
	case SortOpen:
		order = `open DESC, lower(c.display_name), c.id`
	}
	today := s.now().UTC().Truncate(24 * time.Hour)
	err := db.Raw(`SELECT c.*, (c.user_id IS NULL AND EXISTS (SELECT 1 FROM invites i WHERE i.client_id = c.id
			AND i.used_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now())) AS invite_pending,
			w.urgent, w.review, w.due, w.open, w.overdue
		FROM clients c
		CROSS JOIN LATERAL (SELECT
			count(*) FILTER (WHERE EXISTS (SELECT 1 FROM flags f WHERE f.assignment_id = a.id AND f.severity = 'urgent' AND f.acknowledged_at IS NULL)) AS urgent,
			count(*) FILTER (WHERE a.status = 'submitted' AND a.kind = 'worksheet') AS review,
			count(*) FILTER (WHERE a.status IN ('assigned', 'in_progress') AND a.due_on < ?) AS due,
			count(*) FILTER (WHERE a.status IN ('assigned', 'in_progress')) AS open,
			count(*) FILTER (WHERE a.status IN ('assigned', 'in_progress') AND a.due_on < ?) AS overdue
			FROM assignments a WHERE a.client_id = c.id AND a.clinician_id = c.clinician_id AND a.withdrawn_at IS NULL) w
		WHERE `+where+` ORDER BY `+order+` LIMIT ? OFFSET ?`,
		append(append([]any{today.AddDate(0, 0, 7), today}, args...), RosterPageSize+1, (f.Page-1)*RosterPageSize)...).Scan(&out.Rows).Error
	if err != nil {
		return out, fmt.Errorf("roster: %w", err)
	}
	if len(out.Rows) > RosterPageSize {
		out.Rows, out.More = out.Rows[:RosterPageSize], true
	}
	return out, nil
}
