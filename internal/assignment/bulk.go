package assignment

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/database"
)

// MaxBulkClients bounds one "Assign to several clients".
const MaxBulkClients = 100

// AssignToClients gives the same work (same due date and note) to several
// of the clinician's clients in one transaction: all or nothing. An archived
// client fails the whole batch with a message naming them; a client who is
// not the clinician's is ErrNotFound, like a missing one.
func (s *Service) AssignToClients(ctx context.Context, actor auth.Actor, clientIDs []int64, item New) (map[int64][]int64, error) {
	if actor.Role != auth.RoleClinician {
		return nil, ErrNotFound
	}
	ids := slices.Clone(clientIDs)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	if len(ids) == 0 {
		return nil, &ValidationError{Fields: map[string]string{"client_id": "Please choose at least one client."}}
	}
	if len(ids) > MaxBulkClients {
		return nil, &ValidationError{Fields: map[string]string{"client_id": fmt.Sprintf("Please choose at most %d clients at once.", MaxBulkClients)}}
	}
	var found []struct {
		ID          int64
		DisplayName string
		ArchivedAt  *time.Time
	}
	if err := s.db.WithContext(ctx).Raw(`SELECT id, display_name, archived_at FROM clients WHERE clinician_id = ? AND id IN ? ORDER BY lower(display_name), id`,
		actor.UserID, ids).Scan(&found).Error; err != nil {
		return nil, fmt.Errorf("find clients: %w", err)
	}
	if len(found) != len(ids) {
		return nil, ErrNotFound
	}
	var archived []string
	for _, c := range found {
		if c.ArchivedAt != nil {
			archived = append(archived, c.DisplayName)
		}
	}
	if len(archived) > 0 {
		return nil, &ValidationError{Fields: map[string]string{"client_id": strings.Join(archived, ", ") +
			" " + map[bool]string{true: "is", false: "are"}[len(archived) == 1] + " archived. Restore them or leave them out. Nothing was assigned."}}
	}
	// Every client is checked (prepare) before anything is written.
	rows := make(map[int64][]prepared, len(found))
	for _, c := range found {
		r, err := s.prepare(ctx, actor, c.ID, []New{item})
		if err != nil {
			return nil, err
		}
		rows[c.ID] = r
	}
	out := map[int64][]int64{}
	err := database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		for _, c := range found {
			got, err := s.insert(ctx, tx, actor, c.ID, rows[c.ID])
			if err != nil {
				return err
			}
			out[c.ID] = got
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, c := range found {
		s.notifyClient(ctx, c.ID)
	}
	return out, nil
}
