package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tend-practice/tend/internal/client"
	"github.com/tend-practice/tend/internal/notify"
)

func (p *practice) setLocale(t *testing.T, userID int64, lang string) {
	t.Helper()
	p.exec(t, `UPDATE users SET locale = ? WHERE id = ?`, lang, userID)
}

func sentTo(msgs []notify.Message, to string) []notify.Message {
	var out []notify.Message
	for _, m := range msgs {
		if m.To == to {
			out = append(out, m)
		}
	}
	return out
}

// waitFor polls the mailbox for mail sent in the background.
func (p *practice) waitFor(t *testing.T, to string, n int) []notify.Message {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if got := sentTo(p.box.all(), to); len(got) >= n || time.Now().After(deadline) {
			return got
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Issue 22: a Spanish client's reminder comes in Spanish, with the same
// shape (a sign-in link, the way to turn it off) and no content.
func TestReminders_InTheClientsLanguage(t *testing.T) {
	p := newPractice(t, monday)
	p.remindersOn(t)
	p.setLocale(t, p.client.UserID, "es")
	p.assignDue(t, "2026-12-09")
	base := len(p.box.queued())
	got := p.mailsAt(t, day(monday, 1, 18, 0))
	if len(got) != base+1 {
		t.Fatalf("%d reminders, want 1", len(got)-base)
	}
	m := got[base]
	want := "Hola:\n\nTienes algo pendiente en Tend de tu terapeuta de Test Practice.\nInicia sesión para verlo: http://127.0.0.1/login\n\n" +
		"Puedes desactivar estos recordatorios después de iniciar sesión.\nEste mensaje se ha enviado automáticamente; no respondas a él.\n"
	if m.To != p.email || m.Subject != "Tienes algo pendiente en Tend" || m.Text != want {
		t.Fatalf("Spanish reminder = %+v", m)
	}
}

// A Greek clinician's digest: the counts in Greek plurals; a clinician with
// no language of their own gets the practice's (Spanish here).
func TestDigest_InTheCliniciansLanguage_ElseThePractices(t *testing.T) {
	p := newPractice(t, monday)
	p.exec(t, `UPDATE users SET digest_opt_in = TRUE WHERE id = ?`, p.clin.UserID)
	p.setLocale(t, p.clin.UserID, "el")
	for i, at := range []time.Time{day(monday, 0, 12, 0), day(monday, 0, 20, 0), day(monday, 1, 7, 0)} {
		id := p.assignDue(t, "")
		p.exec(t, `UPDATE assignments SET status = 'submitted', submitted_at = ? WHERE id = ?`, at, id)
		if i == 0 {
			p.exec(t, `INSERT INTO flags (assignment_id, severity, reason) VALUES (?, 'urgent', 'test')`, id)
		}
	}
	base := len(p.box.queued())
	got := p.mailsAt(t, day(monday, 1, 8, 30))
	if len(got) != base+1 {
		t.Fatalf("%d digests, want 1", len(got)-base)
	}
	if m := got[base]; m.Subject != "Η σύνοψή σας από το Tend: 3 νέες σκέψεις, 1 επείγουσα" ||
		!strings.HasPrefix(m.Text, "Γεια σας,\n\nΑπό χθες στο Test Practice: 3 νέες σκέψεις, 1 επείγουσα.\n") || strings.Contains(m.Text, "Alex") {
		t.Fatalf("Greek digest = %+v", m)
	}

	// The next day, without a language of their own: the practice's Spanish.
	p.setLocale(t, p.clin.UserID, "")
	p.exec(t, `UPDATE practice_settings SET locale = 'es' WHERE id = 1`)
	id := p.assignDue(t, "")
	p.exec(t, `UPDATE assignments SET status = 'submitted', submitted_at = ? WHERE id = ?`, day(monday, 2, 7, 0), id)
	got = p.mailsAt(t, day(monday, 2, 8, 30))
	if len(got) != base+2 || got[base+1].Subject != "Tu resumen de Tend: 1 reflexión nueva" {
		t.Fatalf("practice's language digest: %+v", got[base+1:])
	}
}

// Account and invitation emails: a reset in the account's language, an
// invitation (no account yet) in the practice's.
func TestAccountMails_InTheRecipientsLanguage(t *testing.T) {
	p := newPractice(t, monday)
	ctx := context.Background()
	p.setLocale(t, p.client.UserID, "el")
	if err := p.a.Accounts.RequestReset(ctx, p.email); err != nil {
		t.Fatal(err)
	}
	p.a.Accounts.WaitMail()
	var reset *notify.Message
	for _, m := range p.waitFor(t, p.email, 1) {
		if m.Subject == "Σύνδεσμος για νέο κωδικό στο Tend" {
			reset = &m
		}
	}
	if reset == nil || !strings.Contains(reset.Text, "http://127.0.0.1/reset/") || !strings.HasSuffix(reset.Text, "Αυτό το μήνυμα στάλθηκε αυτόματα· οι απαντήσεις σε αυτή τη διεύθυνση δεν διαβάζονται.\n") {
		t.Fatalf("Greek reset: %+v", sentTo(p.box.all(), p.email))
	}

	p.exec(t, `UPDATE practice_settings SET locale = 'es' WHERE id = 1`)
	c, _, err := p.a.Clients.Create(ctx, p.clin, client.NewClient{DisplayName: "Jo", Email: "jo@example.test"})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.a.Clients.SendInvite(ctx, p.clin, c.ID, "http://127.0.0.1"); err != nil {
		t.Fatal(err)
	}
	p.a.Accounts.WaitMail()
	got := p.waitFor(t, "jo@example.test", 1)
	if len(got) != 1 || got[0].Subject != "Tu invitación" ||
		!strings.HasPrefix(got[0].Text, "Hola:\n\nLa persona profesional con quien trabajas te ha invitado a crear una cuenta.") || !strings.Contains(got[0].Text, "http://127.0.0.1/invite/") {
		t.Fatalf("Spanish invitation: %+v", got)
	}
}
