package account_test

import (
	"errors"
	"testing"

	"github.com/tend-practice/tend/internal/account"
	"github.com/tend-practice/tend/internal/auth"
)

// An admin creates clinicians and admins; a client account, or a role that
// does not exist, is refused on the form's role field.
func TestCheckCreatableRole_StaffOnly(t *testing.T) {
	t.Parallel()
	for _, r := range []auth.Role{auth.RoleClinician, auth.RoleAdmin} {
		if err := account.CheckCreatableRole(r); err != nil {
			t.Errorf("%s refused: %v", r, err)
		}
	}
	for _, r := range []auth.Role{auth.RoleClient, "", "superuser"} {
		err := account.CheckCreatableRole(r)
		var ve *account.ValidationError
		if !errors.As(err, &ve) || ve.Fields["role"] == "" {
			t.Errorf("%q: %v, want a ValidationError on role", r, err)
		}
	}
}
