// Package ratelimit counts attempts per key in fixed windows stored in
// PostgreSQL, so every app instance shares the same counters.
package ratelimit

import (
	"context"
	"fmt"
	"net/netip"
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

// Source is the key part for a client address: an IPv4 address as it is,
// an IPv6 address by its /64, the block one subscriber gets, so that one
// network cannot sidestep a limit by walking its own addresses.
func Source(ip string) string {
	addr, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	addr = addr.Unmap()
	if addr.Is4() {
		return addr.String()
	}
	p, err := addr.WithZone("").Prefix(64)
	if err != nil {
		return ip
	}
	return p.String()
}

// StaleAfter is the age beyond which a counter row is deleted by Purge: far
// longer than any window in use, so a purge never resets a live window.
const StaleAfter = 24 * time.Hour

// Purge deletes counter rows whose window started more than StaleAfter ago
// and returns how many. Without it the table keeps one row for every
// address that ever signed in.
func Purge(ctx context.Context, db *gorm.DB) (int64, error) {
	res := db.WithContext(ctx).Exec(`DELETE FROM rate_limits WHERE window_start < now() - make_interval(secs => ?)`, StaleAfter.Seconds())
	if res.Error != nil {
		return 0, fmt.Errorf("purge rate limits: %w", res.Error)
	}
	return res.RowsAffected, nil
}
