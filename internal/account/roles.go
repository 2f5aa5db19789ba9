package account

import (
	"slices"

	"github.com/tend-practice/tend/internal/auth"
)

// CreatableRoles are the roles an admin gives a new account directly.
// Clients are never created this way: they join through their clinician's
// invite (client.Service), which ties the account to its client record.
func CreatableRoles() []auth.Role { return []auth.Role{auth.RoleClinician, auth.RoleAdmin} }

// CheckCreatableRole refuses a role an admin may not create an account
// with, as a ValidationError on the form's "role" field.
func CheckCreatableRole(role auth.Role) error {
	if slices.Contains(CreatableRoles(), role) {
		return nil
	}
	return &ValidationError{Fields: map[string]string{
		"role": "Choose clinician or admin. Clients join through their clinician's invite."}}
}
