// Package notify tells people that something new is waiting for them in
// Tend. Messages are deliberately discreet: a subject and body never mention
// sex, a worksheet's title or anything a client wrote, only that there is
// something new and a link to sign in.
package notify

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/tend-practice/tend/internal/mail"
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

// Message is a rendered notification: a plain mail.Message.
type Message = mail.Message

// Compose returns the discreet wording for a notification. It takes no
// content from the record on purpose.
func Compose(kind Kind, to, practice, baseURL string) Message {
	m := Message{To: to}
	switch kind {
	case NewFromClinician:
		m.Subject = "Something new from your clinician"
		m.Text = fmt.Sprintf("Hello,\n\nThere is something new for you from your clinician at %s.\nSign in to see it: %s/login\n\nThis message was sent automatically; please do not reply.\n", practice, baseURL)
	case Urgent:
		m.Subject = "Something in Tend needs your attention soon"
		m.Text = fmt.Sprintf("Hello,\n\nSomething from one of your clients at %s needs your attention soon.\nSign in to see it: %s/clinician\n\nThis message was sent automatically; please do not reply.\n", practice, baseURL)
	default:
		m.Subject = "New activity in Tend"
		m.Text = fmt.Sprintf("Hello,\n\nThere is new activity from one of your clients at %s.\nSign in to see it: %s/login\n", practice, baseURL)
	}
	return m
}

// Sender delivers messages (internal/mail).
type Sender = mail.Sender

// Notifier composes and sends notifications, never failing the caller: a
// notification that cannot be sent is logged (without its address) and
// the person still finds the work on screen.
type Notifier struct {
	pending  sync.WaitGroup
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
	send := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := n.sender.Send(ctx, m); err != nil {
			n.log.Warn("notification not sent", "err", err)
		}
	}
	// A local outbox is a quick write: done inline, so it is in place
	// when the request ends. A mail server may be slow: in the background.
	if l, ok := n.sender.(interface{ Local() bool }); ok && l.Local() {
		send()
		return
	}
	n.pending.Add(1)
	go func() {
		defer n.pending.Done()
		send()
	}()
}

// Wait blocks until every notification sent in the background so far has
// been handed over or failed (shutdown, tests).
func (n *Notifier) Wait() {
	if n != nil {
		n.pending.Wait()
	}
}
