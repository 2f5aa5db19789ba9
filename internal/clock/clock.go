// Package clock is the one clock a Tend process passes to its services.
// Production uses the wall clock; tests pass their own function; the demo
// clock (TEND_DEMO=true with TEND_DEMO_CLOCK=true only) can be moved forward
// so a browser journey sees next week's homework today.
package clock

import (
	"sync"
	"time"
)

// Offset is a clock running at a fixed distance ahead of another.
type Offset struct {
	base  func() time.Time
	mu    sync.Mutex
	ahead time.Duration
}

// NewOffset returns a clock that starts at base.
func NewOffset(base func() time.Time) *Offset {
	if base == nil {
		base = time.Now
	}
	return &Offset{base: base}
}

// Now is the moved time.
func (o *Offset) Now() time.Time {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.base().Add(o.ahead)
}

// Advance moves the clock forward by d (at most a year at a time; never back).
func (o *Offset) Advance(d time.Duration) {
	if d <= 0 || d > 366*24*time.Hour {
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.ahead += d
}

// Ahead says how far the clock has been moved.
func (o *Offset) Ahead() time.Duration {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.ahead
}
