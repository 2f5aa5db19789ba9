// Package notify tells people that something new is waiting for them in
// Tend. Messages are deliberately discreet: a subject and body never mention
// sex, a worksheet's title or anything a client wrote, only that there is
// something new and a link to sign in.
package notify

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/tend-practice/tend/internal/i18n"
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

// Compose returns the discreet wording for a notification, in l's
// language. It takes no content from the record on purpose.
func Compose(l *i18n.Localizer, kind Kind, to, practice, baseURL string) Message {
	m := Message{To: to}
	var text, link, footer string
	hello := "mail.hello"
	switch kind {
	case NewFromClinician:
		m.Subject, text, link = l.T("mail.notice.from_clinician.subject"), l.T("mail.notice.from_clinician.text", "Practice", practice), "/login"
		footer = "\n" + l.T("mail.automatic") + "\n"
		hello = "mail.hello_client"
	case Urgent:
		m.Subject, text, link = l.T("mail.notice.urgent.subject"), l.T("mail.notice.urgent.text", "Practice", practice), "/clinician"
		footer = "\n" + l.T("mail.automatic") + "\n"
	default:
		m.Subject, text, link = l.T("mail.notice.from_client.subject"), l.T("mail.notice.from_client.text", "Practice", practice), "/login"
	}
	m.Text = l.T(hello) + "\n\n" + text + "\n" + l.T("mail.sign_in_to_see") + " " + baseURL + link + "\n" + footer
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
	i18n     *i18n.Bundle
	language func(ctx context.Context, userID int64) (string, error)
}

// Option configures a Notifier.
type Option func(*Notifier)

// WithI18n gives the notifier its catalogues and the one rule for a
// person's language (account.Service.Language: their own choice, else the
// practice's). Without it, notifications are in English.
func WithI18n(b *i18n.Bundle, language func(ctx context.Context, userID int64) (string, error)) Option {
	return func(n *Notifier) { n.i18n, n.language = b, language }
}

// New returns a notifier. A nil sender means on-screen only.
func New(sender Sender, practice, baseURL string, log *slog.Logger, opts ...Option) *Notifier {
	n := &Notifier{sender: sender, practice: practice, baseURL: strings.TrimRight(baseURL, "/"), log: log}
	for _, o := range opts {
		o(n)
	}
	if n.i18n == nil {
		b, err := i18n.New(i18n.Options{})
		if err != nil {
			panic(err) // the embedded catalogues do not load: a build error
		}
		n.i18n = b
	}
	return n
}

// localizer is the language of the account userID.
func (n *Notifier) localizer(ctx context.Context, userID int64) *i18n.Localizer {
	if n.language == nil {
		return n.i18n.For(i18n.English)
	}
	lang, err := n.language(ctx, userID)
	if err != nil {
		n.log.Warn("notification language", "err", err)
	}
	return n.i18n.For(lang)
}

// Notify sends one notification, in the language of the account userID,
// to its address.
func (n *Notifier) Notify(ctx context.Context, kind Kind, userID int64, to string) {
	if n == nil || n.sender == nil || to == "" {
		return
	}
	m := Compose(n.localizer(ctx, userID), kind, to, n.practice, n.baseURL)
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
