package client

import (
	"context"

	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/account"
	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/database"
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
	s.accounts.SendMail(InviteMail(c.Email, a.DisplayName, baseURL+"/invite/"+token))
	return nil
}

// InviteMail is the discreet wording of an invitation: who it is from and a
// link, nothing about what the account is for (the practice's name can say
// too much, so it is left to the page behind the link).
func InviteMail(to, from, link string) account.Mail {
	if from == "" {
		from = "Your practitioner"
	}
	return account.Mail{To: to, Subject: "Your invitation", Link: link,
		Text: "Hello,\n\n" + from + " has invited you to set up an account. To choose a password, open this link within 7 days:\n\n" + link +
			"\n\nIf you were not expecting this, you can ignore this message.\n\nThis message was sent automatically; please do not reply.\n"}
}
