package web_test

import (
	"io"
	"net"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/tend-practice/tend/internal/app"
	"github.com/tend-practice/tend/internal/mail"
)

// mailbox is a real SMTP server, in process, keeping what it receives.
type mailbox struct {
	mu   sync.Mutex
	mail []receivedMail
}

type receivedMail struct {
	To   string
	Data string
}

func (m *mailbox) NewSession(*smtp.Conn) (smtp.Session, error) { return &mailboxSession{m: m}, nil }

type mailboxSession struct {
	m  *mailbox
	to []string
}

func (s *mailboxSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *mailboxSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}
func (s *mailboxSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.m.mu.Lock()
	defer s.m.mu.Unlock()
	for _, to := range s.to {
		s.m.mail = append(s.m.mail, receivedMail{To: to, Data: strings.ReplaceAll(string(b), "\r\n", "\n")})
	}
	return nil
}
func (s *mailboxSession) Reset()        { s.to = nil }
func (s *mailboxSession) Logout() error { return nil }

// to returns every message delivered to addr.
func (m *mailbox) to(addr string) []receivedMail {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []receivedMail
	for _, x := range m.mail {
		if strings.EqualFold(x.To, addr) {
			out = append(out, x)
		}
	}
	return out
}

func (m *mailbox) count() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.mail)
}

// newMailHarness is a harness whose mail goes through a real SMTP server.
func newMailHarness(t *testing.T) (*harness, *mailbox) {
	t.Helper()
	box := &mailbox{}
	return newMailHarnessWith(t, box, app.Options{}), box
}

// newMailHarnessWith starts a real SMTP server delivering into box and a
// harness sending through it.
func newMailHarnessWith(t *testing.T, box *mailbox, opts app.Options) *harness {
	t.Helper()
	srv := smtp.NewServer(box)
	srv.Domain = "localhost"
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })
	opts.Sender = mail.SMTP{Addr: l.Addr().String(), From: "no-reply@test.example"}
	h := newHarnessOpts(t, opts)
	t.Cleanup(h.app.Accounts.WaitMail)
	return h
}

// linkIn returns the first link to path prefix in a message.
func linkIn(t *testing.T, m receivedMail, prefix string) string {
	t.Helper()
	re := regexp.MustCompile(`https?://[^\s/]+(` + regexp.QuoteMeta(prefix) + `[A-Za-z0-9_\-]+)`)
	got := re.FindStringSubmatch(m.Data)
	if got == nil {
		t.Fatalf("no %s link in mail:\n%s", prefix, m.Data)
	}
	return got[1]
}
