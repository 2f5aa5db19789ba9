package assignment

import (
	"context"
	"fmt"
	"time"

	"github.com/tend-practice/tend/internal/auth"
)

// ViewerZone is the time zone a person's pages show times in: their own
// (users.time_zone), else the practice's (practice_settings.time_zone),
// else UTC. Times are stored in UTC.
func (s *Service) ViewerZone(ctx context.Context, actor auth.Actor) (*time.Location, error) {
	var z struct{ Own, Practice string }
	err := s.db.WithContext(ctx).Raw(`SELECT COALESCE((SELECT time_zone FROM users WHERE id = ?), '') AS own,
		COALESCE((SELECT time_zone FROM practice_settings WHERE id = 1), '') AS practice`, actor.UserID).Scan(&z).Error
	if err != nil {
		return time.UTC, fmt.Errorf("viewer zone: %w", err)
	}
	for _, n := range []string{z.Own, z.Practice} {
		if n == "" {
			continue
		}
		if loc, err := time.LoadLocation(n); err == nil {
			return loc, nil
		}
	}
	return time.UTC, nil
}
