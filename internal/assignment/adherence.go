package assignment

import (
	"context"
	"fmt"
	"time"

	"github.com/tend-practice/tend/internal/auth"
)

// Adherence is how much of what fell due in the last eight weeks a client
// did by its due date.
type Adherence struct {
	ClientID   int64
	ClientName string
	Due        int // work due in the window
	OnTime     int // done by the end of its due date
	Late       int // done, but after
	Missed     int // marked missed (a weekly copy)
}

// Percent is OnTime of Due, rounded down; -1 when nothing fell due.
func (a Adherence) Percent() int {
	if a.Due == 0 {
		return -1
	}
	return a.OnTime * 100 / a.Due
}

// AdherenceWindow is how far back adherence looks.
const AdherenceWindow = 8 * 7 * 24 * time.Hour

const adherenceSQL = `SELECT a.client_id, tend_client_label(c.display_name, c.pronouns, c.name_to_use) AS client_name, count(*) AS due,
		count(*) FILTER (WHERE a.submitted_at IS NOT NULL AND a.submitted_at::date <= a.due_on) AS on_time,
		count(*) FILTER (WHERE a.submitted_at IS NOT NULL AND a.submitted_at::date > a.due_on) AS late,
		count(*) FILTER (WHERE a.status = 'missed') AS missed
	FROM assignments a JOIN clients c ON c.id = a.client_id
	WHERE a.clinician_id = ? AND a.due_on >= ? AND a.due_on < ? AND c.archived_at IS NULL AND a.withdrawn_at IS NULL`

// AdherenceFor is one client's adherence (the clinician's own client).
func (s *Service) AdherenceFor(ctx context.Context, actor auth.Actor, clientID int64) (Adherence, error) {
	if actor.Role != auth.RoleClinician {
		return Adherence{}, ErrNotFound
	}
	from, to := s.adherenceWindow()
	var out []Adherence
	if err := s.db.WithContext(ctx).Raw(adherenceSQL+` AND a.client_id = ? GROUP BY a.client_id, c.display_name, c.pronouns, c.name_to_use`,
		actor.UserID, from, to, clientID).Scan(&out).Error; err != nil {
		return Adherence{}, fmt.Errorf("adherence: %w", err)
	}
	if len(out) == 0 {
		return Adherence{ClientID: clientID}, nil
	}
	return out[0], nil
}

// AdherenceAll is every current client's adherence, for the dashboard.
func (s *Service) AdherenceAll(ctx context.Context, actor auth.Actor) ([]Adherence, error) {
	if actor.Role != auth.RoleClinician {
		return nil, ErrNotFound
	}
	from, to := s.adherenceWindow()
	var out []Adherence
	if err := s.db.WithContext(ctx).Raw(adherenceSQL+` GROUP BY a.client_id, c.display_name, c.pronouns, c.name_to_use ORDER BY c.display_name, a.client_id LIMIT 500`,
		actor.UserID, from, to).Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("adherence: %w", err)
	}
	return out, nil
}

func (s *Service) adherenceWindow() (time.Time, time.Time) {
	today := dateOf(s.now())
	return today.Add(-AdherenceWindow), today
}

// DueThisWeek lists the clinician's open work due in the next seven days
// (today included), across all their clients.
func (s *Service) DueThisWeek(ctx context.Context, actor auth.Actor) ([]Assignment, error) {
	if actor.Role != auth.RoleClinician {
		return nil, ErrNotFound
	}
	today := dateOf(s.now())
	var out []Assignment
	err := s.base(ctx, actor).Where("a.status IN ('assigned', 'in_progress') AND a.due_on >= ? AND a.due_on < ? AND c.archived_at IS NULL AND a.withdrawn_at IS NULL",
		today, today.AddDate(0, 0, 7)).Order("a.due_on, a.id").Limit(100).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("due this week: %w", err)
	}
	return out, nil
}
