// Package mail sends Tend's email. Sending is one plain call,
// Send(ctx, Message), so a job queue can be put in front of it later
// without changing any caller. With an SMTP server configured, mail goes
// out through it (TLS whenever the server offers it); without one (local
// and demo runs) it lands in the outbox table, which an administrator reads
// at /admin/outbox, so a local run shows what would have been sent.
//
// What Tend mails is discreet by design (internal/notify): never a client's
// name, never anything they wrote.
package mail

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"strconv"
	"time"

	gomail "github.com/wneessen/go-mail"
	"gorm.io/gorm"
)

// Message is one plain-text email.
type Message struct {
	To      string
	Subject string
	Text    string
}

// Sender delivers a message.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// SMTP sends through a mail server.
type SMTP struct {
	Addr     string // host:port
	From     string
	Username string // empty: no authentication
	Password string
	Timeout  time.Duration // per connection; 0 means 30 seconds
	// TLS replaces the TLS settings for STARTTLS (tests: a private CA);
	// nil means the system's roots and the server's host name.
	TLS *tls.Config
}

// Send delivers m. STARTTLS is used whenever the server offers it, and
// credentials are only ever sent over TLS (or to localhost).
func (s SMTP) Send(ctx context.Context, m Message) error {
	host, portText, err := net.SplitHostPort(s.Addr)
	if err != nil {
		return fmt.Errorf("smtp address: %w", err)
	}
	port, err := strconv.Atoi(portText)
	if err != nil {
		return fmt.Errorf("smtp port: %w", err)
	}
	timeout := s.Timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	opts := []gomail.Option{gomail.WithPort(port), gomail.WithTLSPolicy(gomail.TLSOpportunistic), gomail.WithTimeout(timeout)}
	if s.TLS != nil {
		opts = append(opts, gomail.WithTLSConfig(s.TLS))
	}
	if s.Username != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthPlain), gomail.WithUsername(s.Username), gomail.WithPassword(s.Password))
	}
	client, err := gomail.NewClient(host, opts...)
	if err != nil {
		return fmt.Errorf("smtp client: %w", err)
	}
	msg := gomail.NewMsg()
	if err := msg.From(s.From); err != nil {
		return fmt.Errorf("mail from: %w", err)
	}
	if err := msg.To(m.To); err != nil {
		return fmt.Errorf("mail to: %w", err)
	}
	msg.Subject(m.Subject)
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("smtp send: %w", err)
	}
	return nil
}

// Outbox keeps mail in PostgreSQL instead of sending it.
type Outbox struct{ db *gorm.DB }

// NewOutbox returns an outbox over db.
func NewOutbox(db *gorm.DB) *Outbox { return &Outbox{db: db} }

// Send stores m.
func (o *Outbox) Send(ctx context.Context, m Message) error {
	err := o.db.WithContext(ctx).Exec(`INSERT INTO outbox (recipient, subject, body) VALUES (?, ?, ?)`, m.To, m.Subject, m.Text).Error
	if err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	return nil
}

// Local reports that sending is a local write, not a network call: a
// caller may send inline rather than in the background.
func (o *Outbox) Local() bool { return true }

// Kept is one message in the outbox.
type Kept struct {
	ID        int64
	Recipient string
	Subject   string
	Body      string
	CreatedAt time.Time
}

// List returns the newest messages first, at most limit (1 to 200).
func (o *Outbox) List(ctx context.Context, limit int) ([]Kept, error) {
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	var out []Kept
	err := o.db.WithContext(ctx).Raw(`SELECT id, recipient, subject, body, created_at FROM outbox ORDER BY id DESC LIMIT ?`, limit).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("list outbox: %w", err)
	}
	return out, nil
}
