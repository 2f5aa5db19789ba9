// Package reminder decides, by the service clock, which discreet reminder
// and digest emails are due and queues each exactly once: the decision is
// a row update (reminded_before_at, digest_sent_on) in the same transaction
// as the mail job, so two workers on one database never send one twice,
// and a failed send is retried by the queue, never dropped.
//
// What is mailed says only that something is waiting, with a sign-in link:
// never a title, a name or an answer.
package reminder

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"
	_ "time/tzdata" // zones on machines without a zoneinfo database

	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/database"
	"github.com/tend-practice/tend/internal/i18n"
	"github.com/tend-practice/tend/internal/jobs"
)

// Options tune the schedule; zero values take the defaults.
type Options struct {
	Before    time.Duration // before the due time; default 24h
	After     time.Duration // once after it; default 48h
	DueHour   int           // work is due at this local hour of its due date; default 18
	QuietFrom int           // no reminders from this local hour ...; default 21
	QuietTo   int           // ... until this one; default 8
	DigestAt  int           // the clinician digest goes at or after this local hour; default 8
	Audit     *audit.Log    // records the switches; nil in tests that do not care
	// I18n and Language give each email its recipient's language
	// (account.Service.Language: their own choice, else the practice's).
	// Without them, emails are in English.
	I18n     *i18n.Bundle
	Language func(ctx context.Context, userID int64) (string, error)
}

func (o *Options) defaults() {
	if o.Before == 0 {
		o.Before = 24 * time.Hour
	}
	if o.After == 0 {
		o.After = 48 * time.Hour
	}
	if o.DueHour == 0 {
		o.DueHour = 18
	}
	if o.QuietFrom == 0 {
		o.QuietFrom = 21
	}
	if o.QuietTo == 0 {
		o.QuietTo = 8
	}
	if o.DigestAt == 0 {
		o.DigestAt = 8
	}
	if o.I18n == nil {
		b, err := i18n.New(i18n.Options{})
		if err != nil {
			panic(err) // the embedded catalogues do not load: a build error
		}
		o.I18n = b
	}
}

// localizer is the language of the account userID's emails.
func (s *Service) localizer(ctx context.Context, userID int64) *i18n.Localizer {
	if s.opt.Language == nil {
		return s.opt.I18n.For(i18n.English)
	}
	lang, err := s.opt.Language(ctx, userID)
	if err != nil {
		s.log.Warn("email language", "err", err)
	}
	return s.opt.I18n.For(lang)
}

// Service queues reminders and digests.
type Service struct {
	db       *gorm.DB
	queue    *jobs.Queue
	now      func() time.Time
	practice string
	baseURL  string
	opt      Options
	log      *slog.Logger
}

// New returns the reminder service. now is the process's one clock.
func New(db *gorm.DB, queue *jobs.Queue, now func() time.Time, practice, baseURL string, log *slog.Logger, opt Options) *Service {
	opt.defaults()
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, queue: queue, now: now, practice: practice, baseURL: strings.TrimRight(baseURL, "/"), opt: opt, log: log}
}

// Quiet reports whether t falls in the quiet hours of loc.
func (s *Service) Quiet(t time.Time, loc *time.Location) bool {
	h := t.In(loc).Hour()
	if s.opt.QuietFrom > s.opt.QuietTo {
		return h >= s.opt.QuietFrom || h < s.opt.QuietTo
	}
	return h >= s.opt.QuietFrom && h < s.opt.QuietTo
}

// DueAt is when work due on a date is due, in loc.
func (s *Service) DueAt(due time.Time, loc *time.Location) time.Time {
	y, m, d := due.UTC().Date()
	return time.Date(y, m, d, s.opt.DueHour, 0, 0, 0, loc)
}

// Zone returns the location named (a user's zone, else the practice's), UTC
// when neither names a known zone.
func Zone(names ...string) *time.Location {
	for _, n := range names {
		if n == "" {
			continue
		}
		if loc, err := time.LoadLocation(n); err == nil {
			return loc
		}
	}
	return time.UTC
}

