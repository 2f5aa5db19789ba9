package auth

import (
	"context"
	"time"
)

// Role is one of the three kinds of account.
type Role string

const (
	RoleAdmin     Role = "admin"
	RoleClinician Role = "clinician"
	RoleClient    Role = "client"
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r == RoleAdmin || r == RoleClinician || r == RoleClient }

// Actor is who is acting: every service method that touches private data
// takes one, and every store query filters by it.
type Actor struct {
	UserID      int64
	Role        Role
	Email       string
	DisplayName string
	ClientID    int64 // for a client account: its clients row
	// MustChangePassword is set after an administrator's reset: the account
	// may do nothing but choose a new password.
	MustChangePassword bool
	// EmergencyAccess marks an administrator reading through a break-glass
	// grant (internal/breakglass): stores then admit, for reading only, the
	// records of clients with an open grant. Set only by breakglass.Reader.
	EmergencyAccess bool
	// Language and Zone are the person's page language and time zone (their
	// own, else the practice's), read with the account so a page does not
	// ask again. Empty or nil when the actor was built without them.
	Language string
	Zone     *time.Location
}

// Anonymous reports whether nobody is signed in.
func (a Actor) Anonymous() bool { return a.UserID == 0 }

type actorKey struct{}

// WithActor stores the actor in ctx.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor in ctx, or the anonymous actor.
func ActorFrom(ctx context.Context) Actor {
	a, _ := ctx.Value(actorKey{}).(Actor)
	return a
}
