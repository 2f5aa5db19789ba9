package testkit

import (
	"context"
	"crypto/rand"

	"github.com/tend-practice/tend/internal/account"
	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/client"
	"github.com/tend-practice/tend/internal/worksheet"
)

// User creates an active account with Password; its display name is email.
func (k *Kit) User(role auth.Role, email string) account.User {
	k.T.Helper()
	return k.UserNamed(role, email, email)
}

// UserNamed is User with a display name of its own.
func (k *Kit) UserNamed(role auth.Role, email, name string) account.User {
	k.T.Helper()
	u, err := k.App.Accounts.Create(context.Background(), auth.Actor{},
		account.NewUser{Email: email, DisplayName: name, Role: role, Password: Password})
	if err != nil {
		k.T.Fatalf("create %s %s: %v", role, email, err)
	}
	return u
}

// Actor is the signed-in actor for u.
func Actor(u account.User) auth.Actor {
	return auth.Actor{UserID: u.ID, Role: u.Role}
}

// Admin creates an administrator and returns its actor.
func (k *Kit) Admin(email string) auth.Actor {
	k.T.Helper()
	return Actor(k.User(auth.RoleAdmin, email))
}

// Clinician creates a clinician and returns its actor.
func (k *Kit) Clinician(email string) auth.Actor {
	k.T.Helper()
	return Actor(k.User(auth.RoleClinician, email))
}

// Client adds a client called name to clin's roster (no account yet) and
// returns it with its invite token.
func (k *Kit) Client(clin auth.Actor, name, email string) (client.Client, string) {
	k.T.Helper()
	c, token, err := k.App.Clients.Create(context.Background(), clin, client.NewClient{DisplayName: name, Email: email})
	if err != nil {
		k.T.Fatalf("create client %s: %v", name, err)
	}
	return c, token
}

// ClientWithAccount adds a client to clin's roster and accepts the invite
// with Password, returning the client's actor.
func (k *Kit) ClientWithAccount(clin auth.Actor, name, email string) auth.Actor {
	k.T.Helper()
	c, token := k.Client(clin, name, email)
	uid, err := k.App.Clients.AcceptInvite(context.Background(), token, "", Password)
	if err != nil {
		k.T.Fatalf("accept invite for %s: %v", name, err)
	}
	return auth.Actor{UserID: uid, Role: auth.RoleClient, ClientID: c.ID}
}

// Assign gives cl one built-in module or worksheet (kind "module" or
// "worksheet") from clin and returns the assignment's id.
func (k *Kit) Assign(clin, cl auth.Actor, kind, slug string) int64 {
	k.T.Helper()
	return k.AssignNew(clin, cl, assignment.New{Kind: kind, Slug: slug})
}

// AssignNew is Assign with every field of the new assignment given.
func (k *Kit) AssignNew(clin, cl auth.Actor, n assignment.New) int64 {
	k.T.Helper()
	ids, err := k.App.Assignments.Assign(context.Background(), clin, cl.ClientID, []assignment.New{n})
	if err != nil {
		k.T.Fatalf("assign %s %s: %v", n.Kind, n.Slug, err)
	}
	return ids[0]
}

// Submit hands in answers for the client's worksheet assignment id, as a
// first submission (no draft saved before), and returns the new version.
func (k *Kit) Submit(cl auth.Actor, id int64, answers worksheet.Answers) int {
	k.T.Helper()
	v, err := k.App.Assignments.Submit(context.Background(), cl, id, answers, 0, rand.Text())
	if err != nil {
		k.T.Fatalf("submit assignment %d: %v", id, err)
	}
	return v
}

// Practice is the small practice many tests start from: two clinicians,
// each with one client who has an account.
type Practice struct {
	*Kit
	Clin1, Clin2     auth.Actor
	Client1, Client2 auth.Actor // Client1 belongs to Clin1, Client2 to Clin2
}

// NewPractice builds a Kit with clin1@example.test (client Robin,
// client1@example.test) and clin2@example.test (client Sky,
// client2@example.test).
func NewPractice(k *Kit) *Practice {
	k.T.Helper()
	p := &Practice{Kit: k}
	p.Clin1 = k.Clinician("clin1@example.test")
	p.Clin2 = k.Clinician("clin2@example.test")
	p.Client1 = k.ClientWithAccount(p.Clin1, "Robin", "client1@example.test")
	p.Client2 = k.ClientWithAccount(p.Clin2, "Sky", "client2@example.test")
	return p
}
