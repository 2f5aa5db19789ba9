package assignment

import (
	"context"

	"github.com/tend-practice/tend/internal/notify"
)

// WithNotifier turns on notifications (email when SMTP is configured).
func WithNotifier(n *notify.Notifier) Option { return func(s *Service) { s.notifier = n } }

// notifyClient tells a client with an account that something new is waiting.
func (s *Service) notifyClient(ctx context.Context, clientID int64) {
	if s.notifier == nil {
		return
	}
	var to struct {
		ID    int64
		Email string
	}
	s.db.WithContext(ctx).Raw(`SELECT u.id, u.email FROM clients c JOIN users u ON u.id = c.user_id
		WHERE c.id = ? AND u.active`, clientID).Scan(&to)
	s.notifier.Notify(ctx, notify.NewFromClinician, to.ID, to.Email)
}

// notifyClinician tells a clinician that a client submitted or replied.
func (s *Service) notifyClinician(ctx context.Context, clinicianID int64) {
	if s.notifier == nil {
		return
	}
	var email string
	s.db.WithContext(ctx).Raw(`SELECT email FROM users WHERE id = ? AND active`, clinicianID).Scan(&email)
	s.notifier.Notify(ctx, notify.NewFromClient, clinicianID, email)
}

// notifyClinicianUrgent tells a clinician, discreetly, that a submission
// raised an urgent flag: no client name and no content, only that
// something needs their attention soon.
func (s *Service) notifyClinicianUrgent(ctx context.Context, clinicianID int64) {
	if s.notifier == nil {
		return
	}
	var email string
	s.db.WithContext(ctx).Raw(`SELECT email FROM users WHERE id = ? AND active`, clinicianID).Scan(&email)
	s.notifier.Notify(ctx, notify.Urgent, clinicianID, email)
}
