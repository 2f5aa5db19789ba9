package handout

import (
	"context"
	"errors"
	"runtime"
	"sync/atomic"
	"time"
)

// ErrBusy means every render slot stayed taken for the whole wait.
var ErrBusy = errors.New("handout: too many handouts are being printed at once")

// Limit bounds how many handouts render at once. A long handout holds
// megabytes while it is laid out and keeps a core busy, so unbounded
// concurrent prints grow memory with the number in flight and starve every
// other page (finding 7: 100 concurrent 156-page prints took 800 MB and
// slowed the dashboard to seconds). Beyond the slots a request waits a
// little, then is refused with ErrBusy. Safe for concurrent use.
type Limit struct {
	slots chan struct{}
	wait  time.Duration

	inFlight, waiting, peak atomic.Int64
	// OnStart, if set, runs inside a slot just before the render. Tests
	// hold renders in flight with it, to count them; nil in production.
	OnStart func()
}

// maxDefaultSlots caps the default on large machines: each long render in
// flight holds some 10 to 40 MiB (measured with tendbench: 90 MiB peak with
// one slot, 122 MiB with four, under 100 prints at once), so 8 keeps the
// server well under its 300 MiB budget however many cores it has.
const maxDefaultSlots = 8

// DefaultSlots is the number of renders at once for this machine: half the
// CPUs Go may use, at least one and at most maxDefaultSlots, so that
// rendering never takes every core from the pages people are waiting for.
func DefaultSlots() int { return min(maxDefaultSlots, max(1, runtime.GOMAXPROCS(0)/2)) }

// NewLimit allows n renders at once (n < 1 means DefaultSlots) and lets a
// request wait up to wait for a slot.
func NewLimit(n int, wait time.Duration) *Limit {
	if n < 1 {
		n = DefaultSlots()
	}
	return &Limit{slots: make(chan struct{}, n), wait: wait}
}

// Acquire takes a render slot, waiting up to the limit's wait (or until ctx
// ends). The caller must call release once the render is done.
func (l *Limit) Acquire(ctx context.Context) (release func(), err error) {
	select {
	case l.slots <- struct{}{}:
	default:
		l.waiting.Add(1)
		err = l.waitForSlot(ctx)
		l.waiting.Add(-1)
		if err != nil {
			return nil, err
		}
	}
	n := l.inFlight.Add(1)
	for p := l.peak.Load(); n > p && !l.peak.CompareAndSwap(p, n); p = l.peak.Load() {
	}
	if l.OnStart != nil {
		l.OnStart()
	}
	return func() {
		l.inFlight.Add(-1)
		<-l.slots
	}, nil
}

func (l *Limit) waitForSlot(ctx context.Context) error {
	if l.wait <= 0 {
		return ErrBusy
	}
	t := time.NewTimer(l.wait)
	defer t.Stop()
	select {
	case l.slots <- struct{}{}:
		return nil
	case <-t.C:
		return ErrBusy
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Slots is how many renders may run at once.
func (l *Limit) Slots() int { return cap(l.slots) }

// InFlight is how many renders hold a slot now.
func (l *Limit) InFlight() int { return int(l.inFlight.Load()) }

// Waiting is how many requests wait for a slot now.
func (l *Limit) Waiting() int { return int(l.waiting.Load()) }

// Peak is the most renders that have held slots at the same time.
func (l *Limit) Peak() int { return int(l.peak.Load()) }
