package jobs_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/database"
	"github.com/tend-practice/tend/internal/database/dbtest"
	"github.com/tend-practice/tend/internal/jobs"
)

type fastRetry struct{}

func (fastRetry) NextRetry(*rivertype.JobRow) time.Time { return time.Now().Add(50 * time.Millisecond) }

type inbox struct {
	mu     sync.Mutex
	got    []string
	refuse atomic.Bool
}

func (b *inbox) send(_ context.Context, to, subject, _ string) error {
	if b.refuse.Load() {
		return errors.New("550 try later")
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.got = append(b.got, to+"|"+subject)
	return nil
}

func (b *inbox) count() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.got)
}

func newQueue(t *testing.T, db *database.DB, box *inbox) *jobs.Queue {
	t.Helper()
	w := river.NewWorkers()
	river.AddWorker(w, &jobs.MailWorker{Send: box.send})
	q, err := jobs.New(db.Pool, jobs.Options{Work: true, Workers: w, RetryPolicy: fastRetry{}, FetchPollInterval: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = q.Stop(ctx)
	})
	return q
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestEnqueue_RolledBackTransactionEnqueuesNothing(t *testing.T) {
	db := dbtest.New(t)
	ctx := context.Background()
	q, err := jobs.New(db.Pool, jobs.Options{})
	if err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err = database.WithTx(ctx, db.Gorm, func(tx *gorm.DB) error {
		if err := tx.Exec(`INSERT INTO practice_settings (id) VALUES (1) ON CONFLICT (id) DO UPDATE SET time_zone = 'Europe/Athens'`).Error; err != nil {
			return err
		}
		if _, err := q.Enqueue(ctx, tx, jobs.MailArgs{Key: "k1", To: "a@example.test", Subject: "s"}, nil); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	var n int64
	db.Gorm.Raw(`SELECT count(*) FROM river_job`).Scan(&n)
	var zone string
	db.Gorm.Raw(`SELECT time_zone FROM practice_settings`).Scan(&zone)
	if n != 0 || zone != "UTC" {
		t.Fatalf("after rollback: %d jobs, zone %q; want 0 jobs and the change undone", n, zone)
	}

	err = database.WithTx(ctx, db.Gorm, func(tx *gorm.DB) error {
		_, err := q.Enqueue(ctx, tx, jobs.MailArgs{Key: "k1", To: "a@example.test", Subject: "s"}, nil)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	db.Gorm.Raw(`SELECT count(*) FROM river_job`).Scan(&n)
	if n != 1 {
		t.Fatalf("after commit: %d jobs, want 1", n)
	}
}

func TestEnqueue_OutsideTransactionRefused(t *testing.T) {
	db := dbtest.New(t)
	q, err := jobs.New(db.Pool, jobs.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := q.Enqueue(context.Background(), db.Gorm, jobs.MailArgs{Key: "x"}, nil); !errors.Is(err, jobs.ErrNoTx) {
		t.Fatalf("err = %v, want ErrNoTx", err)
	}
}

func TestMail_UniqueKeySentOnce(t *testing.T) {
	db := dbtest.New(t)
	ctx := context.Background()
	box := &inbox{}
	q := newQueue(t, db, box)
	for i := 0; i < 3; i++ {
		err := database.WithTx(ctx, db.Gorm, func(tx *gorm.DB) error {
			_, err := q.Enqueue(ctx, tx, jobs.MailArgs{Key: "same", To: "a@example.test", Subject: "s"}, nil)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, "one mail", func() bool { return box.count() == 1 })
	time.Sleep(300 * time.Millisecond)
	if box.count() != 1 {
		t.Fatalf("sent %d, want 1", box.count())
	}
}

func TestMail_RefusedForAWhile_EveryMessageArrives(t *testing.T) {
	db := dbtest.New(t)
	ctx := context.Background()
	box := &inbox{}
	box.refuse.Store(true)
	q := newQueue(t, db, box)
	for _, k := range []string{"a", "b", "c"} {
		err := database.WithTx(ctx, db.Gorm, func(tx *gorm.DB) error {
			_, err := q.Enqueue(ctx, tx, jobs.MailArgs{Key: k, To: k + "@example.test", Subject: "s"}, nil)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, "retries", func() bool {
		var n int64
		db.Gorm.Raw(`SELECT count(*) FROM river_job WHERE attempt >= 2`).Scan(&n)
		return n == 3
	})
	box.refuse.Store(false)
	waitFor(t, "three mails", func() bool { return box.count() == 3 })
	time.Sleep(300 * time.Millisecond)
	if box.count() != 3 {
		t.Fatalf("sent %d, want 3", box.count())
	}
}