type candidate struct {
	ID               int64
	UserID           int64
	DueOn            time.Time
	RemindedBeforeAt *time.Time
	RemindedAfterAt  *time.Time
	Email            string
	TimeZone         string
	PracticeZone     string
}

// Which reminder.
const (
	Before = "before"
	After  = "after"
)

// Tick queues every reminder whose time has come and that is allowed now.
// It returns how many it queued.
func (s *Service) Tick(ctx context.Context) (int, error) {
	now := s.now()
	today := time.Date(now.UTC().Year(), now.UTC().Month(), now.UTC().Day(), 0, 0, 0, 0, time.UTC)
	var cands []candidate
	// The window of due dates is generous on both sides (time zones, the
	// After delay); the exact times are decided below in each person's zone.
	err := s.db.WithContext(ctx).Raw(`SELECT a.id, u.id AS user_id, a.due_on, a.reminded_before_at, a.reminded_after_at,
			u.email, u.time_zone, COALESCE((SELECT time_zone FROM practice_settings WHERE id = 1), 'UTC') AS practice_zone
		FROM assignments a
		JOIN clients c ON c.id = a.client_id
		JOIN users u ON u.id = c.user_id
		WHERE a.status IN ('assigned', 'in_progress') AND a.withdrawn_at IS NULL AND a.due_on BETWEEN ? AND ?
		  AND (a.reminded_before_at IS NULL OR a.reminded_after_at IS NULL)
		  AND c.reminders_enabled AND c.archived_at IS NULL
		  AND u.active AND NOT u.reminders_opt_out
		ORDER BY a.id LIMIT 5000`,
		today.AddDate(0, 0, -int(s.opt.After/(24*time.Hour))-3), today.AddDate(0, 0, int(s.opt.Before/(24*time.Hour))+2)).
		Scan(&cands).Error
	if err != nil {
		return 0, fmt.Errorf("find reminders: %w", err)
	}
	queued := 0
	for _, c := range cands {
		loc := Zone(c.TimeZone, c.PracticeZone)
		if s.Quiet(now, loc) {
			continue // the next tick after the quiet hours sends it
		}
		due := s.DueAt(c.DueOn, loc)
		var which string
		switch {
		case c.RemindedBeforeAt == nil && !now.Before(due.Add(-s.opt.Before)) && now.Before(due):
			which = Before
		case c.RemindedAfterAt == nil && !now.Before(due.Add(s.opt.After)) && now.Before(due.Add(s.opt.After+72*time.Hour)):
			which = After
		default:
			continue
		}
		ok, err := s.queueReminder(ctx, c, which)
		if err != nil {
			return queued, err
		}
		if ok {
			queued++
		}
	}
	return queued, nil
}

func (s *Service) queueReminder(ctx context.Context, c candidate, which string) (bool, error) {
	col := "reminded_before_at"
	if which == After {
		col = "reminded_after_at"
	}
	queued := false
	subject, text := s.reminderText(s.localizer(ctx, c.UserID))
	err := database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		res := tx.Exec(`UPDATE assignments SET `+col+` = ? WHERE id = ? AND `+col+` IS NULL
			AND status IN ('assigned', 'in_progress')`, s.now(), c.ID)
		if res.Error != nil {
			return fmt.Errorf("mark reminder: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return nil // decided elsewhere
		}
		_, err := s.queue.Enqueue(ctx, tx, jobs.MailArgs{Key: fmt.Sprintf("reminder:%s:%d", which, c.ID),
			To: c.Email, Subject: subject, Text: text}, nil)
		queued = err == nil
		return err
	})
	return queued, err
}

func (s *Service) reminderText(l *i18n.Localizer) (string, string) {
	return l.T("mail.reminder.subject"), l.T("mail.hello_client") + "\n\n" + l.T("mail.reminder.text", "Practice", s.practice) + "\n" +
		l.T("mail.sign_in_to_see") + " " + s.baseURL + "/login\n\n" + l.T("mail.reminder.turn_off") + "\n" +
		l.T("mail.automatic") + "\n"
}

