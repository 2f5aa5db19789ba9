package auth

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

// Finding 14: with every slot taken and the queue full, a hash answers
// ErrBusy at once instead of waiting its turn; queued ones still run.
func TestHasher_QueueFull_ErrBusyWithoutWaiting(t *testing.T) {
	h := NewHasher(1)
	ctx := context.Background()
	if err := h.acquire(ctx); err != nil { // the one slot, held by the test
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, h.maxQueue)
	for i := int64(0); i < h.maxQueue; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := h.Hash(ctx, "a long enough password")
			errs <- err
		}()
	}
	deadline := time.Now().Add(10 * time.Second)
	for h.queued.Load() < h.maxQueue {
		if time.Now().After(deadline) {
			t.Fatalf("queue reached %d of %d", h.queued.Load(), h.maxQueue)
		}
		time.Sleep(time.Millisecond)
	}
	before := h.Derivations()
	if _, err := h.Verify(ctx, "x", "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U"); !errors.Is(err, ErrBusy) {
		t.Fatalf("verify with a full queue: %v, want ErrBusy", err)
	}
	if _, err := h.Hash(ctx, "another password"); !errors.Is(err, ErrBusy) {
		t.Fatalf("hash with a full queue: %v, want ErrBusy", err)
	}
	if h.Derivations() != before {
		t.Fatal("a refused hash still ran argon2")
	}
	h.release()
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("a queued hash failed: %v", err)
		}
	}
	if got := h.Derivations(); got != before+h.maxQueue {
		t.Fatalf("%d derivations after the queue drained, want %d", got, before+h.maxQueue)
	}
}
