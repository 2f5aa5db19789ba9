package client

import (
	"context"

	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/account"
	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/database"
	"github.com/tend-practice/tend/internal/i18n"
)

// NewSignInLink makes a one-time link with which a client who has an account
// (but perhaps no email to reset it with) chooses a new password. It follows
// the reset rules: 30 minutes, one use, a newer link revokes it.
func (s *Service) NewSignInLink(ctx context.Context, a auth.Actor, id int64) (string, error) {
	c, err := s.Get(ctx, a, id)
	if err != nil {
		return "", err
	}
	if !c.HasAccount() {
		return "", &ValidationError{Fields: map[string]string{"invite": "This client has no account yet: make an invite link instead."}}
	}
	var token string
	err = database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		var err error
		token, err = s.accounts.NewSignInLinkTx(ctx, tx, a, *c.UserID)
		return err
	})
	return token, err
}

// SendInvite makes a new invite link and emails it to the client. The old
// link stops working.
func (s *Service) SendInvite(ctx context.Context, a auth.Actor, id int64, baseURL string) error {
	c, err := s.Get(ctx, a, id)
	if err != nil {
		return err
	}
	if c.Email == "" {
		return &ValidationError{Fields: map[string]string{"invite": "Add the client's email first, or copy the link and send it yourself."}}
	}
	if !s.accounts.MailConfigured() {
		return &ValidationError{Fields: map[string]string{"invite": "Email is not set up for this practice yet: copy the link and send it yourself."}}
	}
	token, err := s.NewInvite(ctx, a, id)
	if err != nil {
		return err
	}
	s.audit.Record(ctx, a, audit.InviteSent, "client", id, id, "")
	// The invitee has no account (nor language) yet: the practice's language.
	s.accounts.SendMail(InviteMail(s.accounts.MailLocalizer(ctx, 0), c.Email, a.DisplayName, baseURL+"/invite/"+token))
	return nil
}

// InviteMail is the discreet wording of an invitation, in l's language:
// who it is from and a link, nothing about what the account is for (the
// practice's name can say too much, so it is left to the page behind the
// link).
func InviteMail(l *i18n.Localizer, to, from, link string) account.Mail {
	if from == "" {
		return account.ClientLinkMail(l, to, link, "mail.invite.subject", "mail.invite.open_no_name", "mail.invite.not_expected")
	}
	return account.ClientLinkMail(l, to, link, "mail.invite.subject", "mail.invite.open", "mail.invite.not_expected", "Name", from)
}
