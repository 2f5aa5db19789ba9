package account

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/database"
	"github.com/tend-practice/tend/internal/i18n"
	"github.com/tend-practice/tend/internal/ratelimit"
)

// ErrThrottled is too many requests from one place; the page says so.
var ErrThrottled = errors.New("too many requests")

// MailOptions is how the account service reaches people by email.
type MailOptions struct {
	Send    Mailer // nil: no mail service; links are logged outside production
	BaseURL string // absolute, for the links
	// LogLinks writes links to the log when Send is nil (local runs only:
	// a link in a log is a credential).
	LogLinks bool
	Log      *slog.Logger
	// PerAccount limits reset mails per address (whether or not it has an
	// account, so the limit says nothing about which addresses do).
	PerAccount *ratelimit.Limiter
	// I18n gives the emails their text, in the recipient's language
	// (Language). Nil: English catalogues loaded on their own.
	I18n *i18n.Bundle
}

// WithMail configures mail (links in resets, email changes, invitations).
func WithMail(o MailOptions) Option {
	return func(s *Service) {
		o.BaseURL = strings.TrimRight(o.BaseURL, "/")
		if o.Log == nil {
			o.Log = slog.Default()
		}
		s.mail = o
	}
}

// RequestReset starts a password reset for whoever has email. The caller
// answers every request the same way, and the work done here is the same
// for a known and an unknown address: the same statements run, and only the
// background mail differs. Over the per-address limit nothing is issued.
func (s *Service) RequestReset(ctx context.Context, email string) error {
	email, _ = NormalizeEmail(email)
	if s.mail.PerAccount != nil {
		ok, err := s.mail.PerAccount.Allow(ctx, "reset-account:"+email)
		if err != nil {
			return err
		}
		if !ok {
			s.audit.Record(ctx, auth.Actor{}, audit.PasswordResetRequested, "user", 0, 0, "throttled")
			return nil
		}
	}
	token, hash, err := newToken()
	if err != nil {
		return err
	}
	var userID int64
	err = database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		// By email, so that an unknown address runs the same statements and
		// matches no row.
		err := tx.Exec(`UPDATE account_tokens SET revoked_at = now()
			WHERE purpose = ? AND used_at IS NULL AND revoked_at IS NULL
			  AND user_id IN (SELECT id FROM users WHERE lower(email) = ? AND active)`, PurposeReset, email).Error
		if err != nil {
			return fmt.Errorf("revoke reset tokens: %w", err)
		}
		var ids []int64
		err = tx.Raw(`INSERT INTO account_tokens (user_id, purpose, token_hash, expires_at)
			SELECT id, ?, ?, ? FROM users WHERE lower(email) = ? AND active RETURNING user_id`,
			PurposeReset, hash, s.now().Add(ResetValidity), email).Scan(&ids).Error
		if err != nil {
			return fmt.Errorf("store reset token: %w", err)
		}
		detail := "no such account"
		if len(ids) == 1 {
			userID, detail = ids[0], "link sent"
		}
		return s.audit.RecordTx(ctx, tx, auth.Actor{}, audit.PasswordResetRequested, "user", userID, 0, detail)
	})
	if err != nil {
		return err
	}
	// The email's language, looked up for an unknown address too (id 0:
	// the practice's), so both do the same work.
	l := s.MailLocalizer(ctx, userID)
	if userID == 0 {
		return nil
	}
	s.sendLater(ResetMail(l, email, s.mail.BaseURL+"/reset/"+token))
	return nil
}

// ResetMail is the discreet wording of a reset email, in l's language:
// nothing about what the account is for.
func ResetMail(l *i18n.Localizer, to, link string) Mail {
	return LinkMail(l, to, link, "mail.reset.subject", "mail.reset.open", "mail.reset.not_you")
}

// LinkMail is an email whose one link does one thing: a greeting, what the
// link is for (a sentence ending in a colon), the link, what to do if it
// was not expected, and the "sent automatically" line. subject, open and
// ignore are catalogue keys; args go to open (a name).
func LinkMail(l *i18n.Localizer, to, link, subject, open, ignore string, args ...any) Mail {
	return linkMail(l, "mail.hello", to, link, subject, open, ignore, args...)
}

// ClientLinkMail is LinkMail for an email only clients receive (an
// invitation): the greeting is the clients' one (mail.hello_client).
func ClientLinkMail(l *i18n.Localizer, to, link, subject, open, ignore string, args ...any) Mail {
	return linkMail(l, "mail.hello_client", to, link, subject, open, ignore, args...)
}

func linkMail(l *i18n.Localizer, hello, to, link, subject, open, ignore string, args ...any) Mail {
	return Mail{To: to, Subject: l.T(subject), Link: link,
		Text: l.T(hello) + "\n\n" + l.T(open, args...) + "\n\n" + link + "\n\n" + l.T(ignore) + "\n\n" + l.T("mail.automatic") + "\n"}
}

// MailLocalizer is the Localizer of an email to an account: the account's
// language, else the practice's (Language; the anonymous id 0, someone with
// no account yet, gets the practice's).
func (s *Service) MailLocalizer(ctx context.Context, userID int64) *i18n.Localizer {
	b := s.mail.I18n
	if b == nil {
		b = defaultBundle()
	}
	lang, err := s.Language(ctx, userID)
	if err != nil && s.mail.Log != nil {
		s.mail.Log.Warn("email language", "err", err)
	}
	return b.For(lang)
}

// defaultBundle is the catalogues for a service built without MailOptions.I18n.
var defaultBundle = sync.OnceValue(func() *i18n.Bundle {
	b, err := i18n.New(i18n.Options{})
	if err != nil {
		panic(err) // the embedded catalogues do not load: a build error
	}
	return b
})

// sendLater delivers m in the background, so that the answer to the person
// does not wait for (or reveal anything through) the mail server.
func (s *Service) sendLater(m Mail) {
	if s.mail.Send == nil {
		if s.mail.LogLinks {
			s.mail.Log.Warn("no mail service configured: this email was not sent; its link is here (local runs only)",
				"to", m.To, "subject", m.Subject, "link", m.Link)
		} else {
			s.mail.Log.Warn("no mail service configured: an email was not sent", "subject", m.Subject)
		}
		return
	}
	s.sending.Add(1)
	go func() {
		defer s.sending.Done()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := s.mail.Send(ctx, m); err != nil {
			s.mail.Log.Warn("email not sent", "subject", m.Subject, "err", err)
		}
	}()
}

// WaitMail waits for the emails sent in the background (tests, shutdown).
func (s *Service) WaitMail() { s.sending.Wait() }

// SendMail delivers m in the background (invitations).
func (s *Service) SendMail(m Mail) { s.sendLater(m) }

// MailConfigured reports whether emails can be sent.
func (s *Service) MailConfigured() bool { return s.mail.Send != nil }
