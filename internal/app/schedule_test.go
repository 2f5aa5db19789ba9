package app_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/tend-practice/tend/internal/app"
	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/database/dbtest"
	"github.com/tend-practice/tend/internal/mail"
	"github.com/tend-practice/tend/internal/notify"
	"github.com/tend-practice/tend/internal/testkit"
)

var monday = time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)

func day(d time.Time, days int, hour, minute int) time.Time {
	y, m, dd := d.Date()
	return time.Date(y, m, dd+days, hour, minute, 0, 0, time.UTC)
}

type copyRow struct {
	ID          int64
	Status      string
	DueOn       time.Time
	RepeatIndex int
}

func series(t *testing.T, p *practice) []copyRow {
	t.Helper()
	var rows []copyRow
	if err := p.db.Gorm.Raw(`SELECT id, status, due_on, repeat_index FROM assignments WHERE client_id = ? ORDER BY repeat_index`,
		p.client.ClientID).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestWeeklyRepeat_KeepsCreatingCopiesThroughMissedWeeks(t *testing.T) {
	p := newPractice(t, monday)
	ctx := context.Background()
	_, err := p.a.Assignments.Assign(ctx, p.clin, p.client.ClientID, []assignment.New{{Kind: "worksheet",
		Slug: "feelings-after-intimacy", DueOn: "2026-12-08", Recurrence: "weekly", RecurCount: 4}})
	if err != nil {
		t.Fatal(err)
	}
	p.tick(t)
	if got := series(t, p); len(got) != 1 {
		t.Fatalf("before the due date: %d copies, want 1", len(got))
	}

	// Week 1 not done: on the day after its due date, week 2 appears and
	// week 1 is marked missed, not deleted and not left overdue.
	p.clock.Set(day(monday, 2, 9, 0))
	p.tick(t)
	p.tick(t) // twice: nothing more
	got := series(t, p)
	if len(got) != 2 || got[0].Status != "missed" || got[1].Status != "assigned" || !got[1].DueOn.Equal(day(monday, 8, 0, 0)) {
		t.Fatalf("after week 1: %+v", got)
	}

	// Week 2 submitted: week 3 comes on schedule; week 2 stays submitted.
	p.exec(t, `UPDATE assignments SET status = 'submitted', submitted_at = ? WHERE id = ?`, p.clock.Now(), got[1].ID)
	p.clock.Set(day(monday, 9, 9, 0))
	p.tick(t)
	got = series(t, p)
	if len(got) != 3 || got[1].Status != "submitted" || got[2].Status != "assigned" {
		t.Fatalf("after week 2: %+v", got)
	}

	// Three weeks with no tick at all (a worker down): one pass catches up,
	// records the missed week, and the series ends at its count of 4.
	p.clock.Set(day(monday, 30, 9, 0))
	p.tick(t)
	got = series(t, p)
	if len(got) != 4 {
		t.Fatalf("after catching up: %d copies, want 4 (the count): %+v", len(got), got)
	}
	if got[2].Status != "missed" || got[3].Status != "assigned" || got[3].RepeatIndex != 4 {
		t.Fatalf("after catching up: %+v", got)
	}
}

func TestWeeklyRepeat_StoppedSeriesCreatesNoMore(t *testing.T) {
	p := newPractice(t, monday)
	ctx := context.Background()
	ids, err := p.a.Assignments.Assign(ctx, p.clin, p.client.ClientID, []assignment.New{{Kind: "worksheet",
		Slug: "feelings-after-intimacy", DueOn: "2026-12-08", Recurrence: "weekly", RecurUntil: "2027-06-01"}})
	if err != nil {
		t.Fatal(err)
	}
	p.clock.Set(day(monday, 2, 9, 0))
	p.tick(t)
	if got := series(t, p); len(got) != 2 {
		t.Fatalf("%d copies, want 2", len(got))
	}
	// Another clinician cannot stop it.
	other, _, _ := addClient(t, p.a, "other@example.test", "someone@example.test")
	if err := p.a.Assignments.StopRepeat(ctx, other, ids[0]); err != assignment.ErrNotFound {
		t.Fatalf("other clinician: err = %v, want ErrNotFound", err)
	}
	if err := p.a.Assignments.StopRepeat(ctx, p.clin, ids[0]); err != nil {
		t.Fatal(err)
	}
	p.clock.Set(day(monday, 40, 9, 0))
	p.tick(t)
	if got := series(t, p); len(got) != 2 {
		t.Fatalf("after stop: %d copies, want 2", len(got))
	}
}

func (p *practice) remindersOn(t *testing.T) {
	t.Helper()
	p.exec(t, `UPDATE clients SET reminders_enabled = TRUE WHERE id = ?`, p.client.ClientID)
}

func (p *practice) assignDue(t *testing.T, due string) int64 {
	t.Helper()
	ids, err := p.a.Assignments.Assign(context.Background(), p.clin, p.client.ClientID, []assignment.New{{Kind: "worksheet",
		Slug: "feelings-after-intimacy", DueOn: due}})
	if err != nil {
		t.Fatal(err)
	}
	return ids[0]
}

// mailsAt moves the clock, ticks, lets the queue send, and returns every
// message sent so far.
func (p *practice) mailsAt(t *testing.T, at time.Time) []notify.Message {
	t.Helper()
	p.clock.Set(at)
	p.tick(t)
	settle(t, p.db)
	return p.box.queued()
}

func TestReminders_OnceBeforeAndOnceAfter_DiscreetAndOutsideQuietHours(t *testing.T) {
	p := newPractice(t, monday)
	p.remindersOn(t)
	p.assignDue(t, "2026-12-09") // due Wednesday 18:00 (UTC, the practice's zone)
	base := len(p.box.queued())  // the "something new" notice

	if got := p.mailsAt(t, day(monday, 1, 17, 59)); len(got) != base {
		t.Fatalf("a day and a minute before: %d mails", len(got)-base)
	}
	got := p.mailsAt(t, day(monday, 1, 18, 0))
	if len(got) != base+1 {
		t.Fatalf("24 hours before: %d mails, want 1", len(got)-base)
	}
	m := got[base]
	if m.To != p.email || m.Subject != "You have something waiting in Tend" || !strings.Contains(m.Text, "http://127.0.0.1/login") {
		t.Fatalf("reminder = %+v", m)
	}
	if strings.Contains(strings.ToLower(m.Text), "feeling") || strings.Contains(m.Text, "Alex") {
		t.Fatalf("reminder names the work or the person: %q", m.Text)
	}
	if got := p.mailsAt(t, day(monday, 1, 20, 0)); len(got) != base+1 {
		t.Fatalf("ticking again sent %d more", len(got)-base-1)
	}
	// Once after, two days after the due time; not again.
	if got := p.mailsAt(t, day(monday, 4, 17, 0)); len(got) != base+1 {
		t.Fatalf("before the after-reminder is due: %d more", len(got)-base-1)
	}
	if got := p.mailsAt(t, day(monday, 4, 18, 5)); len(got) != base+2 {
		t.Fatalf("two days after: %d mails, want 2", len(got)-base)
	}
	if got := p.mailsAt(t, day(monday, 5, 12, 0)); len(got) != base+2 {
		t.Fatalf("after reminder sent twice")
	}
}

func TestReminders_QuietHoursInTheClientsZone(t *testing.T) {
	p := newPractice(t, monday)
	p.remindersOn(t)
	// Alex lives in Tokyo (UTC+9): due Wednesday 18:00 JST = 09:00 UTC, so
	// the reminder is due Tuesday 09:00 UTC = 18:00 JST... and at 13:00 UTC
	// it is 22:00 in Tokyo: quiet.
	p.exec(t, `UPDATE users SET time_zone = 'Asia/Tokyo' WHERE id = ?`, p.client.UserID)
	p.assignDue(t, "2026-12-09")
	base := len(p.box.queued())
	p.exec(t, `UPDATE assignments SET reminded_before_at = NULL`) // nothing sent yet
	if got := p.mailsAt(t, day(monday, 1, 13, 0)); len(got) != base {
		t.Fatalf("22:00 in Tokyo: %d mails, want none", len(got)-base)
	}
	if got := p.mailsAt(t, day(monday, 1, 22, 59)); len(got) != base {
		t.Fatalf("07:59 in Tokyo: %d mails, want none", len(got)-base)
	}
	if got := p.mailsAt(t, day(monday, 1, 23, 0)); len(got) != base+1 {
		t.Fatalf("08:00 in Tokyo: %d mails, want 1", len(got)-base)
	}
}

func TestReminders_NotWhenTurnedOff(t *testing.T) {
	t.Run("clinician never turned them on", func(t *testing.T) {
		p := newPractice(t, monday)
		p.assignDue(t, "2026-12-09")
		base := len(p.box.queued())
		if got := p.mailsAt(t, day(monday, 1, 19, 0)); len(got) != base {
			t.Fatalf("%d reminders", len(got)-base)
		}
	})
	t.Run("client turned them off", func(t *testing.T) {
		p := newPractice(t, monday)
		p.remindersOn(t)
		p.exec(t, `UPDATE users SET reminders_opt_out = TRUE WHERE id = ?`, p.client.UserID)
		p.assignDue(t, "2026-12-09")
		base := len(p.box.queued())
		if got := p.mailsAt(t, day(monday, 1, 19, 0)); len(got) != base {
			t.Fatalf("%d reminders", len(got)-base)
		}
	})
	t.Run("already submitted", func(t *testing.T) {
		p := newPractice(t, monday)
		p.remindersOn(t)
		id := p.assignDue(t, "2026-12-09")
		p.exec(t, `UPDATE assignments SET status = 'submitted', submitted_at = ? WHERE id = ?`, monday, id)
		base := len(p.box.queued())
		if got := p.mailsAt(t, day(monday, 1, 19, 0)); len(got) != base {
			t.Fatalf("%d reminders", len(got)-base)
		}
	})
}

func TestDigest_CountsRightOncePerDay(t *testing.T) {
	p := newPractice(t, monday)
	p.exec(t, `UPDATE users SET digest_opt_in = TRUE WHERE id = ?`, p.clin.UserID)
	for i, at := range []time.Time{day(monday, 0, 12, 0), day(monday, 0, 20, 0), day(monday, 1, 7, 0), day(monday, -3, 9, 0)} {
		id := p.assignDue(t, "")
		p.exec(t, `UPDATE assignments SET status = 'submitted', submitted_at = ?, flagged = ? WHERE id = ?`, at, i <= 1, id)
		sev := map[int]string{0: "discuss", 1: "urgent"}[i]
		if sev != "" {
			p.exec(t, `INSERT INTO flags (assignment_id, severity, reason) VALUES (?, ?, 'test')`, id, sev)
		}
	}
	base := len(p.box.queued())
	if got := p.mailsAt(t, day(monday, 1, 7, 30)); len(got) != base {
		t.Fatalf("before 08:00: %d digests", len(got)-base)
	}
	got := p.mailsAt(t, day(monday, 1, 8, 30))
	if len(got) != base+1 {
		t.Fatalf("%d digests, want 1", len(got)-base)
	}
	m := got[base]
	if m.Subject != "Your Tend digest: 3 new reflections, 1 urgent" || strings.Contains(m.Text, "Alex") {
		t.Fatalf("digest = %+v", m)
	}
	if got := p.mailsAt(t, day(monday, 1, 15, 0)); len(got) != base+1 {
		t.Fatalf("second digest the same day")
	}
}

func TestReminders_TwoInstancesOneDatabase_EachSentExactlyOnce(t *testing.T) {
	db := dbtest.New(t)
	sink, addr := startSMTP(t)
	clk := testkit.NewClock(monday)
	smtpSender := mail.SMTP{Addr: addr, From: "tend@example.test"}
	a1 := newApp(t, db, clk, smtpSender, "instance-1")
	a2 := newApp(t, db, clk, smtpSender, "instance-2")
	p := &practice{a: a1, db: db, clock: clk}
	p.clin, p.client, p.email = addClient(t, a1, "clin@example.test", "alex@example.test")
	p.remindersOn(t)
	const n = 20
	ctx := context.Background()
	for i := 0; i < n; i++ {
		p.assignDue(t, "2026-12-09")
	}
	settle(t, db)
	clk.Set(day(monday, 1, 19, 0))
	errs := make(chan error, 6)
	for i := 0; i < 3; i++ {
		go func() { errs <- a1.Tick(ctx) }()
		go func() { errs <- a2.Tick(ctx) }()
	}
	for i := 0; i < 6; i++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	settle(t, db)
	got := sink.reminders()
	if len(got) != n {
		t.Fatalf("%d reminders reached the SMTP server, want exactly %d", len(got), n)
	}
	var workers []string
	db.Gorm.Raw(`SELECT DISTINCT attempted_by[1] FROM river_job WHERE kind = 'mail'`).Scan(&workers)
	t.Logf("mail worked by %v", workers)
}

func TestMail_SMTPRefusingForAWhile_EveryMessageArrivesOnce(t *testing.T) {
	db := dbtest.New(t)
	sink, addr := startSMTP(t)
	clk := testkit.NewClock(monday)
	a := newApp(t, db, clk, mail.SMTP{Addr: addr, From: "tend@example.test"}, "")
	p := &practice{a: a, db: db, clock: clk}
	p.clin, p.client, p.email = addClient(t, a, "clin@example.test", "alex@example.test")
	p.remindersOn(t)
	for i := 0; i < 5; i++ {
		p.assignDue(t, "2026-12-09")
	}
	settle(t, db)
	sink.refuse.Store(true)
	clk.Set(day(monday, 1, 19, 0))
	p.tick(t)
	deadline := time.Now().Add(10 * time.Second)
	for {
		var retried int64
		db.Gorm.Raw(`SELECT count(*) FROM river_job WHERE kind = 'mail' AND attempt >= 2`).Scan(&retried)
		if retried >= 5 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d mail jobs retried", retried)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if got := len(sink.reminders()); got != 0 {
		t.Fatalf("%d delivered while refusing", got)
	}
	sink.refuse.Store(false)
	settle(t, db)
	if got := len(sink.reminders()); got != 5 {
		t.Fatalf("%d delivered after the server came back, want 5", got)
	}
}

// The "something new" notice goes through the queue when a mail server is
// configured: refused for a while, it still arrives, once.
func TestNotice_QueuedAndRetriedWhileTheServerRefuses(t *testing.T) {
	db := dbtest.New(t)
	sink, addr := startSMTP(t)
	sink.refuse.Store(true)
	clk := testkit.NewClock(monday)
	cfg := testConfig()
	cfg.SMTPAddr, cfg.SMTPFrom = addr, "tend@example.test"
	a, err := app.New(context.Background(), cfg, db, slog.New(slog.NewTextHandler(io.Discard, nil)), app.Options{Now: clk.Now, Work: true,
		RetryPolicy: fastRetry{}, PollEvery: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.SyncLibrary(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := a.Jobs.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = a.Jobs.Stop(context.Background()) })
	p := &practice{a: a, db: db, clock: clk}
	p.clin, p.client, p.email = addClient(t, a, "clin@example.test", "alex@example.test")
	p.assignDue(t, "")
	deadline := time.Now().Add(10 * time.Second)
	for {
		var retried int64
		db.Gorm.Raw(`SELECT count(*) FROM river_job WHERE kind = 'mail' AND attempt >= 2`).Scan(&retried)
		if retried >= 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the notice was not retried")
		}
		time.Sleep(20 * time.Millisecond)
	}
	sink.refuse.Store(false)
	settle(t, db)
	if got := sink.all(); len(got) != 1 || got[0] != "alex@example.test|Something new from your clinician" {
		t.Fatalf("received %v", got)
	}
}
