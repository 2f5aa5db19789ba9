package app_test

import (
	"context"
	"encoding/base64"
	"errors"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/riverqueue/river/rivertype"

	"github.com/tend-practice/tend/internal/account"
	"github.com/tend-practice/tend/internal/app"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/client"
	"github.com/tend-practice/tend/internal/config"
	"github.com/tend-practice/tend/internal/database"
	"github.com/tend-practice/tend/internal/database/dbtest"
	"github.com/tend-practice/tend/internal/i18n"
	"github.com/tend-practice/tend/internal/notify"
	"github.com/tend-practice/tend/internal/testkit"
)

// testClock is the one clock of a test (the kit's): every service reads it,
// the test moves it.
type testClock = testkit.Clock

type fastRetry struct{}

func (fastRetry) NextRetry(*rivertype.JobRow) time.Time { return time.Now().Add(50 * time.Millisecond) }

// mailbox records what the app mailed.
type mailbox struct {
	mu  sync.Mutex
	got []notify.Message
}

func (m *mailbox) Send(_ context.Context, msg notify.Message) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.got = append(m.got, msg)
	return nil
}

func (m *mailbox) all() []notify.Message {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]notify.Message(nil), m.got...)
}

// notices are the subjects of the immediate "something new" notices, in
// every language.
var notices = func() map[string]bool {
	b, err := i18n.New(i18n.Options{})
	if err != nil {
		panic(err)
	}
	out := map[string]bool{}
	for _, lang := range i18n.Languages {
		for _, kind := range []notify.Kind{notify.NewFromClinician, notify.NewFromClient} {
			out[notify.Compose(b.For(lang), kind, "", "", "").Subject] = true
		}
	}
	return out
}()

// queued is what went through the job queue: reminders and digests, not
// the immediate "something new" notices.
func (m *mailbox) queued() []notify.Message {
	var out []notify.Message
	for _, msg := range m.all() {
		if !notices[msg.Subject] {
			out = append(out, msg)
		}
	}
	return out
}

func testConfig() config.Config {
	return config.Config{Env: config.EnvLocal, PracticeName: "Test Practice", BaseURL: "http://127.0.0.1",
		SessionKey: base64.StdEncoding.EncodeToString(make([]byte, 32)), Paper: "A4", DBMaxConns: 8, TickEvery: time.Hour}
}

// newApp builds a Tend over db with its workers running.
func newApp(t *testing.T, db *database.DB, clk *testClock, sender notify.Sender, id string) *app.App {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, err := app.New(context.Background(), testConfig(), db, log, app.Options{Now: clk.Now, Sender: sender, Work: true,
		RetryPolicy: fastRetry{}, PollEvery: 50 * time.Millisecond, WorkerID: id})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.SyncLibrary(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := a.Jobs.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = a.Jobs.Stop(ctx)
	})
	return a
}

type practice struct {
	a      *app.App
	db     *database.DB
	clock  *testClock
	box    *mailbox
	clin   auth.Actor
	client auth.Actor
	email  string
}

func newPractice(t *testing.T, start time.Time) *practice {
	t.Helper()
	db := dbtest.New(t)
	p := &practice{db: db, clock: testkit.NewClock(start), box: &mailbox{}}
	p.a = newApp(t, db, p.clock, p.box, "")
	p.clin, p.client, p.email = addClient(t, p.a, "clin@example.test", "alex@example.test")
	return p
}

func addClient(t *testing.T, a *app.App, clinEmail, clientEmail string) (auth.Actor, auth.Actor, string) {
	t.Helper()
	ctx := context.Background()
	u, err := a.Accounts.Create(ctx, auth.Actor{}, account.NewUser{Email: clinEmail, DisplayName: "Sam", Role: auth.RoleClinician, Password: "correct horse battery"})
	if err != nil {
		t.Fatal(err)
	}
	clin := auth.Actor{UserID: u.ID, Role: auth.RoleClinician}
	c, token, err := a.Clients.Create(ctx, clin, client.NewClient{DisplayName: "Alex", Email: clientEmail})
	if err != nil {
		t.Fatal(err)
	}
	uid, err := a.Clients.AcceptInvite(ctx, token, clientEmail, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	return clin, auth.Actor{UserID: uid, Role: auth.RoleClient, ClientID: c.ID}, clientEmail
}

func (p *practice) exec(t *testing.T, sql string, args ...any) {
	t.Helper()
	if err := p.db.Gorm.Exec(sql, args...).Error; err != nil {
		t.Fatal(err)
	}
}

func (p *practice) tick(t *testing.T) {
	t.Helper()
	if err := p.a.Tick(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// settle waits until no mail job is waiting or running.
func settle(t *testing.T, db *database.DB) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		var n int64
		db.Gorm.Raw(`SELECT count(*) FROM river_job WHERE kind = 'mail' AND state NOT IN ('completed', 'discarded', 'cancelled')`).Scan(&n)
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d mail jobs still waiting", n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// smtpSink is a real SMTP server (emersion/go-smtp) that can refuse mail
// for a while.
type smtpSink struct {
	mu     sync.Mutex
	got    []string // "to|subject line"
	refuse atomic.Bool
}

func (k *smtpSink) NewSession(*smtp.Conn) (smtp.Session, error) { return &sinkSession{k: k}, nil }

type sinkSession struct {
	k  *smtpSink
	to []string
}

func (s *sinkSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if s.k.refuse.Load() {
		return &smtp.SMTPError{Code: 451, Message: "try again later"}
	}
	s.to = append(s.to, to)
	return nil
}
func (s *sinkSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	subject := ""
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "Subject:") {
			subject = strings.TrimSpace(strings.TrimPrefix(line, "Subject:"))
		}
	}
	s.k.mu.Lock()
	defer s.k.mu.Unlock()
	for _, to := range s.to {
		s.k.got = append(s.k.got, to+"|"+subject)
	}
	return nil
}
func (s *sinkSession) Reset()        { s.to = nil }
func (s *sinkSession) Logout() error { return nil }

func (k *smtpSink) all() []string {
	k.mu.Lock()
	defer k.mu.Unlock()
	return append([]string(nil), k.got...)
}

// reminders are the reminder emails received (not the immediate notices).
func (k *smtpSink) reminders() []string {
	k.mu.Lock()
	defer k.mu.Unlock()
	var out []string
	for _, g := range k.got {
		if strings.HasSuffix(g, "|You have something waiting in Tend") {
			out = append(out, g)
		}
	}
	return out
}

func startSMTP(t *testing.T) (*smtpSink, string) {
	t.Helper()
	sink := &smtpSink{}
	srv := smtp.NewServer(sink)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		if err := srv.Serve(l); err != nil && !errors.Is(err, smtp.ErrServerClosed) {
			t.Log("smtp:", err)
		}
	}()
	t.Cleanup(func() { _ = srv.Close() })
	return sink, l.Addr().String()
}