// Digest queues the day's digest for every clinician who opted in, once a
// day at or after DigestAt in the practice's zone, counting the reflections
// submitted in the last 24 hours and how many of them raised an urgent flag. No
// names, no titles, no content. A day with nothing new sends nothing.
func (s *Service) Digest(ctx context.Context) (int, error) {
	now := s.now()
	var zone string
	if err := s.db.WithContext(ctx).Raw(`SELECT time_zone FROM practice_settings WHERE id = 1`).Scan(&zone).Error; err != nil {
		return 0, fmt.Errorf("practice zone: %w", err)
	}
	local := now.In(Zone(zone))
	if local.Hour() < s.opt.DigestAt {
		return 0, nil
	}
	day := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, time.UTC)
	var due []struct {
		ID    int64
		Email string
	}
	err := s.db.WithContext(ctx).Raw(`SELECT id, email FROM users WHERE role = 'clinician' AND active AND digest_opt_in
		AND (digest_sent_on IS NULL OR digest_sent_on < ?) ORDER BY id`, day).Scan(&due).Error
	if err != nil {
		return 0, fmt.Errorf("find digests: %w", err)
	}
	sent := 0
	for _, u := range due {
		var counts Counts
		l := s.localizer(ctx, u.ID)
		err := database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
			res := tx.Exec(`UPDATE users SET digest_sent_on = ? WHERE id = ? AND (digest_sent_on IS NULL OR digest_sent_on < ?)`, day, u.ID, day)
			if res.Error != nil {
				return fmt.Errorf("mark digest: %w", res.Error)
			}
			if res.RowsAffected == 0 {
				return nil
			}
			var err error
			if counts, err = countSince(tx, u.ID, now.Add(-24*time.Hour), now); err != nil {
				return err
			}
			if counts.New == 0 {
				return nil
			}
			subject, text := s.digestText(l, counts)
			_, err = s.queue.Enqueue(ctx, tx, jobs.MailArgs{Key: fmt.Sprintf("digest:%d:%s", u.ID, day.Format("2006-01-02")),
				To: u.Email, Subject: subject, Text: text}, nil)
			if err == nil {
				sent++
			}
			return err
		})
		if err != nil {
			return sent, err
		}
	}
	return sent, nil
}

// Counts is what a digest says.
type Counts struct {
	New    int
	Urgent int
}

// CountSince counts a clinician's reflections submitted in [from, to).
func (s *Service) CountSince(ctx context.Context, clinicianID int64, from, to time.Time) (Counts, error) {
	return countSince(s.db.WithContext(ctx), clinicianID, from, to)
}

func countSince(db *gorm.DB, clinicianID int64, from, to time.Time) (Counts, error) {
	var c Counts
	// "Urgent" is a reflection with an urgent flag (internal/safety's severities).
	err := db.Raw(`SELECT count(*) AS new, count(*) FILTER (WHERE EXISTS (SELECT 1 FROM flags f
			WHERE f.assignment_id = a.id AND f.severity = 'urgent')) AS urgent
		FROM assignments a WHERE a.clinician_id = ? AND a.kind = 'worksheet' AND a.submitted_at >= ? AND a.submitted_at < ?`,
		clinicianID, from, to).Scan(&c).Error
	if err != nil {
		return Counts{}, fmt.Errorf("count reflections: %w", err)
	}
	return c, nil
}

func (s *Service) digestText(l *i18n.Localizer, c Counts) (string, string) {
	// The counts, e.g. "3 new reflections, 1 urgent": the catalogue's
	// "Title" argument of the subject and the first line.
	line := l.T("mail.digest.new", "Count", c.New)
	if c.Urgent > 0 {
		line += l.T("mail.digest.urgent", "Count", c.Urgent)
	}
	return l.T("mail.digest.subject", "Title", line), l.T("mail.hello") + "\n\n" + l.T("mail.digest.since", "Practice", s.practice, "Title", line) + "\n" +
		l.T("mail.digest.sign_in") + " " + s.baseURL + "/login\n\n" + l.T("mail.digest.asked") + "\n"
}
