// Package notify tells people that something new is waiting for them in
// Tend. Messages are deliberately discreet: a subject and body never mention
// sex, a worksheet's title or anything a client wrote, only that there is
// something new and a link to sign in.
package notify

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/smtp"
	"strings"
	"time"
)

// Kind is what happened, which decides the wording.
type Kind int

const (
	// NewFromClinician: an assignment or a comment for a client.
	NewFromClinician Kind = iota
	// NewFromClient: a submission or reply for a clinician.
	NewFromClient
	// Urgent: a submission raised an urgent flag, for its clinician.
	Urgent
)

// Message is a rendered notification.
type Message struct {
	To      string
	Subject string
	Body    string
}

// Compose returns the discreet wording for a notification. It takes no
// content from the record on purpose.
func Compose(kind Kind, to, practice, baseURL string) Message {
	m := Message{To: to}
	switch kind {
	case NewFromClinician:
		m.Subject = "Something new from your clinician"
		m.Body = fmt.Sprintf("Hello,\n\nThere is something new for you from your clinician at %s.\nSign in to see it: %s/login\n\nThis message was sent automatically; please do not reply.\n", practice, baseURL)
	case Urgent:
		m.Subject = "Something in Tend needs your attention soon"
		m.Body = fmt.Sprintf("Hello,\n\nSomething from one of your clients at %s needs your attention soon.\nSign in to see it: %s/clinician\n\nThis message was sent automatically; please do not reply.\n", practice, baseURL)
	default:
		m.Subject = "New activity in Tend"
		m.Body = fmt.Sprintf("Hello,\n\nThere is new activity from one of your clients at %s.\nSign in to see it: %s/login\n", practice, baseURL)
	}
	return m
}

// Sender delivers messages.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// Notifier composes and sends notifications, never failing the caller: a
// notification that cannot be sent is logged (without its address) and
// the person still finds the work on screen.
type Notifier struct {
	sender   Sender
	practice string
	baseURL  string
	log      *slog.Logger
}

// New returns a notifier. A nil sender means on-screen only.
func New(sender Sender, practice, baseURL string, log *slog.Logger) *Notifier {
	return &Notifier{sender: sender, practice: practice, baseURL: strings.TrimRight(baseURL, "/"), log: log}
}

// Notify sends one notification in the background.
func (n *Notifier) Notify(kind Kind, to string) {
	if n == nil || n.sender == nil || to == "" {
		return
	}
	m := Compose(kind, to, n.practice, n.baseURL)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := n.sender.Send(ctx, m); err != nil {
			n.log.Warn("notification not sent", "err", err)
		}
	}()
}

// SMTP sends through a mail server.
type SMTP struct {
	Addr     string // host:port
	From     string
	Username string
	Password string
}

// Send delivers m. STARTTLS is used when the server offers it (net/smtp
// does so automatically), and credentials are only sent over TLS.
func (s SMTP) Send(ctx context.Context, m Message) error {
	host, _, err := net.SplitHostPort(s.Addr)
	if err != nil {
		return fmt.Errorf("smtp address: %w", err)
	}
	var auth smtp.Auth
	if s.Username != "" {
		auth = smtp.PlainAuth("", s.Username, s.Password, host)
	}
	msg := "From: " + s.From + "\r\nTo: " + m.To + "\r\nSubject: " + m.Subject +
		"\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + strings.ReplaceAll(m.Body, "\n", "\r\n")
	done := make(chan error, 1)
	go func() { done <- smtp.SendMail(s.Addr, auth, s.From, []string{m.To}, []byte(msg)) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}
