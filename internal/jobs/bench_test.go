package jobs_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/database"
	"github.com/tend-practice/tend/internal/database/dbtest"
	"github.com/tend-practice/tend/internal/jobs"
)

// BenchmarkQueue_MailJobs measures how many mail jobs per second the queue
// inserts (one transaction per job, as a reminder is queued) and works (a
// sender that does nothing, so this is the queue's own cost: fetch, run,
// complete) on this machine's PostgreSQL.
//
//	go test -run '^$' -bench Queue -benchtime 2000x ./internal/jobs/
func BenchmarkQueue_MailJobs(b *testing.B) {
	db := dbtest.New(b)
	ctx := context.Background()
	var sent atomic.Int64
	w := river.NewWorkers()
	river.AddWorker(w, &jobs.MailWorker{Send: func(context.Context, string, string, string) error { sent.Add(1); return nil }})
	q, err := jobs.New(db.Pool, jobs.Options{Work: true, Workers: w, MaxWorkers: 8, FetchPollInterval: 20 * time.Millisecond})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		err := database.WithTx(ctx, db.Gorm, func(tx *gorm.DB) error {
			_, err := q.Enqueue(ctx, tx, jobs.MailArgs{Key: fmt.Sprintf("bench:%d", i), To: "a@example.test", Subject: "s", Text: "t"}, nil)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	inserted := time.Since(start)
	workStart := time.Now()
	if err := q.Start(ctx); err != nil {
		b.Fatal(err)
	}
	for sent.Load() < int64(b.N) {
		time.Sleep(5 * time.Millisecond)
	}
	worked := time.Since(workStart)
	b.StopTimer()
	stopCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	_ = q.Stop(stopCtx)
	b.ReportMetric(float64(b.N)/inserted.Seconds(), "inserts/s")
	b.ReportMetric(float64(b.N)/worked.Seconds(), "worked/s")
}
