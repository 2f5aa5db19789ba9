// Package ratelimit counts attempts per key in fixed windows stored in
// PostgreSQL, so every app instance shares the same counters.
package ratelimit

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Limiter allows Max hits per Window for each key.
type Limiter struct {
	db     *gorm.DB
	Max    int
	Window time.Duration
}

// New returns a limiter.
func New(db *gorm.DB, max int, window time.Duration) *Limiter {
	return &Limiter{db: db, Max: max, Window: window}
}

// Allow records a hit for key and reports whether it is within the limit.
func (l *Limiter) Allow(ctx context.Context, key string) (bool, error) {
	var hits int
	// One statement: start a new window when the old one has passed,
	// otherwise count up. Atomic under concurrency.
	err := l.db.WithContext(ctx).Raw(`
		INSERT INTO rate_limits (key, window_start, hits) VALUES (?, now(), 1)
		ON CONFLICT (key) DO UPDATE SET
			hits = CASE WHEN rate_limits.window_start < now() - make_interval(secs => ?) THEN 1 ELSE rate_limits.hits + 1 END,
			window_start = CASE WHEN rate_limits.window_start < now() - make_interval(secs => ?) THEN now() ELSE rate_limits.window_start END
		RETURNING hits`, key, l.Window.Seconds(), l.Window.Seconds()).Scan(&hits).Error
	if err != nil {
		return false, fmt.Errorf("rate limit %s: %w", key, err)
	}
	return hits <= l.Max, nil
}
