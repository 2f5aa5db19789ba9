// Package demo seeds the demo practice described in DESIGN.md. It runs only
// when asked (TEND_DEMO=true or 'tend seed demo'), never in production.
package demo

import (
	"context"
	"errors"
	"fmt"

	"github.com/tend-practice/tend/internal/account"
	"github.com/tend-practice/tend/internal/app"
	"github.com/tend-practice/tend/internal/auth"
)

// Password is every demo account's password.
const Password = "demo-password"

// Account is one demo sign-in.
type Account struct {
	Email string
	Role  auth.Role
	Name  string
}

// Accounts lists the demo sign-ins, printed at start-up.
var Accounts = []Account{
	{"admin@demo.test", auth.RoleAdmin, "Ada Admin"},
	{"clinician@demo.test", auth.RoleClinician, "Dr. Sam Rivera"},
	{"clinician2@demo.test", auth.RoleClinician, "Dr. Noor Haddad"},
	{"client@demo.test", auth.RoleClient, "Alex"},
	{"client2@demo.test", auth.RoleClient, "Jordan"},
	{"client3@demo.test", auth.RoleClient, "Riley"},
}

// Seed creates the demo practice unless it exists. It reports whether it
// created anything.
func Seed(ctx context.Context, a *app.App) (bool, error) {
	users := map[string]account.User{}
	created := false
	for _, acc := range Accounts {
		u, err := a.Accounts.Create(ctx, auth.Actor{}, account.NewUser{Email: acc.Email, DisplayName: acc.Name, Role: acc.Role, Password: Password})
		if errors.Is(err, account.ErrEmailTaken) {
			return false, nil // already seeded
		}
		if err != nil {
			return false, fmt.Errorf("demo account %s: %w", acc.Email, err)
		}
		users[acc.Email] = u
		created = true
	}
	return created, nil
}
